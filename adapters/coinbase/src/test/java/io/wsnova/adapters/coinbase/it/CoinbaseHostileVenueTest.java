package io.wsnova.adapters.coinbase.it;

import io.wsnova.adapters.coinbase.CoinbaseAdapter;
import io.wsnova.codec.json.Decimal;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.ConnectionEnds;
import io.wsnova.testkit.Frames;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second pair of eyes on the Coinbase adapter: a scripted venue on loopback (testkit {@link TestServer}) with a
 * per-connection {@code sequence_num} serves what the Advanced Trade feed allows but the adapter's mock never sends:
 * a level2 event of a type the adapter does not know (Coinbase: new types may be added, clients ignore them), an
 * event without a type, a full-depth snapshot of several MB, numbers in exponent form, duplicate levels and deletes
 * of absent levels, a product id with unicode escapes, keys in any order.
 */
class CoinbaseHostileVenueTest
{
    private static final long WAIT_MS = 20_000L;

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger servedConnection = new AtomicInteger();
    private volatile Consumer<TestServer.Request> beforeAck = request -> { };
    private volatile boolean silentAcks;
    private TestServer server;
    private CoinbaseAdapter adapter;

    @AfterEach
    void tearDown()
    {
        for (final Connection connection : connections)
        {
            connection.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void shouldIgnoreALevel2EventOfAnUnknownTypeInsteadOfApplyingItAsAnUpdate() throws Exception
    {
        subscribedAndLive();
        push(l2("{\"type\":\"checkpoint\",\"product_id\":\"BTC-USD\",\"updates\":[" +
            level("bid", "99.5", "0") + "," + level("offer", "100.5", "9") + "]}"));
        push(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "99", "1") + "]}"));
        awaitEvent("BOOK update bids=[99.5x2, 99x1] asks=[101x1]");
        assertThat(events).noneMatch(e -> e.contains("100.5"));
        assertThat(statuses()).isEmpty();
    }

    @Test
    void shouldResyncABookWhoseLevel2EventHasNoType() throws Exception
    {
        subscribedAndLive();
        push(l2("{\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "99.5", "0") + "]}"));
        awaitEvent("STATUS RESYNC_STARTED UNDECODABLE");
        push(snapshotMessage("[" + level("bid", "98", "1") + "]"));
        awaitEvent("BOOK snapshot bids=[98x1] asks=[]");
        awaitEvent("STATUS RESYNC_DONE UNDECODABLE");
    }

    @Test
    void shouldReadEveryValidSpellingOfLevels() throws Exception
    {
        subscribedAndLive();
        push("{\"events\":[{\"updates\":[{\"new_quantity\":\"4\",\"x\":[1,{\"y\":2}],\"price_level\":\"9.95e1\"," +
            "\"side\":\"bid\"},{\"side\":\"bid\",\"price_level\":99.5,\"new_quantity\":5}," +
            "{\"side\":\"offer\",\"price_level\":\"1.01E+2\",\"new_quantity\":\"0.0\"}," +
            "{\"side\":\"offer\",\"price_level\":\"50\",\"new_quantity\":\"0\"}," +
            "{\"side\":\"offer\",\"price_level\":\"102\",\"new_quantity\":\"2.5E-1\"}]," +
            "\"product_id\":\"BTC\\u002dUSD\",\"type\":\"update\",\"extra\":null}],\"sequence_num\":" +
            sequence.getAndIncrement() + ",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\",\"client_id\":\"\"," +
            "\"channel\":\"l2_data\"}");
        awaitEvent("BOOK update bids=[99.5x5] asks=[102x0.25]");
        assertThat(adapter.counters().malformedMessages()).isZero();
        assertThat(statuses()).isEmpty();
    }

    @Test
    void shouldTakeAFullDepthSnapshotOfSeveralMegabytes() throws Exception
    {
        subscribedAndLive();
        final int levels = 25_000;
        final StringBuilder updates = new StringBuilder(levels * 2 * 110).append('[');
        for (int i = 0; i < levels; i++)
        {
            updates.append(i == 0 ? "" : ",").append(level("bid", (50_000 - i) + ".25", "0.0" + (i % 9 + 1)))
                .append(',').append(level("offer", (50_001 + i) + ".75", "1." + i));
        }
        updates.append(']');
        final String text = snapshotMessage(updates.toString());
        assertThat(text.length()).isGreaterThan(4_000_000);
        push(text);
        Await.until(() -> events.stream().anyMatch(e -> e.startsWith("BOOK snapshot bids=[50000.25x0.01,")), WAIT_MS,
            () -> "big snapshot not applied; counters " + adapter.counters());
        push(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "50000.25", "0") +
            "]}"));
        Await.until(() -> events.stream().anyMatch(e -> e.startsWith("BOOK update bids=[49999.25x0.02,")), WAIT_MS,
            () -> "update after the big snapshot not applied; counters " + adapter.counters());
    }

    @Test
    void shouldApplyAMessageThatRepeatsTheLastSequenceNumberWithoutAResync() throws Exception
    {
        subscribedAndLive();
        sequence.decrementAndGet(); // the next message carries the snapshot's sequence_num again
        push(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "99", "1") +
            "]}"));
        push(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "98", "1") +
            "]}"));
        awaitEvent("BOOK update bids=[99.5x2, 99x1, 98x1] asks=[101x1]");
        assertThat(statuses()).as("nothing was missed: absolute sizes make a repeat harmless").isEmpty();
        assertThat(adapter.counters().repeatedSequences()).isEqualTo(1);
        assertThat(adapter.counters().sequenceGaps()).isZero();
    }

    @Test
    void shouldResyncWhenTheSequenceGoesBackwards() throws Exception
    {
        subscribedAndLive();
        push(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "99", "1") +
            "]}"));
        awaitEvent("BOOK update bids=[99.5x2, 99x1] asks=[101x1]");
        sequence.addAndGet(-2); // an older message after a newer one: applying it could undo a newer size
        push(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "99", "5") +
            "]}"));
        awaitEvent("STATUS SEQUENCE_GAP SEQUENCE_MISMATCH");
        awaitEvent("STATUS RESYNC_STARTED SEQUENCE_MISMATCH");
        assertThat(events).noneMatch(e -> e.contains("99x5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"close1000", "close1001", "close1011", "close4001", "closeNoStatus", "reset",
        "resetMidFrame", ConnectionEnds.DATA_AND_CLOSE_IN_ONE_SEGMENT, "fin"})
    void shouldResyncFromTheRestoresSnapshotAfterEveryKindOfEnd(final String end) throws Exception
    {
        beforeAck = request ->
        {
            if (request.connection() > 1)
            {
                request.reply(snapshotMessage("[" + level("bid", "70", "7") + "]"));
            }
        };
        subscribedAndLive();
        final byte[] update = Frames.frame(Frames.TEXT, Frames.utf8(l2("{\"type\":\"update\",\"product_id\":" +
            "\"BTC-USD\",\"updates\":[" + level("bid", "99", "1") + "]}")));
        server.forEachLive(peer -> ConnectionEnds.end(peer, end, update));
        awaitEvent("BOOK snapshot bids=[70x7] asks=[]");
        // RESYNC_DONE follows the book on the message thread: wait for it, not just for the book
        Await.until(() -> statuses().stream().anyMatch(e -> e.startsWith("STATUS RESYNC_DONE ")), WAIT_MS,
            () -> "no RESYNC_DONE in " + events);
        final List<String> statuses = statuses();
        assertThat(statuses).hasSize(2);
        assertThat(statuses.get(0)).startsWith("STATUS RESYNC_STARTED ");
        assertThat(statuses.get(1)).isEqualTo("STATUS RESYNC_DONE " + statuses.get(0).substring(
            "STATUS RESYNC_STARTED ".length()));
        if (end.equals(ConnectionEnds.DATA_AND_CLOSE_IN_ONE_SEGMENT))
        {
            assertThat(events).contains("BOOK update bids=[99.5x2, 99x1] asks=[101x1]");
        }
        assertThat(adapter.counters().sequenceGaps()).as("the new socket's sequence_num restarts: no gap").isZero();
        assertThat(adapter.counters().malformedMessages()).isZero();
    }

    @Test
    void shouldNotPileUpResubscribesWhenGapsComeFasterThanTheSnapshots() throws Exception
    {
        subscribedAndLive();
        connections.get(0).subscribe("market_trades:BTC-USD", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        push("{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\"," +
            "\"sequence_num\":" + sequence.getAndIncrement() + ",\"events\":[{\"type\":\"snapshot\",\"trades\":[" +
            "{\"trade_id\":\"7\",\"product_id\":\"BTC-USD\",\"price\":\"100\",\"size\":\"1\",\"side\":\"BUY\"," +
            "\"time\":\"2023-02-09T20:32:50.714964855Z\"}]}]}");
        Await.until(() -> events.contains("TRADE 7"), WAIT_MS, () -> "trade 7 in " + events);
        silentAcks = true; // the resubscribes stay unanswered and their snapshots due: every one is in flight
        for (int gap = 0; gap < 6; gap++)
        {
            sequence.addAndGet(3);
            push(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" + level("bid", "99", "1") +
                "]}"));
        }
        Await.count(() -> adapter.counters().sequenceGaps(), 6, WAIT_MS, "six gaps");
        Await.until(() -> unsubscribes() >= 2, WAIT_MS, () -> "the first resubscribes; requests " +
            server.requests());
        assertThat(Await.within(() -> unsubscribes() > 2, 1_000L))
            .as("one resubscribe per channel while its snapshot is awaited, not one per gap: %s", server.requests())
            .isFalse();
        assertThat(adapter.counters().coalescedResubscribes()).isGreaterThanOrEqualTo(2 * 5);
        push(snapshotMessage("[" + level("bid", "98", "1") + "]"));
        awaitEvent("STATUS RESYNC_DONE SEQUENCE_MISMATCH");
    }

    private long unsubscribes()
    {
        return server.requests().stream().filter(r -> r.text().contains("\"unsubscribe\"")).count();
    }

    @Test
    void shouldTakeASnapshotAndUpdatesThatArriveBeforeTheSubscriptionsAck() throws Exception
    {
        beforeAck = request ->
        {
            if (request.text().contains("\"level2\""))
            {
                request.reply(snapshotMessage("[" + level("bid", "99.5", "2") + "," + level("offer", "101", "1") +
                    "]"));
                request.reply(l2("{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" +
                    level("bid", "99", "1") + "]}"));
            }
        };
        server = TestServer.builder().answer(this::answer).start();
        adapter = CoinbaseAdapter.builder().subscribeHeartbeats(false).listener(new Recorder()).build();
        final NovaOptions options = NovaOptions.builder().url(server.url("/")).logLevel(LoggingHandler.Level.WARN)
            .set(Option.IDLE_TIMEOUT_MS, 60_000L).build();
        final Connection connection = Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        connection.subscribe("level2:BTC-USD", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitEvent("BOOK update bids=[99.5x2, 99x1] asks=[101x1]");
        assertThat(statuses()).isEmpty();
        assertThat(adapter.counters().droppedBookUpdates()).isZero();
    }

    private void subscribedAndLive() throws Exception
    {
        server = TestServer.builder().answer(this::answer).start();
        adapter = CoinbaseAdapter.builder().subscribeHeartbeats(false).requestIntervalMs(10L).listener(new Recorder())
            .build();
        final NovaOptions options = NovaOptions.builder().url(server.url("/")).logLevel(LoggingHandler.Level.WARN)
            .set(Option.IDLE_TIMEOUT_MS, 60_000L).set(Option.RECONNECT_BASE_DELAY_MS, 50L).build();
        final Connection connection = Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        connection.subscribe("level2:BTC-USD", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        push(snapshotMessage("[" + level("bid", "99.5", "2") + "," + level("offer", "101", "1") + "]"));
        awaitEvent("BOOK snapshot bids=[99.5x2] asks=[101x1]");
    }

    private String answer(final TestServer.Request request)
    {
        if (servedConnection.getAndSet(request.connection()) != request.connection())
        {
            sequence.set(0);
        }
        if (silentAcks)
        {
            return null;
        }
        beforeAck.accept(request);
        return "{\"channel\":\"subscriptions\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\"," +
            "\"sequence_num\":" + sequence.getAndIncrement() + ",\"events\":[{\"subscriptions\":{\"level2\":" +
            "[\"BTC-USD\"]}}]}";
    }

    private void push(final String text)
    {
        server.push(text);
    }

    private String snapshotMessage(final String updates)
    {
        return l2("{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\",\"updates\":" + updates + "}");
    }

    private String l2(final String event)
    {
        return "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\"," +
            "\"sequence_num\":" + sequence.getAndIncrement() + ",\"events\":[" + event + "]}";
    }

    private static String level(final String side, final String price, final String size)
    {
        return "{\"side\":\"" + side + "\",\"event_time\":\"1970-01-01T00:00:00Z\",\"price_level\":\"" + price +
            "\",\"new_quantity\":\"" + size + "\"}";
    }

    private void awaitEvent(final String event)
    {
        Await.until(() -> events.contains(event), WAIT_MS, () -> "no " + event + " in " + events + "; counters " +
            (adapter == null ? "-" : adapter.counters()));
    }

    private List<String> statuses()
    {
        return events.stream().filter(e -> e.startsWith("STATUS")).toList();
    }

    private final class Recorder implements MarketListener
    {
        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            events.add("BOOK " + (update.isSnapshot() ? "snapshot" : "update") + " bids=" + levels(book.bids(), 3) +
                " asks=" + levels(book.asks(), 3));
        }

        @Override
        public void onTrade(final Trade trade)
        {
            events.add("TRADE " + trade.tradeId());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            if (status.state() != FeedState.DISCONNECTED)
            {
                events.add("STATUS " + status.state() + " " + status.reason());
            }
        }

        private String levels(final PriceLevels side, final int max)
        {
            final List<String> levels = new ArrayList<>();
            for (int i = 0; i < Math.min(max, side.depth()); i++)
            {
                levels.add(plain(side.price(i)) + "x" + plain(side.size(i)));
            }
            return levels.toString();
        }

        private String plain(final Decimal value)
        {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
    }
}
