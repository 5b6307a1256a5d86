package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

import java.util.List;

/**
 * An order as Deribit returns it from {@code private/buy}, {@code private/sell} ({@code result.order}, with the
 * fills of {@code result.trades}) and {@code private/cancel} ({@code result}). Immutable; a control-plane object
 * (parsed once per response by {@link DeribitOrderParser}). The decimal accessors return copies.
 */
public final class DeribitOrder
{
    /**
     * Deribit order states ({@code order_state}).
     */
    public enum State
    {
        /** A value not listed here. */
        UNKNOWN,
        /** {@code open}. */
        OPEN,
        /** {@code filled}. */
        FILLED,
        /** {@code rejected}. */
        REJECTED,
        /** {@code cancelled}. */
        CANCELLED,
        /** {@code untriggered}. */
        UNTRIGGERED
    }

    /**
     * One fill of the order ({@code result.trades[i]} of a buy or sell).
     *
     * @param tradeId     {@code trade_id}.
     * @param tradeSeq    {@code trade_seq}.
     * @param timestampMs {@code timestamp}, milliseconds since the epoch.
     * @param price       {@code price} as sent, e.g. {@code 203.3}.
     * @param amount      {@code amount} as sent.
     * @param fee         {@code fee} as sent, or null.
     * @param feeCurrency {@code fee_currency}, or null.
     * @param liquidity   {@code liquidity}: {@code M} (maker) or {@code T} (taker), or null.
     */
    public record Fill(String tradeId, long tradeSeq, long timestampMs, String price, String amount, String fee,
        String feeCurrency, String liquidity)
    {
    }

    private final String orderId;
    private final String instrumentName;
    private final State state;
    private final DeribitDirection direction;
    private final String orderType;
    private final String timeInForce;
    private final String label;
    private final Decimal price;
    private final Decimal amount;
    private final Decimal filledAmount;
    private final Decimal averagePrice;
    private final boolean postOnly;
    private final boolean reduceOnly;
    private final long creationTimestampMs;
    private final long lastUpdateTimestampMs;
    private final List<Fill> fills;

    DeribitOrder(final DeribitOrderParser parsed)
    {
        this.orderId = parsed.orderId;
        this.instrumentName = parsed.instrumentName;
        this.state = parsed.state;
        this.direction = parsed.direction;
        this.orderType = parsed.orderType;
        this.timeInForce = parsed.timeInForce;
        this.label = parsed.label;
        this.price = new Decimal().set(parsed.price);
        this.amount = new Decimal().set(parsed.amount);
        this.filledAmount = new Decimal().set(parsed.filledAmount);
        this.averagePrice = new Decimal().set(parsed.averagePrice);
        this.postOnly = parsed.postOnly;
        this.reduceOnly = parsed.reduceOnly;
        this.creationTimestampMs = parsed.creationTimestampMs;
        this.lastUpdateTimestampMs = parsed.lastUpdateTimestampMs;
        this.fills = List.copyOf(parsed.fills);
    }

    /**
     * The order id.
     *
     * @return e.g. {@code ETH-584849853}.
     */
    public String orderId()
    {
        return orderId;
    }

    /**
     * The instrument.
     *
     * @return e.g. {@code ETH-PERPETUAL}.
     */
    public String instrumentName()
    {
        return instrumentName;
    }

    /**
     * The order state.
     *
     * @return {@code order_state}.
     */
    public State state()
    {
        return state;
    }

    /**
     * The side.
     *
     * @return {@code direction}.
     */
    public DeribitDirection direction()
    {
        return direction;
    }

    /**
     * The order type as sent.
     *
     * @return e.g. {@code limit}, {@code market}, or null.
     */
    public String orderType()
    {
        return orderType;
    }

    /**
     * The time in force as sent.
     *
     * @return e.g. {@code good_til_cancelled}, or null.
     */
    public String timeInForce()
    {
        return timeInForce;
    }

    /**
     * The label the order was placed with.
     *
     * @return the label, or null (Deribit sends an empty string for none).
     */
    public String label()
    {
        return label;
    }

    /**
     * The order price.
     *
     * @return a copy; null (a null {@code Decimal}) when the venue sent a text such as {@code market_price}.
     */
    public Decimal price()
    {
        return new Decimal().set(price);
    }

    /**
     * The order amount.
     *
     * @return a copy.
     */
    public Decimal amount()
    {
        return new Decimal().set(amount);
    }

    /**
     * The amount filled so far.
     *
     * @return a copy.
     */
    public Decimal filledAmount()
    {
        return new Decimal().set(filledAmount);
    }

    /**
     * The average fill price.
     *
     * @return a copy; a null {@code Decimal} when absent.
     */
    public Decimal averagePrice()
    {
        return new Decimal().set(averagePrice);
    }

    /**
     * Whether the order is post-only.
     *
     * @return {@code post_only}.
     */
    public boolean isPostOnly()
    {
        return postOnly;
    }

    /**
     * Whether the order is reduce-only.
     *
     * @return {@code reduce_only}.
     */
    public boolean isReduceOnly()
    {
        return reduceOnly;
    }

    /**
     * When the order was created.
     *
     * @return {@code creation_timestamp}, milliseconds since the epoch.
     */
    public long creationTimestampMs()
    {
        return creationTimestampMs;
    }

    /**
     * When the order last changed.
     *
     * @return {@code last_update_timestamp}, milliseconds since the epoch.
     */
    public long lastUpdateTimestampMs()
    {
        return lastUpdateTimestampMs;
    }

    /**
     * The fills the request produced (buy and sell; empty for cancel).
     *
     * @return an immutable list.
     */
    public List<Fill> fills()
    {
        return fills;
    }

    @Override
    public String toString()
    {
        return "DeribitOrder{" + orderId + " " + instrumentName + " " + direction + " " + orderType + " " + amount +
            " @ " + price + ", state=" + state + ", filled=" + filledAmount +
            (averagePrice.isNull() ? "" : ", averagePrice=" + averagePrice) +
            (label == null ? "" : ", label=" + label) + (postOnly ? ", postOnly" : "") +
            (reduceOnly ? ", reduceOnly" : "") + ", fills=" + fills.size() + "}";
    }
}
