package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.wsnova.testkit.Frames.PING;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader never waits on the send lock. An application thread holds the lock in a write the peer does not
 * read (for up to the 30 s send timeout); meanwhile the server pings and sends a request that the handler answers
 * from the reader thread (as Deribit's {@code test_request} is answered). Market data after them must still
 * arrive at once, and once the peer reads again, the pong and the answer follow the blocked writes, in order.
 */
@Timeout(90)
class ReaderSendLockTest
{
    private static final int LARGE = 64 * 1024;
    private static final int MAX_LARGE_SENDS = 400;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldKeepReadingWhileAWriterHoldsTheSendLock(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Boolean> go = new CompletableFuture<>();
        final CompletableFuture<Boolean> drain = new CompletableFuture<>();
        final CompletableFuture<List<String>> afterDrain = new CompletableFuture<>();
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final WebSocketHandler handler = new WebSocketHandler()
        {
            @Override
            public void onMessage(final WebSocket webSocket, final int type, final DirectBuffer buffer,
                final int offset, final int length)
            {
                final String text = buffer.getStringWithoutLengthUtf8(offset, length);
                received.add(text);
                if ("request".equals(text))
                {
                    received.add("answer result " + webSocket.sendText("answer"));
                }
            }
        };
        try (TestServer server = HostileSupport.server(afterDrain, connection ->
        {
            connection.acceptUpgrade();
            go.get(WAIT_MS * 4, TimeUnit.MILLISECONDS);
            connection.writeFrame(PING, utf8("p1"));
            connection.writeFrame(TEXT, utf8("request"));
            connection.writeFrame(TEXT, utf8("market data"));
            drain.get(WAIT_MS * 4, TimeUnit.MILLISECONDS);
            final List<String> controlAndText = new ArrayList<>();
            while (controlAndText.size() < 2)
            {
                final Frame frame = connection.readFrame();
                if (frame.opcode() == 0xA)
                {
                    controlAndText.add("pong " + frame.text());
                }
                else if (frame.opcode() == 0x1)
                {
                    controlAndText.add(frame.text());
                }
            }
            return controlAndText;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"), HostileSupport.options(ioMode)
                .sendTimeoutMs(30_000).socketBuffers(0, 16 * 1024).build(), handler))
        {
            final WebSocket webSocket = client.webSocket();
            final AtomicInteger sent = new AtomicInteger();
            final Thread writer = Thread.ofPlatform().daemon().name("test-blocked-writer").start(() ->
            {
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[LARGE]);
                while (sent.get() < MAX_LARGE_SENDS && webSocket.sendBinary(payload, 0, LARGE) > 0)
                {
                    sent.incrementAndGet();
                }
            });
            awaitBlocked(writer, sent);

            go.complete(true);
            assertThat(received.poll(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("request");
            assertThat(received.poll(WAIT_MS, TimeUnit.MILLISECONDS)).as("the answer is deferred, not refused")
                .isEqualTo("answer result 12");
            assertThat(received.poll(WAIT_MS, TimeUnit.MILLISECONDS))
                .as("market data while a writer holds the send lock").isEqualTo("market data");
            assertThat(writer.isAlive()).as("the writer is still blocked").isTrue();
            assertThat(webSocket.state()).isEqualTo(WebSocket.State.OPEN);

            drain.complete(true);
            assertThat(afterDrain.get(WAIT_MS * 4, TimeUnit.MILLISECONDS))
                .as("the deferred pong and answer, after the blocked writes").containsExactly("pong p1", "answer");
            writer.join(WAIT_MS * 4);
            assertThat(sent.get()).isEqualTo(MAX_LARGE_SENDS);
        }
    }

    /** Waits until the writer has made no progress for a while: it is blocked in a write, holding the lock. */
    private static void awaitBlocked(final Thread writer, final AtomicInteger sent) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int last = -1;
        while (System.nanoTime() - deadlineNs < 0)
        {
            final int now = sent.get();
            if (now == last && writer.isAlive())
            {
                return;
            }
            last = now;
            TimeUnit.MILLISECONDS.sleep(300);
        }
        throw new AssertionError("the writer never blocked (sent " + sent.get() + " of " + MAX_LARGE_SENDS + ")");
    }
}
