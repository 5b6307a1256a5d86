package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitBookResync;
import io.wsnova.adapters.deribit.DeribitDirection;
import io.wsnova.adapters.deribit.DeribitMarketListener;
import io.wsnova.adapters.deribit.DeribitOrderBook;
import io.wsnova.adapters.deribit.DeribitTicker;
import io.wsnova.adapters.deribit.DeribitTrade;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.telemetry.LatencyStats;

import java.util.List;
import java.util.Locale;

/**
 * The demo's market state: counts and per-instrument top of book and last trade, written by the message thread
 * without allocation (primitive fields; a reader may see one instrument's fields from two updates, which a display
 * tolerates), rendered once a second by the demo thread.
 */
final class DemoView implements DeribitMarketListener
{
    private final List<String> instruments;
    private final double[] bidPrice;
    private final double[] bidAmount;
    private final double[] askPrice;
    private final double[] askAmount;
    private final double[] tradePrice;
    private final double[] tradeAmount;
    private final boolean[] tradeBuy;
    private volatile long tickers;
    private volatile long books;
    private volatile long trades;
    private volatile long resyncs;

    DemoView(final List<String> instruments)
    {
        this.instruments = instruments;
        final int n = instruments.size();
        bidPrice = new double[n];
        bidAmount = new double[n];
        askPrice = new double[n];
        askAmount = new double[n];
        tradePrice = new double[n];
        tradeAmount = new double[n];
        tradeBuy = new boolean[n];
    }

    private int index(final CharSequence instrument)
    {
        for (int i = 0; i < instruments.size(); i++)
        {
            if (instruments.get(i).contentEquals(instrument))
            {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void onTicker(final DeribitTicker ticker)
    {
        tickers++;
    }

    @Override
    public void onBook(final DeribitOrderBook book)
    {
        books++;
        final int i = index(book.instrumentName());
        if (i >= 0)
        {
            bidPrice[i] = book.bestBidPrice();
            bidAmount[i] = book.bestBidAmount();
            askPrice[i] = book.bestAskPrice();
            askAmount[i] = book.bestAskAmount();
        }
    }

    @Override
    public void onTrade(final DeribitTrade trade)
    {
        trades++;
        final int i = index(trade.instrumentName());
        if (i >= 0)
        {
            tradePrice[i] = trade.price().toDouble();
            tradeAmount[i] = trade.amount().toDouble();
            tradeBuy[i] = trade.direction() == DeribitDirection.BUY;
        }
    }

    @Override
    public void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
    {
        resyncs++;
    }

    long messages()
    {
        return tickers + books + trades;
    }

    long tickers()
    {
        return tickers;
    }

    long books()
    {
        return books;
    }

    long trades()
    {
        return trades;
    }

    long resyncs()
    {
        return resyncs;
    }

    String render(final int second, final long messagesThisSecond, final LatencyStats latency,
        final ConnectionStatus status)
    {
        final StringBuilder text = new StringBuilder(512);
        text.append(String.format(Locale.ROOT,
            "[%3ds] %,7d msg/s  %-10s socket->handler p50 %s  p99 %s  p99.9 %s  (n=%,d)%n",
            second, messagesThisSecond, status, micros(latency.p50Ns()), micros(latency.p99Ns()),
            micros(latency.p999Ns()), latency.count()));
        return instrumentLines(text).toString();
    }

    /**
     * One line per instrument: top of book and last trade.
     *
     * @param text where the lines go.
     * @return {@code text}.
     */
    StringBuilder instrumentLines(final StringBuilder text)
    {
        for (int i = 0; i < instruments.size(); i++)
        {
            text.append(String.format(Locale.ROOT,
                "       %-14s bid %10.2f x %-8.0f ask %10.2f x %-8.0f last trade %-4s %.0f @ %.2f%n",
                instruments.get(i), bidPrice[i], bidAmount[i], askPrice[i], askAmount[i],
                tradePrice[i] == 0 ? "-" : tradeBuy[i] ? "buy" : "sell", tradeAmount[i], tradePrice[i]));
        }
        return text;
    }

    static String micros(final long nanos)
    {
        return nanos == 0 ? "-" : String.format(Locale.ROOT, "%.1f us", nanos / 1000.0);
    }
}
