package io.wsnova.ab;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.market.TradeId;

/**
 * Deep copies of the pooled market events into pooled instances of the arbiter (header, values, levels, the trade
 * id's bytes): allocation-free except when a book message holds more levels than the destination ever did.
 */
final class AbCopy
{
    private AbCopy()
    {
    }

    static void copy(final BookUpdate src, final BookUpdate dst)
    {
        dst.header(src.venueId(), src.instrumentId(), src.exchangeTimestampNs(), src.receiveTimeNs());
        dst.reset(src.isSnapshot()).sequences(src.firstSequence(), src.lastSequence(), src.previousSequence());
        for (int i = 0, n = src.levelCount(); i < n; i++)
        {
            if (src.isDelete(i))
            {
                dst.addDelete(src.side(i), src.price(i));
            }
            else
            {
                dst.addLevel(src.side(i), src.price(i), src.size(i));
            }
        }
    }

    static void copy(final Trade src, final Trade dst)
    {
        dst.header(src.venueId(), src.instrumentId(), src.exchangeTimestampNs(), src.receiveTimeNs());
        dst.price().set(src.price());
        dst.size().set(src.size());
        dst.aggressor(src.aggressor());
        final TradeId id = src.tradeId();
        dst.tradeId().set(id.bytes(), 0, id.length());
    }

    static void copy(final TopOfBook src, final TopOfBook dst)
    {
        dst.header(src.venueId(), src.instrumentId(), src.exchangeTimestampNs(), src.receiveTimeNs());
        dst.bidPrice().set(src.bidPrice());
        dst.bidSize().set(src.bidSize());
        dst.askPrice().set(src.askPrice());
        dst.askSize().set(src.askSize());
        dst.sequence(src.sequence());
    }

    static void copy(final DerivativesTicker src, final DerivativesTicker dst)
    {
        dst.header(src.venueId(), src.instrumentId(), src.exchangeTimestampNs(), src.receiveTimeNs());
        dst.lastPrice().set(src.lastPrice());
        dst.markPrice().set(src.markPrice());
        dst.indexPrice().set(src.indexPrice());
        dst.openInterest().set(src.openInterest());
        dst.fundingRate().set(src.fundingRate());
        dst.nextFundingTimeNs(src.nextFundingTimeNs());
    }

    static void copy(final Liquidation src, final Liquidation dst)
    {
        dst.header(src.venueId(), src.instrumentId(), src.exchangeTimestampNs(), src.receiveTimeNs());
        dst.price().set(src.price());
        dst.size().set(src.size());
        dst.side(src.side());
    }

    static void copy(final FeedStatus src, final FeedStatus dst)
    {
        dst.header(src.venueId(), src.instrumentId(), src.exchangeTimestampNs(), src.receiveTimeNs());
        dst.set(src.state(), src.reason()).sequences(src.expectedSequence(), src.receivedSequence())
            .counters(src.occurrences(), src.attempt());
    }
}
