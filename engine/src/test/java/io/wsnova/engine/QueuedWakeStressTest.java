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
 * Lost wake-ups between a reader and its {@code QUEUED} handler, which parks for a minute whenever its queue is empty
 * ({@code PARK(60 s)}): the server sends bursts of numbered messages with random pauses between them, so the handler
 * parks and is woken again and again. A wake-up lost on either side would leave a message waiting out the minute (or
 * the reader waiting for ever), and the bounded await fails; every message must arrive, in order. The seed is
 * printed; {@code -Dwsnova.seed=N} replays a run.
 */
@Timeout(120)
class QueuedWakeStressTest
{
    private static final int BURSTS = 400;
    private static final int MAX_BURST = 6;
    private static final long WAIT_MS = 20_000;

    /**
     * A busy-spinning {@code SPIN} reader whose cooperative idle strategy yields to the handler: a wake-up lost
     * between the reader's publish, its yield and the handler's park shows as a stall.
     */
    @Test
    void shouldDeliverEveryMessageWithoutWaitingOutAParkBehindASpinReader() throws Exception
    {
        final NovaOptions options = NovaOptions.builder().ioMode(IoMode.SPIN)
            .readerIdleStrategy(IdleStrategySpec.BUSY_SPIN).pipelineMode(PipelineMode.QUEUED)
            .handlerIdleStrategy(IdleStrategySpec.park(TimeUnit.SECONDS.toNanos(60))).keepalive(0, 0).build();
        run("SPIN", options, 300_000, 0);
    }

    /**
     * A spinning {@code VIRTUAL} reader and a handler that works a random 0-20 µs per message: pauses within the spin
     * budget make the reader find its messages still queued and wait for the handler (an untimed park that only the
     * handler ends), and the handler park and be woken.
     */
    @Test
    void shouldDeliverEveryMessageWhileAVirtualReaderWaitsForTheHandler() throws Exception
    {
        final NovaOptions options = NovaOptions.builder().ioMode(IoMode.VIRTUAL)
            .virtualSpinNs(TimeUnit.MILLISECONDS.toNanos(1)).pipelineMode(PipelineMode.QUEUED)
            .handlerIdleStrategy(IdleStrategySpec.park(TimeUnit.SECONDS.toNanos(60))).keepalive(0, 0).build();
        run("VIRTUAL", options, 150_000, 20_000);
    }

    private static void run(
        final String mode, final NovaOptions options, final long maxPauseNs, final long maxHandlerWorkNs)
        throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("QueuedWakeStressTest " + mode + " seed " + seed + " (replay with -Dwsnova.seed=" + seed +
            ")");
        final SplittableRandom plan = new SplittableRandom(seed);
        final int[] burstSizes = new int[BURSTS];
        final long[] pausesNs = new long[BURSTS];
        int total = 0;
        for (int i = 0; i < BURSTS; i++)
        {
            burstSizes[i] = 1 + plan.nextInt(MAX_BURST);
            pausesNs[i] = plan.nextLong(0, maxPauseNs);
            total += burstSizes[i];
        }
        final int expected = total;
        final WorkingHandler handler = new WorkingHandler(plan.split(), maxHandlerWorkNs);
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
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/stream"), options, handler);
            try
            {
                // A lost wake-up shows as a stall of a minute or for ever: the await bound is a third of a minute.
                long seen = 0;
                while (seen < expected)
                {
                    final long before = seen;
                    Await.until(() -> handler.count > before || handler.count >= expected, WAIT_MS,
                        mode + ": message " + (before + 1) + " of " + expected + " (seed " + seed + ")");
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

    /** Checks each message's sequence number after a random busy time; handler thread, read by the test. */
    static final class WorkingHandler implements WebSocketHandler
    {
        private final SplittableRandom random;
        private final long maxWorkNs;
        volatile long count;
        volatile long outOfOrder;

        WorkingHandler(final SplittableRandom random, final long maxWorkNs)
        {
            this.random = random;
            this.maxWorkNs = maxWorkNs;
        }

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            if (maxWorkNs > 0)
            {
                final long untilNs = System.nanoTime() + random.nextLong(maxWorkNs + 1);
                while (System.nanoTime() - untilNs < 0)
                {
                    Thread.onSpinWait();
                }
            }
            final long sequence = buffer.parseNaturalLongAscii(offset, length);
            if (sequence != count)
            {
                outOfOrder++;
            }
            count++;
        }
    }
}
