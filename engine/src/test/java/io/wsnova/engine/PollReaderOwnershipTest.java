package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.TestConnection;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.wsnova.testkit.Frames.CLOSE;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.closePayload;
import static io.wsnova.testkit.Frames.frame;
import static io.wsnova.testkit.Frames.switchingProtocols;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POLL} mode: the reader has one owner. A connection is visible to the application from {@code onOpen}
 * (as a reconnecting client publishes it), and the application's poll loop drives whatever connection is current.
 * The server sends a burst in the same TCP write as the 101, so the reader has frames to decode before connect
 * returns; if the connecting thread decoded them (as it did), it raced the poll loop over the same buffer and
 * decoder. Every message must reach the handler on the poll thread, never two at once, each exactly once, in order.
 */
@Timeout(120)
class PollReaderOwnershipTest
{
    private static final int CONNECTIONS = 40;
    private static final int MESSAGES_WITH_101 = 300;
    private static final int MESSAGES_AFTER = 300;

    @Test
    void shouldRunThePollReaderOnlyOnThePollThreadAcrossReconnects() throws Exception
    {
        final OwnershipHandler handler = new OwnershipHandler();
        try (TestServer server = new TestServer(PollReaderOwnershipTest::serve))
        {
            final Thread poller = new Thread(() -> pollLoop(handler), "test-poll-loop");
            handler.pollThread = poller;
            poller.setDaemon(true);
            poller.start();
            try
            {
                final NovaOptions options = HostileSupport.options(IoMode.POLL).build();
                for (int i = 0; i < CONNECTIONS; i++)
                {
                    handler.nextSequence = 0;
                    final WebSocket webSocket = WebSocketClient.connect(server.url("/"), options, handler)
                        .get(WAIT_MS, TimeUnit.MILLISECONDS);
                    final CloseStatus status = webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
                    assertThat(status.reason()).as("connection %d: %s", i, status)
                        .isEqualTo(DisconnectReason.REMOTE_CLOSE);
                    assertThat(handler.violations).as("connection %d", i).isEmpty();
                    assertThat(handler.nextSequence).as("messages delivered on connection %d", i)
                        .isEqualTo(MESSAGES_WITH_101 + MESSAGES_AFTER);
                }
            }
            finally
            {
                handler.stop = true;
                poller.join(WAIT_MS);
            }
        }
    }

    private static void serve(final TestConnection connection) throws Exception
    {
        final String request = connection.readRequest();
        final ByteArrayOutputStream burst = new ByteArrayOutputStream();
        burst.writeBytes(switchingProtocols(request));
        for (int i = 0; i < MESSAGES_WITH_101; i++)
        {
            burst.writeBytes(frame(TEXT, utf8(Integer.toString(i))));
        }
        connection.write(burst.toByteArray());
        final ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (int i = MESSAGES_WITH_101; i < MESSAGES_WITH_101 + MESSAGES_AFTER; i++)
        {
            rest.writeBytes(frame(TEXT, utf8(Integer.toString(i))));
        }
        rest.writeBytes(frame(CLOSE, closePayload(1000, new byte[0])));
        connection.write(rest.toByteArray());
        connection.readFrame();
        connection.socket().close();
    }

    private static void pollLoop(final OwnershipHandler handler)
    {
        while (!handler.stop)
        {
            final WebSocket webSocket = handler.current;
            try
            {
                if (webSocket == null || webSocket.pollAgent().doWork() == 0)
                {
                    Thread.onSpinWait();
                }
            }
            catch (final Exception ex)
            {
                handler.violations.add("doWork threw " + ex);
            }
        }
    }

    private static final class OwnershipHandler implements WebSocketHandler
    {
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicInteger inside = new AtomicInteger();
        volatile Thread pollThread;
        volatile WebSocket current;
        volatile boolean stop;
        /** Written by whichever thread delivers (the poll thread when the reader has one owner). */
        volatile int nextSequence;

        @Override
        public void onOpen(final WebSocket webSocket)
        {
            current = webSocket;
        }

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            if (inside.incrementAndGet() != 1)
            {
                violations.add("two threads delivering at once");
            }
            try
            {
                if (Thread.currentThread() != pollThread)
                {
                    violations.add("delivered on " + Thread.currentThread().getName());
                }
                final String text = buffer.getStringWithoutLengthUtf8(offset, length);
                final int expected = nextSequence;
                if (!Integer.toString(expected).equals(text))
                {
                    violations.add("expected " + expected + ", got " + text);
                }
                nextSequence = expected + 1;
            }
            finally
            {
                inside.decrementAndGet();
            }
        }
    }
}
