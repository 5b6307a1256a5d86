package io.wsnova.adapters.deribit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Deribit decoders of one {@link DeribitAdapter} (all its connections) did with numbers that are valid
 * JSON but unusual, so that nothing is lost silently (see {@code docs/NUMBERS.md}):
 * <ul>
 *   <li>{@link #inexactValues()}: numbers delivered inexact (a {@link io.wsnova.codec.json.Decimal} whose
 *   {@code isExact()} is false: rounded value, exact text kept), in every channel;</li>
 *   <li>{@link #skippedTrades()}: elements of a {@code trades.*} array that were malformed (a value of the wrong
 *   type, a non-integral {@code trade_seq}...) and skipped alone, every valid trade beside them delivered.</li>
 * </ul>
 * Written by the connections' message threads only when such a value occurs (never on the common path); read from
 * any thread.
 */
public final class DeribitNumberCounters
{
    private final AtomicLong inexactValues = new AtomicLong();
    private final AtomicLong skippedTrades = new AtomicLong();

    /**
     * Creates zeroed counters.
     */
    public DeribitNumberCounters()
    {
    }

    /**
     * Numbers delivered inexact.
     *
     * @return the count; any thread.
     */
    public long inexactValues()
    {
        return inexactValues.get();
    }

    /**
     * Malformed trades skipped, each alone.
     *
     * @return the count; any thread.
     */
    public long skippedTrades()
    {
        return skippedTrades.get();
    }

    void addInexactValues(final long count)
    {
        inexactValues.addAndGet(count);
    }

    void addSkippedTrades(final long count)
    {
        skippedTrades.addAndGet(count);
    }

    @Override
    public String toString()
    {
        return "DeribitNumberCounters{inexactValues=" + inexactValues() + ", skippedTrades=" + skippedTrades() + "}";
    }
}
