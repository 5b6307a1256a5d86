package io.wsnova.adapters.binance.it;

import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.adapters.binance.BinanceFeed;
import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.mock.binance.MockBinanceExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Binance mock on loopback ports, the real adapter over the engine connected to it, a {@link BinanceRecorder},
 * and bounded waits that fail with the state instead of hanging.
 */
final class BinanceMockFixture implements AutoCloseable
{
    static final long WAIT_MS = 30_000L;
    static final String BTC = "BTCUSDT";
    static final String ETH = "ETHUSDT";

    final MockBinanceExchange exchange;
    final BinanceRecorder recorder = new BinanceRecorder();
    BinanceAdapter adapter;
    private final List<Connection> connections = new ArrayList<>();
    private final List<BinanceFeed> feeds = new ArrayList<>();

    private BinanceMockFixture(final MockBinanceExchange exchange)
    {
        this.exchange = exchange;
    }

    static BinanceMockFixture start(final MockBinanceExchange.Builder mock)
    {
        return new BinanceMockFixture(mock.build().start());
    }

    BinanceAdapter.Builder adapterBuilder(final BinanceMarket market)
    {
        return BinanceAdapter.builder().market(market).listener(recorder).restUrl(exchange.restUrl())
            .snapshotBackoffMs(20, 500);
    }

    NovaOptions.Builder options()
    {
        return NovaOptions.builder()
            .url(exchange.uri().toString())
            .logLevel(LoggingHandler.Level.WARN)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L);
    }

    Connection connect(final BinanceAdapter.Builder builder) throws Exception
    {
        return connect(builder, options());
    }

    Connection connect(final BinanceAdapter.Builder builder, final NovaOptions.Builder options) throws Exception
    {
        adapter = builder.build();
        recorder.adapter = adapter;
        final Connection connection = Nova.connect(adapter, options.build()).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        return connection;
    }

    /**
     * Starts a make-before-break feed over the adapter built from {@code builder}, with the fixture's options.
     */
    BinanceFeed startFeed(final BinanceAdapter.Builder builder, final NovaOptions.Builder options,
        final java.util.function.UnaryOperator<BinanceFeed.Builder> feedSettings) throws Exception
    {
        adapter = builder.build();
        recorder.adapter = adapter;
        final BinanceFeed feed = feedSettings.apply(BinanceFeed.builder(adapter).options(options.build())).build();
        feeds.add(feed);
        return feed.start().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    static void subscribe(final BinanceFeed feed, final String... streams) throws Exception
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (final String stream : streams)
        {
            futures.add(feed.subscribe(stream));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    static void subscribe(final Connection connection, final String... streams) throws Exception
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (final String stream : streams)
        {
            futures.add(connection.subscribe(stream, null));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Steps the market (a few events at a time, pausing so that the client reads meanwhile) until the condition
     * holds.
     */
    void stepUntil(final String what, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out after " + WAIT_MS + " ms waiting for: " + what + "\nmock: " + exchange +
                    "\ncounters: " + adapter.counters() + "\nlast statuses: " + lastStatuses());
            }
            exchange.step(1);
            pause(2);
        }
    }

    void await(final String what, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out after " + WAIT_MS + " ms waiting for: " + what + "\nmock: " + exchange +
                    "\ncounters: " + adapter.counters() + "\nlast statuses: " + lastStatuses());
            }
            pause(5);
        }
    }

    /**
     * Steps until the client's book of each symbol has printed the mock's current update id (the mock idle
     * meanwhile, so the ids are stable).
     */
    void stepUntilBooksCaughtUp(final String... symbols)
    {
        exchange.step(1);
        await("books at the mock's last update id", () ->
        {
            for (final String symbol : symbols)
            {
                if (recorder.lastBookUpdateId(symbol) != exchange.lastUpdateId(symbol))
                {
                    exchange.step(1);
                    pause(10);
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Every printed book equals the mock's book at its update id.
     *
     * @return how many were compared.
     */
    int thenEveryPrintedBookMatched()
    {
        int compared = 0;
        for (final BinanceRecorder.PrintedBook printed : recorder.books)
        {
            final String expected = exchange.bookAt(printed.symbol(), printed.updateId());
            assertThat(expected).as("mock book of %s at %d", printed.symbol(), printed.updateId()).isNotNull();
            assertThat(printed.book()).as("client book of %s at %d", printed.symbol(), printed.updateId())
                .isEqualTo(expected);
            compared++;
        }
        return compared;
    }

    /**
     * Every trade id the mock generated for {@code symbol} up to the last one delivered was delivered once, or
     * lies in a gap the adapter reported; delivered ids strictly increase.
     */
    void thenTradesAccountedFor(final String symbol)
    {
        final List<Long> delivered = recorder.trades(symbol);
        assertThat(delivered).isNotEmpty();
        for (int i = 1; i < delivered.size(); i++)
        {
            assertThat(delivered.get(i)).as("trade ids increase").isGreaterThan(delivered.get(i - 1));
        }
        final List<Long> generated = exchange.tradeIds(symbol);
        final long last = delivered.get(delivered.size() - 1);
        final java.util.Set<Long> deliveredSet = new java.util.HashSet<>(delivered);
        final java.util.Set<Long> reportedMissing = new java.util.HashSet<>();
        for (final BinanceRecorder.Status status : recorder.statuses)
        {
            // a trade gap is reported when the delivered ids jump from expected - 1 to received (a depth gap of the
            // same symbol carries update ids, which need not be consecutive delivered trade ids)
            final int at = delivered.indexOf(status.received());
            if (symbol.equals(status.symbol()) && status.state() == io.wsnova.market.FeedState.SEQUENCE_GAP &&
                status.received() > status.expected() && status.expected() > 0 && at > 0 &&
                delivered.get(at - 1) == status.expected() - 1)
            {
                for (long id = status.expected(); id < status.received(); id++)
                {
                    reportedMissing.add(id);
                }
            }
        }
        for (final long id : generated)
        {
            if (id < delivered.get(0) || id > last)
            {
                continue;
            }
            assertThat(deliveredSet.contains(id) ^ reportedMissing.contains(id))
                .as("trade %d delivered once or reported missing (delivered=%s, missing=%s)", id,
                    deliveredSet.contains(id), reportedMissing.contains(id)).isTrue();
        }
    }

    private String lastStatuses()
    {
        final List<BinanceRecorder.Status> all = new ArrayList<>(recorder.statuses);
        return all.subList(Math.max(0, all.size() - 8), all.size()) + " of " + all.size();
    }

    static void pause(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close()
    {
        for (final BinanceFeed feed : feeds)
        {
            feed.close();
        }
        for (final Connection connection : connections)
        {
            connection.close();
        }
        exchange.close();
    }
}
