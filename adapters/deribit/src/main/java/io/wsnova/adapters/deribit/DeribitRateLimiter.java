package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;

import java.util.concurrent.TimeUnit;

/**
 * Deribit's credit model as a {@link RateLimitHandler}: two token buckets, because Deribit limits matching-engine
 * requests separately from the rest.
 * <ul>
 *   <li><b>Non-matching-engine</b> (everything but {@link Operation#ORDER}: subscriptions, authentication,
 *   queries, heartbeat answers): a pool of {@value #DEFAULT_MAX_CREDITS} credits, refilled at
 *   {@value #DEFAULT_CREDITS_PER_SECOND} a second (10 a millisecond, so it refills smoothly), each request costing
 *   {@value #DEFAULT_CREDITS_PER_REQUEST}: a burst of 100 requests, 20 a second sustained. A request that finds too
 *   few credits waits ({@link #QUEUE}): Deribit answers an over-limit request with {@code 10028 too_many_requests}
 *   and ends the session, so it must never be sent.</li>
 *   <li><b>Matching engine</b> ({@link Operation#ORDER}: buy, sell, cancel): its own bucket of
 *   {@value #DEFAULT_ORDER_BURST} orders refilled at {@value #DEFAULT_ORDERS_PER_SECOND} a second, the lowest
 *   volume tier; the real figures depend on the account's tier ({@code private/get_account_summary} returns them
 *   in {@code limits.matching_engine}) and are set with {@link Builder#orders}. An order that finds the bucket empty
 *   is refused at once ({@link #REJECT}, the future fails with {@code RATE_LIMITED}) rather than queued: an order
 *   sent late is an order sent at a price the caller no longer chose.</li>
 * </ul>
 * Both buckets adapt: a {@code 10028 too_many_requests} answer (reported by the engine through
 * {@link #onVenueRateLimited}) drains the bucket that paid for the refused operation and halves its rate, which
 * recovers by an eighth of the configured rate per quiet interval ({@link TokenBucketRateLimiter}), so a session
 * whose configured figures exceed the account's settles at the real limit.
 * <p>
 * The limit is per sub-account at Deribit: give one instance to every connection of an account
 * ({@link DeribitAdapter.Builder#rateLimiter}); by default each connection gets its own. Lock-free and
 * allocation-free; any thread (see {@link TokenBucketRateLimiter}).
 */
public final class DeribitRateLimiter implements RateLimitHandler
{
    /** Credits a non-matching-engine request costs. */
    public static final int DEFAULT_CREDITS_PER_REQUEST = 500;
    /** The credit pool. */
    public static final int DEFAULT_MAX_CREDITS = 50_000;
    /** Credits refilled per second. */
    public static final int DEFAULT_CREDITS_PER_SECOND = 10_000;
    /** Orders a second, sustained (lowest tier). */
    public static final int DEFAULT_ORDERS_PER_SECOND = 5;
    /** Orders in a burst (lowest tier). */
    public static final int DEFAULT_ORDER_BURST = 20;

    private final TokenBucketRateLimiter credits;
    private final TokenBucketRateLimiter orders;
    private final int creditsPerRequest;
    private final int maxCredits;
    private final int creditsPerSecond;
    private final int ordersPerSecond;
    private final int orderBurst;

    private DeribitRateLimiter(final Builder builder)
    {
        this.creditsPerRequest = builder.creditsPerRequest;
        this.maxCredits = builder.maxCredits;
        this.creditsPerSecond = builder.creditsPerSecond;
        this.ordersPerSecond = builder.ordersPerSecond;
        this.orderBurst = builder.orderBurst;
        final boolean perMillisecond = creditsPerSecond % 1000 == 0;
        this.credits = TokenBucketRateLimiter.builder()
            .capacity(maxCredits)
            .refillAmount(perMillisecond ? creditsPerSecond / 1000 : creditsPerSecond)
            .refillIntervalNs(perMillisecond ? TimeUnit.MILLISECONDS.toNanos(1) : TimeUnit.SECONDS.toNanos(1))
            .defaultCost(creditsPerRequest)
            .cost(Operation.ORDER, 0)
            .whenShort(QUEUE)
            .venueRateLimitErrorCodes(DeribitError.TOO_MANY_REQUESTS.code())
            .build();
        this.orders = TokenBucketRateLimiter.builder()
            .capacity(orderBurst)
            .refillAmount(1)
            .refillIntervalNs(TimeUnit.SECONDS.toNanos(1) / ordersPerSecond)
            .defaultCost(0)
            .cost(Operation.ORDER, 1)
            .whenShort(builder.orderShortfall)
            .venueRateLimitErrorCodes(DeribitError.TOO_MANY_REQUESTS.code())
            .build();
    }

    /**
     * A limiter with Deribit's default figures.
     *
     * @return a new, full limiter.
     */
    public static DeribitRateLimiter standard()
    {
        return builder().build();
    }

    /**
     * A builder, starting from Deribit's default figures.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The bucket's cost of an operation: credits for everything but orders, one order for {@link Operation#ORDER}.
     *
     * @param operation the operation.
     * @return the cost in its bucket's units.
     */
    @Override
    public int cost(final Operation operation)
    {
        return operation == Operation.ORDER ? orders.cost(operation) : credits.cost(operation);
    }

    @Override
    public int check(final Operation operation, final long nowNs)
    {
        return operation == Operation.ORDER ? orders.check(operation, nowNs) : credits.check(operation, nowNs);
    }

    @Override
    public long nanosUntilAvailable(final Operation operation, final long nowNs)
    {
        return operation == Operation.ORDER ? orders.nanosUntilAvailable(operation, nowNs) :
            credits.nanosUntilAvailable(operation, nowNs);
    }

    /**
     * A heartbeat answer ({@code public/test}) goes out whatever the credits say but costs credits at the venue:
     * take them, or what is left.
     *
     * @param operation the operation.
     * @param nowNs     {@link System#nanoTime()}.
     */
    @Override
    public void charge(final Operation operation, final long nowNs)
    {
        if (operation == Operation.ORDER)
        {
            orders.charge(operation, nowNs);
        }
        else
        {
            credits.charge(operation, nowNs);
        }
    }

    /**
     * Orders ({@link Operation#ORDER}) are paid by their own bucket (1), everything else by the credit pool (0), so
     * an order never waits in the engine's queue behind subscriptions the credits cannot pay yet.
     *
     * @param operation the operation.
     * @return 1 for orders, else 0.
     */
    @Override
    public int bucket(final Operation operation)
    {
        return operation == Operation.ORDER ? 1 : 0;
    }

    /**
     * Deribit's rate-limit error: {@code 10028 too_many_requests}.
     *
     * @param errorCode the venue's error code.
     * @return true for 10028.
     */
    @Override
    public boolean isVenueRateLimitError(final long errorCode)
    {
        return errorCode == DeribitError.TOO_MANY_REQUESTS.code();
    }

    /**
     * Deribit answered {@code 10028}: the bucket that paid for the operation (the order bucket for
     * {@link Operation#ORDER}, the credit pool otherwise) is drained and its rate lowered, recovering additively
     * (see {@link TokenBucketRateLimiter}). A shared instance adapts for every connection of the account.
     *
     * @param operation the operation Deribit refused.
     * @param nowNs     {@link System#nanoTime()}.
     */
    @Override
    public void onVenueRateLimited(final Operation operation, final long nowNs)
    {
        (operation == Operation.ORDER ? orders : credits).onVenueRateLimited(operation, nowNs);
    }

    @Override
    public void tick(final long nowNs)
    {
        credits.tick(nowNs);
        orders.tick(nowNs);
    }

    /**
     * The non-matching-engine credit bucket, for its counters.
     *
     * @return the bucket.
     */
    public TokenBucketRateLimiter credits()
    {
        return credits;
    }

    /**
     * The matching-engine (order) bucket, for its counters.
     *
     * @return the bucket.
     */
    public TokenBucketRateLimiter orders()
    {
        return orders;
    }

    /**
     * How long an empty credit pool takes to refill completely: the least wait before reconnecting after
     * {@code too_many_requests}.
     *
     * @return milliseconds.
     */
    public long fullRefillMs()
    {
        return (1000L * maxCredits + creditsPerSecond - 1) / creditsPerSecond;
    }

    @Override
    public String toString()
    {
        return "DeribitRateLimiter{credits=" + maxCredits + " max, " + creditsPerSecond + "/s, " + creditsPerRequest +
            " a request; orders=" + orderBurst + " burst, " + ordersPerSecond + "/s}";
    }

    /**
     * Configures a {@link DeribitRateLimiter}; not thread-safe.
     */
    public static final class Builder
    {
        private int creditsPerRequest = DEFAULT_CREDITS_PER_REQUEST;
        private int maxCredits = DEFAULT_MAX_CREDITS;
        private int creditsPerSecond = DEFAULT_CREDITS_PER_SECOND;
        private int ordersPerSecond = DEFAULT_ORDERS_PER_SECOND;
        private int orderBurst = DEFAULT_ORDER_BURST;
        private int orderShortfall = REJECT;

        private Builder()
        {
        }

        /**
         * The non-matching-engine credit model.
         *
         * @param maxCredits        the pool, > 0.
         * @param creditsPerSecond  the refill, > 0.
         * @param creditsPerRequest the cost of a request, 0 to {@code maxCredits}.
         * @return this.
         */
        public Builder credits(final int maxCredits, final int creditsPerSecond, final int creditsPerRequest)
        {
            this.maxCredits = maxCredits;
            this.creditsPerSecond = creditsPerSecond;
            this.creditsPerRequest = creditsPerRequest;
            return this;
        }

        /**
         * The matching-engine limit of the account's tier.
         *
         * @param ordersPerSecond the sustained rate, 1 to 1,000,000,000.
         * @param burst           the burst, > 0.
         * @return this.
         */
        public Builder orders(final int ordersPerSecond, final int burst)
        {
            this.ordersPerSecond = ordersPerSecond;
            this.orderBurst = burst;
            return this;
        }

        /**
         * What an order that finds its bucket empty does.
         *
         * @param outcome {@link RateLimitHandler#REJECT} (the default) or {@link RateLimitHandler#QUEUE}.
         * @return this.
         */
        public Builder whenOrdersShort(final int outcome)
        {
            this.orderShortfall = outcome;
            return this;
        }

        /**
         * Builds a full limiter.
         *
         * @return the limiter.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public DeribitRateLimiter build()
        {
            if (ordersPerSecond <= 0)
            {
                throw new IllegalArgumentException("ordersPerSecond must be > 0: " + ordersPerSecond);
            }
            return new DeribitRateLimiter(this);
        }
    }
}
