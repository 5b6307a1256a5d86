package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

/**
 * The best bid and ask as the venue publishes them (Binance {@code bookTicker}, OKX {@code bbo-tbt}, Deribit
 * {@code quote.*}), not derived from a book. A side the venue left empty is {@code null}
 * ({@link Decimal#isNull()}). Pooled (see {@link MarketEvent}).
 */
public final class TopOfBook extends MarketEvent
{
    private final Decimal bidPrice = new Decimal().setNull();
    private final Decimal bidSize = new Decimal().setNull();
    private final Decimal askPrice = new Decimal().setNull();
    private final Decimal askSize = new Decimal().setNull();
    private long sequence = BookUpdate.NO_SEQUENCE;

    /**
     * Creates an empty top of book, to be pooled by an adapter.
     */
    public TopOfBook()
    {
    }

    /**
     * Clears every value to {@code null} and the sequence to none.
     *
     * @return this.
     */
    public TopOfBook reset()
    {
        bidPrice.setNull();
        bidSize.setNull();
        askPrice.setNull();
        askSize.setNull();
        sequence = BookUpdate.NO_SEQUENCE;
        return this;
    }

    /**
     * The best bid price.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal bidPrice()
    {
        return bidPrice;
    }

    /**
     * The size at the best bid.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal bidSize()
    {
        return bidSize;
    }

    /**
     * The best ask price.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal askPrice()
    {
        return askPrice;
    }

    /**
     * The size at the best ask.
     *
     * @return the pooled value, {@code null} when absent.
     */
    public Decimal askSize()
    {
        return askSize;
    }

    /**
     * The venue's update id (Binance {@code u}), if any.
     *
     * @return the id, or {@link BookUpdate#NO_SEQUENCE}.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * Sets the venue's update id.
     *
     * @param sequence the id, or {@link BookUpdate#NO_SEQUENCE}.
     */
    public void sequence(final long sequence)
    {
        this.sequence = sequence;
    }
}
