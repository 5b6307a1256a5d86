package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;

import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.Allocation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.wsnova.engine.behaviour.RateLimitHandler.ALLOW;
import static io.wsnova.engine.behaviour.RateLimitHandler.QUEUE;
import static io.wsnova.engine.behaviour.RateLimitHandler.REJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketRateLimiterTest
{
    private static final long START_NS = 1_000_000_000L;
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);

    private final CachedNanoClock clock = new CachedNanoClock();

    private TokenBucketRateLimiter deribitLike(final int whenShort)
    {
        clock.update(START_NS);
        return new TokenBucketRateLimiter(
            TokenBucketRateLimiter.builder()
                .capacity(50_000)
                .refillAmount(10_000)
                .refillIntervalNs(SECOND_NS)
                .defaultCost(500)
                .whenShort(whenShort),
            clock);
    }

    @ParameterizedTest
    @ValueSource(ints = { QUEUE, REJECT })
    void shouldAllowExactlyCapacityOverCostWhenBurstOfThousand(final int whenShort)
    {
        final TokenBucketRateLimiter limiter = deribitLike(whenShort);

        int allowed = 0;
        int shortfall = 0;
        for (int i = 0; i < 1_000; i++)
        {
            final int outcome = limiter.check(Operation.ORDER, START_NS);
            if (ALLOW == outcome)
            {
                allowed++;
            }
            else
            {
                assertThat(outcome).isEqualTo(whenShort);
                shortfall++;
            }
        }

        assertThat(allowed).isEqualTo(100);
        assertThat(shortfall).isEqualTo(900);
        assertThat(limiter.tokens(START_NS)).isZero();
        assertThat(limiter.allowedCount()).isEqualTo(100);
        assertThat(whenShort == QUEUE ? limiter.queuedCount() : limiter.rejectedCount()).isEqualTo(900);
        assertThat(whenShort == QUEUE ? limiter.rejectedCount() : limiter.queuedCount()).isZero();
    }

    @Test
    void shouldChargeAHeartbeatAnswerItsCostOrWhatIsLeftWithoutEverRefusing()
    {
        final TokenBucketRateLimiter limiter = deribitLike(REJECT);
        limiter.charge(Operation.QUERY, START_NS);
        assertThat(limiter.tokens(START_NS)).isEqualTo(49_500);
        for (int i = 0; i < 99; i++)
        {
            assertThat(limiter.check(Operation.QUERY, START_NS)).isEqualTo(ALLOW);
        }
        assertThat(limiter.check(Operation.QUERY, START_NS)).as("the charge was counted").isEqualTo(REJECT);

        limiter.charge(Operation.QUERY, START_NS);
        assertThat(limiter.tokens(START_NS)).as("never below zero").isZero();
        assertThat(limiter.allowedCount()).isEqualTo(101);
    }

    @Test
    void shouldRefillByWholeIntervalsKeepingTheRemainder()
    {
        final TokenBucketRateLimiter limiter = deribitLike(QUEUE);
        drain(limiter, START_NS);

        assertThat(limiter.tokens(START_NS + SECOND_NS - 1)).isZero();
        assertThat(limiter.check(Operation.ORDER, START_NS + SECOND_NS - 1)).isEqualTo(QUEUE);

        final long oneAndHalfNs = START_NS + SECOND_NS + SECOND_NS / 2;
        limiter.tick(oneAndHalfNs);
        assertThat(limiter.tokens(oneAndHalfNs)).isEqualTo(10_000);

        final long twoNs = START_NS + 2 * SECOND_NS;
        assertThat(limiter.tokens(twoNs)).isEqualTo(20_000);
        assertThat(limiter.check(Operation.ORDER, twoNs)).isEqualTo(ALLOW);
        assertThat(limiter.tokens(twoNs)).isEqualTo(19_500);
    }

    @Test
    void shouldCapRefillAtCapacityAfterLongIdle()
    {
        final TokenBucketRateLimiter limiter = deribitLike(QUEUE);
        drain(limiter, START_NS);

        final long muchLaterNs = START_NS + TimeUnit.DAYS.toNanos(365);
        limiter.tick(muchLaterNs);

        assertThat(limiter.tokens(muchLaterNs)).isEqualTo(50_000);
        assertThat(limiter.tokens(muchLaterNs + SECOND_NS)).isEqualTo(50_000);
    }

    @Test
    void shouldNotDoubleCountRefillWhenTimeStaysOrGoesBackwards()
    {
        final TokenBucketRateLimiter limiter = deribitLike(QUEUE);
        drain(limiter, START_NS);
        final long oneNs = START_NS + SECOND_NS;

        limiter.tick(oneNs);
        limiter.tick(oneNs);
        limiter.check(Operation.ORDER, oneNs);
        limiter.tick(START_NS);
        limiter.tick(START_NS - 5 * SECOND_NS);
        limiter.tick(oneNs);
        assertThat(limiter.tokens(oneNs)).isEqualTo(9_500);

        assertThat(limiter.check(Operation.ORDER, START_NS - 10 * SECOND_NS)).isEqualTo(ALLOW);
        assertThat(limiter.tokens(oneNs)).isEqualTo(9_000);
        assertThat(limiter.tokens(START_NS + 2 * SECOND_NS)).isEqualTo(19_000);
    }

    @Test
    void shouldTakePerOperationCosts()
    {
        clock.update(START_NS);
        final TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(
            TokenBucketRateLimiter.builder()
                .capacity(100)
                .refillAmount(1)
                .refillIntervalNs(1_000)
                .defaultCost(10)
                .cost(Operation.SUBSCRIBE, 30)
                .cost(Operation.QUERY, 0)
                .whenShort(REJECT),
            clock);

        assertThat(limiter.cost(Operation.SUBSCRIBE)).isEqualTo(30);
        assertThat(limiter.cost(Operation.QUERY)).isZero();
        assertThat(limiter.cost(Operation.ORDER)).isEqualTo(10);
        assertThat(limiter.cost(Operation.DEFAULT)).isEqualTo(10);

        assertThat(limiter.check(Operation.SUBSCRIBE, START_NS)).isEqualTo(ALLOW);
        assertThat(limiter.check(Operation.SUBSCRIBE, START_NS)).isEqualTo(ALLOW);
        assertThat(limiter.check(Operation.SUBSCRIBE, START_NS)).isEqualTo(ALLOW);
        assertThat(limiter.tokens(START_NS)).isEqualTo(10);
        assertThat(limiter.check(Operation.SUBSCRIBE, START_NS)).isEqualTo(REJECT);
        assertThat(limiter.check(Operation.ORDER, START_NS)).isEqualTo(ALLOW);
        assertThat(limiter.check(Operation.ORDER, START_NS)).isEqualTo(REJECT);
        assertThat(limiter.check(Operation.QUERY, START_NS)).isEqualTo(ALLOW);
        assertThat(limiter.tokens(START_NS)).isZero();
    }

    @Test
    void shouldUseTheClockWhenCheckedWithoutTime()
    {
        final TokenBucketRateLimiter limiter = deribitLike(QUEUE);
        drain(limiter, START_NS);

        assertThat(limiter.check(Operation.ORDER)).isEqualTo(QUEUE);
        clock.advance(SECOND_NS);
        assertThat(limiter.check(Operation.ORDER)).isEqualTo(ALLOW);
        assertThat(limiter.tokens(clock.nanoTime())).isEqualTo(9_500);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",                            // full: passes now
        "99, 0, 0",                           // one request left
        "100, 0, 1000000000",                 // empty: the next whole interval
        "100, 500000000, 500000000",          // empty, half-way: the rest of the interval
        "100, 1500000000, 0",                 // refill due but not credited yet
    })
    void shouldReportNanosUntilAvailable(final int spent, final long sinceStartNs, final long expectedNs)
    {
        final TokenBucketRateLimiter limiter = deribitLike(QUEUE);
        for (int i = 0; i < spent; i++)
        {
            assertThat(limiter.check(Operation.ORDER, START_NS)).isEqualTo(ALLOW);
        }
        final long nowNs = START_NS + sinceStartNs;

        assertThat(limiter.nanosUntilAvailable(Operation.ORDER, nowNs)).isEqualTo(expectedNs);
        assertThat(limiter.check(Operation.ORDER, nowNs)).isEqualTo(0 == expectedNs ? ALLOW : QUEUE);
    }

    @Test
    void shouldReportSeveralIntervalsWhenCostNeedsThem()
    {
        clock.update(START_NS);
        final TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(
            TokenBucketRateLimiter.builder().capacity(100).refillAmount(10).refillIntervalNs(1_000).defaultCost(35),
            clock);
        limiter.check(Operation.ORDER, START_NS);
        limiter.check(Operation.ORDER, START_NS);

        assertThat(limiter.tokens(START_NS + 250)).isEqualTo(30);
        assertThat(limiter.nanosUntilAvailable(Operation.ORDER, START_NS + 250)).isEqualTo(750);
        assertThat(limiter.nanosUntilAvailable(Operation.ORDER, START_NS - 500)).isEqualTo(1_500);
        assertThat(limiter.check(Operation.ORDER, START_NS + 999)).isEqualTo(QUEUE);
        assertThat(limiter.check(Operation.ORDER, START_NS + 1_000)).isEqualTo(ALLOW);
    }

    static Stream<Arguments> invalidSettings()
    {
        return Stream.of(
            invalid("capacity must be > 0: 0", b -> b.capacity(0)),
            invalid("capacity must be > 0: -1", b -> b.capacity(-1)),
            invalid("refillAmount must be > 0: 0", b -> b.refillAmount(0)),
            invalid("refillIntervalNs must be > 0: -5", b -> b.refillIntervalNs(-5)),
            invalid("defaultCost must be >= 0: -1", b -> b.defaultCost(-1)),
            invalid("defaultCost must be <= capacity 100: 101", b -> b.defaultCost(101)),
            invalid("cost(ORDER) must be >= 0: -2", b -> b.cost(Operation.ORDER, -2)),
            invalid("cost(AUTH) must be <= capacity 100: 200", b -> b.cost(Operation.AUTH, 200)),
            invalid("whenShort must be QUEUE, REJECT or WAIT: 0", b -> b.whenShort(ALLOW)));
    }

    private static Arguments invalid(final String message, final Consumer<TokenBucketRateLimiter.Builder> change)
    {
        return Arguments.of(message, change);
    }

    @ParameterizedTest
    @MethodSource("invalidSettings")
    void shouldRejectInvalidSettingNamingIt(
        final String message, final Consumer<TokenBucketRateLimiter.Builder> change)
    {
        final TokenBucketRateLimiter.Builder builder = TokenBucketRateLimiter.builder()
            .capacity(100).refillAmount(10).refillIntervalNs(1_000);
        change.accept(builder);

        assertThatThrownBy(builder::build)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
    }

    @Test
    void shouldBuildWithSystemClock()
    {
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder()
            .capacity(2).refillAmount(1).refillIntervalNs(TimeUnit.HOURS.toNanos(1)).whenShort(REJECT).build();

        assertThat(limiter.check(Operation.DEFAULT)).isEqualTo(ALLOW);
        assertThat(limiter.check(Operation.DEFAULT, System.nanoTime())).isEqualTo(ALLOW);
        assertThat(limiter.check(Operation.DEFAULT)).isEqualTo(REJECT);
        assertThat(limiter.capacity()).isEqualTo(2);
    }

    @Test
    void shouldNotAllocateWhenChecking()
    {
        clock.update(START_NS);
        final TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(
            TokenBucketRateLimiter.builder().capacity(1_000).refillAmount(1).refillIntervalNs(100).defaultCost(1),
            clock);
        final Operation[] operations = Operation.values();

        long sink = runChecks(limiter, operations, START_NS, 1_000_000);
        final long before = Allocation.currentThreadBytes();
        sink += runChecks(limiter, operations, START_NS + 1_000_000 * 10L, 1_000_000);
        final long after = Allocation.currentThreadBytes();

        assertThat(sink).isPositive();
        assertThat(after - before).isZero();
    }

    private static long runChecks(
        final TokenBucketRateLimiter limiter, final Operation[] operations, final long startNs, final int count)
    {
        long allowed = 0;
        for (int i = 0; i < count; i++)
        {
            final long nowNs = startNs + i * 10L;
            if (ALLOW == limiter.check(operations[i % operations.length], nowNs))
            {
                allowed++;
            }
            limiter.tick(nowNs);
            allowed += limiter.nanosUntilAvailable(operations[i % operations.length], nowNs) > 0 ? 0 : 1;
        }
        return allowed;
    }

    @Test
    @Timeout(30)
    void shouldNeverOverSpendWhenFourThreadsCheckConcurrently() throws InterruptedException
    {
        final int threadCount = 4;
        final int checksPerThread = 200_000;
        clock.update(START_NS);
        final TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(
            TokenBucketRateLimiter.builder().capacity(100_000).refillAmount(1).refillIntervalNs(SECOND_NS)
                .defaultCost(7).whenShort(REJECT),
            clock);
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicLong allowed = new AtomicLong();
        final Thread[] threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            threads[t] = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
                long mine = 0;
                for (int i = 0; i < checksPerThread; i++)
                {
                    if (ALLOW == limiter.check(Operation.ORDER, START_NS))
                    {
                        mine++;
                    }
                }
                allowed.addAndGet(mine);
            }, "rate-limit-" + t);
            threads[t].start();
        }

        start.countDown();
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(thread.isAlive()).isFalse();
        }

        assertThat(allowed.get()).isEqualTo(100_000 / 7);
        assertThat(limiter.allowedCount()).isEqualTo(100_000 / 7);
        assertThat(limiter.rejectedCount()).isEqualTo((long)threadCount * checksPerThread - 100_000 / 7);
        assertThat(limiter.tokens(START_NS)).isEqualTo(100_000 % 7);
    }

    @Test
    @Timeout(30)
    void shouldNeitherLoseNorDoubleCountRefillsWhenFourThreadsRefillConcurrently() throws InterruptedException
    {
        final int threadCount = 4;
        final int checksPerThread = 200_000;
        final long stepNs = 50;
        final long intervalNs = 100;
        final long capacity = 1_000;
        clock.update(START_NS);
        final TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(
            TokenBucketRateLimiter.builder().capacity(capacity).refillAmount(1).refillIntervalNs(intervalNs)
                .defaultCost(1).whenShort(REJECT),
            clock);
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicLong allowed = new AtomicLong();
        final Thread[] threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            threads[t] = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
                long mine = 0;
                for (int i = 0; i < checksPerThread; i++)
                {
                    if (ALLOW == limiter.check(Operation.ORDER, START_NS + i * stepNs))
                    {
                        mine++;
                    }
                }
                allowed.addAndGet(mine);
            }, "rate-limit-refill-" + t);
            threads[t].start();
        }

        start.countDown();
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(thread.isAlive()).isFalse();
        }

        final long endNs = START_NS + (checksPerThread - 1) * stepNs;
        final long refilled = (checksPerThread - 1) * stepNs / intervalNs;
        assertThat(allowed.get() + limiter.tokens(endNs)).isEqualTo(capacity + refilled);
        assertThat(limiter.allowedCount()).isEqualTo(allowed.get());
    }

    private static void drain(final TokenBucketRateLimiter limiter, final long nowNs)
    {
        while (ALLOW == limiter.check(Operation.ORDER, nowNs))
        {
            assertThat(limiter.tokens(nowNs)).isNotNegative();
        }
        assertThat(limiter.tokens(nowNs)).isZero();
    }
}
