package io.wsnova.adapters.bybit.it;

import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.Trade;
import io.wsnova.mock.bybit.MockBybitExchange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records what the adapter delivers: every printed book (symbol, the venue's sequence generation as told by
 * {@code SEQUENCE_RESET} statuses, {@code u}, the whole book in the mock's canonical text), every trade id per
 * symbol, statuses and the last ticker per symbol. Thread-safe (message and event threads).
 */
final class BybitRecorder implements MarketListener
{
    /** One printed book. */
    record PrintedBook(String symbol, int generation, long u, String book)
    {
    }

    /** One status. */
    record Status(FeedState state, FeedReason reason, String symbol, long expected, long received)
    {
    }

    final ConcurrentLinkedQueue<PrintedBook> books = new ConcurrentLinkedQueue<>();
    final Map<String, List<String>> trades = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Status> statuses = new ConcurrentLinkedQueue<>();
    final Map<String, Map<String, String>> tickers = new ConcurrentHashMap<>();
    final Map<String, Integer> generations = new ConcurrentHashMap<>();
    final Map<String, Long> lastU = new ConcurrentHashMap<>();
    volatile BybitAdapter adapter;

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        final String symbol = adapter.symbol(book.instrumentId());
        books.add(new PrintedBook(symbol, generations.getOrDefault(symbol, 0), book.lastSequence(), canonical(book)));
        lastU.put(symbol, book.lastSequence());
    }

    @Override
    public void onTrade(final Trade trade)
    {
        trades.computeIfAbsent(adapter.symbol(trade.instrumentId()), s -> new ArrayList<>())
            .add(trade.tradeId().toString() + " " + trade.aggressor());
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        final Map<String, String> values = new ConcurrentHashMap<>();
        values.put("lastPrice", plain(ticker.lastPrice()));
        values.put("markPrice", plain(ticker.markPrice()));
        values.put("indexPrice", plain(ticker.indexPrice()));
        values.put("openInterest", plain(ticker.openInterest()));
        values.put("fundingRate", plain(ticker.fundingRate()));
        values.put("nextFundingTime", Long.toString(ticker.nextFundingTimeNs() / 1_000_000L));
        tickers.put(adapter.symbol(ticker.instrumentId()), values);
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        final String symbol = status.instrumentId() < 0 ? null : adapter.symbol(status.instrumentId());
        if (symbol != null && status.state() == FeedState.RESYNC_DONE && status.reason() == FeedReason.SEQUENCE_RESET)
        {
            generations.merge(symbol, 1, Integer::sum);
        }
        statuses.add(new Status(status.state(), status.reason(), symbol, status.expectedSequence(),
            status.receivedSequence()));
    }

    List<String> tradeIds(final String symbol)
    {
        final List<String> ids = new ArrayList<>();
        for (final String trade : trades.getOrDefault(symbol, List.of()))
        {
            ids.add(trade.substring(0, trade.indexOf(' ')));
        }
        return ids;
    }

    int tradeCount(final String symbol)
    {
        final List<String> list = trades.get(symbol);
        return list == null ? 0 : list.size();
    }

    long count(final FeedState state)
    {
        return statuses.stream().filter(s -> s.state() == state).count();
    }

    long count(final FeedState state, final FeedReason reason)
    {
        return statuses.stream().filter(s -> s.state() == state && s.reason() == reason).count();
    }

    long lastU(final String symbol)
    {
        return lastU.getOrDefault(symbol, -1L);
    }

    static String canonical(final OrderBook book)
    {
        return MockBybitExchange.canonicalBook(levels(book.bids()), levels(book.asks()));
    }

    private static List<String[]> levels(final PriceLevels side)
    {
        final List<String[]> levels = new ArrayList<>();
        for (int i = 0; i < side.depth(); i++)
        {
            levels.add(new String[] {plain(side.price(i)), plain(side.size(i))});
        }
        return levels;
    }

    static String plain(final Decimal value)
    {
        return value.isNull() ? "null" : new BigDecimal(value.toString()).toPlainString();
    }
}
