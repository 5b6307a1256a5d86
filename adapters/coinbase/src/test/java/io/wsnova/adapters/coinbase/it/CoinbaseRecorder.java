package io.wsnova.adapters.coinbase.it;

import io.wsnova.adapters.coinbase.CoinbaseAdapter;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records what the adapter delivered: every printed book in the mock's canonical form with the connection ordinal
 * and {@code sequence_num} it came with, every trade id, tops of book and statuses. The connection ordinal moves
 * at each {@code DISCONNECTED} (the mock numbers its connections the same way: one at a time in these tests).
 */
final class CoinbaseRecorder implements MarketListener
{
    record PrintedBook(int connection, long sequence, String product, String book)
    {
    }

    record PrintedTrade(String product, long id, Side aggressor)
    {
    }

    record Status(FeedState state, FeedReason reason, String product, long expected, long received)
    {
    }

    volatile CoinbaseAdapter adapter;
    volatile int connection = 1;
    final Queue<PrintedBook> books = new ConcurrentLinkedQueue<>();
    final Queue<PrintedTrade> trades = new ConcurrentLinkedQueue<>();
    final Queue<Status> statuses = new ConcurrentLinkedQueue<>();
    final Queue<String> tops = new ConcurrentLinkedQueue<>();

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        books.add(new PrintedBook(connection, update.lastSequence(), adapter.symbol(update.instrumentId()),
            canonical(book)));
    }

    @Override
    public void onTrade(final Trade trade)
    {
        trades.add(new PrintedTrade(adapter.symbol(trade.instrumentId()), trade.tradeId().numeric(),
            trade.aggressor()));
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        tops.add(adapter.symbol(top.instrumentId()) + " " + top.bidPrice() + "/" + top.askPrice());
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        if (status.state() == FeedState.DISCONNECTED)
        {
            connection++;
        }
        statuses.add(new Status(status.state(), status.reason(),
            status.instrumentId() == MarketEvent.NO_INSTRUMENT ? null : adapter.symbol(status.instrumentId()),
            status.expectedSequence(), status.receivedSequence()));
    }

    long count(final FeedState state)
    {
        return statuses.stream().filter(status -> status.state() == state).count();
    }

    long count(final FeedState state, final FeedReason reason)
    {
        return statuses.stream().filter(status -> status.state() == state && status.reason() == reason).count();
    }

    List<Long> tradeIds(final String product)
    {
        final List<Long> ids = new ArrayList<>();
        for (final PrintedTrade trade : trades)
        {
            if (trade.product().equals(product))
            {
                ids.add(trade.id());
            }
        }
        return ids;
    }

    static String canonical(final OrderBook book)
    {
        return "b:" + levels(book.bids()) + "|a:" + levels(book.asks());
    }

    private static String levels(final PriceLevels levels)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < levels.depth(); i++)
        {
            text.append(normal(levels.price(i))).append('@').append(normal(levels.size(i))).append(',');
        }
        return text.toString();
    }

    private static String normal(final Decimal value)
    {
        final BigDecimal decimal = new BigDecimal(value.toString());
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
}
