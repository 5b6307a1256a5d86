package io.wsnova.cli;

import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.mock.okx.MockOkxExchange;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OKX in {@code ./nova demo --venues}: the OKX v5 public mock on loopback, {@code books} and {@code trades} of
 * BTC-USDT and BTC-USDT-SWAP, and a bad checksum as the fault: the mock sends one BTC-USDT book update whose CRC32
 * does not match the book ({@code badChecksumNext}); the adapter reports the mismatch, marks the book stale and
 * resubscribes the channel, whose fresh snapshot makes the book live again. Recovered when that book is resynced
 * and every channel is live.
 */
final class OkxDemoVenue extends MarketDemoVenue
{
    static final List<String> INSTRUMENTS = List.of("BTC-USDT", "BTC-USDT-SWAP");
    private static final String FAULT_INSTRUMENT = INSTRUMENTS.get(0);
    private static final int MESSAGES_PER_STEP = INSTRUMENTS.size() * 2;

    private final int rate;
    private MockOkxExchange exchange;
    private OkxAdapter adapter;

    OkxDemoVenue(final int rate, final PrintStream out)
    {
        super("okx", INSTRUMENTS, out, false, 1, "by resubscribing its channel");
        this.rate = rate;
    }

    @Override
    public String start() throws Exception
    {
        exchange = MockOkxExchange.builder().instruments(INSTRUMENTS)
            .publishIntervalMs(intervalMs(rate, MESSAGES_PER_STEP)).build().start();
        adapter = OkxAdapter.builder().listener(this).build();
        final List<String> channels = new ArrayList<>();
        for (final String instrument : INSTRUMENTS)
        {
            channels.add(OkxAdapter.channel("books", instrument));
            channels.add(OkxAdapter.channel("trades", instrument));
        }
        connect(adapter, exchange.uri().toString(), channels);
        return "mock OKX exchange on " + exchange.uri() + ", " + channels.size() + " channels (books, trades x " +
            String.join(", ", INSTRUMENTS) + ")";
    }

    @Override
    String symbol(final int instrumentId)
    {
        return adapter.symbol(instrumentId);
    }

    @Override
    String fault()
    {
        exchange.badChecksumNext(FAULT_INSTRUMENT);
        return "the exchange sends the next " + FAULT_INSTRUMENT + " book update with a wrong checksum";
    }

    @Override
    String counters()
    {
        return String.format(Locale.ROOT, "%d checksum mismatches, %d sequence gaps, %d resyncs started, %d done",
            adapter.counters().checksumMismatches(), adapter.counters().sequenceGaps(),
            adapter.counters().resyncsStarted(), adapter.counters().resyncsDone());
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
