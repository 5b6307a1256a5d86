package io.wsnova.ab.it;

import io.wsnova.ab.AbArbiter;
import io.wsnova.ab.AbCounters;
import io.wsnova.ab.AbFeed;
import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DeribitSequenceRule;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.Trade;
import io.wsnova.mock.deribit.MockBookLevel;
import io.wsnova.mock.deribit.MockBookSnapshot;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import io.wsnova.mock.relay.DelayRelay;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A/B against the Deribit mock on loopback: one exchange publishing continuously, two connections through two
 * jittered relays (so both legs carry the same {@code change_id}s), leg A dropped (real socket close) and
 * reconnected while leg B continues, then leg B. The consumer sees one snapshot, then every change chained by
 * {@code prev_change_id}, the book equal to the mock's at every delivered {@code change_id}, no trade twice, and
 * no status.
 */
class AbDeribitMockTest
{
    private static final long WAIT_MS = 30_000L;
    private static final String INSTRUMENT = "BTC-PERPETUAL";

    @Test
    void shouldDeliverOnePerfectStreamAcrossEachLegsDrop() throws Exception
    {
        final Recorder recorder = new Recorder();
        final AbArbiter arbiter = AbArbiter.builder().consumer(recorder).rule(DeribitSequenceRule.INSTANCE).build();
        final InstrumentRegistry registryA = new InstrumentRegistry();
        final InstrumentRegistry registryB = new InstrumentRegistry();
        final List<Connection> connections = new ArrayList<>();
        final MockDeribitExchange exchange = new MockDeribitExchange(MockDeribitConfig.builder()
            .messagesPerSecond(400).seed(16).bookHistoryDepth(1000).minHeartbeatIntervalS(10).build());
        exchange.start();
        try (DelayRelay relayA = new DelayRelay(exchange.port(), 0, 2_000_000L, false, 1L);
            DelayRelay relayB = new DelayRelay(exchange.port(), 0, 2_000_000L, true, 2L);
            AbFeed feed = new AbFeed(arbiter, new InstrumentRegistry(), registryA, registryB, 1024).start(null))
        {
            connections.add(connect(relayA, feed.leg(AbArbiter.LEG_A), registryA, exchange));
            connections.add(connect(relayB, feed.leg(AbArbiter.LEG_B), registryB, exchange));
            for (final Connection connection : connections)
            {
                subscribe(connection, "book." + INSTRUMENT + ".100ms", "trades." + INSTRUMENT + ".100ms");
            }
            await("a book", () -> recorder.lastChangeId != Long.MIN_VALUE, arbiter);
            pause(500);
            relayA.dropConnections();
            awaitLegBack(arbiter, AbArbiter.LEG_A);
            pause(500);
            relayB.dropConnections();
            awaitLegBack(arbiter, AbArbiter.LEG_B);
            pause(500);
            exchange.pauseMarketData();
            final long[] sent = exchange.sentBookChangeIds(INSTRUMENT);
            final long lastSent = sent[sent.length - 1];
            await("the consumer at the mock's last change_id " + lastSent, () -> recorder.lastChangeId == lastSent,
                arbiter);

            assertThat(recorder.failures).as("changes that did not chain to the delivered one").isEmpty();
            assertThat(recorder.statuses).as("statuses the consumer saw").isEmpty();
            assertThat(recorder.snapshots).as("snapshots delivered").isEqualTo(1);
            int compared = 0;
            for (final Object[] printed : recorder.books)
            {
                final MockBookSnapshot expected = exchange.bookAt(INSTRUMENT, (Long)printed[0]);
                assertThat(expected).as("mock book at %s", printed[0]).isNotNull();
                assertThat(printed[1]).as("bids at %s", printed[0]).isEqualTo(normalised(expected.bids()));
                assertThat(printed[2]).as("asks at %s", printed[0]).isEqualTo(normalised(expected.asks()));
                compared++;
            }
            assertThat(compared).isGreaterThan(50);
            assertThat(recorder.duplicateTrades).as("trades delivered twice").isEmpty();
            final AbCounters counters = arbiter.counters();
            assertThat(counters.gapsFilled(0)).as("A filled B's drop").isPositive();
            assertThat(counters.gapsFilled(1)).as("B filled A's drop").isPositive();
            assertThat(counters.bothMissed()).isZero();
            System.out.println("AbDeribitMockTest: " + compared + " books compared, " + recorder.trades.size() +
                " trades\n" + counters.summary());
        }
        finally
        {
            for (final Connection connection : connections)
            {
                connection.close();
            }
            exchange.close();
        }
    }

    private static List<String> normalised(final List<MockBookLevel> levels)
    {
        final List<String> texts = new ArrayList<>();
        for (final MockBookLevel level : levels)
        {
            texts.add(new BigDecimal(level.price()).stripTrailingZeros().toPlainString() + " " +
                BigDecimal.valueOf(level.amount()).stripTrailingZeros().toPlainString());
        }
        return texts;
    }

    private static Connection connect(final DelayRelay relay, final MarketListener leg,
        final InstrumentRegistry registry, final MockDeribitExchange exchange) throws Exception
    {
        final DeribitAdapter adapter = DeribitAdapter.builder().marketListener(leg).registry(registry)
            .heartbeatIntervalS(DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S).build();
        final NovaOptions options = NovaOptions.builder()
            .url("ws://127.0.0.1:" + relay.port() + exchange.uri().getPath())
            .logLevel(LoggingHandler.Level.ERROR)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L)
            .build();
        return DeribitClient.of(adapter).connect(options).get(WAIT_MS, TimeUnit.MILLISECONDS);
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

    private static void awaitLegBack(final AbArbiter arbiter, final int leg)
    {
        final AbCounters counters = arbiter.counters();
        pause(200);
        final long before = counters.wins(leg) + counters.duplicates(leg) + counters.beyond(leg);
        await("leg " + leg + " back", () -> counters.wins(leg) + counters.duplicates(leg) + counters.beyond(leg) >=
            before + 20, arbiter);
    }

    private static void await(final String what, final BooleanSupplier condition, final AbArbiter arbiter)
    {
        Await.until(condition, WAIT_MS, () -> what + "\ncounters: " + arbiter.counters().summary());
    }

    private static void pause(final long ms)
    {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /**
     * The consumer, on the arbitration thread.
     */
    static final class Recorder implements MarketListener
    {
        final ConcurrentLinkedQueue<Object[]> books = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> statuses = new ConcurrentLinkedQueue<>();
        final Set<String> trades = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> duplicateTrades = new ConcurrentLinkedQueue<>();
        volatile long lastChangeId = Long.MIN_VALUE;
        volatile int snapshots;

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            if (update.isSnapshot())
            {
                snapshots++;
            }
            else if (update.previousSequence() != lastChangeId)
            {
                failures.add(update + " after " + lastChangeId);
            }
            books.add(new Object[]{update.lastSequence(), levels(book.bids()), levels(book.asks())});
            lastChangeId = update.lastSequence();
        }

        @Override
        public void onTrade(final Trade trade)
        {
            final String id = trade.tradeId().toString();
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

        private static List<String> levels(final PriceLevels levels)
        {
            final List<String> texts = new ArrayList<>();
            for (int i = 0; i < levels.depth(); i++)
            {
                texts.add(new BigDecimal(levels.price(i).toString()).stripTrailingZeros().toPlainString() + " " +
                    new BigDecimal(levels.size(i).toString()).stripTrailingZeros().toPlainString());
            }
            return texts;
        }
    }
}
