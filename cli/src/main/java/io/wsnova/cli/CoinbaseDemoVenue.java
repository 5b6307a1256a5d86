package io.wsnova.cli;

import io.wsnova.adapters.coinbase.CoinbaseAdapter;
import io.wsnova.mock.coinbase.MockCoinbaseExchange;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Coinbase Advanced Trade in {@code ./nova demo --venues}: the Coinbase mock on loopback, {@code level2} and
 * {@code market_trades} of BTC-USD and ETH-USD (plus heartbeats), and a {@code sequence_num} gap as the fault: the
 * mock swallows the next messages of the connection ({@code dropNextMessages}); the adapter sees the connection-wide
 * gap, clears every book and resubscribes, the fresh snapshots make the books live again and the trade snapshot
 * delivers the trades the gap swallowed. Recovered when every book is resynced and every channel is live.
 */
final class CoinbaseDemoVenue extends MarketDemoVenue
{
    static final List<String> PRODUCTS = List.of("BTC-USD", "ETH-USD");
    private static final int DROPPED_MESSAGES = 3;
    private static final int MESSAGES_PER_STEP = PRODUCTS.size() * 2;

    private final int rate;
    private MockCoinbaseExchange exchange;
    private CoinbaseAdapter adapter;

    CoinbaseDemoVenue(final int rate, final PrintStream out)
    {
        super("coinbase", PRODUCTS, out, false, PRODUCTS.size(), "by resubscribing");
        this.rate = rate;
    }

    @Override
    public String start() throws Exception
    {
        exchange = MockCoinbaseExchange.builder().products(PRODUCTS)
            .publishIntervalMs(intervalMs(rate, MESSAGES_PER_STEP)).build().start();
        adapter = CoinbaseAdapter.builder().listener(this).build();
        final List<String> channels = new ArrayList<>();
        for (final String product : PRODUCTS)
        {
            channels.add("level2:" + product);
            channels.add("market_trades:" + product);
        }
        connect(adapter, exchange.uri().toString(), channels);
        return "mock Coinbase exchange on " + exchange.uri() + ", " + channels.size() + " channels (level2, " +
            "market_trades x " + String.join(", ", PRODUCTS) + ") and heartbeats";
    }

    @Override
    String symbol(final int instrumentId)
    {
        return adapter.symbol(instrumentId);
    }

    @Override
    String fault()
    {
        exchange.dropNextMessages(DROPPED_MESSAGES);
        return "the exchange swallows the next " + DROPPED_MESSAGES + " messages (a sequence_num gap)";
    }

    @Override
    String counters()
    {
        return String.format(Locale.ROOT, "%d sequence gaps, %d resyncs started, %d done, %d missed and %d " +
            "duplicate trades reported", adapter.counters().sequenceGaps(), adapter.counters().resyncsStarted(),
            adapter.counters().resyncsDone(), adapter.counters().missedTrades(), adapter.counters().duplicateTrades());
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
