package io.wsnova.cli.docs;

import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketJson;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Trade;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example venue of docs/ADAPTERS.md ("A new venue on the market model"), run against a loopback server that
 * speaks its protocol: snapshot, deltas, a trade, a malformed message, a sequence gap and the resync, each event
 * printed by the market model's {@link MarketJson} exactly as {@code ./nova stream} prints it; and the example in
 * the document is this folder's source, character for character.
 */
@Timeout(30)
class ToyVenueExampleTest
{
    static final String EXAMPLE_SOURCE = "src/test/java/io/wsnova/cli/docs/ToyVenueAdapter.java";
    static final String BEGIN_MARKER = "<!-- example:begin ToyVenueAdapter.java -->\n```java\n";
    static final String END_MARKER = "```\n<!-- example:end -->";
    static final String CHANNEL = "book:TOY-USD";
    static final String HEAD = "{\"type\":\"book\",\"exchange\":\"toy\",\"channel\":\"book:TOY-USD\",\"instrument\":" +
        "\"TOY-USD\",\"exchange_ts_ms\":";

    @Test
    void shouldDecodeIntoTheModelKeepTheBookInSequenceAndResyncAfterAGap() throws Exception
    {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final InstrumentRegistry registry = new InstrumentRegistry();
        registry.register(registry.venue("toy"), "TOY-USD", InstrumentSpec.spot(5, 1, 1, 2));
        final MarketJson json = new MarketJson(registry);
        final MarketListener printer = new MarketListener()
        {
            @Override
            public void onBook(final BookUpdate update, final OrderBook book)
            {
                lines.add(text(json.book(update, book, CHANNEL)));
            }

            @Override
            public void onTrade(final Trade trade)
            {
                lines.add(text(json.trade(trade, CHANNEL)));
            }

            @Override
            public void onStatus(final FeedStatus status)
            {
                lines.add(text(json.status(status, CHANNEL)));
            }

            private String text(final int length)
            {
                return new String(json.buffer().byteArray(), 0, length, StandardCharsets.UTF_8);
            }
        };
        try (TestServer server = TestServer.rpc(request ->
        {
            request.reply(JsonRpc.result(request.id(), "\"ok\""));
            request.reply("subscribe".equals(request.method()) ?
                "{\"ch\":\"book\",\"sym\":\"TOY-USD\",\"seq\":1,\"ts\":1700000000000,\"bids\":[[\"100.5\",\"2\"]]," +
                    "\"asks\":[[\"101\",\"1\"]],\"snap\":true}" :
                "{\"snap\":true,\"ch\":\"book\",\"sym\":\"TOY-USD\",\"seq\":10,\"ts\":1700000000009," +
                    "\"bids\":[[\"99\",\"3\"]],\"asks\":[[\"101.5\",\"1.25\"]]}");
            return null;
        }))
        {
            final ToyVenueAdapter adapter = new ToyVenueAdapter(printer, registry);
            final Connection toy = Nova.connectBlocking(adapter, NovaOptions.builder().url(server.url())
                .logLevel(LoggingHandler.Level.WARN).build());
            toy.subscribe(CHANNEL, null).get(5, TimeUnit.SECONDS);
            assertThat(next(lines)).isEqualTo(HEAD + "1700000000000,\"change_id\":1,\"snapshot\":true,\"bids\":" +
                "[[\"100.5\",\"2\"]],\"asks\":[[\"101\",\"1\"]]}");

            server.push("{\"ch\":\"book\",\"sym\":\"TOY-USD\",\"seq\":2,\"prev\":1,\"ts\":1700000000001," +
                "\"bids\":[[\"100.5\",\"0\"],[\"100\",\"4.50\"]],\"asks\":[],\"extra\":{\"ignored\":[1,2]}}");
            assertThat(next(lines)).isEqualTo(HEAD + "1700000000001,\"change_id\":2,\"snapshot\":false,\"bids\":" +
                "[[\"100\",\"4.50\"]],\"asks\":[[\"101\",\"1\"]]}");

            server.push("{\"ch\":\"trade\",\"sym\":\"TOY-USD\",\"id\":\"t-42\",\"px\":\"100.5\",\"qty\":\"0.25\"," +
                "\"side\":\"buy\",\"ts\":1700000000002}");
            assertThat(next(lines)).isEqualTo("{\"type\":\"trade\",\"exchange\":\"toy\",\"channel\":" +
                "\"book:TOY-USD\"," +
                "\"instrument\":\"TOY-USD\",\"exchange_ts_ms\":1700000000002,\"trade_id\":\"t-42\"," +
                "\"price\":\"100.5\",\"amount\":\"0.25\",\"direction\":\"buy\"}");

            server.push("{\"ch\":\"book\",\"sym\":\"TOY-USD\",\"seq\":");
            server.push("{\"ch\":\"trade\",\"sym\":\"NOPE\",\"id\":\"1\",\"px\":\"1\",\"qty\":\"1\"," +
                "\"side\":\"sell\"}");
            server.push("{\"ch\":\"book\",\"sym\":\"TOY-USD\",\"seq\":6,\"prev\":5,\"ts\":1700000000006," +
                "\"bids\":[[\"98\",\"1\"]]}");
            assertThat(next(lines)).isEqualTo("{\"type\":\"status\",\"exchange\":\"toy\",\"channel\":" +
                "\"book:TOY-USD\",\"instrument\":\"TOY-USD\",\"exchange_ts_ms\":1700000000006,\"state\":" +
                "\"sequence_gap\",\"reason\":\"sequence_mismatch\",\"occurrences\":1,\"attempt\":0," +
                "\"expected_sequence\":2,\"received_sequence\":5}");
            assertThat(next(lines)).contains("\"state\":\"resync_started\"", "\"attempt\":1");
            assertThat(server.next("snapshot", 5_000).text()).contains("\"params\":{\"sym\":\"TOY-USD\"}");
            assertThat(next(lines)).isEqualTo(HEAD + "1700000000009,\"change_id\":10,\"snapshot\":true,\"bids\":" +
                "[[\"99\",\"3\"]],\"asks\":[[\"101.5\",\"1.25\"]]}");
            assertThat(next(lines)).contains("\"state\":\"resync_done\"");

            server.push("{\"ch\":\"book\",\"sym\":\"TOY-USD\",\"seq\":11,\"prev\":10,\"ts\":1700000000011," +
                "\"asks\":[[\"101.5\",\"0\"],[\"102\",\"7\"]]}");
            assertThat(next(lines)).isEqualTo(HEAD + "1700000000011,\"change_id\":11,\"snapshot\":false,\"bids\":" +
                "[[\"99\",\"3\"]],\"asks\":[[\"102\",\"7\"]]}");
            assertThat(adapter.counters().malformed.get()).isEqualTo(1);
            assertThat(adapter.counters().unknownSymbols.get()).isEqualTo(1);
            assertThat(adapter.counters().gaps.get()).isEqualTo(1);
            toy.close();
            toy.closeFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(lines).isEmpty();
    }

    private static String next(final BlockingQueue<String> lines) throws InterruptedException
    {
        final String line = lines.poll(5, TimeUnit.SECONDS);
        assertThat(line).as("a line within 5 s").isNotNull();
        return line;
    }

    @Test
    void shouldKeepTheExampleInDocsAdaptersVerbatim() throws IOException
    {
        final String source = Files.readString(Path.of(EXAMPLE_SOURCE), StandardCharsets.UTF_8);
        final String doc = Files.readString(Path.of("..", "docs", "ADAPTERS.md"), StandardCharsets.UTF_8);

        final int begin = doc.indexOf(BEGIN_MARKER);
        final int end = doc.indexOf(END_MARKER, begin);
        assertThat(begin).as("begin marker in docs/ADAPTERS.md").isNotNegative();
        assertThat(end).as("end marker in docs/ADAPTERS.md").isPositive();
        assertThat(doc.substring(begin + BEGIN_MARKER.length(), end)).isEqualTo(source);
    }
}
