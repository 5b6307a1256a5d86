package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.TestServer;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code VIRTUAL} reader that waits for its {@code QUEUED} handler (it found messages still queued while it spun)
 * must still end when the connection fails, even though the handler is stuck: the handler here blocks
 * (interruptibly) on one message, the reader has queued the next ones behind it, and the application closes the
 * connection to a server that never answers the close. The close timeout fails the connection and closes the socket;
 * the reader must see that (it is woken from its wait), end, and let the handler thread be interrupted and stopped.
 * Failed before the session woke a waiting reader on failure: the reader waited for a drain that never came and the
 * close never completed.
 */
@Timeout(60)
class VirtualQueuedStuckHandlerTest
{
    private static final int LEAD_MESSAGES = 400;
    private static final int TRAILING_MESSAGES = 5;
    private static final long GAP_NS = 20_000;
    private static final long WAIT_MS = 20_000;
    /**
     * A spin budget far above the gaps even on a loaded machine (a sender's 20 µs pause can last a scheduler slice),
     * so that the reader spins, and waits for the handler, rather than parking in the read.
     */
    private static final long SPIN_NS = TimeUnit.MILLISECONDS.toNanos(10);

    @Test
    void shouldEndTheReaderWhenTheConnectionFailsBehindAStuckHandler() throws Exception
    {
        final StuckHandler handler = new StuckHandler();
        final CountDownLatch sent = new CountDownLatch(1);
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade();
            for (int i = 0; i < LEAD_MESSAGES; i++)
            {
                connection.writeFrame(TEXT, utf8("lead"));
                LockSupport.parkNanos(GAP_NS); // short gaps: the reader's adaptive spin is on
            }
            connection.writeFrame(TEXT, utf8("block"));
            for (int i = 0; i < TRAILING_MESSAGES; i++)
            {
                connection.writeFrame(TEXT, utf8("trailing"));
            }
            sent.countDown();
            connection.silence(WAIT_MS); // never answers the close
        }))
        {
            final NovaOptions options = NovaOptions.builder().ioMode(IoMode.VIRTUAL)
                .virtualSpinNs(SPIN_NS).pipelineMode(PipelineMode.QUEUED)
                .closeTimeoutMs(200).keepalive(0, 0).build();
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/stream"), options, handler);
            try
            {
                assertThat(sent.await(WAIT_MS, TimeUnit.MILLISECONDS)).as("the server sent everything").isTrue();
                Await.until(() -> handler.blocked, WAIT_MS, "the handler to block");

                webSocket.close();

                assertThat(webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
                Await.until(() -> handler.interrupted, WAIT_MS, "the stuck handler to be interrupted");
                assertThat(handler.count).isEqualTo(LEAD_MESSAGES);
            }
            finally
            {
                handler.release.countDown();
            }
        }
    }

    /** Blocks on the message "block" until released or interrupted; handler thread, read by the test. */
    static final class StuckHandler implements WebSocketHandler
    {
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blocked;
        volatile boolean interrupted;
        volatile long count;

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            if (length == 5 && buffer.getByte(offset) == 'b')
            {
                blocked = true;
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
                return;
            }
            if (!blocked)
            {
                count++;
            }
        }
    }
}
