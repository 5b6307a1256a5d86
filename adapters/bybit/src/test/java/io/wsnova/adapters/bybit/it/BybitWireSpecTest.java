package io.wsnova.adapters.bybit.it;

import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.Frame;
import io.wsnova.testkit.Frames;
import io.wsnova.testkit.TestConnection;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real adapter over the engine against a loopback server that speaks Bybit's protocol in wire forms the
 * specification (RFC 6455, Bybit v5) allows but the project's mock never uses: the snapshot split into three
 * fragments with a ping between them, the subscribe answer arriving after the first data and then again, a delta
 * in exponent-free and trailing-zero forms, and a pong between snapshot and first delta. The book must equal the
 * venue's after each delta, with no gap reported and nothing counted as malformed.
 */
class BybitWireSpecTest
{
    private static final String TOPIC = "orderbook.50.BTCUSDT";
    private static final Pattern REQ_ID = Pattern.compile("\"req_id\":\"([^\"]*)\"");

    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final List<String> books = new CopyOnWriteArrayList<>();
    private final MarketListener listener = new MarketListener()
    {
        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            books.add(book.lastSequence() + " " + book.bids() + " | " + book.asks());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses.add(status.state() + " " + status.reason());
        }
    };

    @Test
    void shouldKeepTheBookThroughFragmentsPingsAndLateDuplicateAnswers() throws Exception
    {
        try (TestServer server = new TestServer(this::serve))
        {
            final BybitAdapter adapter = BybitAdapter.builder().listener(listener).build();
            final Connection connection = Nova.connect(adapter, NovaOptions.builder().url(server.url()).build())
                .get(10, TimeUnit.SECONDS);
            try
            {
                connection.subscribe(TOPIC, null).get(10, TimeUnit.SECONDS);
                Await.until(() -> books.size() >= 3, 10_000, () -> "books " + books + " statuses " + statuses);

                assertThat(books.get(0)).startsWith("100 ");
                assertThat(books.get(2)).startsWith("102 ");
                assertThat(books.get(2)).contains("16493.5").contains("0.5").doesNotContain("16493.0");
                assertThat(statuses).noneMatch(status -> status.startsWith("SEQUENCE_GAP"));
                assertThat(adapter.counters().malformedMessages()).isZero();
            }
            finally
            {
                connection.close();
            }
        }
    }

    @Test
    void shouldApplyOrCountADeltaInABinaryFrameNeverDropItSilently() throws Exception
    {
        binaryDelta = true;
        try (TestServer server = new TestServer(this::serve))
        {
            final BybitAdapter adapter = BybitAdapter.builder().listener(listener).build();
            final Connection connection = Nova.connect(adapter, NovaOptions.builder().url(server.url()).build())
                .get(10, TimeUnit.SECONDS);
            try
            {
                connection.subscribe(TOPIC, null).get(10, TimeUnit.SECONDS);
                Await.until(() -> books.size() >= 3 || statuses.stream().anyMatch(s -> s.startsWith("SEQUENCE_GAP")),
                    10_000, () -> "books " + books + " statuses " + statuses);

                final boolean applied = books.size() >= 3 && books.get(1).startsWith("101 ");
                final boolean reported = statuses.stream().anyMatch(s -> s.startsWith("SEQUENCE_GAP")) &&
                    adapter.counters().malformedMessages() + adapter.counters().unexpectedMessages() > 0;
                assertThat(applied || reported).as("books %s statuses %s", books, statuses).isTrue();
            }
            finally
            {
                connection.close();
            }
        }
    }

    private volatile boolean binaryDelta;

    private void serve(final TestConnection peer) throws Exception
    {
        if (!peer.upgrade())
        {
            return;
        }
        Frame request;
        do
        {
            request = peer.readFrame();
        }
        while (!request.text().contains("\"subscribe\""));
        final Matcher id = REQ_ID.matcher(request.text());
        final String reqId = id.find() ? id.group(1) : "";
        final String answer = "{\"success\":true,\"ret_msg\":\"subscribe\",\"conn_id\":\"2324d924\",\"req_id\":\"" +
            reqId + "\",\"op\":\"subscribe\"}";
        final byte[] snapshot = ("{\"topic\":\"" + TOPIC + "\",\"type\":\"snapshot\",\"ts\":1672304484978," +
            "\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"16493.50\",\"0.006\"],[\"16493.00\",\"0.100\"]],\"a\":" +
            "[[\"16611.00\",\"0.029\"],[\"16612.00\",\"0.213\"]],\"u\":100,\"seq\":7961638724}," +
            "\"cts\":1672304484976}").getBytes(StandardCharsets.UTF_8);
        final int third = snapshot.length / 3;
        peer.write(Frames.frame(0x01, slice(snapshot, 0, third)));
        peer.write(Frames.frame(Frames.PING, Frames.utf8("hb")));
        peer.write(Frames.frame(0x00, slice(snapshot, third, 2 * third)));
        peer.write(Frames.frame(0x80, slice(snapshot, 2 * third, snapshot.length)));
        peer.sendText(answer);
        peer.sendText("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"465772b1\",\"req_id\":\"\"," +
            "\"op\":\"ping\"}");
        final String delta = "{\"cts\":1687940967464,\"data\":{\"seq\":66544703342,\"u\":101,\"a\":[],\"b\":" +
            "[[\"16493.00\",\"0\"]],\"s\":\"BTCUSDT\",\"x\":{\"y\":[1,2,{\"z\":null}]}},\"ts\":1687940967466," +
            "\"type\":\"delta\",\"topic\":\"" + TOPIC + "\"}";
        if (binaryDelta)
        {
            peer.sendBinary(delta.getBytes(StandardCharsets.UTF_8));
        }
        else
        {
            peer.sendText(delta);
        }
        peer.sendText(answer);
        peer.sendFragmented("{\"topic\":\"" + TOPIC + "\",\"type\":\"delta\",\"ts\":1687940967470,\"data\":{\"s\":" +
            "\"BTCUSDT\",\"b\":[[\"16493.50\",\"0.500\"]],\"a\":[],\"u\":102,\"seq\":66544703343}}", 4);
        while (true)
        {
            final Frame frame = peer.readFrame();
            if (frame.opcode() == 0x8)
            {
                return;
            }
        }
    }

    private static byte[] slice(final byte[] bytes, final int from, final int to)
    {
        final byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }
}
