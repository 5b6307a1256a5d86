package io.wsnova.cli;

import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;
import io.wsnova.mock.binance.MockBinanceExchange;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Binance spot in {@code ./nova demo --venues}: the Binance mock (WebSocket and REST depth on loopback), diff depth
 * synced to the REST snapshot and trades of BTCUSDT and ETHUSDT, and Binance's own fault: {@code serverShutdown}
 * then a close 200 ms later (the 24 h cut). Recovered when the connection is back with its streams and every book
 * has been resynced after the fault. Counts and tops are written by the message thread (primitive fields, no
 * allocation) and read once a second by the demo thread.
 */
final class BinanceDemoVenue implements DemoVenue, MarketListener, ConnectionListener
{
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final long SHUTDOWN_GRACE_MS = 200L;
    private static final int MESSAGES_PER_STEP = SYMBOLS.size() * 2;

    private final int rate;
    private final PrintStream out;
    private final double[] bidPrice = new double[SYMBOLS.size()];
    private final double[] bidSize = new double[SYMBOLS.size()];
    private final double[] askPrice = new double[SYMBOLS.size()];
    private final double[] askSize = new double[SYMBOLS.size()];
    private final double[] tradePrice = new double[SYMBOLS.size()];
    private final double[] tradeSize = new double[SYMBOLS.size()];
    private final boolean[] tradeBuy = new boolean[SYMBOLS.size()];
    private final int[] slotByInstrument = new int[64];
    private MockBinanceExchange exchange;
    private BinanceAdapter adapter;
    private Connection connection;
    private volatile long messages;
    private volatile long faultAtNs;
    private volatile long reconnectedAfterNs;
    private volatile long resyncedAfterNs;
    private volatile int resyncsSinceFault;
    private volatile boolean closing;

    BinanceDemoVenue(final int rate, final PrintStream out)
    {
        this.rate = rate;
        this.out = out;
        java.util.Arrays.fill(slotByInstrument, -1);
    }

    @Override
    public String name()
    {
        return "binance";
    }

    @Override
    public String start() throws Exception
    {
        exchange = MockBinanceExchange.builder().symbols(SYMBOLS)
            .publishIntervalMs(Math.max(1L, 1_000L * MESSAGES_PER_STEP / rate)).build().start();
        adapter = BinanceAdapter.builder().listener(this).restUrl(exchange.restUrl()).snapshotBackoffMs(20, 500)
            .build();
        connection = Nova.connect(adapter, NovaOptions.builder().url(exchange.uri().toString()).retryAttempts(-1)
            .logLevel(LoggingHandler.Level.WARN).set(Option.RECONNECT_BASE_DELAY_MS, 50L)
            .set(Option.STAGE_TIMING_SAMPLE, 1).listeners(List.of(this)).build())
            .get(MultiVenueDemo.START_TIMEOUT_S, TimeUnit.SECONDS);
        final List<CompletableFuture<Subscription>> subscribes = new ArrayList<>();
        for (final String symbol : SYMBOLS)
        {
            final String lower = symbol.toLowerCase(Locale.ROOT);
            subscribes.add(connection.subscribe(lower + "@depth@100ms", null));
            subscribes.add(connection.subscribe(lower + "@trade", null));
        }
        CompletableFuture.allOf(subscribes.toArray(new CompletableFuture<?>[0]))
            .get(MultiVenueDemo.START_TIMEOUT_S, TimeUnit.SECONDS);
        return "mock Binance exchange on " + exchange.uri() + " (REST depth " + exchange.restUrl() + "), " +
            subscribes.size() + " streams (depth@100ms, trade x " + String.join(", ", SYMBOLS) + ")";
    }

    @Override
    public Connection connection()
    {
        return connection;
    }

    @Override
    public long messages()
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
            slot = SYMBOLS.indexOf(adapter.symbol(instrumentId)); // once per instrument
            slotByInstrument[instrumentId] = slot < 0 ? -2 : slot;
        }
        return slot < 0 ? -1 : slot;
    }

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
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
    public void onTrade(final Trade trade)
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
    public void onStatus(final FeedStatus status)
    {
        final long faultNs = faultAtNs;
        if (faultNs == 0 || closing)
        {
            return;
        }
        if (status.state() == FeedState.RESYNC_DONE && ++resyncsSinceFault == SYMBOLS.size())
        {
            resyncedAfterNs = Math.max(1, System.nanoTime() - faultNs);
            out.printf("  >>> [binance] books resynced to the REST snapshot (%s)%n",
                status.reason().name().toLowerCase(Locale.ROOT));
        }
        else if (status.state() != FeedState.RESYNC_DONE && status.state() != FeedState.RESYNC_STARTED)
        {
            out.printf("  <<< [binance] %s: %s%s%s%n", status.state().name().toLowerCase(Locale.ROOT),
                status.reason().name().toLowerCase(Locale.ROOT),
                status.instrumentId() < 0 ? "" : " " + adapter.symbol(status.instrumentId()),
                status.receivedSequence() == BookUpdate.NO_SEQUENCE ? "" : " (expected " +
                status.expectedSequence() + ", received " + status.receivedSequence() + ")");
        }
    }

    @Override
    public void appendInstruments(final StringBuilder text)
    {
        for (int i = 0; i < SYMBOLS.size(); i++)
        {
            text.append(String.format(Locale.ROOT,
                "       %-14s bid %10.2f x %-8.3f ask %10.2f x %-8.3f last trade %-4s %.3f @ %.2f%n",
                SYMBOLS.get(i), bidPrice[i], bidSize[i], askPrice[i], askSize[i],
                tradePrice[i] == 0 ? "-" : tradeBuy[i] ? "buy" : "sell", tradeSize[i], tradePrice[i]));
        }
    }

    @Override
    public String injectFault()
    {
        faultAtNs = System.nanoTime();
        exchange.serverShutdown(SHUTDOWN_GRACE_MS);
        return "serverShutdown, then the exchange closes the connection " + SHUTDOWN_GRACE_MS + " ms later";
    }

    @Override
    public boolean recovered()
    {
        return reconnectedAfterNs > 0 && resyncedAfterNs > 0 && connection.activeSubscriptions().size() ==
            SYMBOLS.size() * 2;
    }

    @Override
    public String recovery()
    {
        return recovered() ? String.format("reconnected with %d streams restored in %.1f ms, books resynced in " +
            "%.1f ms; %d snapshots, %d duplicate and %d missed trades reported",
            connection.activeSubscriptions().size(), reconnectedAfterNs / 1e6, resyncedAfterNs / 1e6,
            adapter.counters().snapshotRequests(), adapter.counters().duplicateTrades(),
            adapter.counters().missedTrades()) :
            "not recovered: " + connection.status() + ", " + connection.activeSubscriptions().size() + " streams, " +
            resyncsSinceFault + " books resynced";
    }

    @Override
    public void onReconnected(final Connection connection)
    {
        final long faultNs = faultAtNs;
        reconnectedAfterNs = faultNs == 0 ? 0 : Math.max(1, System.nanoTime() - faultNs);
        out.printf("  >>> [binance] reconnected (same connection id %d): %d streams restored%n", connection.id(),
            connection.activeSubscriptions().size());
    }

    @Override
    public void close()
    {
        closing = true;
        if (connection != null)
        {
            MultiVenueDemo.close(connection);
        }
        if (exchange != null)
        {
            exchange.close();
        }
    }
}
