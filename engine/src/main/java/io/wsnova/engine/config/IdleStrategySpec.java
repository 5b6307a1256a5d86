package io.wsnova.engine.config;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Objects;

/**
 * A named Agrona {@link IdleStrategy} with its parameters: the value of {@link Option#READER_IDLE_STRATEGY} (a
 * {@code SPIN} reader) and {@link Option#HANDLER_IDLE_STRATEGY} (a {@code QUEUED} pipeline's handler thread).
 * <p>
 * An immutable description, not an instance: the engine calls {@link #newIdleStrategy()} once per connection, so
 * one value can serve every connection. The factories do not check their parameters; an invalid spec fails the
 * connect with {@code INVALID_OPTIONS} naming the option, like every other invalid option.
 */
public final class IdleStrategySpec
{
    /** The kinds of strategy, each one Agrona class. */
    public enum Kind
    {
        /** {@link BusySpinIdleStrategy}: {@code Thread.onSpinWait()} when idle; lowest latency, holds a core. */
        BUSY_SPIN,
        /** {@link NoOpIdleStrategy}: returns at once; holds a core, no spin hint. */
        NO_OP,
        /** {@link YieldingIdleStrategy}: {@code Thread.yield()} when idle. */
        YIELDING,
        /** {@link BackoffIdleStrategy}: spins, then yields, then parks for a period that doubles up to a cap. */
        BACKOFF,
        /** {@link SleepingIdleStrategy}: parks for a fixed period when idle. */
        PARK
    }

    /** Agrona's default number of spins of a backoff strategy. */
    public static final long DEFAULT_MAX_SPINS = BackoffIdleStrategy.DEFAULT_MAX_SPINS;
    /** Agrona's default number of yields of a backoff strategy. */
    public static final long DEFAULT_MAX_YIELDS = BackoffIdleStrategy.DEFAULT_MAX_YIELDS;
    /** Agrona's default first park period of a backoff strategy. */
    public static final long DEFAULT_MIN_PARK_PERIOD_NS = BackoffIdleStrategy.DEFAULT_MIN_PARK_PERIOD_NS;
    /** Agrona's default longest park period of a backoff strategy. */
    public static final long DEFAULT_MAX_PARK_PERIOD_NS = BackoffIdleStrategy.DEFAULT_MAX_PARK_PERIOD_NS;

    /** Busy spin. */
    public static final IdleStrategySpec BUSY_SPIN = new IdleStrategySpec(Kind.BUSY_SPIN, 0, 0, 0, 0);
    /** No-op. */
    public static final IdleStrategySpec NO_OP = new IdleStrategySpec(Kind.NO_OP, 0, 0, 0, 0);
    /** Yield. */
    public static final IdleStrategySpec YIELDING = new IdleStrategySpec(Kind.YIELDING, 0, 0, 0, 0);
    /** Backoff with Agrona's defaults: 10 spins, 5 yields, parks from 1 µs doubling up to 1 ms. */
    public static final IdleStrategySpec BACKOFF = new IdleStrategySpec(Kind.BACKOFF,
        DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_PERIOD_NS, DEFAULT_MAX_PARK_PERIOD_NS);
    /**
     * The default of a {@code QUEUED} pipeline's handler thread: 100 spins, 20 yields, then parks from 1 µs doubling
     * up to 50 µs (the engine's reader also unparks it on every message it publishes while the handler parks, so
     * the park length bounds idle wake-ups, not latency). CPU cost: a busy handler never idles; an idle one wakes
     * every 50 µs or more (Linux's 50 µs timer slack rounds short parks up): measured 9.6% of a core per idle
     * handler on a loaded 2-CPU machine (6,200 wake-ups a second) against 1.75% with Agrona's 1 ms cap. With many
     * idle {@code QUEUED} connections, a longer cap ({@code backoff(100, 20, 1000, 1000000)}) costs no latency
     * here, because the reader wakes the handler.
     */
    public static final IdleStrategySpec HANDLER_BACKOFF = new IdleStrategySpec(Kind.BACKOFF,
        100, 20, 1_000, 50_000);

    private final Kind kind;
    private final long maxSpins;
    private final long maxYields;
    private final long minParkPeriodNs;
    private final long maxParkPeriodNs;

    private IdleStrategySpec(
        final Kind kind, final long maxSpins, final long maxYields, final long minParkPeriodNs,
        final long maxParkPeriodNs)
    {
        this.kind = kind;
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkPeriodNs = minParkPeriodNs;
        this.maxParkPeriodNs = maxParkPeriodNs;
    }

    /**
     * A backoff strategy with parameters of your own.
     *
     * @param maxSpins        spins before yielding, >= 0.
     * @param maxYields       yields before parking, >= 0.
     * @param minParkPeriodNs first park period, >= 1.
     * @param maxParkPeriodNs longest park period, >= minParkPeriodNs.
     * @return the spec (checked at connect).
     */
    public static IdleStrategySpec backoff(
        final long maxSpins, final long maxYields, final long minParkPeriodNs, final long maxParkPeriodNs)
    {
        return new IdleStrategySpec(Kind.BACKOFF, maxSpins, maxYields, minParkPeriodNs, maxParkPeriodNs);
    }

    /**
     * A strategy that parks for a fixed period whenever a cycle did no work.
     *
     * @param parkPeriodNs the period, >= 1.
     * @return the spec (checked at connect).
     */
    public static IdleStrategySpec park(final long parkPeriodNs)
    {
        return new IdleStrategySpec(Kind.PARK, 0, 0, parkPeriodNs, parkPeriodNs);
    }

    /**
     * The kind of strategy.
     *
     * @return the kind.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * Spins before yielding ({@link Kind#BACKOFF} only, else 0).
     *
     * @return the count.
     */
    public long maxSpins()
    {
        return maxSpins;
    }

    /**
     * Yields before parking ({@link Kind#BACKOFF} only, else 0).
     *
     * @return the count.
     */
    public long maxYields()
    {
        return maxYields;
    }

    /**
     * First park period ({@link Kind#BACKOFF}), or the fixed one ({@link Kind#PARK}); else 0.
     *
     * @return nanoseconds.
     */
    public long minParkPeriodNs()
    {
        return minParkPeriodNs;
    }

    /**
     * Longest park period ({@link Kind#BACKOFF}), or the fixed one ({@link Kind#PARK}); else 0.
     *
     * @return nanoseconds.
     */
    public long maxParkPeriodNs()
    {
        return maxParkPeriodNs;
    }

    /**
     * A new strategy instance (a backoff strategy has state: one per thread). Called once per connection by the
     * engine, after validation.
     *
     * @return the strategy.
     */
    public IdleStrategy newIdleStrategy()
    {
        return switch (kind)
        {
            case BUSY_SPIN -> new BusySpinIdleStrategy();
            case NO_OP -> new NoOpIdleStrategy();
            case YIELDING -> new YieldingIdleStrategy();
            case BACKOFF -> new BackoffIdleStrategy(maxSpins, maxYields, minParkPeriodNs, maxParkPeriodNs);
            case PARK -> new SleepingIdleStrategy(minParkPeriodNs);
        };
    }

    /**
     * What is wrong with the parameters: the validation rule of the idle strategy options.
     *
     * @return null if valid, else the problem (without the option name).
     */
    String problem()
    {
        if (kind == Kind.BACKOFF)
        {
            if (maxSpins < 0 || maxYields < 0)
            {
                return "backoff spins and yields must be >= 0, was " + this;
            }
            if (minParkPeriodNs < 1 || maxParkPeriodNs < minParkPeriodNs)
            {
                return "backoff park periods must be 1 <= min <= max, was " + this;
            }
        }
        else if (kind == Kind.PARK && minParkPeriodNs < 1)
        {
            return "park period must be >= 1 ns, was " + this;
        }
        return null;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof IdleStrategySpec that && kind == that.kind && maxSpins == that.maxSpins &&
            maxYields == that.maxYields && minParkPeriodNs == that.minParkPeriodNs &&
            maxParkPeriodNs == that.maxParkPeriodNs;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(kind, maxSpins, maxYields, minParkPeriodNs, maxParkPeriodNs);
    }

    /**
     * The name and parameters, as the option tables print them: {@code BUSY_SPIN}, {@code PARK(1000)},
     * {@code BACKOFF(10, 5, 1000, 1000000)} (spins, yields, min and max park ns).
     *
     * @return the text.
     */
    @Override
    public String toString()
    {
        return switch (kind)
        {
            case BACKOFF -> "BACKOFF(" + maxSpins + ", " + maxYields + ", " + minParkPeriodNs + ", " +
                maxParkPeriodNs + ")";
            case PARK -> "PARK(" + minParkPeriodNs + ")";
            default -> kind.name();
        };
    }
}
