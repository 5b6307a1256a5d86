package io.wsnova.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsnova.mock.binance.MockBinanceExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stream --adapter binance} against the Binance mock (WebSocket and REST depth on loopback): every
 * printed book's top 10 equals the mock's book at the printed update id, the trades are the mock's trade ids in
 * order with none lost or repeated, every line is in the one schema ({@code exchange} = the adapter name,
 * {@code channel} as given, exact decimal strings), and a sequence gap is printed as status lines followed by a
 * resynced book that again equals the mock's.
 */
@Timeout(60)
class StreamBinanceTest
{
    private static final String SYMBOL = "BTCUSDT";
    private static final String DEPTH = "btcusdt@depth@100ms";
    private static final String TRADES = "btcusdt@trade";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private MockBinanceExchange exchange;

    @BeforeEach
    void startExchange()
    {
        exchange = MockBinanceExchange.builder().symbols(List.of(SYMBOL, "ETHUSDT")).depth(15).publishIntervalMs(5)
            .build().start();
    }

    @AfterEach
    void stopExchange()
    {
        exchange.close();
    }

    private int stream(final String... flags)
    {
        final List<String> args = new ArrayList<>(List.of("stream", "--adapter", "binance", "--url",
            exchange.uri().toString(), "--rest-url", exchange.restUrl()));
        args.addAll(List.of(flags));
        return Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> lines(final String type) throws IOException
    {
        return StreamLines.lines(out.toString(StandardCharsets.UTF_8), type);
    }

    @Test
    void shouldPrintBooksEqualToTheMocksAndEveryTradeOnceInOneSchema() throws Exception
    {
        final int exit = stream("--channel", DEPTH, "--channel", TRADES, "--count", "300");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final List<JsonNode> books = lines("book");
        final List<JsonNode> trades = lines("trade");
        assertThat(books.size() + trades.size()).isEqualTo(300);
        assertThat(books).isNotEmpty();
        assertThat(trades).isNotEmpty();
        assertThat(books.get(0).get("snapshot").asBoolean()).as("the REST snapshot is printed first").isTrue();
        for (final JsonNode book : books)
        {
            assertCommonFields(book, DEPTH);
            thenBookEqualsTheMocks(book);
        }
        final List<Long> generated = exchange.tradeIds(SYMBOL);
        final int first = generated.indexOf(Long.parseLong(trades.get(0).get("trade_id").asText()));
        assertThat(first).as("first trade id is one of the mock's").isNotNegative();
        for (int i = 0; i < trades.size(); i++)
        {
            final JsonNode trade = trades.get(i);
            assertCommonFields(trade, TRADES);
            assertThat(trade.get("trade_id").asText()).as("trade %d: consecutive, none lost or repeated", i)
                .isEqualTo(String.valueOf(generated.get(first + i)));
            assertThat(trade.get("price").asText()).matches("\\d+\\.\\d+");
            assertThat(trade.get("amount").asText()).matches("\\d+\\.\\d+");
            assertThat(trade.get("direction").asText()).isIn("buy", "sell");
        }
        assertThat(lines("status")).extracting(n -> n.get("state").asText())
            .contains("connected", "subscribed", "resync_started", "resync_done");
    }

    @Test
    void shouldPrintAGapAndItsResyncAsStatusLinesThenAMatchingBook() throws Exception
    {
        final Thread fault = Thread.ofVirtual().start(() ->
        {
            io.wsnova.testkit.Await.within(() -> out.toString(StandardCharsets.UTF_8).contains("\"snapshot\":false"),
                20_000);
            exchange.dropNextDepth(SYMBOL);
        });
        final int exit = stream("--channel", DEPTH, "--duration", "6");
        fault.join();

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final List<String> states = new ArrayList<>();
        for (final JsonNode status : lines("status"))
        {
            if (status.has("exchange"))
            {
                assertCommonFields(status, DEPTH);
                states.add(status.get("state").asText() + "/" + status.get("reason").asText());
            }
        }
        assertThat(states).containsSubsequence("resync_started/none", "resync_done/none",
            "sequence_gap/sequence_mismatch", "resync_started/sequence_mismatch", "resync_done/sequence_mismatch");
        final List<JsonNode> books = lines("book");
        assertThat(books.stream().filter(b -> b.get("snapshot").asBoolean()).count()).isEqualTo(2);
        for (final JsonNode book : books)
        {
            thenBookEqualsTheMocks(book);
        }
    }

    @Test
    void shouldStreamUsdMFuturesBooksAndMarkPriceTickersUnderTheirOwnAdapterName() throws Exception
    {
        exchange.close();
        exchange = MockBinanceExchange.builder().futures(true).symbols(List.of(SYMBOL)).depth(15)
            .publishIntervalMs(5).build().start();
        final List<String> args = new ArrayList<>(List.of("stream", "--adapter", "binance-usdm", "--url",
            exchange.uri().toString(), "--rest-url", exchange.restUrl(), "--channel", DEPTH, "--channel",
            "btcusdt@markPrice", "--count", "100"));
        final int exit = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final List<JsonNode> tickers = lines("ticker");
        final List<JsonNode> books = lines("book");
        assertThat(tickers.size() + books.size()).isEqualTo(100);
        assertThat(tickers).isNotEmpty();
        for (final JsonNode ticker : tickers)
        {
            assertThat(ticker.get("exchange").asText()).isEqualTo("binance-usdm");
            assertThat(ticker.get("channel").asText()).isEqualTo("btcusdt@markPrice");
            assertThat(new BigDecimal(ticker.get("mark_price").asText())).isPositive();
            assertThat(ticker.get("next_funding_ts_ms").asLong()).isPositive();
        }
        for (final JsonNode book : books)
        {
            assertThat(book.get("exchange").asText()).isEqualTo("binance-usdm");
            thenBookEqualsTheMocks(book);
        }
    }

    @Test
    void shouldRejectAnUnknownAdapterListingTheKnownOnesWithExitTwo()
    {
        final int exit = Main.run(new String[] {"stream", "--adapter", "kraken", "--url", "ws://h/", "--channel",
            "x"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
            "unknown adapter 'kraken' (known: " + String.join(", ", Venues.names()) + ")", "usage: ./nova stream");
        assertThat(Venues.names()).startsWith("deribit", "binance", "binance-usdm");
        assertThat(Main.run(new String[] {"stream", "--adapter", "binance", "--url", "ws://h/", "--channel", "x",
            "--client-id", "a", "--client-secret", "b"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Main.EXIT_USAGE);
        assertThat(Main.run(new String[] {"stream", "--adapter", "deribit", "--url", "ws://h/", "--channel", "x",
            "--rest-url", "http://h/"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("apply to deribit only",
            "--rest-url does not apply to deribit");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void assertCommonFields(final JsonNode node, final String channel)
    {
        assertThat(node.get("exchange").asText()).isEqualTo("binance");
        assertThat(node.get("channel").asText()).isEqualTo(channel);
        assertThat(node.get("instrument").asText()).isEqualTo(SYMBOL);
        if (!node.path("snapshot").asBoolean() && !"status".equals(node.get("type").asText()))
        {
            assertThat(node.get("exchange_ts_ms").asLong()).as(node.toString()).isPositive();
        }
        else
        {
            assertThat(node.get("exchange_ts_ms").isNull() || node.get("exchange_ts_ms").asLong() > 0)
                .as("a spot REST snapshot and a status have no venue time: " + node).isTrue();
        }
    }

    /**
     * The printed top 10 of each side equals the top 10 of the mock's whole book at the printed update id.
     */
    private void thenBookEqualsTheMocks(final JsonNode book)
    {
        final long updateId = book.get("change_id").asLong();
        final String mock = exchange.bookAt(SYMBOL, updateId);
        assertThat(mock).as("the mock's book at %d", updateId).isNotNull();
        final String bids = mock.substring(mock.indexOf("bids=[") + 6, mock.indexOf("] asks=["));
        final String asks = mock.substring(mock.indexOf("asks=[") + 6, mock.length() - 1);
        assertThat(StreamLines.printed(book.get("bids"))).as("bids at %d", updateId)
            .isEqualTo(StreamLines.top10(bids, ":"));
        assertThat(StreamLines.printed(book.get("asks"))).as("asks at %d", updateId)
            .isEqualTo(StreamLines.top10(asks, ":"));
    }
}
