package io.wsnova.adapters.okx.it;

import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.BookPrint;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.market.TradeId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records what the OKX adapter delivers: every printed book (whole, canonical as the mock writes it), trade ids,
 * statuses, the last derivatives ticker per instrument.
 */
final class OkxRecorder implements MarketListener
{
    record PrintedBook(String instId, long seqId, String book)
    {
    }

    record Status(String instId, FeedState state, FeedReason reason, long expected, long received)
    {
    }

    record Ticker(String last, String mark, String openInterest, String fundingRate, long nextFundingTimeNs)
    {
    }

    volatile OkxAdapter adapter;
    final ConcurrentLinkedQueue<PrintedBook> books = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Status> statuses = new ConcurrentLinkedQueue<>();
    final Map<String, List<Long>> trades = new ConcurrentHashMap<>();
    final Map<String, Long> lastSeqIds = new ConcurrentHashMap<>();
    final Map<String, Ticker> tickers = new ConcurrentHashMap<>();
    final AtomicLong tops = new AtomicLong();

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        final String instId = symbol(update);
        books.add(new PrintedBook(instId, update.lastSequence(), BookPrint.canonical(book)));
        lastSeqIds.put(instId, update.lastSequence());
    }

    @Override
    public void onTrade(final Trade trade)
    {
        final TradeId id = trade.tradeId();
        trades.computeIfAbsent(symbol(trade), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(id.numeric());
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        tops.incrementAndGet();
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        tickers.put(symbol(ticker), new Ticker(ticker.lastPrice().toString(), ticker.markPrice().toString(),
            ticker.openInterest().toString(), ticker.fundingRate().toString(), ticker.nextFundingTimeNs()));
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        statuses.add(new Status(status.instrumentId() == MarketEvent.NO_INSTRUMENT ? null : symbol(status),
            status.state(), status.reason(), status.expectedSequence(), status.receivedSequence()));
    }

    long lastSeqId(final String instId)
    {
        return lastSeqIds.getOrDefault(instId, Long.MIN_VALUE);
    }

    List<Long> trades(final String instId)
    {
        final List<Long> ids = trades.get(instId);
        if (ids == null)
        {
            return List.of();
        }
        synchronized (ids)
        {
            return new ArrayList<>(ids);
        }
    }

    long count(final String instId, final FeedState state, final FeedReason reason)
    {
        return statuses.stream().filter(s -> (instId == null || instId.equals(s.instId())) && s.state() == state &&
            (reason == null || s.reason() == reason)).count();
    }


    private String symbol(final MarketEvent event)
    {
        return adapter.symbol(event.instrumentId());
    }
}
