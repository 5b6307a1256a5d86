package io.wsnova.adapters.deribit;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeribitRateLimiterTest
{
    private final DeribitRateLimiter limiter = DeribitRateLimiter.standard();
    private final long startNs = System.nanoTime();

    @ParameterizedTest
    @EnumSource(value = Operation.class, names = "ORDER", mode = EnumSource.Mode.EXCLUDE)
    void shouldAllowABurstOfAHundredRequestsThenQueueUntilFiveHundredCreditsRefill(final Operation operation)
    {
        for (int i = 0; i < 100; i++)
        {
            assertThat(limiter.check(operation, startNs)).as("request %d", i).isEqualTo(RateLimitHandler.ALLOW);
        }

        assertThat(limiter.check(operation, startNs)).isEqualTo(RateLimitHandler.QUEUE);
        final long waitNs = limiter.nanosUntilAvailable(operation, startNs);
        assertThat(waitNs).isBetween(1L, TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(limiter.check(operation, startNs + TimeUnit.MILLISECONDS.toNanos(50)))
            .isEqualTo(RateLimitHandler.ALLOW);
        assertThat(limiter.cost(operation)).isEqualTo(500);
        assertThat(limiter.check(Operation.ORDER, startNs)).isEqualTo(RateLimitHandler.ALLOW);
    }

    @Test
    void shouldChargeHeartbeatAnswersToTheCreditPoolWithoutRefusingThem()
    {
        final long nowNs = System.nanoTime();
        final long before = limiter.credits().tokens(nowNs);
        limiter.charge(Operation.QUERY, nowNs);
        assertThat(limiter.credits().tokens(nowNs)).isEqualTo(before - 500);

        for (int i = 0; i < 200; i++)
        {
            limiter.charge(Operation.QUERY, nowNs);
        }
        assertThat(limiter.credits().tokens(nowNs)).as("drained, never negative").isZero();
        assertThat(limiter.check(Operation.QUERY, nowNs)).isNotEqualTo(RateLimitHandler.ALLOW);
    }

    @Test
    void shouldSustainTwentyRequestsASecond()
    {
        drainCredits();
        int allowed = 0;
        for (long ms = 1; ms <= 1000; ms++)
        {
            if (limiter.check(Operation.QUERY, startNs + TimeUnit.MILLISECONDS.toNanos(ms)) == RateLimitHandler.ALLOW)
            {
                allowed++;
            }
        }

        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void shouldLimitOrdersInTheirOwnBucketAndRejectRatherThanQueue()
    {
        drainCredits();

        for (int i = 0; i < DeribitRateLimiter.DEFAULT_ORDER_BURST; i++)
        {
            assertThat(limiter.check(Operation.ORDER, startNs)).as("order %d", i).isEqualTo(RateLimitHandler.ALLOW);
        }

        assertThat(limiter.check(Operation.ORDER, startNs)).isEqualTo(RateLimitHandler.REJECT);
        assertThat(limiter.nanosUntilAvailable(Operation.ORDER, startNs)).isBetween(1L, 200_000_000L);
        assertThat(limiter.check(Operation.ORDER, startNs + 200_000_000L)).isEqualTo(RateLimitHandler.ALLOW);
        assertThat(limiter.cost(Operation.ORDER)).isEqualTo(1);
        assertThat(limiter.orders().rejectedCount()).isEqualTo(1);
        assertThat(limiter.credits().queuedCount()).isEqualTo(1);
    }

    @Test
    void shouldTakeTheTierOfTheAccount()
    {
        final DeribitRateLimiter tier1 = DeribitRateLimiter.builder().orders(30, 100).credits(150_000, 100_000, 100)
            .whenOrdersShort(RateLimitHandler.QUEUE).build();

        for (int i = 0; i < 100; i++)
        {
            assertThat(tier1.check(Operation.ORDER, startNs)).isEqualTo(RateLimitHandler.ALLOW);
        }
        assertThat(tier1.check(Operation.ORDER, startNs)).isEqualTo(RateLimitHandler.QUEUE);
        assertThat(tier1.fullRefillMs()).isEqualTo(1500);
        assertThat(tier1.toString())
            .isEqualTo("DeribitRateLimiter{credits=150000 max, 100000/s, 100 a request; orders=100 burst, 30/s}");
        assertThatThrownBy(() -> DeribitRateLimiter.builder().orders(0, 1).build())
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWaitForAFullRefillAfterTooManyRequests()
    {
        assertThat(limiter.fullRefillMs()).isEqualTo(5000);
        assertThat(DeribitAdapter.builder().build().rateLimitBackoffMs()).isEqualTo(5000);
        assertThat(DeribitAdapter.builder().rateLimitBackoffMs(700).build().rateLimitBackoffMs()).isEqualTo(700);
        assertThat(DeribitAdapter.builder().build().maintenanceBackoffMs())
            .isEqualTo(DeribitAdapter.DEFAULT_MAINTENANCE_BACKOFF_MS);
    }

    @Test
    void shouldPutANewLimiterPerConnectionInTheDefaultOptionsUnlessOneIsShared()
    {
        final DeribitAdapter adapter = DeribitAdapter.builder().build();
        final NovaOptions first = adapter.defaultOptions();
        final NovaOptions second = adapter.defaultOptions();
        final DeribitRateLimiter shared = DeribitRateLimiter.standard();
        final DeribitAdapter sharing = DeribitAdapter.builder().rateLimiter(shared).build();

        assertThat(first.get(Option.RATE_LIMIT_HANDLER)).isInstanceOf(DeribitRateLimiter.class);
        assertThat(first.get(Option.RATE_LIMIT_HANDLER)).isNotSameAs(second.get(Option.RATE_LIMIT_HANDLER));
        assertThat(sharing.defaultOptions().get(Option.RATE_LIMIT_HANDLER)).isSameAs(shared);
        assertThat(sharing.defaultOptions().get(Option.RATE_LIMIT_HANDLER)).isSameAs(shared);
        assertThat(DeribitClient.of(sharing).resolve(NovaOptions.builder()
            .rateLimitHandler(DeribitRateLimiter.standard()).build()).get(Option.RATE_LIMIT_HANDLER))
            .isNotSameAs(shared);
        assertThat(adapter.failurePolicy()).isInstanceOf(DeribitFailurePolicy.class);
    }

    private void drainCredits()
    {
        while (limiter.check(Operation.QUERY, startNs) == RateLimitHandler.ALLOW)
        {
            assertThat(limiter.credits().allowedCount()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void shouldPayOrdersFromTheirOwnBucket()
    {
        assertThat(limiter.bucket(Operation.ORDER)).isEqualTo(1);
        for (final Operation operation : Operation.values())
        {
            if (operation != Operation.ORDER)
            {
                assertThat(limiter.bucket(operation)).as(operation.name()).isZero();
            }
        }
    }

    @Test
    void shouldDrainAndSlowTheCreditPoolOnTooManyRequestsLeavingOrdersAlone()
    {
        assertThat(limiter.isVenueRateLimitError(10028)).isTrue();
        assertThat(limiter.isVenueRateLimitError(10040)).isFalse();

        limiter.onVenueRateLimited(Operation.SUBSCRIBE, startNs);

        assertThat(limiter.credits().tokens(startNs)).isZero();
        assertThat(limiter.credits().tokensPerSecond(startNs)).isEqualTo(5_000.0);
        assertThat(limiter.credits().venueRateLimitedCount()).isEqualTo(1);
        assertThat(limiter.check(Operation.SUBSCRIBE, startNs)).isEqualTo(RateLimitHandler.QUEUE);
        assertThat(limiter.orders().tokens(startNs)).isEqualTo(DeribitRateLimiter.DEFAULT_ORDER_BURST);
        assertThat(limiter.orders().venueRateLimitedCount()).isZero();
        assertThat(limiter.check(Operation.ORDER, startNs)).isEqualTo(RateLimitHandler.ALLOW);
    }

    @Test
    void shouldDrainAndSlowTheOrderBucketOnTooManyRequestsForAnOrder()
    {
        limiter.onVenueRateLimited(Operation.ORDER, startNs);

        assertThat(limiter.orders().tokens(startNs)).isZero();
        assertThat(limiter.orders().tokensPerSecond(startNs))
            .isEqualTo(DeribitRateLimiter.DEFAULT_ORDERS_PER_SECOND / 2.0);
        assertThat(limiter.check(Operation.ORDER, startNs)).isEqualTo(RateLimitHandler.REJECT);
        assertThat(limiter.credits().venueRateLimitedCount()).isZero();
        assertThat(limiter.check(Operation.QUERY, startNs)).isEqualTo(RateLimitHandler.ALLOW);
    }
}
