package io.wsnova.ab.it;

import io.wsnova.ab.AbArbiter;
import io.wsnova.ab.AbCounters;
import io.wsnova.ab.AbFeed;
import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OkxSequenceRule;
import io.wsnova.market.BookPrint;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Trade;
import io.wsnova.mock.okx.MockOkxExchange;
import io.wsnova.mock.relay.DelayRelay;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A/B against the OKX mock on loopback: one exchange, two connections (legs) through two jittered delaying relays
 * (leg A uniform 0-2 ms, leg B triangular 0-2 ms), so both legs carry the same {@code seqId}s. Mid-stream leg A's
 * connection is closed (a real socket close) and reconnects while leg B continues, later leg B's. The consumer's
 * output must be the stream of one perfect connection: one snapshot, then every delta continuing the one before,
 * the book equal to the mock's at every {@code seqId}, every trade once, and no status at all.
 */
class AbOkxMockTest
{
    private static final long WAIT_MS = 30_000L;
    private static final String SPOT = "BTC-USDT";

    @Test
    void shouldDeliverOnePerfectStreamAcrossEachLegsDrop() throws Exception
    {
        final Recorder recorder = new Recorder();
        final List<FeedState> legStates = new ArrayList<>();
        final List<String> legLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        final InstrumentRegistry consumerRegistry = new InstrumentRegistry();
        final AbArbiter arbiter = AbArbiter.builder().consumer(recorder).rule(OkxSequenceRule.INSTANCE)
            .legListener((leg, status) ->
            {
                legStates.add(status.state());
                legLog.add(System.nanoTime() / 1_000_000 + " leg " + leg + " " + status.state() + " " +
                    status.reason() + " instrument " + status.instrumentId());
            }).build();
        final List<Connection> connections = new ArrayList<>();
        final InstrumentRegistry registryA = new InstrumentRegistry();
        final InstrumentRegistry registryB = new InstrumentRegistry();
        try (MockOkxExchange exchange = MockOkxExchange.builder().seed(16).instruments(List.of(SPOT)).build().start();
            DelayRelay relayA = new DelayRelay(exchange.uri().getPort(), 0, 2_000_000L, false, 1L);
            DelayRelay relayB = new DelayRelay(exchange.uri().getPort(), 0, 2_000_000L, true, 2L);
            AbFeed feed = new AbFeed(arbiter, consumerRegistry, registryA, registryB, 1024).start(null))
        {
            connections.add(connect(relayA, feed.leg(AbArbiter.LEG_A), registryA));
            connections.add(connect(relayB, feed.leg(AbArbiter.LEG_B), registryB));
            for (final Connection connection : connections)
            {
                subscribe(connection, "books:" + SPOT, "trades:" + SPOT);
            }
            await("a book", () -> recorder.lastSeqId != Long.MIN_VALUE, exchange, arbiter);
            stepFor(exchange, 100);
            relayA.dropConnections();
            stepUntilLegBack(exchange, arbiter, AbArbiter.LEG_A);
            stepFor(exchange, 100);
            relayB.dropConnections();
            stepUntilLegBack(exchange, arbiter, AbArbiter.LEG_B);
            stepFor(exchange, 100);
            await("the consumer at the mock's last seqId", () -> recorder.lastSeqId == exchange.lastSeqId(SPOT),
                exchange, arbiter);

            assertThat(recorder.failures).as("deltas that did not continue the delivered one").isEmpty();
            assertThat(recorder.statuses).as("statuses the consumer saw; leg statuses: %s", legLog).isEmpty();
            assertThat(recorder.snapshots).as("snapshots delivered").isEqualTo(1);
            int compared = 0;
            for (final Object[] printed : recorder.books)
            {
                assertThat(printed[1]).as("book at seqId %s", printed[0])
                    .isEqualTo(exchange.bookAt(SPOT, (Long)printed[0]));
                compared++;
            }
            assertThat(compared).isGreaterThan(300);
            assertThat(recorder.duplicateTrades).as("trades delivered twice").isEmpty();
            // the last step's trades may still be in flight behind its book message
            await("every trade of the mock", () -> recorder.trades.containsAll(mockTrades(exchange, recorder)),
                exchange, arbiter);
            final Set<Long> expected = mockTrades(exchange, recorder);
            assertThat(recorder.trades).as("every trade once").isEqualTo(expected);
            final AbCounters counters = arbiter.counters();
            assertThat(legStates).contains(FeedState.DISCONNECTED);
            assertThat(counters.duplicates(0) + counters.duplicates(1)).isGreaterThan(300);
            assertThat(counters.gapsFilled(0)).as("A filled B's drop").isPositive();
            assertThat(counters.gapsFilled(1)).as("B filled A's drop").isPositive();
            assertThat(counters.bothMissed()).isZero();
            System.out.println("AbOkxMockTest: " + compared + " books compared, " + recorder.trades.size() +
                " trades\n" + counters.summary());
        }
        finally
        {
            for (final Connection connection : connections)
            {
                connection.close();
            }
        }
    }

    private static Connection connect(final DelayRelay relay, final MarketListener leg,
        final InstrumentRegistry registry) throws Exception
    {
        final OkxAdapter adapter = OkxAdapter.builder().listener(leg).registry(registry).requestLimit(30, 50).build();
        final NovaOptions options = NovaOptions.builder()
            .url("ws://127.0.0.1:" + relay.port() + "/ws/v5/public")
            .logLevel(LoggingHandler.Level.ERROR)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L)
            .build();
        return Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static void subscribe(final Connection connection, final String... channels) throws Exception
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (final String channel : channels)
        {
            futures.add(connection.subscribe(channel, null));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static void stepFor(final MockOkxExchange exchange, final int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            exchange.step(1);
            pause(2);
        }
    }

    /**
     * Steps the mock until the dropped leg delivers again: 20 more of its book messages reached the arbiter (as
     * duplicates, wins or held deltas) after at least 30 steps.
     */
    private static void stepUntilLegBack(final MockOkxExchange exchange, final AbArbiter arbiter, final int leg)
    {
        final AbCounters counters = arbiter.counters();
        stepFor(exchange, 30);
        final long before = counters.wins(leg) + counters.duplicates(leg) + counters.beyond(leg);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (counters.wins(leg) + counters.duplicates(leg) + counters.beyond(leg) < before + 20)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("leg " + leg + " did not come back within " + WAIT_MS + " ms\n" + counters.summary());
            }
            stepFor(exchange, 1);
        }
    }

    private static void await(final String what, final BooleanSupplier condition, final MockOkxExchange exchange,
        final AbArbiter arbiter)
    {
        Await.until(condition, WAIT_MS, () -> what + "\nmock: " + exchange + "\ncounters: " +
            arbiter.counters().summary());
    }

    private static void pause(final long ms)
    {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    private static Set<Long> mockTrades(final MockOkxExchange exchange, final Recorder recorder)
    {
        final long firstTrade = recorder.firstTrade;
        final Set<Long> expected = new HashSet<>();
        for (final long id : exchange.tradeIds(SPOT))
        {
            if (id >= firstTrade)
            {
                expected.add(id);
            }
        }
        return expected;
    }

    /**
     * The consumer, on the arbitration thread: books (canonical, as the mock writes them), trades, statuses.
     */
    static final class Recorder implements MarketListener
    {
        final ConcurrentLinkedQueue<Object[]> books = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> statuses = new ConcurrentLinkedQueue<>();
        final Set<Long> trades = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Long> duplicateTrades = new ConcurrentLinkedQueue<>();
        volatile long lastSeqId = Long.MIN_VALUE;
        volatile long firstTrade = Long.MAX_VALUE;
        volatile int snapshots;

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            if (update.isSnapshot())
            {
                snapshots++;
            }
            else if (update.previousSequence() != lastSeqId)
            {
                failures.add(update + " after " + lastSeqId);
            }
            books.add(new Object[]{update.lastSequence(), BookPrint.canonical(book)});
            lastSeqId = update.lastSequence();
        }

        @Override
        public void onTrade(final Trade trade)
        {
            final long id = trade.tradeId().numeric();
            firstTrade = Math.min(firstTrade, id);
            if (!trades.add(id))
            {
                duplicateTrades.add(id);
            }
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses.add(status.state() + " " + status.reason() + " instrument " + status.instrumentId());
        }

    }
}
