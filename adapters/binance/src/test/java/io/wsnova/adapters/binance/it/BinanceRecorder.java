package io.wsnova.adapters.binance.it;

import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.mock.binance.MockBinanceExchange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records what the adapter delivers: every printed book (symbol, update id, the whole book in the mock's canonical
 * text), every trade id per symbol, statuses, tickers and liquidations. Thread-safe (message and event threads).
 */
final class BinanceRecorder implements MarketListener
{
    /** One printed book. */
    record PrintedBook(String symbol, long updateId, boolean snapshot, String book, long firstUpdateId)
    {
    }

    /** One status. */
    record Status(FeedState state, FeedReason reason, String symbol, long expected, long received)
    {
    }

    final ConcurrentLinkedQueue<PrintedBook> books = new ConcurrentLinkedQueue<>();
    final Map<String, List<Long>> trades = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Status> statuses = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> tickers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> liquidations = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> tops = new ConcurrentLinkedQueue<>();
    final Map<String, Long> lastBookUpdateId = new ConcurrentHashMap<>();
    volatile BinanceAdapter adapter;

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        final String symbol = adapter.symbol(book.instrumentId());
        books.add(new PrintedBook(symbol, book.lastSequence(), update.isSnapshot(), canonical(book),
            update.firstSequence()));
        lastBookUpdateId.put(symbol, book.lastSequence());
    }

    @Override
    public void onTrade(final Trade trade)
    {
        trades.computeIfAbsent(adapter.symbol(trade.instrumentId()), s -> new ArrayList<>())
            .add(trade.tradeId().numeric());
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        tops.add(adapter.symbol(top.instrumentId()) + " " + plain(top.bidPrice()) + " " + plain(top.askPrice()));
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        tickers.add(adapter.symbol(ticker.instrumentId()) + " mark=" + plain(ticker.markPrice()) + " index=" +
            plain(ticker.indexPrice()) + " funding=" + plain(ticker.fundingRate()) + " next=" +
            ticker.nextFundingTimeNs());
    }

    @Override
    public void onLiquidation(final Liquidation liquidation)
    {
        liquidations.add(adapter.symbol(liquidation.instrumentId()) + " " + liquidation.side() + " " +
            plain(liquidation.price()) + " " + plain(liquidation.size()));
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        statuses.add(new Status(status.state(), status.reason(),
            status.instrumentId() < 0 ? null : adapter.symbol(status.instrumentId()), status.expectedSequence(),
            status.receivedSequence()));
    }

    List<Long> trades(final String symbol)
    {
        final List<Long> ids = trades.get(symbol);
        return ids == null ? List.of() : new ArrayList<>(ids);
    }

    long count(final FeedState state)
    {
        return statuses.stream().filter(s -> s.state() == state).count();
    }

    long count(final FeedState state, final FeedReason reason)
    {
        return statuses.stream().filter(s -> s.state() == state && s.reason() == reason).count();
    }

    long lastBookUpdateId(final String symbol)
    {
        return lastBookUpdateId.getOrDefault(symbol, -1L);
    }

    static String canonical(final OrderBook book)
    {
        return MockBinanceExchange.canonicalBook(levels(book.bids()), levels(book.asks()));
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
        return value.isNull() ? "null" : new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }
}
