package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

/**
 * A pooled, reusable Deribit {@code ticker.{instrument}.{interval}} notification. Filled by
 * {@link DeribitMessageDecoder}; all prices and amounts are exact {@link Decimal}s, a field the venue sent as
 * {@code null} (e.g. {@code last_price} before the first trade) or did not send is a null {@code Decimal}.
 * <p>
 * Ownership: written by the reader thread; its content is valid until the next decode into it (or until the
 * consumer returns a pooled instance). Accessors return the live mutable fields: copy what must outlive that.
 * Option greeks and implied volatilities are not decoded (skipped).
 */
public final class DeribitTicker
{
    /** Instrument state: a value other than those below. */
    public static final int STATE_UNKNOWN = 0;
    /** Instrument state {@code open}. */
    public static final int STATE_OPEN = 1;
    /** Instrument state {@code closed}. */
    public static final int STATE_CLOSED = 2;

    final StringBuilder instrumentName = new StringBuilder(64);
    long timestampMs;
    int state;
    final Decimal bestBidPrice = new Decimal();
    final Decimal bestBidAmount = new Decimal();
    final Decimal bestAskPrice = new Decimal();
    final Decimal bestAskAmount = new Decimal();
    final Decimal lastPrice = new Decimal();
    final Decimal markPrice = new Decimal();
    final Decimal indexPrice = new Decimal();
    final Decimal estimatedDeliveryPrice = new Decimal();
    final Decimal settlementPrice = new Decimal();
    final Decimal maxPrice = new Decimal();
    final Decimal minPrice = new Decimal();
    final Decimal openInterest = new Decimal();
    final Decimal currentFunding = new Decimal();
    final Decimal funding8h = new Decimal();
    final Decimal interestValue = new Decimal();
    final Decimal statsHigh = new Decimal();
    final Decimal statsLow = new Decimal();
    final Decimal statsPriceChange = new Decimal();
    final Decimal statsVolume = new Decimal();
    final Decimal statsVolumeUsd = new Decimal();

    /**
     * Creates an empty ticker (all values null).
     */
    public DeribitTicker()
    {
        reset();
    }

    /**
     * Clears every field to null / 0 / {@link #STATE_UNKNOWN}; the decoder calls it before each fill.
     */
    public void reset()
    {
        instrumentName.setLength(0);
        timestampMs = 0L;
        state = STATE_UNKNOWN;
        bestBidPrice.setNull();
        bestBidAmount.setNull();
        bestAskPrice.setNull();
        bestAskAmount.setNull();
        lastPrice.setNull();
        markPrice.setNull();
        indexPrice.setNull();
        estimatedDeliveryPrice.setNull();
        settlementPrice.setNull();
        maxPrice.setNull();
        minPrice.setNull();
        openInterest.setNull();
        currentFunding.setNull();
        funding8h.setNull();
        interestValue.setNull();
        statsHigh.setNull();
        statsLow.setNull();
        statsPriceChange.setNull();
        statsVolume.setNull();
        statsVolumeUsd.setNull();
    }

    /**
     * The instrument, e.g. {@code BTC-PERPETUAL}.
     *
     * @return a reused character holder.
     */
    public CharSequence instrumentName()
    {
        return instrumentName;
    }

    /**
     * The venue timestamp of the ticker.
     *
     * @return milliseconds since the epoch.
     */
    public long timestampMs()
    {
        return timestampMs;
    }

    /**
     * The instrument state.
     *
     * @return {@link #STATE_OPEN}, {@link #STATE_CLOSED} or {@link #STATE_UNKNOWN}.
     */
    public int state()
    {
        return state;
    }

    /**
     * Best bid price.
     *
     * @return {@code best_bid_price}.
     */
    public Decimal bestBidPrice()
    {
        return bestBidPrice;
    }

    /**
     * Best bid amount (USD for perpetuals and inverse futures, contracts for options).
     *
     * @return {@code best_bid_amount}.
     */
    public Decimal bestBidAmount()
    {
        return bestBidAmount;
    }

    /**
     * Best ask price.
     *
     * @return {@code best_ask_price}.
     */
    public Decimal bestAskPrice()
    {
        return bestAskPrice;
    }

    /**
     * Best ask amount.
     *
     * @return {@code best_ask_amount}.
     */
    public Decimal bestAskAmount()
    {
        return bestAskAmount;
    }

    /**
     * Price of the last trade; null before the first trade.
     *
     * @return {@code last_price}.
     */
    public Decimal lastPrice()
    {
        return lastPrice;
    }

    /**
     * Mark price.
     *
     * @return {@code mark_price}.
     */
    public Decimal markPrice()
    {
        return markPrice;
    }

    /**
     * Index price.
     *
     * @return {@code index_price}.
     */
    public Decimal indexPrice()
    {
        return indexPrice;
    }

    /**
     * Estimated delivery price.
     *
     * @return {@code estimated_delivery_price}.
     */
    public Decimal estimatedDeliveryPrice()
    {
        return estimatedDeliveryPrice;
    }

    /**
     * Settlement price.
     *
     * @return {@code settlement_price}.
     */
    public Decimal settlementPrice()
    {
        return settlementPrice;
    }

    /**
     * Highest price a buy order may have now.
     *
     * @return {@code max_price}.
     */
    public Decimal maxPrice()
    {
        return maxPrice;
    }

    /**
     * Lowest price a sell order may have now.
     *
     * @return {@code min_price}.
     */
    public Decimal minPrice()
    {
        return minPrice;
    }

    /**
     * Open interest.
     *
     * @return {@code open_interest}.
     */
    public Decimal openInterest()
    {
        return openInterest;
    }

    /**
     * Current funding (perpetuals).
     *
     * @return {@code current_funding}.
     */
    public Decimal currentFunding()
    {
        return currentFunding;
    }

    /**
     * Funding over 8 hours (perpetuals).
     *
     * @return {@code funding_8h}.
     */
    public Decimal funding8h()
    {
        return funding8h;
    }

    /**
     * Interest value (perpetuals).
     *
     * @return {@code interest_value}.
     */
    public Decimal interestValue()
    {
        return interestValue;
    }

    /**
     * Highest price in the last 24 hours.
     *
     * @return {@code stats.high}.
     */
    public Decimal statsHigh()
    {
        return statsHigh;
    }

    /**
     * Lowest price in the last 24 hours.
     *
     * @return {@code stats.low}.
     */
    public Decimal statsLow()
    {
        return statsLow;
    }

    /**
     * 24-hour price change in percent.
     *
     * @return {@code stats.price_change}.
     */
    public Decimal statsPriceChange()
    {
        return statsPriceChange;
    }

    /**
     * 24-hour volume in the base currency.
     *
     * @return {@code stats.volume}.
     */
    public Decimal statsVolume()
    {
        return statsVolume;
    }

    /**
     * 24-hour volume in USD.
     *
     * @return {@code stats.volume_usd}.
     */
    public Decimal statsVolumeUsd()
    {
        return statsVolumeUsd;
    }

    /**
     * All fields, for logs and tests. Allocates: not for the hot path.
     *
     * @return a description.
     */
    @Override
    public String toString()
    {
        return "DeribitTicker{" +
            "instrumentName=" + instrumentName +
            ", timestampMs=" + timestampMs +
            ", state=" + state +
            ", bestBid=" + bestBidAmount + "@" + bestBidPrice +
            ", bestAsk=" + bestAskAmount + "@" + bestAskPrice +
            ", lastPrice=" + lastPrice +
            ", markPrice=" + markPrice +
            ", indexPrice=" + indexPrice +
            ", estimatedDeliveryPrice=" + estimatedDeliveryPrice +
            ", settlementPrice=" + settlementPrice +
            ", maxPrice=" + maxPrice +
            ", minPrice=" + minPrice +
            ", openInterest=" + openInterest +
            ", currentFunding=" + currentFunding +
            ", funding8h=" + funding8h +
            ", interestValue=" + interestValue +
            ", stats{high=" + statsHigh + ", low=" + statsLow + ", priceChange=" + statsPriceChange +
            ", volume=" + statsVolume + ", volumeUsd=" + statsVolumeUsd + "}" +
            '}';
    }
}
