package io.wsnova.engine.behaviour;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A lock-free, allocation-free token bucket {@link RateLimitHandler}: a bucket of {@code capacity} tokens (it starts
 * full) that gains {@code refillAmount} tokens per whole {@code refillIntervalNs} elapsed, never above capacity.
 * Each {@link Operation} has a cost; {@link #check(Operation, long)} takes it when enough tokens are there and
 * otherwise returns the configured shortfall outcome ({@link #QUEUE}, {@link #REJECT} or {@link #WAIT}, the last
 * bounded by {@link Builder#maxWaitNs(long)}) without taking anything; a WAIT is counted as queued.
 *
 * <p><b>Refill</b> is lazy and integer: on each check or {@link #tick(long)} the number of whole intervals elapsed
 * since the last refill time is credited, and the last refill time advances by exactly those intervals (the
 * remainder is kept, so 1.5 intervals then 0.5 intervals credit two refills). Time that stays or goes backwards
 * credits nothing.
 *
 * <p><b>Threads and memory order.</b> Any number of threads may call every method concurrently, so one instance
 * may be shared by all the connections of one account. The state is two {@code long} fields, both written only by
 * compare-and-set (volatile semantics):
 * <ul>
 *     <li>{@code lastRefillNs}: a thread that sees whole intervals elapsed <em>claims</em> them by a CAS that moves
 *     it forward from the value it read to that value plus {@code k * refillIntervalNs}. The CAS only succeeds
 *     from the value read, so each interval is claimed by exactly one thread (no double count) and the field only
 *     moves forward (a caller with an older {@code nowNs} finds nothing to claim).</li>
 *     <li>{@code tokens}: the claimant then credits {@code k * refillAmount} (capped at capacity) by a CAS loop,
 *     and every spend is a CAS from a value {@code >= cost} to that value minus cost. Tokens therefore never go
 *     negative and are never spent twice: the total allowed never exceeds capacity plus the refills claimed.</li>
 * </ul>
 * Between a claim and its credit another thread may see the bucket without that refill and return the shortfall
 * outcome: the error is conservative (a spurious {@link #QUEUE} for a few nanoseconds), never an over-spend, and
 * the refill is not lost because the claimant always credits it. Counters are updated with atomic
 * {@code getAndAdd} and read with volatile reads; they are exact but not a consistent snapshot with each other.
 *
 * <p>Example: Deribit's credit model (a pool of 50,000 credits refilled at 10,000 per second, 500 per request):
 * <pre>{@code
 * static TokenBucketRateLimiter deribitCredits()
 * {
 *     return TokenBucketRateLimiter.builder()
 *         .capacity(50_000)
 *         .refillAmount(10_000)
 *         .refillIntervalNs(TimeUnit.SECONDS.toNanos(1))   // or 10 per millisecond for a smoother refill
 *         .defaultCost(500)
 *         .whenShort(RateLimitHandler.QUEUE)
 *         .build();
 * }
 * }</pre>
 */
public final class TokenBucketRateLimiter implements RateLimitHandler
{
    private static final VarHandle TOKENS;
    private static final VarHandle LAST_REFILL_NS;
    private static final VarHandle ALLOWED_COUNT;
    private static final VarHandle QUEUED_COUNT;
    private static final VarHandle REJECTED_COUNT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOKENS = lookup.findVarHandle(TokenBucketRateLimiter.class, "tokens", long.class);
            LAST_REFILL_NS = lookup.findVarHandle(TokenBucketRateLimiter.class, "lastRefillNs", long.class);
            ALLOWED_COUNT = lookup.findVarHandle(TokenBucketRateLimiter.class, "allowedCount", long.class);
            QUEUED_COUNT = lookup.findVarHandle(TokenBucketRateLimiter.class, "queuedCount", long.class);
            REJECTED_COUNT = lookup.findVarHandle(TokenBucketRateLimiter.class, "rejectedCount", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long capacity;
    private final long refillAmount;
    private final long refillIntervalNs;
    private final long intervalsToFill;
    private final int shortfallOutcome;
    private final long maxWaitNs;
    private final int[] costByOrdinal;
    private final NanoClock clock;

    // accessed through TOKENS
    private volatile long tokens;
    // accessed through LAST_REFILL_NS
    private volatile long lastRefillNs;
    // accessed through ALLOWED_COUNT
    private volatile long allowedCount;
    // accessed through QUEUED_COUNT
    private volatile long queuedCount;
    // accessed through REJECTED_COUNT
    private volatile long rejectedCount;

    TokenBucketRateLimiter(final Builder builder, final NanoClock clock)
    {
        builder.validate();
        this.capacity = builder.capacity;
        this.refillAmount = builder.refillAmount;
        this.refillIntervalNs = builder.refillIntervalNs;
        this.intervalsToFill = (capacity + refillAmount - 1) / refillAmount;
        this.shortfallOutcome = builder.shortfallOutcome;
        this.maxWaitNs = builder.maxWaitNs;
        this.costByOrdinal = builder.resolvedCosts();
        this.clock = clock;
        this.tokens = capacity;
        this.lastRefillNs = clock.nanoTime();
    }

    /**
     * A new builder with a default cost of 1 and the {@link #QUEUE} shortfall outcome; capacity, refill amount
     * and refill interval must be set.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int cost(final Operation operation)
    {
        return costByOrdinal[operation.ordinal()];
    }

    /**
     * Refills for the whole intervals elapsed up to {@code nowNs}, then takes the operation's cost if the bucket
     * holds it. Allocates nothing and takes no lock; any thread.
     *
     * @param operation the operation.
     * @param nowNs     the time from this limiter's clock ({@link System#nanoTime()} by default).
     * @return {@link #ALLOW} when the cost was taken, else the configured shortfall outcome ({@link #QUEUE} or
     * {@link #REJECT}) and nothing was taken.
     */
    @Override
    public int check(final Operation operation, final long nowNs)
    {
        final long cost = costByOrdinal[operation.ordinal()];
        refill(nowNs);

        while (true)
        {
            final long current = (long)TOKENS.getVolatile(this);
            if (current < cost)
            {
                if (REJECT == shortfallOutcome)
                {
                    REJECTED_COUNT.getAndAdd(this, 1L);
                }
                else
                {
                    QUEUED_COUNT.getAndAdd(this, 1L);
                }
                return shortfallOutcome;
            }

            if (TOKENS.compareAndSet(this, current, current - cost))
            {
                ALLOWED_COUNT.getAndAdd(this, 1L);
                return ALLOW;
            }
        }
    }

    /**
     * {@link #check(Operation, long)} at this limiter's clock's time.
     *
     * @param operation the operation.
     * @return {@link #ALLOW}, {@link #QUEUE} or {@link #REJECT} as {@link #check(Operation, long)}.
     */
    public int check(final Operation operation)
    {
        return check(operation, clock.nanoTime());
    }

    /**
     * Takes the operation's cost, or every token left when fewer (the bucket never goes below zero); counted as
     * allowed. Lock-free and allocation-free like {@link #check(Operation, long)}.
     *
     * @param operation the operation.
     * @param nowNs     the time from this limiter's clock.
     */
    @Override
    public void charge(final Operation operation, final long nowNs)
    {
        final long cost = costByOrdinal[operation.ordinal()];
        refill(nowNs);
        while (true)
        {
            final long current = (long)TOKENS.getVolatile(this);
            if (TOKENS.compareAndSet(this, current, Math.max(0L, current - cost)))
            {
                ALLOWED_COUNT.getAndAdd(this, 1L);
                return;
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long maxWaitNs()
    {
        return maxWaitNs;
    }

    /**
     * Refills for the whole intervals elapsed up to {@code nowNs}. Any thread.
     *
     * @param nowNs the time from this limiter's clock.
     */
    @Override
    public void tick(final long nowNs)
    {
        refill(nowNs);
    }

    /**
     * How long until the operation would pass, for a caller that waits (bounded) or schedules a queued operation.
     * Reads only; takes nothing. Other threads sharing the limiter may spend the tokens first.
     *
     * @param operation the operation.
     * @param nowNs     the time from this limiter's clock.
     * @return 0 when {@link #check(Operation, long)} would allow it at {@code nowNs}, else the nanoseconds until
     * enough whole intervals have elapsed.
     */
    public long nanosUntilAvailable(final Operation operation, final long nowNs)
    {
        final long cost = costByOrdinal[operation.ordinal()];
        final long lastNs = (long)LAST_REFILL_NS.getVolatile(this);
        final long available = tokensAt(nowNs, lastNs);
        if (available >= cost)
        {
            return 0L;
        }

        final long elapsedNs = nowNs - lastNs;
        final long elapsedIntervals = elapsedNs > 0 ? elapsedNs / refillIntervalNs : 0L;
        final long intervalsNeeded = (cost - available + refillAmount - 1) / refillAmount;

        return lastNs + (elapsedIntervals + intervalsNeeded) * refillIntervalNs - nowNs;
    }

    /**
     * The tokens a check at {@code nowNs} would see, including the refill due but not yet credited. Reads only.
     *
     * @param nowNs the time from this limiter's clock.
     * @return the tokens available, 0 to capacity.
     */
    public long tokens(final long nowNs)
    {
        return tokensAt(nowNs, (long)LAST_REFILL_NS.getVolatile(this));
    }

    /**
     * The bucket's capacity.
     *
     * @return the maximum number of tokens.
     */
    public long capacity()
    {
        return capacity;
    }

    /**
     * The number of checks that returned {@link #ALLOW}.
     *
     * @return the allowed count.
     */
    public long allowedCount()
    {
        return (long)ALLOWED_COUNT.getVolatile(this);
    }

    /**
     * The number of checks that returned {@link #QUEUE}.
     *
     * @return the queued count.
     */
    public long queuedCount()
    {
        return (long)QUEUED_COUNT.getVolatile(this);
    }

    /**
     * The number of checks that returned {@link #REJECT}.
     *
     * @return the rejected count.
     */
    public long rejectedCount()
    {
        return (long)REJECTED_COUNT.getVolatile(this);
    }

    private long tokensAt(final long nowNs, final long lastNs)
    {
        final long current = (long)TOKENS.getVolatile(this);
        final long elapsedNs = nowNs - lastNs;
        if (elapsedNs < refillIntervalNs)
        {
            return current;
        }

        return Math.min(capacity, current + creditFor(elapsedNs / refillIntervalNs));
    }

    private long creditFor(final long intervals)
    {
        return intervals >= intervalsToFill ? capacity : intervals * refillAmount;
    }

    private void refill(final long nowNs)
    {
        final long intervalNs = refillIntervalNs;
        long intervals;
        while (true)
        {
            final long lastNs = (long)LAST_REFILL_NS.getVolatile(this);
            final long elapsedNs = nowNs - lastNs;
            if (elapsedNs < intervalNs)
            {
                return;
            }

            intervals = elapsedNs / intervalNs;
            if (LAST_REFILL_NS.compareAndSet(this, lastNs, lastNs + intervals * intervalNs))
            {
                break;
            }
        }

        final long credit = creditFor(intervals);
        while (true)
        {
            final long current = (long)TOKENS.getVolatile(this);
            final long updated = Math.min(capacity, current + credit);
            if (updated == current || TOKENS.compareAndSet(this, current, updated))
            {
                return;
            }
        }
    }

    /**
     * Configures a {@link TokenBucketRateLimiter}; not thread-safe, used once at setup.
     */
    public static final class Builder
    {
        private long capacity;
        private long refillAmount;
        private long refillIntervalNs;
        private int defaultCost = 1;
        private int shortfallOutcome = QUEUE;
        private long maxWaitNs;
        private final int[] costOverrides = new int[Operation.values().length];
        private final boolean[] overridden = new boolean[costOverrides.length];

        private Builder()
        {
        }

        /**
         * The maximum number of tokens; the bucket starts full.
         *
         * @param capacity tokens, > 0.
         * @return this.
         */
        public Builder capacity(final long capacity)
        {
            this.capacity = capacity;
            return this;
        }

        /**
         * The tokens added per whole refill interval.
         *
         * @param refillAmount tokens, > 0.
         * @return this.
         */
        public Builder refillAmount(final long refillAmount)
        {
            this.refillAmount = refillAmount;
            return this;
        }

        /**
         * The refill interval.
         *
         * @param refillIntervalNs nanoseconds, > 0.
         * @return this.
         */
        public Builder refillIntervalNs(final long refillIntervalNs)
        {
            this.refillIntervalNs = refillIntervalNs;
            return this;
        }

        /**
         * The cost of every operation without an override (1 unless set).
         *
         * @param cost tokens, 0 to capacity.
         * @return this.
         */
        public Builder defaultCost(final int cost)
        {
            this.defaultCost = cost;
            return this;
        }

        /**
         * The cost of one operation, overriding the default cost.
         *
         * @param operation the operation.
         * @param cost      tokens, 0 to capacity.
         * @return this.
         */
        public Builder cost(final Operation operation, final int cost)
        {
            costOverrides[operation.ordinal()] = cost;
            overridden[operation.ordinal()] = true;
            return this;
        }

        /**
         * What {@link TokenBucketRateLimiter#check(Operation, long)} returns when tokens are short.
         *
         * @param outcome {@link RateLimitHandler#QUEUE} (the default), {@link RateLimitHandler#REJECT} or
         *                {@link RateLimitHandler#WAIT} (then set {@link #maxWaitNs(long)}).
         * @return this.
         */
        public Builder whenShort(final int outcome)
        {
            this.shortfallOutcome = outcome;
            return this;
        }

        /**
         * The longest a caller blocks for tokens under {@link RateLimitHandler#WAIT}.
         *
         * @param maxWaitNs nanoseconds, 0 to 60 s.
         * @return this.
         */
        public Builder maxWaitNs(final long maxWaitNs)
        {
            this.maxWaitNs = maxWaitNs;
            return this;
        }

        /**
         * Validates the settings and builds a limiter on {@link SystemNanoClock}.
         *
         * @return a new limiter, full.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public TokenBucketRateLimiter build()
        {
            return new TokenBucketRateLimiter(this, SystemNanoClock.INSTANCE);
        }

        void validate()
        {
            if (capacity <= 0)
            {
                throw new IllegalArgumentException("capacity must be > 0: " + capacity);
            }
            if (refillAmount <= 0)
            {
                throw new IllegalArgumentException("refillAmount must be > 0: " + refillAmount);
            }
            if (refillIntervalNs <= 0)
            {
                throw new IllegalArgumentException("refillIntervalNs must be > 0: " + refillIntervalNs);
            }
            if (QUEUE != shortfallOutcome && REJECT != shortfallOutcome && WAIT != shortfallOutcome)
            {
                throw new IllegalArgumentException("whenShort must be QUEUE, REJECT or WAIT: " + shortfallOutcome);
            }
            if (maxWaitNs < 0 || maxWaitNs > 60_000_000_000L)
            {
                throw new IllegalArgumentException("maxWaitNs must be in [0, 60 s]: " + maxWaitNs);
            }
            validateCost("defaultCost", defaultCost);
            for (final Operation operation : Operation.values())
            {
                if (overridden[operation.ordinal()])
                {
                    validateCost("cost(" + operation + ")", costOverrides[operation.ordinal()]);
                }
            }
        }

        int[] resolvedCosts()
        {
            final int[] costs = new int[costOverrides.length];
            Arrays.fill(costs, defaultCost);
            for (int i = 0; i < costs.length; i++)
            {
                if (overridden[i])
                {
                    costs[i] = costOverrides[i];
                }
            }
            return costs;
        }

        private void validateCost(final String name, final int cost)
        {
            if (cost < 0)
            {
                throw new IllegalArgumentException(name + " must be >= 0: " + cost);
            }
            if (cost > capacity)
            {
                throw new IllegalArgumentException(name + " must be <= capacity " + capacity + ": " + cost);
            }
        }
    }
}
