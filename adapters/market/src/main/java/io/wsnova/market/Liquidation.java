package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

/**
 * A liquidation the venue published (Binance {@code forceOrder}, Bybit {@code allLiquidation}, OKX
 * {@code liquidation-orders}, Deribit trades with {@code liquidation}). {@link #side()} is the side of the
 * liquidation order, as Binance's {@code S} and OKX's {@code side}: a liquidated long is a {@link Side#SELL}. Bybit
 * publishes the position's side instead ({@code Buy} = a long was liquidated), which the adapter inverts. Pooled
 * (see {@link MarketEvent}).
 */
public final class Liquidation extends MarketEvent
{
    private final Decimal price = new Decimal();
    private final Decimal size = new Decimal();
    private Side side = Side.UNKNOWN;

    /**
     * Creates an empty liquidation, to be pooled by an adapter.
     */
    public Liquidation()
    {
    }

    /**
     * The price.
     *
     * @return the pooled value.
     */
    public Decimal price()
    {
        return price;
    }

    /**
     * The size, in the instrument's {@link QuantityUnit}.
     *
     * @return the pooled value.
     */
    public Decimal size()
    {
        return size;
    }

    /**
     * The side of the liquidation order.
     *
     * @return the side.
     */
    public Side side()
    {
        return side;
    }

    /**
     * Sets the side of the liquidation order.
     *
     * @param side the side.
     */
    public void side(final Side side)
    {
        this.side = side;
    }
}
