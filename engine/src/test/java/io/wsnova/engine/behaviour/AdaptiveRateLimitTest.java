package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;

import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.wsnova.engine.behaviour.RateLimitHandler.ALLOW;
import static io.wsnova.engine.behaviour.RateLimitHandler.QUEUE;
import static io.wsnova.engine.behaviour.TokenBucketRateLimiter.RATE_SCALE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptation of {@link TokenBucketRateLimiter} to a venue's rate-limit errors, on a clock driven by hand: drain,
 * multiplicative decrease with its hold-off, additive recovery per quiet interval, the floor, a shared bucket, and
 * exact accounting through it all. Runs in milliseconds.
 */
class AdaptiveRateLimitTest
{
    private static final long START_NS = 1_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long INTERVAL_NS = 100 * MS;
    private static final long RECOVERY_NS = 1_000 * MS;
    private static final long HOLD_OFF_NS = 1_000 * MS;
    private static final int LIMIT_CODE = 10028;

    private final CachedNanoClock clock = new CachedNanoClock();

    /** 10 tokens, 1 per 100 ms, each check costs 1. */
    private TokenBucketRateLimiter limiter(final long recoveryNs)
    {
        return limiter(recoveryNs, HOLD_OFF_NS);
    }

    private TokenBucketRateLimiter limiter(final long recoveryNs, final long holdOffNs)
    {
        clock.update(START_NS);
        return new TokenBucketRateLimiter(TokenBucketRateLimiter.builder()
            .capacity(10).refillAmount(1).refillIntervalNs(INTERVAL_NS)
            .venueRateLimitErrorCodes(LIMIT_CODE)
            .decreaseHoldOffNs(holdOffNs)
            .recoveryIntervalNs(recoveryNs), clock);
    }

    private static long at(final long ms)
    {
        return START_NS + ms * MS;
    }

    @Test
    void shouldKnowTheVenueRateLimitCodeOnly()
    {
        final TokenBucketRateLimiter limiter = limiter(RECOVERY_NS);
        assertThat(limiter.isVenueRateLimitError(LIMIT_CODE)).isTrue();
        assertThat(limiter.isVenueRateLimitError(10_040)).isFalse();
        assertThat(TokenBucketRateLimiter.builder().capacity(1).refillAmount(1).refillIntervalNs(1).build()
            .isVenueRateLimitError(LIMIT_CODE)).as("none by default").isFalse();
    }

    @Test
    void shouldDrainTheBucketAndHalveTheRateOnAVenueRateLimitError()
    {
        final TokenBucketRateLimiter limiter = limiter(RECOVERY_NS);
        assertThat(limiter.tokens(at(0))).isEqualTo(10);

        limiter.onVenueRateLimited(Operation.SUBSCRIBE, at(0));

        assertThat(limiter.tokens(at(0))).as("drained").isZero();
        assertThat(limiter.check(Operation.SUBSCRIBE, at(0))).isEqualTo(QUEUE);
        assertThat(limiter.rate(at(0))).isEqualTo(RATE_SCALE / 2);
        assertThat(limiter.refillIntervalNs(at(0))).isEqualTo(2 * INTERVAL_NS);
        assertThat(limiter.tokensPerSecond(at(0))).isEqualTo(5.0);
        assertThat(limiter.nanosUntilAvailable(Operation.SUBSCRIBE, at(0))).isEqualTo(2 * INTERVAL_NS);
        assertThat(limiter.check(Operation.SUBSCRIBE, at(199))).as("one halved interval not yet over")
            .isEqualTo(QUEUE);
        assertThat(limiter.check(Operation.SUBSCRIBE, at(200))).isEqualTo(ALLOW);
        assertThat(limiter.venueRateLimitedCount()).isEqualTo(1);
        assertThat(limiter.rateDecreaseCount()).isEqualTo(1);
    }

    @Test
    void shouldForfeitTheTimeNotYetCreditedWhenDrained()
    {
        final TokenBucketRateLimiter limiter = limiter(RECOVERY_NS);
        for (int i = 0; i < 10; i++)
        {
            assertThat(limiter.check(Operation.QUERY, at(0))).isEqualTo(ALLOW);
        }

        limiter.onVenueRateLimited(Operation.QUERY, at(99));

        assertThat(limiter.tokens(at(100))).as("the interval begun before the error is not paid").isZero();
        assertThat(limiter.tokens(at(298))).isZero();
        assertThat(limiter.tokens(at(299))).isEqualTo(1);
    }

    @Test
    void shouldLowerTheRateOncePerHoldOffButDrainOnEveryError()
    {
        final TokenBucketRateLimiter limiter = limiter(TimeUnit.SECONDS.toNanos(60));
        limiter.onVenueRateLimited(Operation.QUERY, at(0));
        assertThat(limiter.check(Operation.QUERY, at(400))).isEqualTo(ALLOW);

        limiter.onVenueRateLimited(Operation.QUERY, at(500));

        assertThat(limiter.rate(at(500))).as("within the hold-off").isEqualTo(RATE_SCALE / 2);
        assertThat(limiter.tokens(at(500))).as("drained all the same").isZero();
        assertThat(limiter.venueRateLimitedCount()).isEqualTo(2);
        assertThat(limiter.rateDecreaseCount()).isEqualTo(1);

        limiter.onVenueRateLimited(Operation.QUERY, at(1_000));

        assertThat(limiter.rate(at(1_000))).as("the hold-off counts from the last decrease").isEqualTo(RATE_SCALE / 4);
        assertThat(limiter.rateDecreaseCount()).isEqualTo(2);
    }

    @Test
    void shouldNeverGoBelowTheFloor()
    {
        final TokenBucketRateLimiter limiter = limiter(TimeUnit.SECONDS.toNanos(600));
        final long[] expected = {512, 256, 128, 64, 64, 64};
        for (int i = 0; i < expected.length; i++)
        {
            limiter.onVenueRateLimited(Operation.QUERY, at(1_000L * i));
            assertThat(limiter.rate(at(1_000L * i))).as("after error %d", i + 1).isEqualTo(expected[i]);
        }

        final long errorNs = at(5_000);
        assertThat(limiter.rate(errorNs)).isEqualTo(RATE_SCALE / TokenBucketRateLimiter.RATE_FLOOR_DIVISOR);
        assertThat(limiter.refillIntervalNs(errorNs)).isEqualTo(16 * INTERVAL_NS);
        assertThat(limiter.check(Operation.QUERY, errorNs + 16 * INTERVAL_NS - 1)).isEqualTo(QUEUE);
        assertThat(limiter.check(Operation.QUERY, errorNs + 16 * INTERVAL_NS)).isEqualTo(ALLOW);
        assertThat(limiter.rateDecreaseCount()).isEqualTo(6);
    }

    @Test
    void shouldRecoverOneStepPerQuietIntervalBackToTheConfiguredRate()
    {
        final TokenBucketRateLimiter limiter = limiter(RECOVERY_NS, 0);
        for (int i = 0; i < 4; i++)
        {
            limiter.onVenueRateLimited(Operation.QUERY, at(i));
        }
        final long lastErrorMs = 3;
        assertThat(limiter.rate(at(lastErrorMs))).isEqualTo(64);

        assertThat(limiter.rate(at(lastErrorMs + 999))).isEqualTo(64);
        for (int step = 1; step <= 7; step++)
        {
            assertThat(limiter.rate(at(lastErrorMs + 1_000L * step))).as("step %d", step)
                .isEqualTo(64 + step * (RATE_SCALE / TokenBucketRateLimiter.RATE_RECOVERY_STEPS));
        }
        assertThat(limiter.rate(at(lastErrorMs + 8_000))).isEqualTo(RATE_SCALE);
        assertThat(limiter.rate(at(lastErrorMs + 80_000))).isEqualTo(RATE_SCALE);
        assertThat(limiter.refillIntervalNs(at(lastErrorMs + 8_000))).isEqualTo(INTERVAL_NS);
        assertThat(limiter.tokensPerSecond(at(lastErrorMs + 8_000))).isEqualTo(10.0);
    }

    @Test
    void shouldRestartTheQuietTimeOnAnErrorWithinTheHoldOff()
    {
        final TokenBucketRateLimiter limiter = limiter(RECOVERY_NS);
        limiter.onVenueRateLimited(Operation.QUERY, at(0));
        limiter.onVenueRateLimited(Operation.QUERY, at(900));

        assertThat(limiter.rate(at(1_000))).as("quiet only 100 ms").isEqualTo(512);
        assertThat(limiter.rate(at(1_900))).isEqualTo(512 + 128);
    }

    @Test
    void shouldDefaultTheRecoveryIntervalToTheTimeToFillTheBucket()
    {
        clock.update(START_NS);
        final TokenBucketRateLimiter deribitLike = new TokenBucketRateLimiter(TokenBucketRateLimiter.builder()
            .capacity(50_000).refillAmount(10).refillIntervalNs(MS).defaultCost(500), clock);
        assertThat(deribitLike.recoveryIntervalNs()).isEqualTo(TimeUnit.SECONDS.toNanos(5));
        final TokenBucketRateLimiter fast = new TokenBucketRateLimiter(TokenBucketRateLimiter.builder()
            .capacity(10).refillAmount(10).refillIntervalNs(MS), clock);
        assertThat(fast.recoveryIntervalNs()).as("at least 1 s").isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void shouldAdaptForEveryConnectionSharingTheBucket()
    {
        final TokenBucketRateLimiter shared = limiter(RECOVERY_NS);
        final RateLimitHandler connectionA = shared;
        final RateLimitHandler connectionB = shared;
        assertThat(connectionB.check(Operation.SUBSCRIBE, at(0))).isEqualTo(ALLOW);

        connectionA.onVenueRateLimited(Operation.SUBSCRIBE, at(10));

        assertThat(connectionB.check(Operation.SUBSCRIBE, at(10))).as("B sees A's drain").isEqualTo(QUEUE);
        assertThat(connectionB.nanosUntilAvailable(Operation.SUBSCRIBE, at(10))).as("and its lower rate")
            .isEqualTo(2 * INTERVAL_NS);
    }

    /**
     * Exact accounting through adaptation: over random checks, venue errors and clock steps, the tokens granted
     * never exceed what a reference model grants (capacity, plus each whole adapted interval's refill, minus what
     * each drain took), and equal it exactly.
     */
    @Test
    void shouldGrantExactlyWhatTheReferenceModelGrantsThroughRandomErrors()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("AdaptiveRateLimitTest seed=" + seed + " (-Dwsnova.seed=" + seed + " to replay)");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < 200; run++)
        {
            final TokenBucketRateLimiter limiter = limiter(RECOVERY_NS);
            final Model model = new Model();
            long nowNs = START_NS;
            long granted = 0;
            for (int step = 0; step < 500; step++)
            {
                final int action = random.nextInt(10);
                if (action < 6)
                {
                    final boolean allowed = limiter.check(Operation.QUERY, nowNs) == ALLOW;
                    assertThat(allowed).as("seed %d run %d step %d", seed, run, step).isEqualTo(model.check(nowNs));
                    granted += allowed ? 1 : 0;
                }
                else if (action == 6)
                {
                    limiter.onVenueRateLimited(Operation.QUERY, nowNs);
                    model.onError(nowNs);
                }
                else
                {
                    nowNs += random.nextLong(1, 400 * MS);
                }
            }
            assertThat(limiter.allowedCount()).isEqualTo(granted);
            assertThat(granted).isLessThanOrEqualTo(model.paid);
        }
    }

    /** The stated semantics in plain arithmetic: 10 tokens, 1 per (100 ms x 1024 / rate). */
    private static final class Model
    {
        long tokens = 10;
        long lastNs = START_NS;
        long rate = RATE_SCALE;
        long sinceNs = Long.MIN_VALUE;
        long decreasedAtNs = Long.MIN_VALUE;
        boolean adapted;
        long paid = 10;

        long rateAt(final long nowNs)
        {
            if (!adapted || nowNs - sinceNs < RECOVERY_NS)
            {
                return rate;
            }
            return Math.min(RATE_SCALE, rate + (nowNs - sinceNs) / RECOVERY_NS * 128);
        }

        void refill(final long nowNs)
        {
            final long intervalNs = INTERVAL_NS * RATE_SCALE / rateAt(nowNs);
            final long intervals = (nowNs - lastNs) / intervalNs;
            if (intervals > 0)
            {
                lastNs += intervals * intervalNs;
                final long before = tokens;
                tokens = Math.min(10, tokens + intervals);
                paid += tokens - before;
            }
        }

        boolean check(final long nowNs)
        {
            refill(nowNs);
            if (tokens >= 1)
            {
                tokens--;
                return true;
            }
            return false;
        }

        void onError(final long nowNs)
        {
            final long current = rateAt(nowNs);
            if (adapted && nowNs - decreasedAtNs < HOLD_OFF_NS)
            {
                rate = current;
            }
            else
            {
                rate = Math.max(64, current / 2);
                decreasedAtNs = nowNs;
            }
            sinceNs = nowNs;
            adapted = true;
            lastNs = Math.max(lastNs, nowNs);
            tokens = 0;
        }
    }
}
