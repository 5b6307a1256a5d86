package io.wsnova.adapters.okx.it;

import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.mock.okx.MockOkxExchange;

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
 * One mock OKX exchange, one adapter with a {@link OkxRecorder}, connections closed at the end.
 */
final class OkxMockFixture implements AutoCloseable
{
    static final long WAIT_MS = 30_000L;
    static final String SPOT = "BTC-USDT";
    static final String SWAP = "BTC-USDT-SWAP";

    final MockOkxExchange exchange;
    final OkxRecorder recorder = new OkxRecorder();
    OkxAdapter adapter;
    private final List<Connection> connections = new ArrayList<>();

    private OkxMockFixture(final MockOkxExchange exchange)
    {
        this.exchange = exchange;
    }

    static OkxMockFixture start(final MockOkxExchange.Builder mock)
    {
        return new OkxMockFixture(mock.build().start());
    }

    OkxAdapter.Builder adapterBuilder()
    {
        return OkxAdapter.builder().listener(recorder).requestLimit(30, 50);
    }

    NovaOptions.Builder options()
    {
        return NovaOptions.builder()
            .url(exchange.uri().toString())
            .logLevel(LoggingHandler.Level.ERROR)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L);
    }

    Connection connect(final OkxAdapter.Builder builder) throws Exception
    {
        return connect(builder, options());
    }

    Connection connect(final OkxAdapter.Builder builder, final NovaOptions.Builder options) throws Exception
    {
        adapter = builder.build();
        recorder.adapter = adapter;
        final Connection connection = Nova.connect(adapter, options.build()).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        return connection;
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

    void stepUntilBooksCaughtUp(final String... instIds)
    {
        exchange.step(1);
        await("books at the mock's last seqId", () ->
        {
            for (final String instId : instIds)
            {
                if (recorder.lastSeqId(instId) != exchange.lastSeqId(instId))
                {
                    exchange.step(1);
                    pause(10);
                    return false;
                }
            }
            return true;
        });
    }

    int thenEveryPrintedBookMatched()
    {
        int compared = 0;
        for (final OkxRecorder.PrintedBook printed : recorder.books)
        {
            final String expected = exchange.bookAt(printed.instId(), printed.seqId());
            assertThat(expected).as("mock book of %s at %d", printed.instId(), printed.seqId()).isNotNull();
            assertThat(printed.book()).as("client book of %s at %d", printed.instId(), printed.seqId())
                .isEqualTo(expected);
            compared++;
        }
        return compared;
    }

    /**
     * Every trade the mock generated between the first and the last delivered one was delivered exactly once, or
     * lies in a jump the adapter reported as a {@code SEQUENCE_GAP} status.
     */
    void thenTradesAccountedFor(final String instId)
    {
        final List<Long> delivered = recorder.trades(instId);
        assertThat(delivered).isNotEmpty();
        for (int i = 1; i < delivered.size(); i++)
        {
            assertThat(delivered.get(i)).as("trade ids increase").isGreaterThan(delivered.get(i - 1));
        }
        final Set<Long> deliveredSet = new HashSet<>(delivered);
        final Set<Long> reportedMissing = new HashSet<>();
        for (final OkxRecorder.Status status : recorder.statuses)
        {
            if (instId.equals(status.instId()) && status.state() == io.wsnova.market.FeedState.SEQUENCE_GAP &&
                deliveredSet.contains(status.received()))
            {
                for (long id = status.expected(); id < status.received(); id++)
                {
                    reportedMissing.add(id);
                }
            }
        }
        final long last = delivered.get(delivered.size() - 1);
        for (final long id : exchange.tradeIds(instId))
        {
            if (id < delivered.get(0) || id > last)
            {
                continue;
            }
            assertThat(deliveredSet.contains(id) ^ reportedMissing.contains(id))
                .as("trade %d delivered once or reported missing", id).isTrue();
        }
    }

    private String lastStatuses()
    {
        final List<OkxRecorder.Status> all = new ArrayList<>(recorder.statuses);
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
