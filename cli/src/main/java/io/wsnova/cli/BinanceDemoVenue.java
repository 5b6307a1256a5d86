package io.wsnova.cli;

import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.mock.binance.MockBinanceExchange;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binance spot in {@code ./nova demo --venues}: the Binance mock (WebSocket and REST depth on loopback), diff depth
 * synced to the REST snapshot and trades of BTCUSDT and ETHUSDT, and Binance's own fault: {@code serverShutdown}
 * then a close 200 ms later (the 24 h cut). Recovered when the connection is back with its streams and every book
 * has been resynced after the fault.
 */
final class BinanceDemoVenue extends MarketDemoVenue
{
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final long SHUTDOWN_GRACE_MS = 200L;
    private static final int MESSAGES_PER_STEP = SYMBOLS.size() * 2;

    private final int rate;
    private MockBinanceExchange exchange;
    private BinanceAdapter adapter;

    BinanceDemoVenue(final int rate, final PrintStream out)
    {
        super("binance", SYMBOLS, out, true, SYMBOLS.size(), "to the REST snapshot");
        this.rate = rate;
    }

    @Override
    public String start() throws Exception
    {
        exchange = MockBinanceExchange.builder().symbols(SYMBOLS)
            .publishIntervalMs(intervalMs(rate, MESSAGES_PER_STEP)).build().start();
        adapter = BinanceAdapter.builder().listener(this).restUrl(exchange.restUrl()).snapshotBackoffMs(20, 500)
            .build();
        final List<String> channels = new ArrayList<>();
        for (final String symbol : SYMBOLS)
        {
            final String lower = symbol.toLowerCase(Locale.ROOT);
            channels.add(lower + "@depth@100ms");
            channels.add(lower + "@trade");
        }
        connect(adapter, exchange.uri().toString(), channels);
        return "mock Binance exchange on " + exchange.uri() + " (REST depth " + exchange.restUrl() + "), " +
            channels.size() + " streams (depth@100ms, trade x " + String.join(", ", SYMBOLS) + ")";
    }

    @Override
    String symbol(final int instrumentId)
    {
        return adapter.symbol(instrumentId);
    }

    @Override
    String fault()
    {
        exchange.serverShutdown(SHUTDOWN_GRACE_MS);
        return "serverShutdown, then the exchange closes the connection " + SHUTDOWN_GRACE_MS + " ms later";
    }

    @Override
    String counters()
    {
        return String.format(Locale.ROOT, "%d snapshots, %d duplicate and %d missed trades reported",
            adapter.counters().snapshotRequests(), adapter.counters().duplicateTrades(),
            adapter.counters().missedTrades());
    }

    @Override
    void closeExchange()
    {
        if (exchange != null)
        {
            exchange.close();
        }
    }
}
