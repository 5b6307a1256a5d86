package io.wsnova.ab;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.Liquidation;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.market.TradeId;

/**
 * The keys the arbiter recognises a copy by (the same event from the other leg): a trade's id, a top of book's
 * venue sequence, else 64-bit FNV-style hashes of an event's content. Allocation-free.
 */
final class AbKeys
{
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;

    private AbKeys()
    {
    }

    static long top(final TopOfBook top)
    {
        final long sequence = top.sequence();
        if (sequence != BookUpdate.NO_SEQUENCE)
        {
            return sequence;
        }
        return mix(mix(mix(mix(mix(FNV_OFFSET, top.exchangeTimestampNs()), hash(top.bidPrice())),
            hash(top.bidSize())), hash(top.askPrice())), hash(top.askSize()));
    }

    static long ticker(final DerivativesTicker ticker)
    {
        return mix(mix(mix(mix(mix(mix(mix(FNV_OFFSET ^ 0x7L, ticker.exchangeTimestampNs()),
            hash(ticker.lastPrice())), hash(ticker.markPrice())), hash(ticker.indexPrice())),
            hash(ticker.openInterest())), hash(ticker.fundingRate())), ticker.nextFundingTimeNs());
    }

    static long liquidation(final Liquidation liquidation)
    {
        return mix(mix(mix(mix(FNV_OFFSET ^ 0x11L, liquidation.exchangeTimestampNs()),
            hash(liquidation.price())), hash(liquidation.size())), liquidation.side().ordinal());
    }

    static long content(final BookUpdate update)
    {
        long h = mix(FNV_OFFSET, update.exchangeTimestampNs());
        for (int i = 0, n = update.levelCount(); i < n; i++)
        {
            h = mix(mix(mix(h, update.side(i).ordinal()), hash(update.price(i))), hash(update.size(i)));
        }
        return h;
    }

    static long trade(final Trade trade)
    {
        final TradeId id = trade.tradeId();
        final long numeric = id.numeric();
        if (numeric != TradeId.NOT_NUMERIC)
        {
            return numeric;
        }
        if (id.length() == 0)
        {
            return mix(mix(mix(mix(FNV_OFFSET ^ 0x3L, trade.exchangeTimestampNs()), hash(trade.price())),
                hash(trade.size())), trade.aggressor().ordinal());
        }
        long h = FNV_OFFSET;
        final byte[] bytes = id.bytes();
        for (int i = 0, n = id.length(); i < n; i++)
        {
            h = (h ^ (bytes[i] & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    private static long hash(final Decimal value)
    {
        return value == null || value.isNull() ? 0x5bd1e995L : value.hashCode();
    }

    private static long mix(final long h, final long value)
    {
        long x = (h ^ value) * FNV_PRIME;
        x ^= x >>> 29;
        return x;
    }
}
