package io.wsnova.benchmarks;

import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The rate limiter's check on the send path ({@link TokenBucketRateLimiter#check(Operation, long)}), with the time
 * passed in as the engine does:
 * <ul>
 *     <li>{@code AVAILABLE}: tokens are always there; time advances 50 ns per check and the bucket refills every
 *     microsecond, so one check in twenty also claims and credits a refill (two more CASes).</li>
 *     <li>{@code EXHAUSTED}: the bucket is empty and refills once an hour: every check is a shortfall
 *     ({@code REJECT}), the path a flooding caller hits.</li>
 * </ul>
 * {@link #checkShared} has two threads check one shared limiter (one limiter per account, shared by its
 * connections), with {@link System#nanoTime()} as the clock. Read with {@code -prof gc}: 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RateLimiterBenchmark
{
    private static final long TIME_STEP_NS = 50L;

    @Param({"AVAILABLE", "EXHAUSTED"})
    String bucket;

    private TokenBucketRateLimiter limiter;
    private long nowNs;

    /** One limiter shared by the threads of {@link #checkShared}. */
    @State(Scope.Benchmark)
    public static class Shared
    {
        @Param({"AVAILABLE", "EXHAUSTED"})
        String bucket;

        TokenBucketRateLimiter limiter;

        @Setup(Level.Trial)
        public void setUp()
        {
            limiter = limiter(bucket);
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        limiter = limiter(bucket);
        nowNs = System.nanoTime();
        if ("EXHAUSTED".equals(bucket) && limiter.check(Operation.ORDER, nowNs) != RateLimitHandler.ALLOW)
        {
            throw new IllegalStateException("the first check should take the only token");
        }
    }

    static TokenBucketRateLimiter limiter(final String bucket)
    {
        return switch (bucket)
        {
            case "AVAILABLE" -> TokenBucketRateLimiter.builder()
                .capacity(Long.MAX_VALUE / 4)
                .refillAmount(1_000)
                .refillIntervalNs(1_000)
                .defaultCost(1)
                .build();
            case "EXHAUSTED" -> TokenBucketRateLimiter.builder()
                .capacity(1)
                .refillAmount(1)
                .refillIntervalNs(TimeUnit.HOURS.toNanos(1))
                .defaultCost(1)
                .whenShort(RateLimitHandler.REJECT)
                .build();
            default -> throw new IllegalArgumentException("bucket: " + bucket);
        };
    }

    @Benchmark
    public int check()
    {
        final long nowNs = this.nowNs + TIME_STEP_NS;
        this.nowNs = nowNs;
        return limiter.check(Operation.ORDER, nowNs);
    }

    @Benchmark
    @Threads(2)
    public int checkShared(final Shared shared)
    {
        return shared.limiter.check(Operation.ORDER, System.nanoTime());
    }
}
