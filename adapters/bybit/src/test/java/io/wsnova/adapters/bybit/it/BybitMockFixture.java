package io.wsnova.adapters.bybit.it;

import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.adapters.bybit.BybitCategory;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.mock.bybit.MockBybitExchange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Bybit mock on a loopback port, the real adapter over the engine connected to it, a {@link BybitRecorder}, and
 * bounded waits that fail with the state instead of hanging.
 */
final class BybitMockFixture implements AutoCloseable
{
    static final long WAIT_MS = 30_000L;
    static final String BTC = "BTCUSDT";
    static final String ETH = "ETHUSDT";

    final MockBybitExchange exchange;
    final BybitRecorder recorder = new BybitRecorder();
    BybitAdapter adapter;
    private final List<Connection> connections = new ArrayList<>();

    private BybitMockFixture(final MockBybitExchange exchange)
    {
        this.exchange = exchange;
    }

    static BybitMockFixture start(final MockBybitExchange.Builder mock)
    {
        return new BybitMockFixture(mock.build().start());
    }

    BybitAdapter.Builder adapterBuilder(final BybitCategory category)
    {
        return BybitAdapter.builder().category(category).listener(recorder);
    }

    NovaOptions.Builder options()
    {
        return NovaOptions.builder()
            .url(exchange.uri().toString())
            .logLevel(LoggingHandler.Level.WARN)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L);
    }

    Connection connect(final BybitAdapter.Builder builder) throws Exception
    {
        adapter = builder.build();
        recorder.adapter = adapter;
        final Connection connection = Nova.connect(adapter, options().build()).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        return connection;
    }

    static void subscribe(final Connection connection, final String... topics) throws Exception
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (final String topic : topics)
        {
            futures.add(connection.subscribe(topic, null));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Steps the market (pausing so that the client reads meanwhile) until the condition holds.
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

    /** Steps until the client's book of each symbol has printed the mock's current update id. */
    void stepUntilBooksCaughtUp(final String... symbols)
    {
        exchange.step(1);
        await("books at the mock's last update id", () ->
        {
            for (final String symbol : symbols)
            {
                if (recorder.lastU(symbol) != exchange.lastUpdateId(symbol))
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
     * Every printed book equals the mock's book at its generation and update id.
     *
     * @return how many were compared.
     */
    int thenEveryPrintedBookMatched()
    {
        int compared = 0;
        for (final BybitRecorder.PrintedBook printed : recorder.books)
        {
            final String expected = exchange.bookAt(printed.symbol(), printed.generation(), printed.u());
            assertThat(expected).as("mock book of %s at %d:%d", printed.symbol(), printed.generation(), printed.u())
                .isNotNull();
            assertThat(printed.book()).as("client book of %s at %d:%d", printed.symbol(), printed.generation(),
                printed.u()).isEqualTo(expected);
            compared++;
        }
        return compared;
    }

    /**
     * Every trade the client printed is one the mock sent exactly once, printed once; with {@code allSentPrinted},
     * every trade the mock sent was printed too (when no socket died with unread data in it).
     */
    void thenTradesExactlyOnce(final String symbol, final boolean allSentPrinted)
    {
        if (allSentPrinted)
        {
            // the last step's trades travel in their own message, after the book update the caller waited for
            await("every sent trade printed", () ->
            {
                final Set<String> printedSoFar = new HashSet<>(recorder.tradeIds(symbol));
                for (final Map.Entry<String, Integer> entry : exchange.tradeSends(symbol).entrySet())
                {
                    if (entry.getValue() > 0 && !printedSoFar.contains(entry.getKey()))
                    {
                        return false;
                    }
                }
                return true;
            });
        }
        final List<String> printed = recorder.tradeIds(symbol);
        final Map<String, Integer> sends = exchange.tradeSends(symbol);
        assertThat(printed).isNotEmpty();
        assertThat(new HashSet<>(printed)).as("no trade printed twice").hasSize(printed.size());
        final Set<String> sent = new HashSet<>();
        for (final Map.Entry<String, Integer> entry : sends.entrySet())
        {
            assertThat(entry.getValue()).as("sends of %s", entry.getKey()).isLessThanOrEqualTo(1);
            if (entry.getValue() == 1)
            {
                sent.add(entry.getKey());
            }
        }
        assertThat(sent).as("every printed trade was sent").containsAll(printed);
        if (allSentPrinted)
        {
            assertThat(new HashSet<>(printed)).as("every sent trade was printed").containsAll(sent);
        }
    }

    /** The client's merged ticker equals the mock's last published values. */
    void thenTickerMatches(final String symbol)
    {
        final Map<String, String> expected = exchange.ticker(symbol);
        final Map<String, String> actual = recorder.tickers.get(symbol);
        assertThat(actual).as("ticker of %s", symbol).isNotNull();
        for (final Map.Entry<String, String> entry : expected.entrySet())
        {
            assertThat(new BigDecimal(actual.get(entry.getKey())).compareTo(new BigDecimal(entry.getValue())))
                .as("%s %s: client %s, mock %s", symbol, entry.getKey(), actual.get(entry.getKey()), entry.getValue())
                .isZero();
        }
    }

    String lastStatuses()
    {
        final List<BybitRecorder.Status> all = new ArrayList<>(recorder.statuses);
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
        for (final Connection connection : connections)
        {
            connection.close();
        }
        exchange.close();
    }
}
