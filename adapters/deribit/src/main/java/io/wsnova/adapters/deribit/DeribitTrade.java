package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

/**
 * A pooled, reusable trade from a {@code trades.{instrument}.{interval}} (or {@code trades.{kind}.{currency}.
 * {interval}}) notification, whose {@code data} is an array: the adapter delivers each element in order through
 * {@link DeribitMarketListener#onTrade}, with {@link #indexInMessage()} and {@link #tradesInMessage()} telling
 * where it sits in the batch. Prices and amounts are exact {@link Decimal}s (use {@link Decimal#toDouble()} for
 * a double); a field the venue did not send (e.g. {@code iv} outside options) is a null {@code Decimal}.
 * <p>
 * Ownership: written by the connection's message thread; valid during the callback only, then reused. Copy what
 * must outlive it.
 */
public final class DeribitTrade
{
    /** {@link #tickDirection()} when the venue did not send one. */
    public static final int TICK_DIRECTION_NONE = -1;
    /** Tick direction: a plus tick. */
    public static final int TICK_DIRECTION_PLUS = 0;
    /** Tick direction: a zero-plus tick. */
    public static final int TICK_DIRECTION_ZERO_PLUS = 1;
    /** Tick direction: a minus tick. */
    public static final int TICK_DIRECTION_MINUS = 2;
    /** Tick direction: a zero-minus tick. */
    public static final int TICK_DIRECTION_ZERO_MINUS = 3;

    final StringBuilder tradeId = new StringBuilder(32);
    final StringBuilder instrumentName = new StringBuilder(64);
    final StringBuilder liquidation = new StringBuilder(4);
    final StringBuilder blockTradeId = new StringBuilder(32);
    final Decimal price = new Decimal();
    final Decimal amount = new Decimal();
    final Decimal indexPrice = new Decimal();
    final Decimal markPrice = new Decimal();
    final Decimal iv = new Decimal();
    long tradeSeq;
    long timestampMs;
    int tickDirection;
    DeribitDirection direction;
    int indexInMessage;
    int tradesInMessage;

    /**
     * Creates an empty trade.
     */
    public DeribitTrade()
    {
        reset();
    }

    /**
     * Clears every field; the decoder calls it before each fill.
     */
    public void reset()
    {
        tradeId.setLength(0);
        instrumentName.setLength(0);
        liquidation.setLength(0);
        blockTradeId.setLength(0);
        price.setNull();
        amount.setNull();
        indexPrice.setNull();
        markPrice.setNull();
        iv.setNull();
        tradeSeq = 0L;
        timestampMs = 0L;
        tickDirection = TICK_DIRECTION_NONE;
        direction = DeribitDirection.UNKNOWN;
        indexInMessage = 0;
        tradesInMessage = 0;
    }

    /**
     * The trade id (a string at Deribit, e.g. {@code 48079269} or {@code ETH-2696083}).
     *
     * @return a reused character holder.
     */
    public CharSequence tradeId()
    {
        return tradeId;
    }

    /**
     * The trade's sequence number within the instrument.
     *
     * @return {@code trade_seq}.
     */
    public long tradeSeq()
    {
        return tradeSeq;
    }

    /**
     * The instrument.
     *
     * @return e.g. {@code BTC-PERPETUAL}; a reused character holder.
     */
    public CharSequence instrumentName()
    {
        return instrumentName;
    }

    /**
     * The venue timestamp of the trade.
     *
     * @return milliseconds since the epoch.
     */
    public long timestampMs()
    {
        return timestampMs;
    }

    /**
     * The trade price.
     *
     * @return {@code price}.
     */
    public Decimal price()
    {
        return price;
    }

    /**
     * The trade amount (USD for perpetuals and inverse futures, contracts for options).
     *
     * @return {@code amount}.
     */
    public Decimal amount()
    {
        return amount;
    }

    /**
     * The taker's side.
     *
     * @return {@code direction}.
     */
    public DeribitDirection direction()
    {
        return direction;
    }

    /**
     * The index price at the trade.
     *
     * @return {@code index_price}.
     */
    public Decimal indexPrice()
    {
        return indexPrice;
    }

    /**
     * The mark price at the trade.
     *
     * @return {@code mark_price}.
     */
    public Decimal markPrice()
    {
        return markPrice;
    }

    /**
     * The implied volatility (options only).
     *
     * @return {@code iv}, null when absent.
     */
    public Decimal iv()
    {
        return iv;
    }

    /**
     * The tick direction.
     *
     * @return {@link #TICK_DIRECTION_PLUS} to {@link #TICK_DIRECTION_ZERO_MINUS}, or {@link #TICK_DIRECTION_NONE}.
     */
    public int tickDirection()
    {
        return tickDirection;
    }

    /**
     * Whether the trade was a liquidation.
     *
     * @return true when {@code liquidation} was present.
     */
    public boolean isLiquidation()
    {
        return liquidation.length() > 0;
    }

    /**
     * Who was liquidated: {@code M} (maker), {@code T} (taker) or {@code MT} (both).
     *
     * @return the {@code liquidation} field, empty when absent; a reused character holder.
     */
    public CharSequence liquidation()
    {
        return liquidation;
    }

    /**
     * The block trade id, for block trades.
     *
     * @return {@code block_trade_id}, empty when absent; a reused character holder.
     */
    public CharSequence blockTradeId()
    {
        return blockTradeId;
    }

    /**
     * Where this trade sits in its notification's array.
     *
     * @return 0 for the first.
     */
    public int indexInMessage()
    {
        return indexInMessage;
    }

    /**
     * How many trades the notification carried.
     *
     * @return the array's length (the last trade has {@code indexInMessage() == tradesInMessage() - 1}).
     */
    public int tradesInMessage()
    {
        return tradesInMessage;
    }

    /**
     * All fields, for logs and tests. Allocates: not for the hot path.
     *
     * @return a description.
     */
    @Override
    public String toString()
    {
        return "DeribitTrade{" +
            "tradeId=" + tradeId +
            ", tradeSeq=" + tradeSeq +
            ", instrumentName=" + instrumentName +
            ", timestampMs=" + timestampMs +
            ", direction=" + direction +
            ", price=" + price +
            ", amount=" + amount +
            ", indexPrice=" + indexPrice +
            ", markPrice=" + markPrice +
            ", tickDirection=" + tickDirection +
            (iv.isNull() ? "" : ", iv=" + iv) +
            (liquidation.length() == 0 ? "" : ", liquidation=" + liquidation) +
            (blockTradeId.length() == 0 ? "" : ", blockTradeId=" + blockTradeId) +
            ", " + indexInMessage + "/" + tradesInMessage +
            '}';
    }
}
