package io.wsnova.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stream} against the embedded mock exchange: one JSON object per line, market events with exact
 * decimal strings, lifecycle events, the exit codes, and no secret anywhere in what it prints.
 */
@Timeout(60)
class StreamCommandTest
{
    private static final String CLIENT_ID = "stream-test";
    private static final String SECRET = "s3cr3t-stream-" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private MockDeribitExchange exchange;

    @BeforeEach
    void startExchange()
    {
        exchange = new MockDeribitExchange(MockDeribitConfig.builder().account(CLIENT_ID, SECRET)
            .messagesPerSecond(2_000).build());
        exchange.start();
    }

    @AfterEach
    void stopExchange()
    {
        exchange.close();
    }

    private int stream(final String... flags)
    {
        final List<String> args = new ArrayList<>(List.of("stream", "--adapter", "deribit", "--url",
            exchange.uri().toString()));
        args.addAll(List.of(flags));
        return StreamCommand.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> lines() throws Exception
    {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isEmpty())
            {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void shouldWriteOneJsonObjectPerLineForEveryKindOfMarketEventAndExitAfterTheCount() throws Exception
    {
        final int exit = stream("--channel", "ticker.BTC-PERPETUAL.100ms", "--channel", "book.BTC-PERPETUAL.100ms",
            "--channel", "trades.ETH-PERPETUAL.100ms", "--channel", "quote.ETH-PERPETUAL",
            "--client-id", CLIENT_ID, "--client-secret", SECRET, "--count", "400");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final List<JsonNode> nodes = lines();
        final List<JsonNode> market = nodes.stream().filter(n -> !"status".equals(n.get("type").asText())).toList();
        assertThat(market).hasSize(400);
        assertThat(market).extracting(n -> n.get("type").asText()).contains("ticker", "book", "trade", "quote");
        assertThat(nodes).extracting(n -> n.get("type").asText() + ":" + (n.has("state") ? n.get("state").asText() :
            "")).contains("status:connected", "status:authenticated", "status:subscribed");
        for (final JsonNode node : market)
        {
            assertThat(node.get("exchange").asText()).isEqualTo("deribit");
            assertThat(node.get("instrument").asText()).endsWith("-PERPETUAL");
            assertThat(node.get("exchange_ts_ms").asLong()).isPositive();
            assertThat(node.get("channel").asText()).startsWith(node.get("type").asText().equals("trade") ?
                "trades." : node.get("type").asText() + ".");
            switch (node.get("type").asText())
            {
                case "book" -> assertBook(node);
                case "trade" ->
                {
                    assertThat(node.get("trade_id").isTextual()).isTrue();
                    assertThat(node.get("price").isTextual()).as("price as a decimal string").isTrue();
                    assertThat(new BigDecimal(node.get("amount").asText())).isPositive();
                    assertThat(node.get("direction").asText()).isIn("buy", "sell");
                }
                case "quote", "ticker" ->
                {
                    assertThat(node.get("best_bid_price").isTextual()).isTrue();
                    assertThat(new BigDecimal(node.get("best_ask_price").asText()))
                        .isGreaterThan(new BigDecimal(node.get("best_bid_price").asText()));
                }
                default -> throw new AssertionError("unexpected " + node);
            }
        }
        assertNoSecret();
    }

    private static void assertBook(final JsonNode node)
    {
        assertThat(node.get("change_id").asLong()).isPositive();
        final JsonNode bids = node.get("bids");
        final JsonNode asks = node.get("asks");
        assertThat(bids.size()).isBetween(1, MarketJson.BOOK_LEVELS);
        assertThat(asks.size()).isBetween(1, MarketJson.BOOK_LEVELS);
        for (int i = 0; i < bids.size(); i++)
        {
            assertThat(bids.get(i).get(0).isTextual()).isTrue();
            assertThat(bids.get(i).get(1).isTextual()).isTrue();
            if (i > 0)
            {
                assertThat(new BigDecimal(bids.get(i).get(0).asText()))
                    .as("bids descending").isLessThan(new BigDecimal(bids.get(i - 1).get(0).asText()));
            }
        }
        for (int i = 1; i < asks.size(); i++)
        {
            assertThat(new BigDecimal(asks.get(i).get(0).asText()))
                .as("asks ascending").isGreaterThan(new BigDecimal(asks.get(i - 1).get(0).asText()));
        }
        assertThat(new BigDecimal(asks.get(0).get(0).asText()))
            .isGreaterThan(new BigDecimal(bids.get(0).get(0).asText()));
    }

    @Test
    void shouldPrintEveryBookLevelAsPlainDecimalStrings() throws Exception
    {
        exchange.messagesPerSecond(200);
        final int exit = stream("--channel", "book.BTC-PERPETUAL.100ms", "--count", "30");
        assertThat(exit).isZero();

        // Plain decimal text, never an exponent or a binary-float artefact (the rebuilt book's equality with the
        // exchange's own book is DeribitMock* in adapters).
        final List<JsonNode> books = lines().stream().filter(n -> "book".equals(n.get("type").asText())).toList();
        assertThat(books).hasSize(30);
        final JsonNode last = books.get(books.size() - 1);
        for (final JsonNode level : last.get("bids"))
        {
            assertThat(level.get(0).asText()).matches("\\d+(\\.\\d+)?");
            assertThat(level.get(1).asText()).matches("\\d+(\\.\\d+)?");
        }
    }

    @Test
    void shouldReportStatusLinesAcrossAReconnect() throws Exception
    {
        final Thread dropper = Thread.ofVirtual().start(() ->
        {
            try
            {
                Thread.sleep(1_500);
                exchange.dropConnections();
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        });
        final int exit = stream("--channel", "ticker.BTC-PERPETUAL.100ms", "--duration", "4");
        dropper.join();

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final List<String> states = lines().stream().filter(n -> "status".equals(n.get("type").asText()))
            .map(n -> n.get("state").asText()).toList();
        assertThat(states).containsSubsequence("connected", "subscribed", "disconnected", "reconnecting",
            "subscribed", "reconnected");
    }

    @Test
    void shouldExitOneWithTheReasonOnStderrWhenAuthenticationFails()
    {
        final int exit = stream("--channel", "ticker.BTC-PERPETUAL.100ms", "--client-id", CLIENT_ID,
            "--client-secret", SECRET + "-wrong", "--count", "1");

        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nova stream:").doesNotContain(SECRET);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }

    @Test
    void shouldExitOneWhenNothingListens()
    {
        final String url = exchange.uri().toString();
        exchange.close();
        final int exit = StreamCommand.run(new String[] {"stream", "--url", url, "--channel", "x", "--count", "1"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("failed");
    }

    @Test
    void shouldRejectBadUsageWithExitTwo()
    {
        final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(StreamCommand.run(new String[] {"stream", "--channel", "x"}, o, e)).isEqualTo(Main.EXIT_USAGE);
        assertThat(StreamCommand.run(new String[] {"stream", "--url", "ws://h/", "--adapter", "kraken", "--channel",
            "x"}, o, e)).isEqualTo(Main.EXIT_USAGE);
        assertThat(StreamCommand.run(new String[] {"stream", "--url", "ws://h/"}, o, e)).isEqualTo(Main.EXIT_USAGE);
        assertThat(StreamCommand.run(new String[] {"stream", "--url", "ws://h/", "--channel", "x", "--count", "-1"},
            o, e)).isEqualTo(Main.EXIT_USAGE);
        assertThat(StreamArgs.parse(new String[] {"stream", "--url", "u", "--channel", "c", "--client-id", "i",
            "--client-secret", SECRET}, Map.of()).toString()).doesNotContain(SECRET);
    }

    private void assertNoSecret()
    {
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET).doesNotContain("access_token")
            .doesNotContain("refresh_token").doesNotContain("signature");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }
}
