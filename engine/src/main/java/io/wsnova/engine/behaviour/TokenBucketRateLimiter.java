package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;

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
 * may be shared by all the connections of one account. Shared without contention: a check by one thread writes no
 * cache line another thread's check writes, except once per lease.
 * <ul>
 *     <li><b>Leases.</b> The tokens live in a global bucket and in one <em>cell</em> per thread stripe (a power of
 *     two of cells, twice the processors, at most {@link #MAX_CELLS}; a thread's cell is its thread id modulo the
 *     count, each cell on cache lines of its own). A check spends from its cell's credit by a compare-and-set that
 *     never goes below zero. When the cell is short it takes a <em>lease</em> of {@link Builder#leaseTokens(long)}
 *     tokens from the global bucket (by default {@link #DEFAULT_LEASE_COSTS} times the largest cost, at most
 *     capacity / (8 x cells)), but only while the bucket stays at least half full after it; below half it takes
 *     exactly what the check needs, as an unleased bucket would. When the global bucket is short too, the check
 *     sweeps every cell's credit (and the global remainder) into its own cell before it answers short.</li>
 *     <li><b>Exactness.</b> Tokens only move: from the global bucket to a cell (the global compare-and-set first,
 *     then the credit) and from cell to cell; a spend never goes below zero. So the total allowed never exceeds
 *     capacity plus the refills claimed, whatever the threads do. A refill caps the global bucket at capacity
 *     minus the credit the cells hold, so the tokens available never exceed capacity either, except by a lease in
 *     flight at that instant (between its two steps: at most one lease per thread taking one, and only while the
 *     bucket is at least half full).</li>
 *     <li><b>The price:</b> a check may answer short while tokens are in flight between the global bucket and a
 *     cell, or being swept by another thread (a spurious {@link #QUEUE} for a few nanoseconds, conservative,
 *     never an over-spend). {@code leaseTokens(0)} turns leases off: every check then spends from the global
 *     bucket, exact at every instant and contended when shared.</li>
 *     <li><b>Refill:</b> {@code lastRefillNs} is claimed by a compare-and-set that moves it forward from the value
 *     read by whole intervals, so each interval is claimed by exactly one thread (no double count) and never goes
 *     backwards; the claimant then credits the global bucket. Between a claim and its credit another thread may
 *     see the bucket without that refill (conservative again), and the refill is not lost.</li>
 * </ul>
 * Counters live in the cells too (atomic {@code getAndAdd}, summed by the readers): exact, but not a consistent
 * snapshot with each other.
 *
 * <p><b>Adaptation to the venue's real limit</b> ({@link #onVenueRateLimited(Operation, long)}): when the venue
 * answers with its rate-limit error (see {@link Builder#venueRateLimitErrorCodes(long...)}), the configured
 * figures were too generous, so the bucket is <em>drained</em> (0 tokens, and the time not yet credited is
 * forfeited) and its refill <em>rate</em> is cut multiplicatively: halved ({@link #RATE_DECREASE_DIVISOR}), at most
 * once per {@link Builder#decreaseHoldOffNs(long) hold-off} (1 s by default: the errors of requests already in
 * flight when the first one came back are one overload, not several), never below {@code 1/}{@link
 * #RATE_FLOOR_DIVISOR} of the configured rate. It recovers additively: every whole
 * {@link Builder#recoveryIntervalNs(long) recovery interval} without a venue rate-limit error (by default the time
 * the configured rate takes to fill the bucket) adds {@code 1/}{@link #RATE_RECOVERY_STEPS} of the configured rate,
 * up to the configured rate. The rate is applied by stretching the refill interval (the refill amount stays whole),
 * so the accounting stays exact: every spend is still a CAS that never goes below zero and every refill interval
 * is still claimed once. A shared instance adapts for every connection that uses it.
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
    /** The scale of {@link #rate(long)}: the configured rate. */
    public static final int RATE_SCALE = 1024;
    /** A venue rate-limit error (outside the hold-off) divides the rate by this. */
    public static final int RATE_DECREASE_DIVISOR = 2;
    /** The rate never falls below the configured rate divided by this. */
    public static final int RATE_FLOOR_DIVISOR = 16;
    /** Each quiet recovery interval adds the configured rate divided by this. */
    public static final int RATE_RECOVERY_STEPS = 8;
    /** The default {@link Builder#decreaseHoldOffNs(long)}: 1 s. */
    public static final long DEFAULT_DECREASE_HOLD_OFF_NS = 1_000_000_000L;
    /** The default {@link Builder#recoveryIntervalNs(long)} is never shorter than this: 1 s. */
    public static final long MIN_DEFAULT_RECOVERY_INTERVAL_NS = 1_000_000_000L;

    private static final long RATE_FLOOR = RATE_SCALE / RATE_FLOOR_DIVISOR;
    private static final long RATE_STEP = RATE_SCALE / RATE_RECOVERY_STEPS;

    /**
     * The adapted rate: {@code rate} (of {@link #RATE_SCALE}) set at {@code sinceNs}, recovering from then on; one
     * immutable object swapped by CAS on a venue rate-limit error (an error path: it may allocate).
     */
    private record Adaptation(long rate, long sinceNs, long decreasedAtNs)
    {
    }

    /** The most cells (thread stripes) a limiter has. */
    public static final int MAX_CELLS = 64;
    /** The default lease, in checks of the largest cost: see {@link Builder#leaseTokens(long)}. */
    public static final int DEFAULT_LEASE_COSTS = 64;

    /** Longs per cache-line pair (128 bytes: adjacent-line prefetch pulls two lines). */
    private static final int LINE_LONGS = 16;
    private static final int LAST_REFILL_INDEX = LINE_LONGS;
    private static final int TOKENS_INDEX = 2 * LINE_LONGS;
    private static final int FIRST_CELL_INDEX = 3 * LINE_LONGS;
    /** A cell: its credit on one line pair (read by sweeps and refills), its counters on the next. */
    private static final int CELL_LONGS = 2 * LINE_LONGS;
    private static final int CREDIT_OFFSET = 0;
    private static final int ALLOWED_OFFSET = LINE_LONGS;
    private static final int QUEUED_OFFSET = LINE_LONGS + 1;
    private static final int REJECTED_OFFSET = LINE_LONGS + 2;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle VENUE_RATE_LIMITED_COUNT;
    private static final VarHandle RATE_DECREASE_COUNT;
    private static final VarHandle ADAPTATION;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            VENUE_RATE_LIMITED_COUNT =
                lookup.findVarHandle(TokenBucketRateLimiter.class, "venueRateLimitedCount", long.class);
            RATE_DECREASE_COUNT = lookup.findVarHandle(TokenBucketRateLimiter.class, "rateDecreaseCount", long.class);
            ADAPTATION = lookup.findVarHandle(TokenBucketRateLimiter.class, "adaptation", Adaptation.class);
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
    private final long decreaseHoldOffNs;
    private final long recoveryIntervalNs;
    private final long[] venueRateLimitErrorCodes;

    private final int cellMask;
    private final long leaseTokens;
    private final long leaseFloor;
    /**
     * The mutable state, each part on cache lines of its own (accessed through {@link #LONGS} only): padding,
     * {@code lastRefillNs}, the global tokens, then the cells (credit, then allowed, queued and rejected counts),
     * then padding.
     */
    private final long[] state;
    // accessed through VENUE_RATE_LIMITED_COUNT
    private volatile long venueRateLimitedCount;
    // accessed through RATE_DECREASE_COUNT
    private volatile long rateDecreaseCount;
    // accessed through ADAPTATION; null until the first venue rate-limit error (the configured rate)
    private volatile Adaptation adaptation;

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
        this.decreaseHoldOffNs = builder.decreaseHoldOffNs;
        this.recoveryIntervalNs = builder.recoveryIntervalNs > 0 ? builder.recoveryIntervalNs :
            Math.max(MIN_DEFAULT_RECOVERY_INTERVAL_NS, intervalsToFill * refillIntervalNs);
        this.venueRateLimitErrorCodes = builder.venueRateLimitErrorCodes.clone();
        final int cells = Math.min(MAX_CELLS, Integer.highestOneBit(2 * Runtime.getRuntime().availableProcessors()));
        this.cellMask = cells - 1;
        int maxCost = 0;
        for (final int cost : costByOrdinal)
        {
            maxCost = Math.max(maxCost, cost);
        }
        this.leaseTokens = builder.leaseTokens >= 0 ? builder.leaseTokens :
            Math.min((long)DEFAULT_LEASE_COSTS * Math.max(1, maxCost), capacity / (8L * cells));
        this.leaseFloor = capacity / 2;
        this.state = new long[FIRST_CELL_INDEX + cells * CELL_LONGS + LINE_LONGS];
        LONGS.setVolatile(state, LAST_REFILL_INDEX, clock.nanoTime());
        LONGS.setVolatile(state, TOKENS_INDEX, capacity);
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
        final long[] state = this.state;
        final int cell = cellIndex();
        if (spend(state, cell, cost) || acquire(state, cell, cost))
        {
            LONGS.getAndAdd(state, cell + ALLOWED_OFFSET, 1L);
            return ALLOW;
        }

        LONGS.getAndAdd(state, cell + (REJECT == shortfallOutcome ? REJECTED_OFFSET : QUEUED_OFFSET), 1L);
        return shortfallOutcome;
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
     * Takes the operation's cost, or every token left when fewer (the bucket never goes below zero; tokens in
     * flight between a cell and the global bucket at that instant may escape the charge); counted as allowed.
     * Lock-free and allocation-free like {@link #check(Operation, long)}.
     *
     * @param operation the operation.
     * @param nowNs     the time from this limiter's clock.
     */
    @Override
    public void charge(final Operation operation, final long nowNs)
    {
        final long cost = costByOrdinal[operation.ordinal()];
        refill(nowNs);
        final long[] state = this.state;
        final int cell = cellIndex();
        if (!spend(state, cell, cost) && !acquire(state, cell, cost))
        {
            // Short everywhere after the sweep: what is left is in this cell.
            final long left = (long)LONGS.getAndSet(state, cell + CREDIT_OFFSET, 0L);
            if (left > cost)
            {
                LONGS.getAndAdd(state, cell + CREDIT_OFFSET, left - cost);
            }
        }
        LONGS.getAndAdd(state, cell + ALLOWED_OFFSET, 1L);
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
        final long lastNs = (long)LONGS.getVolatile(state, LAST_REFILL_INDEX);
        final long available = tokensAt(nowNs, lastNs);
        if (available >= cost)
        {
            return 0L;
        }

        final long intervalNs = intervalNs(nowNs);
        final long elapsedNs = nowNs - lastNs;
        final long elapsedIntervals = elapsedNs > 0 ? elapsedNs / intervalNs : 0L;
        final long intervalsNeeded = (cost - available + refillAmount - 1) / refillAmount;

        return lastNs + (elapsedIntervals + intervalsNeeded) * intervalNs - nowNs;
    }

    /**
     * The tokens a check at {@code nowNs} would see, including the refill due but not yet credited. Reads only.
     *
     * @param nowNs the time from this limiter's clock.
     * @return the tokens available, 0 to capacity.
     */
    public long tokens(final long nowNs)
    {
        return tokensAt(nowNs, (long)LONGS.getVolatile(state, LAST_REFILL_INDEX));
    }

    /**
     * Whether a venue error code is one of the {@link Builder#venueRateLimitErrorCodes(long...) configured}
     * rate-limit codes. Allocation-free; any thread.
     *
     * @param errorCode the venue's error code.
     * @return true when the venue said the client went over its limit.
     */
    @Override
    public boolean isVenueRateLimitError(final long errorCode)
    {
        for (final long code : venueRateLimitErrorCodes)
        {
            if (code == errorCode)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The venue refused a request for its rate limit: counts it, drains the bucket (0 tokens; the time since the
     * last refill is forfeited) and, unless a decrease happened within the hold-off, divides the rate by
     * {@link #RATE_DECREASE_DIVISOR} (not below the floor). Every error restarts the quiet time the recovery counts
     * from. Lock-free; allocates one small object (an error path); any thread.
     *
     * @param operation the operation the venue refused (every operation shares this bucket).
     * @param nowNs     the time from this limiter's clock.
     */
    @Override
    public void onVenueRateLimited(final Operation operation, final long nowNs)
    {
        VENUE_RATE_LIMITED_COUNT.getAndAdd(this, 1L);
        while (true)
        {
            final Adaptation current = (Adaptation)ADAPTATION.getVolatile(this);
            final long rate = current == null ? RATE_SCALE : rateAt(current, nowNs);
            final boolean heldOff = current != null && nowNs - current.decreasedAtNs() < decreaseHoldOffNs;
            final Adaptation next = heldOff ? new Adaptation(rate, nowNs, current.decreasedAtNs()) :
                new Adaptation(Math.max(RATE_FLOOR, rate / RATE_DECREASE_DIVISOR), nowNs, nowNs);
            if (ADAPTATION.compareAndSet(this, current, next))
            {
                if (!heldOff)
                {
                    RATE_DECREASE_COUNT.getAndAdd(this, 1L);
                }
                break;
            }
        }

        while (true)
        {
            final long lastNs = (long)LONGS.getVolatile(state, LAST_REFILL_INDEX);
            if (nowNs - lastNs <= 0 || LONGS.compareAndSet(state, LAST_REFILL_INDEX, lastNs, nowNs))
            {
                break;
            }
        }
        LONGS.setVolatile(state, TOKENS_INDEX, 0L);
        for (int cell = FIRST_CELL_INDEX, end = cellEnd(); cell < end; cell += CELL_LONGS)
        {
            LONGS.setVolatile(state, cell + CREDIT_OFFSET, 0L);
        }
    }

    /**
     * The refill rate at {@code nowNs} as a share of the configured rate: {@link #RATE_SCALE} is the configured
     * rate, {@code RATE_SCALE / RATE_FLOOR_DIVISOR} the floor. Reads only.
     *
     * @param nowNs the time from this limiter's clock.
     * @return the rate, from {@code RATE_SCALE / RATE_FLOOR_DIVISOR} to {@link #RATE_SCALE}.
     */
    public long rate(final long nowNs)
    {
        final Adaptation adapted = (Adaptation)ADAPTATION.getVolatile(this);
        return adapted == null ? RATE_SCALE : rateAt(adapted, nowNs);
    }

    /**
     * The refill rate at {@code nowNs} in tokens per second, for counters and logs.
     *
     * @param nowNs the time from this limiter's clock.
     * @return tokens per second (fractional when the refill is slower than one token a second).
     */
    public double tokensPerSecond(final long nowNs)
    {
        return refillAmount * 1e9 / intervalNs(nowNs);
    }

    /**
     * The time between refills at {@code nowNs}: the configured interval stretched by the adapted rate.
     *
     * @param nowNs the time from this limiter's clock.
     * @return nanoseconds.
     */
    public long refillIntervalNs(final long nowNs)
    {
        return intervalNs(nowNs);
    }

    /**
     * The venue rate-limit errors reported through {@link #onVenueRateLimited(Operation, long)}.
     *
     * @return the count.
     */
    public long venueRateLimitedCount()
    {
        return (long)VENUE_RATE_LIMITED_COUNT.getVolatile(this);
    }

    /**
     * How many of those errors lowered the rate (the others fell within a hold-off).
     *
     * @return the count.
     */
    public long rateDecreaseCount()
    {
        return (long)RATE_DECREASE_COUNT.getVolatile(this);
    }

    /**
     * The quiet time after which the rate gains one recovery step.
     *
     * @return nanoseconds.
     */
    public long recoveryIntervalNs()
    {
        return recoveryIntervalNs;
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
        return sumCells(ALLOWED_OFFSET);
    }

    /**
     * The number of checks that returned {@link #QUEUE}.
     *
     * @return the queued count.
     */
    public long queuedCount()
    {
        return sumCells(QUEUED_OFFSET);
    }

    /**
     * The number of checks that returned {@link #REJECT}.
     *
     * @return the rejected count.
     */
    public long rejectedCount()
    {
        return sumCells(REJECTED_OFFSET);
    }

    private long intervalNs(final long nowNs)
    {
        final Adaptation adapted = (Adaptation)ADAPTATION.getVolatile(this);
        if (adapted == null)
        {
            return refillIntervalNs;
        }
        final long rate = rateAt(adapted, nowNs);
        return rate >= RATE_SCALE ? refillIntervalNs : refillIntervalNs * RATE_SCALE / rate;
    }

    private long rateAt(final Adaptation adapted, final long nowNs)
    {
        final long quietNs = nowNs - adapted.sinceNs();
        if (quietNs < recoveryIntervalNs)
        {
            return adapted.rate();
        }
        final long steps = quietNs / recoveryIntervalNs;
        return steps >= RATE_RECOVERY_STEPS ? RATE_SCALE : Math.min(RATE_SCALE, adapted.rate() + steps * RATE_STEP);
    }

    private long tokensAt(final long nowNs, final long lastNs)
    {
        final long current = Math.min(capacity, (long)LONGS.getVolatile(state, TOKENS_INDEX) + sumCells(CREDIT_OFFSET));
        final long intervalNs = intervalNs(nowNs);
        final long elapsedNs = nowNs - lastNs;
        if (elapsedNs < intervalNs)
        {
            return current;
        }

        return Math.min(capacity, current + creditFor(elapsedNs / intervalNs));
    }

    private long creditFor(final long intervals)
    {
        return intervals >= intervalsToFill ? capacity : intervals * refillAmount;
    }

    private void refill(final long nowNs)
    {
        final long[] state = this.state;
        final long intervalNs = intervalNs(nowNs);
        long intervals;
        while (true)
        {
            final long lastNs = (long)LONGS.getVolatile(state, LAST_REFILL_INDEX);
            final long elapsedNs = nowNs - lastNs;
            if (elapsedNs < intervalNs)
            {
                return;
            }

            intervals = elapsedNs / intervalNs;
            if (LONGS.compareAndSet(state, LAST_REFILL_INDEX, lastNs, lastNs + intervals * intervalNs))
            {
                break;
            }
        }

        final long credit = creditFor(intervals);
        while (true)
        {
            final long current = (long)LONGS.getVolatile(state, TOKENS_INDEX);
            final long room = capacity - sumCells(CREDIT_OFFSET);
            final long updated = Math.max(current, Math.min(room, current + credit));
            if (updated == current || LONGS.compareAndSet(state, TOKENS_INDEX, current, updated))
            {
                return;
            }
        }
    }

    private int cellIndex()
    {
        return FIRST_CELL_INDEX + ((int)Thread.currentThread().threadId() & cellMask) * CELL_LONGS;
    }

    private int cellEnd()
    {
        return FIRST_CELL_INDEX + (cellMask + 1) * CELL_LONGS;
    }

    private long sumCells(final int offset)
    {
        final long[] state = this.state;
        long sum = 0;
        for (int cell = FIRST_CELL_INDEX, end = cellEnd(); cell < end; cell += CELL_LONGS)
        {
            sum += (long)LONGS.getVolatile(state, cell + offset);
        }
        return sum;
    }

    /**
     * Takes {@code cost} from the cell's credit if it holds it (a compare-and-set that never goes below zero).
     */
    private static boolean spend(final long[] state, final int cell, final long cost)
    {
        final int index = cell + CREDIT_OFFSET;
        while (true)
        {
            final long credit = (long)LONGS.getVolatile(state, index);
            if (credit < cost)
            {
                return false;
            }
            if (LONGS.compareAndSet(state, index, credit, credit - cost))
            {
                return true;
            }
        }
    }

    /**
     * The cell is short: moves tokens from the global bucket into it (a lease while the bucket stays at least half
     * full after it, else only what the check needs) and spends; when the global bucket is short too, sweeps every
     * cell's credit and the global remainder into this cell and tries once more.
     */
    private boolean acquire(final long[] state, final int cell, final long cost)
    {
        final int creditIndex = cell + CREDIT_OFFSET;
        while (true)
        {
            final long need = cost - (long)LONGS.getVolatile(state, creditIndex);
            if (need <= 0)
            {
                if (spend(state, cell, cost))
                {
                    return true;
                }
                continue;
            }

            final long global = (long)LONGS.getVolatile(state, TOKENS_INDEX);
            if (global < need)
            {
                break;
            }
            final long take = leaseTokens > need && global - leaseTokens >= leaseFloor ? leaseTokens : need;
            if (LONGS.compareAndSet(state, TOKENS_INDEX, global, global - take))
            {
                LONGS.getAndAdd(state, creditIndex, take);
                if (spend(state, cell, cost))
                {
                    return true;
                }
            }
        }

        long gathered = 0;
        if ((long)LONGS.getVolatile(state, TOKENS_INDEX) > 0)
        {
            gathered += (long)LONGS.getAndSet(state, TOKENS_INDEX, 0L);
        }
        for (int other = FIRST_CELL_INDEX, end = cellEnd(); other < end; other += CELL_LONGS)
        {
            if (other != cell && (long)LONGS.getVolatile(state, other + CREDIT_OFFSET) > 0)
            {
                gathered += (long)LONGS.getAndSet(state, other + CREDIT_OFFSET, 0L);
            }
        }
        if (gathered > 0)
        {
            LONGS.getAndAdd(state, creditIndex, gathered);
        }
        return spend(state, cell, cost);
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
        private long decreaseHoldOffNs = DEFAULT_DECREASE_HOLD_OFF_NS;
        private long recoveryIntervalNs;
        private long[] venueRateLimitErrorCodes = new long[0];
        private long leaseTokens = -1;
        private NanoClock clock = SystemNanoClock.INSTANCE;
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
         * The venue error codes that mean "over the rate limit" ({@link #isVenueRateLimitError(long)}); none by
         * default (adapters know their venue's: Deribit's is 10028).
         *
         * @param codes the codes.
         * @return this.
         */
        public Builder venueRateLimitErrorCodes(final long... codes)
        {
            this.venueRateLimitErrorCodes = codes.clone();
            return this;
        }

        /**
         * After a rate decrease, further venue rate-limit errors within this time drain the bucket but do not
         * lower the rate again (they answer requests sent before the first error came back).
         *
         * @param holdOffNs nanoseconds, 0 to 1 hour; default {@link #DEFAULT_DECREASE_HOLD_OFF_NS}.
         * @return this.
         */
        public Builder decreaseHoldOffNs(final long holdOffNs)
        {
            this.decreaseHoldOffNs = holdOffNs;
            return this;
        }

        /**
         * The quiet time (no venue rate-limit error) that gives back {@code 1/}{@link #RATE_RECOVERY_STEPS} of the
         * configured rate.
         *
         * @param recoveryIntervalNs nanoseconds, > 0; by default the time the configured rate takes to fill the
         *                           bucket, at least {@link #MIN_DEFAULT_RECOVERY_INTERVAL_NS}.
         * @return this.
         */
        public Builder recoveryIntervalNs(final long recoveryIntervalNs)
        {
            this.recoveryIntervalNs = recoveryIntervalNs;
            return this;
        }

        /**
         * The tokens a thread takes from the shared bucket at once when its cell runs short, so that threads sharing
         * the limiter do not write one cache line on every check (see the class comment). Leases are taken only
         * while the bucket stays at least half full after them; a lease no larger than a check's cost is not taken.
         *
         * @param leaseTokens tokens, 0 (no leases: every check spends from the shared bucket) to capacity; by
         *                    default {@link #DEFAULT_LEASE_COSTS} times the largest cost, at most capacity / (8 x
         *                    the number of cells).
         * @return this.
         */
        public Builder leaseTokens(final long leaseTokens)
        {
            this.leaseTokens = leaseTokens;
            return this;
        }

        /**
         * The clock {@link TokenBucketRateLimiter#check(Operation)} reads and the bucket starts its first interval
         * on (default {@link SystemNanoClock}). Give the connection runtime's clock (or a test's fake clock): the
         * engine passes times of its runtime's clock to the methods that take {@code nowNs}, and the two must agree.
         *
         * @param clock the monotonic clock.
         * @return this.
         */
        public Builder clock(final NanoClock clock)
        {
            if (clock == null)
            {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /**
         * Validates the settings and builds a limiter on the {@link #clock(NanoClock) clock}.
         *
         * @return a new limiter, full.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public TokenBucketRateLimiter build()
        {
            return new TokenBucketRateLimiter(this, clock);
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
            if (refillIntervalNs > Long.MAX_VALUE / RATE_SCALE)
            {
                throw new IllegalArgumentException("refillIntervalNs must be <= " + Long.MAX_VALUE / RATE_SCALE +
                    " (the adapted rate stretches it up to " + RATE_FLOOR_DIVISOR + " times): " + refillIntervalNs);
            }
            if (decreaseHoldOffNs < 0 || decreaseHoldOffNs > 3_600_000_000_000L)
            {
                throw new IllegalArgumentException("decreaseHoldOffNs must be in [0, 1 h]: " + decreaseHoldOffNs);
            }
            if (recoveryIntervalNs < 0)
            {
                throw new IllegalArgumentException("recoveryIntervalNs must be > 0 (0 for the default): " +
                    recoveryIntervalNs);
            }
            if (QUEUE != shortfallOutcome && REJECT != shortfallOutcome && WAIT != shortfallOutcome)
            {
                throw new IllegalArgumentException("whenShort must be QUEUE, REJECT or WAIT: " + shortfallOutcome);
            }
            if (leaseTokens < -1 || leaseTokens > capacity)
            {
                throw new IllegalArgumentException("leaseTokens must be in [0, capacity " + capacity + "]: " +
                    leaseTokens);
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
