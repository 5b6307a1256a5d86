package io.wsnova.benchmarks;

import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One {@link TokenBucketRateLimiter} shared by the connections of one account, checked by one thread
 * ({@link #oneThread}), by two ({@link #twoThreads}) and by two doing different things ({@code mixed}: one checks,
 * the other charges, as a heartbeat answer does). Issue 17's target: two threads at most 3x one thread.
 * <ul>
 *     <li>{@code bucket}: {@code AVAILABLE} (tokens always there; each thread's time advances 50 ns per check from a
 *     common start and the bucket refills every microsecond) or {@code EXHAUSTED} (empty, refills once an hour:
 *     every check is a {@code REJECT}).</li>
 *     <li>{@code lease}: {@code default} (the limiter's leases: each thread spends from its own cell) or {@code 0}
 *     (no leases: every check is a compare-and-set on the shared bucket, the design before issue 17).</li>
 * </ul>
 * The time is a per-thread counter, not {@link System#nanoTime()}, so the figure is the limiter's own cost. Read
 * with {@code -prof gc}: 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SharedRateLimiterBenchmark
{
    private static final long TIME_STEP_NS = 50L;

    @Param({"AVAILABLE", "EXHAUSTED"})
    String bucket;

    @Param({"default", "0"})
    String lease;

    TokenBucketRateLimiter limiter;
    long startNs;

    /** A thread's own clock: advances {@link #TIME_STEP_NS} per operation from the shared start. */
    @State(Scope.Thread)
    public static class ThreadTime
    {
        long nowNs;

        @Setup(Level.Trial)
        public void setUp(final SharedRateLimiterBenchmark shared)
        {
            nowNs = shared.startNs;
        }

        long next()
        {
            final long nowNs = this.nowNs + TIME_STEP_NS;
            this.nowNs = nowNs;
            return nowNs;
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final TokenBucketRateLimiter.Builder builder = switch (bucket)
        {
            case "AVAILABLE" -> TokenBucketRateLimiter.builder()
                .capacity(Long.MAX_VALUE / 4)
                .refillAmount(1_000)
                .refillIntervalNs(1_000)
                .defaultCost(1);
            case "EXHAUSTED" -> TokenBucketRateLimiter.builder()
                .capacity(1)
                .refillAmount(1)
                .refillIntervalNs(TimeUnit.HOURS.toNanos(1))
                .defaultCost(1)
                .whenShort(RateLimitHandler.REJECT);
            default -> throw new IllegalArgumentException("bucket: " + bucket);
        };
        if (!"default".equals(lease))
        {
            builder.leaseTokens(Long.parseLong(lease));
        }
        limiter = builder.build();
        startNs = System.nanoTime();
        if ("EXHAUSTED".equals(bucket) && limiter.check(Operation.ORDER, startNs) != RateLimitHandler.ALLOW)
        {
            throw new IllegalStateException("the first check should take the only token");
        }
    }

    @Benchmark
    @Threads(1)
    public int oneThread(final ThreadTime time)
    {
        return limiter.check(Operation.ORDER, time.next());
    }

    @Benchmark
    @Threads(2)
    public int twoThreads(final ThreadTime time)
    {
        return limiter.check(Operation.ORDER, time.next());
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public int mixedCheck(final ThreadTime time)
    {
        return limiter.check(Operation.ORDER, time.next());
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public void mixedCharge(final ThreadTime time)
    {
        limiter.charge(Operation.DEFAULT, time.next());
    }
}
