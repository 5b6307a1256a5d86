package io.wsnova.adapters.bybit.it;

import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.adapters.bybit.BybitCategory;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second pair of eyes on the Bybit adapter: a scripted venue on loopback (testkit {@link TestServer}) serves what
 * Bybit's documentation allows but the adapter's own mock never sends: a restart ({@code u == 1}) as a delta on a
 * live book, a second snapshot for a live book, deltas before their snapshot, data before the subscribe ack,
 * numbers in exponent form or as bare JSON numbers, {@code u} as a string, duplicate levels, deletes of absent
 * levels, unicode escapes in the topic, a message in many continuation frames. Each case asserts the book (exact
 * levels), the {@link BookUpdate#isSnapshot()} flag a downstream book builder relies on, and the statuses.
 */
class BybitHostileVenueTest
{
    private static final long WAIT_MS = 20_000L;
    private static final String TOPIC = "orderbook.50.BTCUSDT";
    private static final Pattern REQ_ID = Pattern.compile("\"req_id\"\\s*:\\s*\"([^\"]*)\"");

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile Consumer<TestServer.Request> beforeAck = request -> { };
    private volatile String pongPadding = "";
    private long heartbeatMs;
    private TestServer server;
    private BybitAdapter adapter;

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
    void shouldDeliverARestartSentAsADeltaOnALiveBookAsASnapshot() throws Exception
    {
        subscribedAndLive();
        server.push(delta(101, "[[\"100.0\",\"3\"]]", "[]"));
        awaitEvent("BOOK delta u=101 bids=[100.0x3, 99.5x2] asks=[101.0x1]");

        server.push(delta(1, "[[\"90.0\",\"7\"]]", "[[\"91.0\",\"8\"]]"));

        awaitEvent("BOOK snapshot u=1 bids=[90.0x7] asks=[91.0x8]");
        assertThat(events).contains("STATUS RESYNC_DONE SEQUENCE_RESET");
        assertThat(events).doesNotContain("BOOK delta u=1 bids=[90.0x7] asks=[91.0x8]");
    }

    @Test
    void shouldReplaceALiveBookWithASecondSnapshotWithoutAGap() throws Exception
    {
        subscribedAndLive();
        server.push(snapshot(500, "[[\"80.0\",\"1\"]]", "[]"));
        awaitEvent("BOOK snapshot u=500 bids=[80.0x1] asks=[]");
        server.push(delta(501, "[]", "[[\"81.0\",\"2\"]]"));
        awaitEvent("BOOK delta u=501 bids=[80.0x1] asks=[81.0x2]");
        assertThat(statuses()).containsExactly("STATUS RESYNC_DONE NONE");
    }

    @Test
    void shouldRecoverWhenTheSnapshotArrivesAfterItsFirstDeltas() throws Exception
    {
        start();
        final AtomicBoolean first = new AtomicBoolean(true);
        beforeAck = request ->
        {
            if (request.text().contains("\"subscribe\"") && first.getAndSet(false))
            {
                request.reply(delta(98, "[[\"1\",\"1\"]]", "[]"));
                request.reply(delta(99, "[[\"2\",\"1\"]]", "[]"));
            }
        };
        final Connection connection = connect();
        connection.subscribe(TOPIC, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        server.push(snapshot(100, "[[\"99.5\",\"2\"]]", "[[\"101.0\",\"1\"]]"));
        awaitEvent("BOOK snapshot u=100 bids=[99.5x2] asks=[101.0x1]");
        server.push(delta(101, "[[\"100.0\",\"3\"]]", "[]"));
        awaitEvent("BOOK delta u=101 bids=[100.0x3, 99.5x2] asks=[101.0x1]");
        assertThat(statuses()).startsWith("STATUS SEQUENCE_GAP UPDATE_BEFORE_SNAPSHOT",
            "STATUS RESYNC_STARTED UPDATE_BEFORE_SNAPSHOT");
        assertThat(statuses()).contains("STATUS RESYNC_DONE UPDATE_BEFORE_SNAPSHOT");
        assertThat(adapter.counters().deltasBeforeSnapshot()).isEqualTo(2);
    }

    @Test
    void shouldTakeDataThatArrivesBeforeTheSubscribeAck() throws Exception
    {
        start();
        beforeAck = request ->
        {
            if (request.text().contains("\"subscribe\""))
            {
                request.reply(snapshot(100, "[[\"99.5\",\"2\"]]", "[[\"101.0\",\"1\"]]"));
                request.reply(delta(101, "[[\"100.0\",\"3\"]]", "[]"));
            }
        };
        final Connection connection = connect();
        connection.subscribe(TOPIC, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitEvent("BOOK delta u=101 bids=[100.0x3, 99.5x2] asks=[101.0x1]");
        assertThat(statuses()).containsExactly("STATUS RESYNC_DONE NONE");
    }

    @Test
    void shouldReadEveryValidSpellingOfLevelsAndSequence() throws Exception
    {
        subscribedAndLive();
        // exponent forms, bare numbers, u as a string, a duplicate level (the last wins), an absent level deleted,
        // unknown fields in the data and in a level, keys reordered
        server.push("{\"data\":{\"x\":{\"y\":[1,2]},\"u\":\"101\",\"a\":[[\"1.01E+2\",\"0\"],[102,\"5e-1\"]]," +
            "\"b\":[[\"99.5\",\"2\"],[\"99.5\",\"4\",\"extra\"],[\"50\",\"0\"]],\"s\":\"BTCUSDT\"}," +
            "\"ts\":1687940967466,\"type\":\"delta\",\"topic\":\"orderbook.50.BTC\\u0055SDT\",\"cts\":1}");
        awaitEvent("BOOK delta u=101 bids=[99.5x4] asks=[102x0.5]");
        server.push(delta(102, "[]", "[]"));
        awaitEvent("BOOK delta u=102 bids=[99.5x4] asks=[102x0.5]");
        assertThat(adapter.counters().malformedMessages()).isZero();
        assertThat(adapter.counters().bookGaps()).isZero();
    }

    @Test
    void shouldReassembleASnapshotSentInManyContinuationFrames() throws Exception
    {
        subscribedAndLive();
        final StringBuilder bids = new StringBuilder("[");
        for (int i = 0; i < 1000; i++)
        {
            bids.append(i == 0 ? "" : ",").append("[\"").append(1000 + i).append(".5\",\"1\"]");
        }
        bids.append(']');
        final String text = snapshot(200, bids.toString(), "[]");
        server.forEachLive(peer -> peer.sendFragmented(text, 97));
        Await.until(() -> events.stream().anyMatch(e -> e.startsWith("BOOK snapshot u=200 bids=[1999.5x1,")), WAIT_MS,
            () -> "fragmented snapshot: " + events);
        server.push(delta(201, "[[\"1999.5\",\"0\"]]", "[]"));
        Await.until(() -> events.stream().anyMatch(e -> e.startsWith("BOOK delta u=201 bids=[1998.5x1,")), WAIT_MS,
            () -> "delta after it: " + events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"close1000", "close1001", "close1011", "close4000", "closeNoStatus", "reset",
        "resetMidFrame", ConnectionEnds.DATA_AND_CLOSE_IN_ONE_SEGMENT, "fin"})
    void shouldResyncFromTheRestoresSnapshotAfterEveryKindOfEnd(final String end) throws Exception
    {
        beforeAck = request ->
        {
            if (request.connection() > 1 && request.text().contains("\"subscribe\""))
            {
                request.reply(snapshot(7, "[[\"70\",\"7\"]]", "[]"));
            }
        };
        subscribedAndLive();
        final byte[] delta = Frames.frame(Frames.TEXT, Frames.utf8(delta(101, "[[\"100.0\",\"3\"]]", "[]")));
        server.forEachLive(peer -> ConnectionEnds.end(peer, end, delta));
        awaitEvent("BOOK snapshot u=7 bids=[70x7] asks=[]");
        assertThat(statuses()).startsWith("STATUS RESYNC_DONE NONE");
        assertThat(statuses()).contains("STATUS RESYNC_DONE " + statuses().get(1).substring(
            "STATUS RESYNC_STARTED ".length()));
        assertThat(statuses().get(1)).startsWith("STATUS RESYNC_STARTED ");
        if (end.equals(ConnectionEnds.DATA_AND_CLOSE_IN_ONE_SEGMENT))
        {
            assertThat(events).contains("BOOK delta u=101 bids=[100.0x3, 99.5x2] asks=[101.0x1]");
        }
        assertThat(adapter.counters().malformedMessages()).isZero();
    }

    @Test
    void shouldNotLeaveAnUnsubscribedBookResyncingAfterAReconnect() throws Exception
    {
        subscribedAndLive();
        final Connection connection = connections.get(0);
        connection.unsubscribe(TOPIC).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connection.subscribe("publicTrade.BTCUSDT", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        server.resetAll();
        Await.until(() -> server.requests().stream().filter(r -> r.connection() > 1).count() > 0, WAIT_MS,
            "the restore's subscribe on the new socket");
        server.push("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1672304486868,\"data\":" +
            "[{\"T\":1672304486865,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.001\",\"p\":\"16578.50\"," +
            "\"L\":\"PlusTick\",\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\",\"BT\":false}]}");
        awaitEvent("TRADE 20f43950-d8dd-5b31-9112-a178eb6023af");
        assertThat(statuses()).as("no resync announced for a topic nobody wants: it would never end")
            .containsExactly("STATUS RESYNC_DONE NONE");
    }

    @Test
    void shouldResyncWhenTheConnectionDiesWhileAResyncIsInFlight() throws Exception
    {
        beforeAck = request ->
        {
            if (request.connection() == 1 && request.text().contains("\"unsubscribe\""))
            {
                try
                {
                    request.peer().reset();
                }
                catch (final java.io.IOException ignore)
                {
                    // the connection is gone either way
                }
            }
            else if (request.connection() > 1 && request.text().contains("\"subscribe\""))
            {
                request.reply(snapshot(300, "[[\"30\",\"3\"]]", "[]"));
            }
        };
        subscribedAndLive();
        server.push(delta(105, "[]", "[]"));
        awaitEvent("STATUS SEQUENCE_GAP SEQUENCE_MISMATCH");
        awaitEvent("BOOK snapshot u=300 bids=[30x3] asks=[]");
        server.push(delta(301, "[[\"31\",\"1\"]]", "[]"));
        awaitEvent("BOOK delta u=301 bids=[31x1, 30x3] asks=[]");
        assertThat(statuses().get(statuses().size() - 1)).startsWith("STATUS RESYNC_DONE");
    }

    @Test
    void shouldReassembleAMessageWithPingsBetweenItsFragments() throws Exception
    {
        subscribedAndLive();
        final byte[] text = Frames.utf8(delta(101, "[[\"100.0\",\"3\"]]", "[]"));
        final int third = text.length / 3;
        server.forEachLive(peer ->
        {
            peer.write(Frames.concat(Frames.frame(0x01, Arrays.copyOfRange(text, 0, third)),
                Frames.frame(Frames.PING, Frames.utf8("p1"))));
            peer.write(Frames.frame(0x00, Arrays.copyOfRange(text, third, 2 * third)));
            peer.write(Frames.concat(Frames.frame(Frames.PING, new byte[0]),
                Frames.frame(0x80, Arrays.copyOfRange(text, 2 * third, text.length))));
        });
        awaitEvent("BOOK delta u=101 bids=[100.0x3, 99.5x2] asks=[101.0x1]");
        Await.until(() -> server.frames().stream().filter(f -> f.opcode() == 0xA).count() >= 2, WAIT_MS,
            () -> "two pongs; frames " + server.frames().size());
        assertThat(adapter.counters().malformedMessages()).isZero();
    }

    @Test
    void shouldTakeAPongWithLongUnknownFieldsAsTheAnswer() throws Exception
    {
        pongPadding = "\"extra\":\"" + "x".repeat(2_000) + "\",";
        heartbeatMs = 150L;
        subscribedAndLive();
        Await.until(() -> server.requests().stream().filter(r -> r.text().contains("\"ping\"")).count() >= 6,
            WAIT_MS, "six pings answered");
        assertThat(adapter.counters().disconnects()).as("a healthy connection is not cut for a long pong").isZero();
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void shouldAskAgainWhenTheVenueConfirmsAResubscribeButSendsNoSnapshot() throws Exception
    {
        final AtomicInteger subscribes = new AtomicInteger();
        beforeAck = request ->
        {
            // the first subscribe (the user's) and the second (the gap's resubscribe) bring no snapshot
            if (request.text().contains("\"subscribe\"") && subscribes.incrementAndGet() == 3)
            {
                request.reply(snapshot(300, "[[\"30\",\"3\"]]", "[]"));
            }
        };
        subscribedAndLive();
        server.push(delta(105, "[]", "[]"));
        awaitEvent("STATUS RESYNC_STARTED SEQUENCE_MISMATCH");
        awaitEvent("BOOK snapshot u=300 bids=[30x3] asks=[]");
        awaitEvent("STATUS RESYNC_DONE SEQUENCE_MISMATCH");
        assertThat(adapter.counters().snapshotTimeouts()).isEqualTo(1);
    }

    private void subscribedAndLive() throws Exception
    {
        start();
        final Connection connection = connect();
        connection.subscribe(TOPIC, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        server.push(snapshot(100, "[[\"99.5\",\"2\"]]", "[[\"101.0\",\"1\"]]"));
        awaitEvent("BOOK snapshot u=100 bids=[99.5x2] asks=[101.0x1]");
    }

    private void start() throws Exception
    {
        server = TestServer.builder().answer(this::answer).start();
    }

    private Connection connect() throws Exception
    {
        final BybitAdapter.Builder builder = BybitAdapter.builder().category(BybitCategory.LINEAR)
            .listener(new Recorder());
        if (heartbeatMs > 0)
        {
            builder.heartbeat(heartbeatMs, 2 * heartbeatMs);
        }
        adapter = builder.build();
        final NovaOptions options = NovaOptions.builder().url(server.url("/v5/public/linear"))
            .logLevel(LoggingHandler.Level.WARN).set(Option.RECONNECT_BASE_DELAY_MS, 50L).build();
        final Connection connection = Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        return connection;
    }

    private String answer(final TestServer.Request request)
    {
        final String text = request.text();
        final Matcher id = REQ_ID.matcher(text);
        final String reqId = id.find() ? id.group(1) : "";
        if (text.contains("\"ping\""))
        {
            return "{" + pongPadding + "\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c\",\"req_id\":\"" + reqId +
                "\",\"op\":\"ping\"}";
        }
        final String op = text.contains("\"unsubscribe\"") ? "unsubscribe" : "subscribe";
        beforeAck.accept(request);
        return "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"c\",\"req_id\":\"" + reqId + "\",\"op\":\"" + op +
            "\"}";
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

    static String snapshot(final long u, final String bids, final String asks)
    {
        return book("snapshot", u, bids, asks);
    }

    static String delta(final long u, final String bids, final String asks)
    {
        return book("delta", u, bids, asks);
    }

    private static String book(final String type, final long u, final String bids, final String asks)
    {
        return "{\"topic\":\"" + TOPIC + "\",\"type\":\"" + type + "\",\"ts\":1687940967466,\"data\":{\"s\":" +
            "\"BTCUSDT\",\"b\":" + bids + ",\"a\":" + asks + ",\"u\":" + u + ",\"seq\":7961638724},\"cts\":1}";
    }

    private final class Recorder implements MarketListener
    {
        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            events.add("BOOK " + (update.isSnapshot() ? "snapshot" : "delta") + " u=" + book.lastSequence() +
                " bids=" + levels(book.bids()) + " asks=" + levels(book.asks()));
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

        private String levels(final PriceLevels side)
        {
            final List<String> levels = new ArrayList<>();
            for (int i = 0; i < side.depth(); i++)
            {
                levels.add(plain(side.price(i)) + "x" + plain(side.size(i)));
            }
            return levels.toString();
        }

        private String plain(final Decimal value)
        {
            return new BigDecimal(value.toString()).toPlainString();
        }
    }
}
