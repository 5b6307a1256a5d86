package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.Await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hundred drop-and-reconnect cycles leave no platform threads and no heap behind: every cycle's socket, reader,
 * timers and restore work is released.
 */
@Timeout(120)
class ReconnectCyclesTest
{
    private static final long WAIT_MS = 10_000;

    private static final int CYCLES = 100;
    private static final int WARM_UP_CYCLES = 10;
    private static final List<String> CHANNELS = List.of("ch.x", "ch.y", "ch.z");

    @Test
    void shouldNotGrowThreadsOrHeapOverAHundredReconnectCycles() throws Exception
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = Nova.connectBlocking(new SequenceTracker().adapter("ch."), NovaOptions.builder()
                .url(server.url()).connectionHandler(EventLog.registrar(log))
                .set(Option.RECONNECT_BASE_DELAY_MS, 1L)
                .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
                .set(Option.RECONNECT_RESET_AFTER_MS, 0L)
                .build()))
        {
            for (final String channel : CHANNELS)
            {
                connection.subscribe(channel, null).get(10, TimeUnit.SECONDS);
            }
            cycles(server, log, 0, WARM_UP_CYCLES, connection);
            final int threadsBefore = settledThreads(threads, Integer.MAX_VALUE);
            final long heapBefore = usedHeapAfterGc(memory);

            cycles(server, log, WARM_UP_CYCLES, WARM_UP_CYCLES + CYCLES, connection);
            final int threadsAfter = settledThreads(threads, threadsBefore);
            final long heapAfter = usedHeapAfterGc(memory);

            System.out.printf("reconnect cycles: threads %d -> %d, heap after GC %d KiB -> %d KiB%n",
                threadsBefore, threadsAfter, heapBefore / 1024, heapAfter / 1024);
            assertThat(threadsAfter).as("platform threads").isLessThanOrEqualTo(threadsBefore);
            assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(4L * 1024 * 1024);
            assertThat(server.subscribeRequests()).isEqualTo(CHANNELS.size() * (1 + WARM_UP_CYCLES + CYCLES));
            for (final String channel : CHANNELS)
            {
                assertThat(connection.subscription(channel).state()).isEqualTo(Subscription.State.CONFIRMED);
            }
        }
    }

    private static void cycles(final FaultServer server, final EventLog log, final int from, final int to,
        final Connection connection) throws InterruptedException
    {
        for (int cycle = from + 1; cycle <= to; cycle++)
        {
            if ((cycle & 1) == 0)
            {
                server.closeAll(1012);
            }
            else
            {
                server.dropAll();
            }
            final int expected = cycle;
            Await.until(() -> log.texts().stream().filter("reconnected"::equals).count() == expected, WAIT_MS,
                "reconnect " + expected);
        }
        Await.until(() -> connection.activeSubscriptions().size() == CHANNELS.size(), WAIT_MS, "restored");
    }

    /** The platform thread count once it stops falling (server threads of closed connections end asynchronously). */
    private static int settledThreads(final ThreadMXBean threads, final int target) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int count = threads.getThreadCount();
        while (count > target && System.nanoTime() - deadlineNs < 0)
        {
            TimeUnit.MILLISECONDS.sleep(20);
            count = threads.getThreadCount();
        }
        if (target == Integer.MAX_VALUE)
        {
            TimeUnit.MILLISECONDS.sleep(200);
            count = threads.getThreadCount();
        }
        return count;
    }

    private static long usedHeapAfterGc(final MemoryMXBean memory) throws InterruptedException
    {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
