package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.config.NovaOptions;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code VIRTUAL} reader feeding a {@code QUEUED} handler that is slower than the reader's backlog rule (each
 * message takes the handler {@link #HANDLER_WORK_NS}): whenever the reader finds its last messages still queued it
 * gives up its CPU by waiting for the handler (a plain park of the virtual thread, which the handler's platform thread
 * ends), and then spins on the socket again, so the next message is read without the JDK's poller. Before, the reader
 * parked in the socket read instead, and every such park cost the JDK's poller machinery ~150 B on the carriers (this
 * test measured 77-87 B/message); now the carriers allocate under {@link #BOUND_BYTES_PER_MESSAGE}. Same paced feed
 * as {@link VirtualReaderAllocationTest} (10,000 msg/s); counts bytes, not time.
 */
@Tag("slow")
@Timeout(120)
class VirtualQueuedReaderAllocationTest
{
    private static final long BOUND_BYTES_PER_MESSAGE = VirtualReaderAllocationTest.BOUND_BYTES_PER_MESSAGE;
    /** Longer than the backlog rule's 2 µs on two CPUs, far shorter than the 100 µs gap. */
    private static final long HANDLER_WORK_NS = 20_000;
    private static final long SPIN_NS = 1_000_000;

    @Test
    void shouldWaitForASlowHandlerWithoutParkingInTheRead() throws Exception
    {
        final SlowHandler handler = new SlowHandler();
        try (VirtualReaderAllocationTest.PacedServer server = new VirtualReaderAllocationTest.PacedServer())
        {
            final NovaOptions options = NovaOptions.builder().ioMode(IoMode.VIRTUAL).virtualSpinNs(SPIN_NS)
                .pipelineMode(PipelineMode.QUEUED).keepalive(0, 0).build();
            final WebSocket webSocket = WebSocketClient.connectBlocking(
                "ws://127.0.0.1:" + server.port() + "/feed", options, handler);
            try
            {
                final String windows = VirtualReaderAllocationTest.underTheBoundOnTheCarriers(() -> handler.count);
                System.out.println("VIRTUAL reader, QUEUED handler of " + HANDLER_WORK_NS + " ns, 10,000 msg/s: " +
                    windows);
                assertThat(windows).as("a window under %d B/message on the carriers", BOUND_BYTES_PER_MESSAGE)
                    .startsWith(VirtualReaderAllocationTest.UNDER);
            }
            finally
            {
                webSocket.close();
                webSocket.closeFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Busy for {@link #HANDLER_WORK_NS} per message; handler thread only, the count read by the test. */
    static final class SlowHandler implements WebSocketHandler
    {
        volatile long count;

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            final long untilNs = System.nanoTime() + HANDLER_WORK_NS;
            while (System.nanoTime() - untilNs < 0)
            {
                Thread.onSpinWait();
            }
            count++;
        }
    }
}
