package io.wsnova.benchmarks;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code QUEUED} pipeline's hand-off latency at a given message gap, with the handler thread's idle strategy
 * as the engine's {@code QueuedSink} runs it: one message is published {@code gapUs} after the last was consumed
 * (the gap is a per-invocation setup, outside the timing), and the sample is the time from the publish until the
 * handler thread has taken it. {@code gapUs} 100 is a 10k msg/s feed: the handler has idled long enough to park.
 * <ul>
 *     <li>{@code BACKOFF_1MS}: the default before issue 17, Agrona's BACKOFF(10, 5, 1 us, 1 ms), no wake-up.</li>
 *     <li>{@code HANDLER_BACKOFF}: the new default spec BACKOFF(100, 20, 1 us, 50 us) without the wake-up.</li>
 *     <li>{@code HANDLER_BACKOFF_WAKE}: the new default as the engine runs it: once the strategy has spun and
 *     yielded the handler raises a flag, re-checks the queue and parks; the publisher fences after the offer and
 *     unparks the handler when the flag is up.</li>
 * </ul>
 * A copy of the engine's mechanism (the benchmarks see only public API). The publisher yields while it waits for
 * the handler (the engine's reader blocks in its next read). Needs two CPUs for the two threads; on a loaded machine
 * the scheduler's wake-up latency dominates every variant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class QueuedWakeBenchmark
{
    @Param({"BACKOFF_1MS", "HANDLER_BACKOFF", "HANDLER_BACKOFF_WAKE"})
    String idle;

    @Param({"100"})
    long gapUs;

    private final SpscArrayQueue<Long> queue = new SpscArrayQueue<>(1024);
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicBoolean parking = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Long message = 1L;
    private boolean wake;
    private Thread handler;
    private long gapNs;

    @Setup(Level.Trial)
    public void start()
    {
        gapNs = TimeUnit.MICROSECONDS.toNanos(gapUs);
        final IdleStrategy strategy = switch (idle)
        {
            case "BACKOFF_1MS" -> new BackoffIdleStrategy(10, 5, 1_000, 1_000_000);
            case "HANDLER_BACKOFF", "HANDLER_BACKOFF_WAKE" -> new BackoffIdleStrategy(100, 20, 1_000, 50_000);
            default -> throw new IllegalArgumentException("idle: " + idle);
        };
        wake = "HANDLER_BACKOFF_WAKE".equals(idle);
        final long cyclesBeforePark = wake ? 120 : Long.MAX_VALUE;
        handler = new Thread(() -> runHandler(strategy, cyclesBeforePark), "bench-handler");
        handler.setDaemon(true);
        handler.start();
    }

    private void runHandler(final IdleStrategy strategy, final long cyclesBeforePark)
    {
        long idleCycles = 0;
        while (running.get())
        {
            if (queue.relaxedPoll() != null)
            {
                consumed.lazySet(consumed.get() + 1);
                idleCycles = 0;
                strategy.reset();
            }
            else if (idleCycles < cyclesBeforePark)
            {
                idleCycles++;
                strategy.idle();
            }
            else
            {
                parking.set(true);
                if (queue.isEmpty())
                {
                    strategy.idle();
                }
                parking.lazySet(false);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException
    {
        running.set(false);
        LockSupport.unpark(handler);
        handler.join(5_000);
    }

    /** The gap since the last message, outside the timing. */
    @Setup(Level.Invocation)
    public void gap()
    {
        final long untilNs = System.nanoTime() + gapNs;
        while (System.nanoTime() - untilNs < 0)
        {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    public long handoff()
    {
        final long target = consumed.get() + 1;
        queue.offer(message);
        if (wake)
        {
            VarHandle.fullFence();
            if (parking.get())
            {
                LockSupport.unpark(handler);
            }
        }
        // Yield while waiting, as the engine's reader goes back to a blocking read after publishing: a publisher
        // that spins would hold the CPU a woken handler may have been placed on (the scheduler's wake-affine
        // placement), and measure its own time slice instead of the hand-off.
        long seen;
        while ((seen = consumed.get()) < target)
        {
            Thread.yield();
        }
        return seen;
    }
}
