package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

/**
 * A trade: price, size, the aggressor's side and the venue's trade id. Pooled (see {@link MarketEvent}).
 * <p>
 * Size is in the instrument's {@link QuantityUnit} as the venue sent it (Binance {@code q}, Bybit {@code v}, OKX
 * {@code sz}, Coinbase {@code size}, Deribit {@code amount}).
 */
public final class Trade extends MarketEvent
{
    private final Decimal price = new Decimal();
    private final Decimal size = new Decimal();
    private final TradeId tradeId = new TradeId();
    private Side aggressor = Side.UNKNOWN;

    /**
     * Creates an empty trade, to be pooled by an adapter.
     */
    public Trade()
    {
    }

    /**
     * The price, exact: set it with {@link Decimal#set(Decimal)} or the codec's {@code readDecimal}.
     *
     * @return the pooled price.
     */
    public Decimal price()
    {
        return price;
    }

    /**
     * The size, exact.
     *
     * @return the pooled size.
     */
    public Decimal size()
    {
        return size;
    }

    /**
     * The venue's trade id.
     *
     * @return the pooled id.
     */
    public TradeId tradeId()
    {
        return tradeId;
    }

    /**
     * The aggressor's side.
     *
     * @return {@link Side#BUY}, {@link Side#SELL} or {@link Side#UNKNOWN}.
     */
    public Side aggressor()
    {
        return aggressor;
    }

    /**
     * Sets the aggressor's side.
     *
     * @param aggressor the side.
     */
    public void aggressor(final Side aggressor)
    {
        this.aggressor = aggressor;
    }

    @Override
    public String toString()
    {
        return "Trade{instrument=" + instrumentId() + ", price=" + price + ", size=" + size + ", aggressor=" +
            aggressor + ", tradeId=" + tradeId + ", exchangeTsNs=" + exchangeTimestampNs() + '}';
    }
}
