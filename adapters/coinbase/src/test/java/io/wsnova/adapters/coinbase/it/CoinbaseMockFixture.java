package io.wsnova.adapters.coinbase.it;

import io.wsnova.adapters.coinbase.CoinbaseAdapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.mock.coinbase.MockCoinbaseExchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Coinbase mock on a loopback port, the real adapter over the engine connected to it, a
 * {@link CoinbaseRecorder}, and bounded waits that fail with the state instead of hanging.
 */
final class CoinbaseMockFixture implements AutoCloseable
{
    static final long WAIT_MS = 30_000L;
    static final String BTC = "BTC-USD";
    static final String ETH = "ETH-USD";

    final MockCoinbaseExchange exchange;
    final CoinbaseRecorder recorder = new CoinbaseRecorder();
    CoinbaseAdapter adapter;
    private final List<Connection> connections = new ArrayList<>();

    private CoinbaseMockFixture(final MockCoinbaseExchange exchange)
    {
        this.exchange = exchange;
    }

    static CoinbaseMockFixture start(final MockCoinbaseExchange.Builder mock)
    {
        return new CoinbaseMockFixture(mock.build().start());
    }

    CoinbaseAdapter.Builder adapterBuilder()
    {
        return CoinbaseAdapter.builder().listener(recorder);
    }

    NovaOptions.Builder options()
    {
        return NovaOptions.builder()
            .url(exchange.uri().toString())
            .logLevel(LoggingHandler.Level.WARN)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L);
    }

    Connection connect(final CoinbaseAdapter.Builder builder, final NovaOptions.Builder options) throws Exception
    {
        adapter = builder.build();
        recorder.adapter = adapter;
        final Connection connection = Nova.connect(adapter, options.build()).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        return connection;
    }

    Connection connect() throws Exception
    {
        return connect(adapterBuilder(), options());
    }

    static void subscribe(final Connection connection, final String... channels) throws Exception
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (final String channel : channels)
        {
            futures.add(connection.subscribe(channel, null));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
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

    /** Steps the market until the condition holds, pausing so that the client reads meanwhile. */
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

    /** Waits until the client printed the mock's current book of each product (the mock idle meanwhile). */
    void awaitBooksCaughtUp(final String... products)
    {
        await("books equal the mock's current books", () ->
        {
            for (final String product : products)
            {
                final CoinbaseRecorder.PrintedBook last = lastBook(product);
                if (last == null || !last.book().equals(exchange.book(product)))
                {
                    return false;
                }
            }
            return true;
        });
    }

    CoinbaseRecorder.PrintedBook lastBook(final String product)
    {
        CoinbaseRecorder.PrintedBook last = null;
        for (final CoinbaseRecorder.PrintedBook book : recorder.books)
        {
            if (book.product().equals(product))
            {
                last = book;
            }
        }
        return last;
    }

    /**
     * Every printed book equals the mock's book after the message (connection, sequence_num) it came with.
     *
     * @return how many were compared.
     */
    int thenEveryPrintedBookMatched()
    {
        int compared = 0;
        for (final CoinbaseRecorder.PrintedBook printed : recorder.books)
        {
            final String expected = exchange.bookAt(printed.connection(), printed.sequence());
            assertThat(expected).as("mock book at connection %d sequence %d", printed.connection(),
                printed.sequence()).isNotNull();
            assertThat(printed.book()).as("client book of %s at connection %d sequence %d", printed.product(),
                printed.connection(), printed.sequence()).isEqualTo(expected);
            compared++;
        }
        return compared;
    }

    /**
     * Every trade the mock made for a product from the first delivered one to the last was delivered exactly once
     * (nothing missing here: the mock's trade snapshots reach back far enough).
     */
    void thenEveryTradeDeliveredOnce(final String product)
    {
        final List<Long> delivered = recorder.tradeIds(product);
        assertThat(delivered).isNotEmpty();
        final Set<Long> unique = new HashSet<>(delivered);
        assertThat(unique).as("no trade delivered twice").hasSameSizeAs(delivered);
        final long first = delivered.stream().mapToLong(Long::longValue).min().orElseThrow();
        final long last = delivered.stream().mapToLong(Long::longValue).max().orElseThrow();
        final List<Long> expected = exchange.tradeIds(product).stream().filter(id -> id >= first && id <= last)
            .toList();
        assertThat(unique).as("every trade of the mock delivered").containsExactlyInAnyOrderElementsOf(expected);
    }

    private String lastStatuses()
    {
        final List<CoinbaseRecorder.Status> all = new ArrayList<>(recorder.statuses);
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
