package io.wsnova.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyRecorderTest
{
    private static final long WARMUP = 1_000;
    private static final long MEASURED = 100_000;

    @Test
    void shouldReportTheHandlerThreadsCpuTimeOverTheWindowWithoutAllocatingPerMessage() throws Exception
    {
        final LatencyRecorder recorder = new LatencyRecorder(WARMUP, MEASURED, true);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final AtomicReference<long[]> allocated = new AtomicReference<>();
        final Thread handler = new Thread(() ->
        {
            final LatencyRecorder first = new LatencyRecorder(WARMUP, MEASURED, true);
            for (long i = 0; i < WARMUP + MEASURED; i++)
            {
                first.record(System.nanoTime(), System.nanoTime(), System.nanoTime()); // loads every class on the way
            }
            for (long i = 0; i < WARMUP; i++)
            {
                recorder.record(System.nanoTime(), System.nanoTime(), System.nanoTime());
            }
            final long startBytes = threads.getCurrentThreadAllocatedBytes();
            final long spinUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            for (long i = 0; i < MEASURED; i++)
            {
                recorder.record(System.nanoTime(), System.nanoTime(), System.nanoTime());
                if (i == 0)
                {
                    while (System.nanoTime() - spinUntilNs < 0)
                    {
                        Thread.onSpinWait(); // some CPU time inside the window
                    }
                }
            }
            allocated.set(new long[]{threads.getCurrentThreadAllocatedBytes() - startBytes});
        }, "test-handler");
        handler.start();
        handler.join(TimeUnit.SECONDS.toMillis(60));
        recorder.close();

        assertThat(recorder.count()).isEqualTo(WARMUP + MEASURED);
        if (recorder.handlerThread() == null)
        {
            return; // the kernel does not expose /proc/thread-self/schedstat: nothing more to check
        }
        assertThat(recorder.handlerThread()).isEqualTo("test-handler");
        assertThat(recorder.handlerCpuNs()).as("the spin is on the handler's CPU time")
            .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(recorder.handlerWaitNs()).isGreaterThanOrEqualTo(0);
        assertThat(allocated.get()[0]).as("bytes allocated by the handler over the window: the two schedstat " +
            "reads allocate nothing, the JVM may allocate a few hundred bytes once (not per message)")
            .isLessThan(1024);
    }
}
