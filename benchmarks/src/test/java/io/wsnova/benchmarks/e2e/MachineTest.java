package io.wsnova.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MachineTest
{
    @Test
    void shouldPickTheThreadWithTheMostCpuTimeBetweenTwoSnapshotsWithItsWait()
    {
        final Map<String, long[]> start = Map.of("10", new long[]{1_000, 50}, "11", new long[]{5_000, 0});
        final Map<String, long[]> end = Map.of("10", new long[]{9_000, 450}, "11", new long[]{6_000, 10},
            "12", new long[]{3_000, 7});

        final long[] busiest = Machine.busiestThread(start, end);

        assertThat(busiest).containsExactly(10, 8_000, 400);
        assertThat(Machine.busiestThread(Map.of(), Map.of())).isNull();
    }

    @Test
    void shouldFindTheSpinningThreadOfThisJvmByItsKernelName() throws Exception
    {
        final Map<String, long[]> start = Machine.processSchedStats();
        if (start.isEmpty())
        {
            return; // no /proc schedstat on this kernel: nothing to measure
        }
        final Thread second = new Thread(() ->
        {
            final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() - endNs < 0)
            {
                Thread.onSpinWait();
            }
            final long[] busiest = Machine.busiestThread(start, Machine.processSchedStats());
            assertThat(busiest).isNotNull();
            assertThat(Machine.threadName(busiest[0])).isEqualTo("busy-spinner");
            assertThat(busiest[1]).as("on a CPU").isGreaterThan(0);
        }, "busy-spinner");
        final Throwable[] failure = new Throwable[1];
        second.setUncaughtExceptionHandler((thread, error) -> failure[0] = error);
        second.start();
        second.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(failure[0]).isNull();
    }
}
