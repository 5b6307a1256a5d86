package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

/**
 * A derivatives ticker: last, mark and index prices, open interest, the current funding rate and the next funding
 * time. Every field may be absent: a value the message did not carry is {@code null} ({@link Decimal#isNull()}),
 * the funding time {@link MarketEvent#NO_TIMESTAMP}. Bybit's linear deltas omit unchanged fields: the adapter
 * keeps one instance per instrument and {@link #reset()} only on a snapshot, so the event holds the latest value
 * of each field. Pooled (see {@link MarketEvent}).
 * <p>
 * Open interest is in the instrument's {@link QuantityUnit}; the funding rate is a fraction per funding interval
 * ({@code 0.0001} is 1 bp), as the venues send it.
 */
public final class DerivativesTicker extends MarketEvent
{
    private final Decimal lastPrice = new Decimal().setNull();
    private final Decimal markPrice = new Decimal().setNull();
    private final Decimal indexPrice = new Decimal().setNull();
    private final Decimal openInterest = new Decimal().setNull();
    private final Decimal fundingRate = new Decimal().setNull();
    private long nextFundingTimeNs = NO_TIMESTAMP;

    /**
     * Creates an empty ticker, to be pooled by an adapter.
     */
    public DerivativesTicker()
    {
    }

    /**
     * Clears every field to absent.
     *
     * @return this.
     */
    public DerivativesTicker reset()
    {
        lastPrice.setNull();
        markPrice.setNull();
        indexPrice.setNull();
        openInterest.setNull();
        fundingRate.setNull();
        nextFundingTimeNs = NO_TIMESTAMP;
        return this;
    }

    /**
     * The last trade price.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal lastPrice()
    {
        return lastPrice;
    }

    /**
     * The mark price.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal markPrice()
    {
        return markPrice;
    }

    /**
     * The index price.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal indexPrice()
    {
        return indexPrice;
    }

    /**
     * The open interest.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal openInterest()
    {
        return openInterest;
    }

    /**
     * The current funding rate.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal fundingRate()
    {
        return fundingRate;
    }

    /**
     * The next funding time.
     *
     * @return ns since the epoch, or {@link MarketEvent#NO_TIMESTAMP} when absent.
     */
    public long nextFundingTimeNs()
    {
        return nextFundingTimeNs;
    }

    /**
     * Sets the next funding time.
     *
     * @param nextFundingTimeNs ns since the epoch, or {@link MarketEvent#NO_TIMESTAMP}.
     */
    public void nextFundingTimeNs(final long nextFundingTimeNs)
    {
        this.nextFundingTimeNs = nextFundingTimeNs;
    }
}
