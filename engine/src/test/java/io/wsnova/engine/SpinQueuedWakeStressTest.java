package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.TestServer;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A busy-spinning {@code SPIN} reader feeding a {@code QUEUED} handler that parks for a minute whenever its queue is
 * empty ({@code PARK(60 s)}): bursts of messages with random pauses between them make the handler park and be woken
 * again and again, while the reader's cooperative idle strategy yields to it. A wake-up lost anywhere between the
 * reader's publish, its yield and the handler's park would leave a message waiting out the minute, and the bounded
 * await fails; every message must arrive, in order.
 */
@Timeout(120)
class SpinQueuedWakeStressTest
{
    private static final int BURSTS = 400;
    private static final int MAX_BURST = 6;
    private static final long MAX_PAUSE_NS = 300_000;
    private static final long WAIT_MS = 20_000;

    @Test
    void shouldDeliverEveryMessageWithoutWaitingOutAPark() throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("SpinQueuedWakeStressTest seed " + seed + " (replay with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom plan = new SplittableRandom(seed);
        final int[] burstSizes = new int[BURSTS];
        final long[] pausesNs = new long[BURSTS];
        int total = 0;
        for (int i = 0; i < BURSTS; i++)
        {
            burstSizes[i] = 1 + plan.nextInt(MAX_BURST);
            pausesNs[i] = plan.nextLong(0, MAX_PAUSE_NS);
            total += burstSizes[i];
        }
        final int expected = total;
        final SequenceHandler handler = new SequenceHandler();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade();
            int sequence = 0;
            for (int burst = 0; burst < BURSTS; burst++)
            {
                for (int i = 0; i < burstSizes[burst]; i++)
                {
                    connection.writeFrame(TEXT, utf8(Integer.toString(sequence++)));
                }
                LockSupport.parkNanos(pausesNs[burst]);
            }
            connection.silence(WAIT_MS);
        }))
        {
            final NovaOptions options = NovaOptions.builder().ioMode(IoMode.SPIN)
                .readerIdleStrategy(IdleStrategySpec.BUSY_SPIN).pipelineMode(PipelineMode.QUEUED)
                .handlerIdleStrategy(IdleStrategySpec.park(TimeUnit.SECONDS.toNanos(60))).keepalive(0, 0).build();
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/stream"), options, handler);
            try
            {
                // A lost wake-up shows as a stall of a minute: the await bound is a third of that.
                long seen = 0;
                while (seen < expected)
                {
                    final long before = seen;
                    Await.until(() -> handler.count > before || handler.count >= expected, WAIT_MS,
                        "message " + (before + 1) + " of " + expected + " (seed " + seed + ")");
                    seen = handler.count;
                }
                assertThat(handler.outOfOrder).as("messages out of order (seed %d)", seed).isZero();
                assertThat(handler.count).isEqualTo(expected);
            }
            finally
            {
                webSocket.close();
                webSocket.closeFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Checks each message's sequence number; written by the handler thread, read by the test. */
    static final class SequenceHandler implements WebSocketHandler
    {
        volatile long count;
        volatile long outOfOrder;

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            final long sequence = buffer.parseNaturalLongAscii(offset, length);
            if (sequence != count)
            {
                outOfOrder++;
            }
            count++;
        }
    }
}
