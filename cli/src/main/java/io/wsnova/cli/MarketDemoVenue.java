package io.wsnova.cli;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shared part of a {@code ./nova demo --venues} venue on the normalized market model (Binance, Bybit, OKX,
 * Coinbase): the connection to the venue's mock, the view (top of book and last trade per instrument, written by
 * the message thread into primitive fields without allocation and read once a second by the demo thread), and the
 * recovery watch. A fault either cuts the connection ({@code faultReconnects}: recovered once reconnected with every
 * subscription restored and {@code booksToResync} books resynced) or breaks a book's sequence (recovered once
 * {@code booksToResync} books are resynced and every subscription is live again).
 */
abstract class MarketDemoVenue implements DemoVenue, MarketListener, ConnectionListener
{
    private final String name;
    private final List<String> instruments;
    private final boolean faultReconnects;
    private final int booksToResync;
    private final String resyncHow;
    private final PrintStream out;
    private final double[] bidPrice;
    private final double[] bidSize;
    private final double[] askPrice;
    private final double[] askSize;
    private final double[] tradePrice;
    private final double[] tradeSize;
    private final boolean[] tradeBuy;
    private final int[] slotByInstrument = new int[64];
    private Connection connection;
    private int subscriptions;
    private volatile long messages;
    private volatile long faultAtNs;
    private volatile long reconnectedAfterNs;
    private volatile long resyncedAfterNs;
    private volatile int resyncsSinceFault;
    private volatile boolean closing;

    MarketDemoVenue(final String name, final List<String> instruments, final PrintStream out,
        final boolean faultReconnects, final int booksToResync, final String resyncHow)
    {
        this.name = name;
        this.instruments = instruments;
        this.out = out;
        this.faultReconnects = faultReconnects;
        this.booksToResync = booksToResync;
        this.resyncHow = resyncHow;
        bidPrice = new double[instruments.size()];
        bidSize = new double[instruments.size()];
        askPrice = new double[instruments.size()];
        askSize = new double[instruments.size()];
        tradePrice = new double[instruments.size()];
        tradeSize = new double[instruments.size()];
        tradeBuy = new boolean[instruments.size()];
        Arrays.fill(slotByInstrument, -1);
    }

    /** The venue's symbol of an instrument id its adapter reported (null if unknown). */
    abstract String symbol(int instrumentId);

    /** Injects the venue's fault (its time is already taken) and says what it was. */
    abstract String fault();

    /** The adapter's counters that tell the recovery's story, for the summary. */
    abstract String counters();

    /** Stops the mock exchange (after the connection closed). */
    abstract void closeExchange();

    /** Connects the adapter (delivering to this venue) to the mock's URL and subscribes every channel, bounded. */
    final void connect(final Adapter adapter, final String url, final List<String> channels) throws Exception
    {
        connection = Nova.connect(adapter, NovaOptions.builder().url(url).retryAttempts(-1)
            .logLevel(LoggingHandler.Level.WARN).set(Option.RECONNECT_BASE_DELAY_MS, 50L)
            .set(Option.STAGE_TIMING_SAMPLE, 1).listeners(List.of(this)).build())
            .get(MultiVenueDemo.START_TIMEOUT_S, TimeUnit.SECONDS);
        final List<CompletableFuture<Subscription>> subscribes = new ArrayList<>();
        for (final String channel : channels)
        {
            subscribes.add(connection.subscribe(channel, null));
        }
        CompletableFuture.allOf(subscribes.toArray(new CompletableFuture<?>[0]))
            .get(MultiVenueDemo.START_TIMEOUT_S, TimeUnit.SECONDS);
        subscriptions = connection.activeSubscriptions().size();
    }

    /** The publish interval (ms, at least 1) of a mock sending {@code messagesPerStep} a step, for the rate. */
    static long intervalMs(final int rate, final int messagesPerStep)
    {
        return Math.max(1L, 1_000L * messagesPerStep / rate);
    }

    @Override
    public final String name()
    {
        return name;
    }

    @Override
    public final Connection connection()
    {
        return connection;
    }

    @Override
    public final long messages()
    {
        return messages;
    }

    private int slot(final int instrumentId)
    {
        if (instrumentId < 0 || instrumentId >= slotByInstrument.length)
        {
            return -1;
        }
        int slot = slotByInstrument[instrumentId];
        if (slot == -1)
        {
            slot = instruments.indexOf(symbol(instrumentId)); // once per instrument
            slotByInstrument[instrumentId] = slot < 0 ? -2 : slot;
        }
        return slot < 0 ? -1 : slot;
    }

    @Override
    public final void onBook(final BookUpdate update, final OrderBook book)
    {
        messages++;
        final int i = slot(book.instrumentId());
        if (i >= 0 && book.bids().depth() > 0 && book.asks().depth() > 0)
        {
            bidPrice[i] = book.bids().price(0).toDouble();
            bidSize[i] = book.bids().size(0).toDouble();
            askPrice[i] = book.asks().price(0).toDouble();
            askSize[i] = book.asks().size(0).toDouble();
        }
    }

    @Override
    public final void onTrade(final Trade trade)
    {
        messages++;
        final int i = slot(trade.instrumentId());
        if (i >= 0)
        {
            tradePrice[i] = trade.price().toDouble();
            tradeSize[i] = trade.size().toDouble();
            tradeBuy[i] = trade.aggressor() == Side.BUY;
        }
    }

    @Override
    public final void onStatus(final FeedStatus status)
    {
        final long faultNs = faultAtNs;
        if (faultNs == 0 || closing)
        {
            return;
        }
        if (status.state() == FeedState.RESYNC_DONE && ++resyncsSinceFault == booksToResync)
        {
            resyncedAfterNs = Math.max(1, System.nanoTime() - faultNs);
            out.printf("  >>> [%s] %s resynced %s%s%n", name, booksToResync == 1 ? "book" : "books", resyncHow,
                status.reason() == FeedReason.NONE ? "" : " (" + status.reason().name().toLowerCase(Locale.ROOT) +
                ")");
        }
        else if (status.state() != FeedState.RESYNC_DONE && status.state() != FeedState.RESYNC_STARTED)
        {
            out.printf("  <<< [%s] %s: %s%s%s%n", name, status.state().name().toLowerCase(Locale.ROOT),
                status.reason().name().toLowerCase(Locale.ROOT),
                status.instrumentId() < 0 ? "" : " " + symbol(status.instrumentId()),
                status.receivedSequence() == BookUpdate.NO_SEQUENCE ? "" : " (expected " +
                status.expectedSequence() + ", received " + status.receivedSequence() + ")");
        }
    }

    @Override
    public final void appendInstruments(final StringBuilder text)
    {
        for (int i = 0; i < instruments.size(); i++)
        {
            text.append(String.format(Locale.ROOT,
                "       %-14s bid %10.2f x %-8.3f ask %10.2f x %-8.3f last trade %-4s %.3f @ %.2f%n",
                instruments.get(i), bidPrice[i], bidSize[i], askPrice[i], askSize[i],
                tradePrice[i] == 0 ? "-" : tradeBuy[i] ? "buy" : "sell", tradeSize[i], tradePrice[i]));
        }
    }

    @Override
    public final String injectFault()
    {
        faultAtNs = System.nanoTime();
        return fault();
    }

    @Override
    public final boolean recovered()
    {
        return (!faultReconnects || reconnectedAfterNs > 0) && resyncedAfterNs > 0 &&
            connection.activeSubscriptions().size() == subscriptions;
    }

    @Override
    public final String recovery()
    {
        if (!recovered())
        {
            return "not recovered: " + connection.status() + ", " + connection.activeSubscriptions().size() + " of " +
                subscriptions + " subscriptions, " + resyncsSinceFault + " of " + booksToResync + " books resynced";
        }
        return (faultReconnects ? String.format(Locale.ROOT, "reconnected with %d streams restored in %.1f ms, ",
            subscriptions, reconnectedAfterNs / 1e6) : "") +
            String.format(Locale.ROOT, "%s resynced in %.1f ms; %s", booksToResync == 1 ? "book" : "books",
            resyncedAfterNs / 1e6, counters());
    }

    @Override
    public final void onReconnected(final Connection connection)
    {
        final long faultNs = faultAtNs;
        reconnectedAfterNs = faultNs == 0 ? 0 : Math.max(1, System.nanoTime() - faultNs);
        out.printf("  >>> [%s] reconnected (same connection id %d): %d streams restored%n", name, connection.id(),
            connection.activeSubscriptions().size());
    }

    @Override
    public final void close()
    {
        closing = true;
        if (connection != null)
        {
            MultiVenueDemo.close(connection);
        }
        closeExchange();
    }
}
