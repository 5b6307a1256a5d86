package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;
import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.wsnova.engine.behaviour.RateLimitHandler.ALLOW;
import static io.wsnova.engine.behaviour.RateLimitHandler.QUEUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The token bucket's rules (docs/RELIABILITY.md, "Rate limiting") on a {@link FakeClock} given through the public
 * builder ({@link TokenBucketRateLimiter.Builder#clock}) and read by {@link TokenBucketRateLimiter#check(Operation)}:
 * refill by whole intervals at the exact nanosecond, the capacity cap, exact accounting against a reference model
 * over a long simulated run, and one bucket shared by several threads. No test sleeps.
 */
@Timeout(value = 30)
class TokenBucketFakeClockTest
{
    private static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FakeClock clock = new FakeClock();

    private TokenBucketRateLimiter bucket(final long capacity, final long refillAmount)
    {
        return TokenBucketRateLimiter.builder()
            .capacity(capacity)
            .refillAmount(refillAmount)
            .refillIntervalNs(INTERVAL_NS)
            .clock(clock)
            .build();
    }

    @Test
    void shouldRefillOnlyWhenAWholeIntervalHasPassed()
    {
        final TokenBucketRateLimiter limiter = bucket(10, 5);
        assertThat(drain(limiter)).as("starts full").isEqualTo(10);

        clock.advanceNanos(INTERVAL_NS - 1);
        assertThat(limiter.check(Operation.DEFAULT)).isEqualTo(QUEUE);

        clock.advanceNanos(1);
        assertThat(drain(limiter)).as("one interval: one refill").isEqualTo(5);

        clock.advanceNanos(INTERVAL_NS * 5 / 2);
        assertThat(drain(limiter)).as("2.5 intervals: two refills (capped at 10)").isEqualTo(10);

        clock.advanceNanos(INTERVAL_NS / 2 - 1);
        assertThat(limiter.check(Operation.DEFAULT)).as("the half interval is kept, not yet whole").isEqualTo(QUEUE);
        clock.advanceNanos(1);
        assertThat(drain(limiter)).as("the kept half plus this half: one refill").isEqualTo(5);
    }

    @Test
    void shouldNeverHoldMoreThanCapacityHoweverLongItIdles()
    {
        final TokenBucketRateLimiter limiter = bucket(10, 5);
        drain(limiter);

        clock.advance(1, TimeUnit.HOURS);

        assertThat(limiter.tokens(clock.nanoTime())).isEqualTo(10);
        assertThat(drain(limiter)).isEqualTo(10);
    }

    @Test
    void shouldBeAvailableExactlyWhenNanosUntilAvailableSays()
    {
        final TokenBucketRateLimiter limiter = bucket(10, 2);
        drain(limiter);
        clock.advanceNanos(INTERVAL_NS / 3);

        final long waitNs = limiter.nanosUntilAvailable(Operation.DEFAULT, clock.nanoTime());
        assertThat(waitNs).isEqualTo(INTERVAL_NS - INTERVAL_NS / 3);

        clock.advanceNanos(waitNs - 1);
        assertThat(limiter.check(Operation.DEFAULT)).isEqualTo(QUEUE);
        clock.advanceNanos(1);
        assertThat(limiter.check(Operation.DEFAULT)).isEqualTo(ALLOW);
    }

    /**
     * A long simulated run (hours of clock time in milliseconds of real time): random advances, random operations
     * of different costs, a greedy consumer. After every step the limiter's verdicts equal a reference model
     * (tokens, last refill time advanced by whole intervals, capped at capacity), and over every window the total
     * allowed cost never exceeds what the bucket can give: capacity plus one refill per whole interval started.
     */
    @Test
    void shouldMatchTheReferenceModelExactlyOverALongSimulatedRun()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("TokenBucketFakeClockTest seed " + seed + " (replay with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final long capacity = 100;
        final long refillAmount = 20;
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder()
            .capacity(capacity).refillAmount(refillAmount).refillIntervalNs(INTERVAL_NS)
            .cost(Operation.ORDER, 7).cost(Operation.SUBSCRIBE, 3).defaultCost(1)
            .clock(clock).build();
        final Operation[] operations = { Operation.ORDER, Operation.SUBSCRIBE, Operation.QUERY };
        final int[] costs = { 7, 3, 1 };

        final long startNs = clock.nanoTime();
        long modelTokens = capacity;
        long modelLastRefillNs = startNs;
        long spent = 0;
        long allowed = 0;
        for (int step = 0; step < 100_000; step++)
        {
            clock.advanceNanos(random.nextLong(INTERVAL_NS * 3));
            final long nowNs = clock.nanoTime();
            final long intervals = (nowNs - modelLastRefillNs) / INTERVAL_NS;
            modelTokens = Math.min(capacity, modelTokens + intervals * refillAmount);
            modelLastRefillNs += intervals * INTERVAL_NS;

            final int attempts = random.nextInt(1, 40);
            for (int i = 0; i < attempts; i++)
            {
                final int which = random.nextInt(operations.length);
                final boolean modelAllows = modelTokens >= costs[which];
                final int verdict = limiter.check(operations[which]);
                if ((verdict == ALLOW) != modelAllows)
                {
                    fail("seed " + seed + " step " + step + ": model says " + modelAllows + " with " + modelTokens +
                        " tokens, limiter says " + verdict);
                }
                if (modelAllows)
                {
                    modelTokens -= costs[which];
                    spent += costs[which];
                    allowed++;
                }
            }
            final long wholeIntervals = (nowNs - startNs) / INTERVAL_NS;
            if (spent > capacity + wholeIntervals * refillAmount)
            {
                fail("seed " + seed + " step " + step + ": spent " + spent + " > capacity plus the refills due");
            }
        }
        assertThat(limiter.allowedCount()).isEqualTo(allowed);
        assertThat(limiter.tokens(clock.nanoTime())).isEqualTo(modelTokens);
    }

    /**
     * One bucket shared by the connections of one account (threads here): whatever the interleaving, the threads
     * together get exactly what the bucket holds per interval, never more, and no refill is lost or counted twice.
     */
    @Test
    void shouldGiveThreadsSharingOneBucketExactlyItsTokensPerInterval() throws Exception
    {
        final long capacity = 50;
        final long refillAmount = 10;
        final TokenBucketRateLimiter limiter = bucket(capacity, refillAmount);
        final int threads = 4;
        final int rounds = 200;
        final AtomicLong allowedThisRound = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long[] allowedPerRound = new long[rounds];
        final CyclicBarrier start = new CyclicBarrier(threads + 1);
        final CyclicBarrier end = new CyclicBarrier(threads + 1);
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = Thread.ofPlatform().daemon().start(() ->
            {
                try
                {
                    for (int round = 0; round < rounds; round++)
                    {
                        start.await();
                        for (int i = 0; i < capacity; i++)
                        {
                            if (limiter.check(Operation.DEFAULT) == ALLOW)
                            {
                                allowedThisRound.incrementAndGet();
                            }
                        }
                        end.await();
                    }
                }
                catch (final Throwable error)
                {
                    failure.compareAndSet(null, error);
                }
            });
        }

        for (int round = 0; round < rounds; round++)
        {
            start.await(10, TimeUnit.SECONDS);
            end.await(10, TimeUnit.SECONDS);
            allowedPerRound[round] = allowedThisRound.getAndSet(0);
            clock.advanceNanos(INTERVAL_NS);
        }
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertThat(failure.get()).isNull();
        assertThat(allowedPerRound[0]).as("the full bucket, once").isEqualTo(capacity);
        for (int round = 1; round < rounds; round++)
        {
            assertThat(allowedPerRound[round]).as("round %d: one refill", round).isEqualTo(refillAmount);
        }
        assertThat(limiter.allowedCount()).isEqualTo(capacity + (rounds - 1) * refillAmount);
    }

    /**
     * Two threads share one leasing bucket (the contention-free design: each spends from its own cell, leasing from
     * the shared bucket) while the clock advances by seeded random steps. Every grant is checked at once against
     * what the bucket can have given by the time it was granted: never more than capacity plus one refill per whole
     * interval elapsed. The clock only advances once the threads have drained what is there, so the cap never
     * discards a refill and the totals must match exactly: granted plus tokens left equals capacity plus refills.
     */
    @Test
    void shouldNeverGrantMoreThanCapacityPlusRefillsWhenTwoThreadsLeaseFromOneBucket() throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("TokenBucketFakeClockTest two-thread seed " + seed + " (replay with -Dwsnova.seed=" +
            seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final long capacity = 10_000;
        final long refillAmount = 4_000;
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder()
            .capacity(capacity).refillAmount(refillAmount).refillIntervalNs(INTERVAL_NS)
            .leaseTokens(64).clock(clock).build();
        final long startNs = clock.nanoTime();
        final AtomicLong granted = new AtomicLong();
        final AtomicLong checks = new AtomicLong();
        final AtomicReference<String> violation = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread[] workers = new Thread[2];
        for (int t = 0; t < workers.length; t++)
        {
            workers[t] = Thread.ofPlatform().daemon().name("bucket-" + t).start(() ->
            {
                try
                {
                    while (running.get())
                    {
                        final int verdict = limiter.check(Operation.DEFAULT);
                        checks.incrementAndGet();
                        if (verdict == ALLOW)
                        {
                            final long total = granted.incrementAndGet();
                            final long bound = capacity + (clock.nanoTime() - startNs) / INTERVAL_NS * refillAmount;
                            if (total > bound)
                            {
                                violation.compareAndSet(null, "granted " + total + " > " + bound);
                            }
                        }
                    }
                }
                catch (final Throwable error)
                {
                    failure.compareAndSet(null, error);
                }
            });
        }

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int step = 0; step < 300; step++)
        {
            final long checksBefore = checks.get();
            while ((limiter.tokens(clock.nanoTime()) > 0 || checks.get() - checksBefore < 100) &&
                System.nanoTime() - deadlineNs < 0 && failure.get() == null)
            {
                Thread.onSpinWait();
            }
            assertThat(System.nanoTime() - deadlineNs).as("seed %d step %d: the threads drained the bucket in time",
                seed, step).isNegative();
            // Up to two intervals: a refill of up to 8,000 leaves the bucket above half full (leases again) and
            // below capacity (nothing capped away).
            clock.advanceNanos(random.nextLong(1, INTERVAL_NS * 2 + 1));
        }
        final long checksBefore = checks.get();
        while (limiter.tokens(clock.nanoTime()) > 0 || checks.get() - checksBefore < 100)
        {
            Thread.onSpinWait();
        }
        running.set(false);
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        }

        final long endNs = clock.nanoTime();
        final long refills = (endNs - startNs) / INTERVAL_NS * refillAmount;
        assertThat(failure.get()).isNull();
        assertThat(violation.get()).as("seed %d", seed).isNull();
        assertThat(granted.get() + limiter.tokens(endNs)).as("seed %d: granted plus left", seed)
            .isEqualTo(capacity + refills);
        assertThat(limiter.allowedCount()).isEqualTo(granted.get());
        assertThat(limiter.allowedCount() + limiter.queuedCount()).isEqualTo(checks.get());
    }

    private static int drain(final TokenBucketRateLimiter limiter)
    {
        int allowed = 0;
        while (limiter.check(Operation.DEFAULT) == ALLOW)
        {
            allowed++;
        }
        return allowed;
    }
}
