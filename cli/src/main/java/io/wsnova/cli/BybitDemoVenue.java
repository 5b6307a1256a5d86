package io.wsnova.cli;

import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.adapters.bybit.BybitCategory;
import io.wsnova.mock.bybit.MockBybitExchange;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bybit linear in {@code ./nova demo --venues}: the Bybit v5 mock on loopback, {@code orderbook.50} and
 * {@code publicTrade} of BTCUSDT and ETHUSDT, and a sequence gap as the fault: the mock drops one BTCUSDT delta
 * ({@code dropNextDelta}); the adapter sees {@code u} skip, marks the book stale and resubscribes the topic, whose
 * fresh snapshot makes the book live again. Recovered when that book is resynced and every topic is live.
 */
final class BybitDemoVenue extends MarketDemoVenue
{
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final String GAP_SYMBOL = SYMBOLS.get(0);
    private static final int MESSAGES_PER_STEP = SYMBOLS.size() * 2;

    private final int rate;
    private MockBybitExchange exchange;
    private BybitAdapter adapter;

    BybitDemoVenue(final int rate, final PrintStream out)
    {
        super("bybit", SYMBOLS, out, false, 1, "by resubscribing its topic");
        this.rate = rate;
    }

    @Override
    public String start() throws Exception
    {
        exchange = MockBybitExchange.builder().symbols(SYMBOLS)
            .publishIntervalMs(intervalMs(rate, MESSAGES_PER_STEP)).build().start();
        adapter = BybitAdapter.builder().category(BybitCategory.LINEAR).listener(this).build();
        final List<String> channels = new ArrayList<>();
        for (final String symbol : SYMBOLS)
        {
            channels.add("orderbook.50." + symbol);
            channels.add("publicTrade." + symbol);
        }
        connect(adapter, exchange.uri().toString(), channels);
        return "mock Bybit exchange on " + exchange.uri() + ", " + channels.size() + " topics (orderbook.50, " +
            "publicTrade x " + String.join(", ", SYMBOLS) + ")";
    }

    @Override
    String symbol(final int instrumentId)
    {
        return adapter.symbol(instrumentId);
    }

    @Override
    String fault()
    {
        exchange.dropNextDelta(GAP_SYMBOL);
        return "the exchange drops the next " + GAP_SYMBOL + " book delta (a sequence gap)";
    }

    @Override
    String counters()
    {
        return String.format(Locale.ROOT, "%d book gaps, %d resyncs started, %d done, %d deltas dropped while " +
            "resyncing", adapter.counters().bookGaps(), adapter.counters().resyncsStarted(),
            adapter.counters().resyncsDone(), adapter.counters().deltasBeforeSnapshot());
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
