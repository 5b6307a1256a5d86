package io.wsnova.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsnova.market.MarketJson;
import io.wsnova.mock.bybit.MockBybitExchange;
import io.wsnova.mock.coinbase.MockCoinbaseExchange;
import io.wsnova.mock.okx.MockOkxExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stream --adapter bybit|okx|coinbase} against each venue's mock on loopback: exit 0 after the
 * count, every line in the one schema ({@code exchange} = the adapter name, {@code channel} as given, the venue's
 * symbol), every printed book's top 10 equal to the mock's book at the printed sequence, and every printed trade
 * one the mock generated, each printed once, in the mock's order with none skipped.
 */
@Timeout(60)
class StreamVenuesTest
{
    private static final Pattern OKX_LEVEL = Pattern.compile("\\[([^\\[\\],]+),([^\\[\\],]+)]");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private List<JsonNode> lines(final String type) throws IOException
    {
        return StreamLines.lines(out.toString(StandardCharsets.UTF_8), type);
    }

    @Test
    void shouldStreamBybitBooksEqualToTheMocksAndEveryTradeOnce() throws Exception
    {
        try (MockBybitExchange exchange = MockBybitExchange.builder().symbols(List.of("BTCUSDT", "ETHUSDT"))
            .publishIntervalMs(5).build().start())
        {
            final String book = "orderbook.50.BTCUSDT";
            final String trades = "publicTrade.BTCUSDT";
            final int exit = stream("bybit", exchange.uri().toString(), book, trades);

            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            final List<JsonNode> books = lines("book");
            assertThat(books).isNotEmpty();
            for (final JsonNode line : books)
            {
                assertCommon(line, "bybit", book, "BTCUSDT");
                final String mock = exchange.bookAt("BTCUSDT", 0, line.get("change_id").asLong());
                assertThat(mock).as("the mock's book at %s", line.get("change_id")).isNotNull();
                final String bids = mock.substring(mock.indexOf("bids=[") + 6, mock.indexOf("] asks=["));
                final String asks = mock.substring(mock.indexOf("asks=[") + 6, mock.length() - 1);
                assertThat(StreamLines.printed(line.get("bids"))).as("bids of %s", line)
                    .isEqualTo(StreamLines.top10(bids, ":"));
                assertThat(StreamLines.printed(line.get("asks"))).as("asks of %s", line)
                    .isEqualTo(StreamLines.top10(asks, ":"));
            }
            final List<String> printedIds = new ArrayList<>();
            for (final JsonNode trade : lines("trade"))
            {
                assertCommon(trade, "bybit", trades, "BTCUSDT");
                printedIds.add(trade.get("trade_id").asText());
            }
            final List<String> generated = new ArrayList<>(exchange.tradeSends("BTCUSDT").keySet());
            thenConsecutiveRunOf(printedIds, generated);
            for (final Map.Entry<String, Integer> sent : exchange.tradeSends("BTCUSDT").entrySet())
            {
                if (printedIds.contains(sent.getKey()))
                {
                    assertThat(sent.getValue()).as("sends of printed trade %s", sent.getKey()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void shouldStreamOkxBooksEqualToTheMocksAndEveryTradeOnce() throws Exception
    {
        try (MockOkxExchange exchange = MockOkxExchange.builder().instruments(List.of("BTC-USDT", "ETH-USDT"))
            .publishIntervalMs(5).build().start())
        {
            final String book = "books:BTC-USDT";
            final String trades = "trades:BTC-USDT";
            final int exit = stream("okx", exchange.uri().toString(), book, trades);

            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            final List<JsonNode> books = lines("book");
            assertThat(books).isNotEmpty();
            for (final JsonNode line : books)
            {
                assertCommon(line, "okx", book, "BTC-USDT");
                final String mock = exchange.bookAt("BTC-USDT", line.get("change_id").asLong());
                assertThat(mock).as("the mock's book at %s", line.get("change_id")).isNotNull();
                final String[] sides = mock.split("\\|");
                assertThat(StreamLines.printed(line.get("bids"))).as("bids of %s", line)
                    .isEqualTo(okxTop10(sides[0]));
                assertThat(StreamLines.printed(line.get("asks"))).as("asks of %s", line)
                    .isEqualTo(okxTop10(sides[1]));
            }
            final List<String> printedIds = new ArrayList<>();
            for (final JsonNode trade : lines("trade"))
            {
                assertCommon(trade, "okx", trades, "BTC-USDT");
                printedIds.add(trade.get("trade_id").asText());
            }
            final List<String> generated = new ArrayList<>();
            for (final long id : exchange.tradeIds("BTC-USDT"))
            {
                generated.add(Long.toString(id));
            }
            thenConsecutiveRunOf(printedIds, generated);
        }
    }

    @Test
    void shouldStreamCoinbaseBooksEqualToTheMocksAndEveryTradeOnce() throws Exception
    {
        try (MockCoinbaseExchange exchange = MockCoinbaseExchange.builder().products(List.of("BTC-USD", "ETH-USD"))
            .publishIntervalMs(5).build().start())
        {
            final String book = "level2:BTC-USD";
            final String trades = "market_trades:BTC-USD";
            final int exit = stream("coinbase", exchange.uri().toString(), book, trades);

            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            final List<JsonNode> books = lines("book");
            assertThat(books).isNotEmpty();
            for (final JsonNode line : books)
            {
                assertCommon(line, "coinbase", book, "BTC-USD");
                final String mock = exchange.bookAt(1, line.get("change_id").asLong());
                assertThat(mock).as("the mock's book at %s", line.get("change_id")).isNotNull();
                final String[] sides = mock.split("\\|", -1);
                assertThat(StreamLines.printed(line.get("bids"))).as("bids of %s", line)
                    .isEqualTo(StreamLines.top10(sides[0].substring(2), "@"));
                assertThat(StreamLines.printed(line.get("asks"))).as("asks of %s", line)
                    .isEqualTo(StreamLines.top10(sides[1].substring(2), "@"));
            }
            final List<String> printedIds = new ArrayList<>();
            for (final JsonNode trade : lines("trade"))
            {
                assertCommon(trade, "coinbase", trades, "BTC-USD");
                printedIds.add(trade.get("trade_id").asText());
            }
            final List<String> generated = new ArrayList<>();
            for (final long id : exchange.tradeIds("BTC-USD"))
            {
                generated.add(Long.toString(id));
            }
            thenConsecutiveRunOf(printedIds, generated);
        }
    }

    private int stream(final String adapter, final String url, final String book, final String trades)
    {
        return Main.run(new String[] {"stream", "--adapter", adapter, "--url", url, "--channel", book, "--channel",
            trades, "--count", "300"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void assertCommon(final JsonNode node, final String exchange, final String channel,
        final String instrument)
    {
        assertThat(node.get("exchange").asText()).as(node.toString()).isEqualTo(exchange);
        assertThat(node.get("channel").asText()).as(node.toString()).isEqualTo(channel);
        assertThat(node.get("instrument").asText()).as(node.toString()).isEqualTo(instrument);
    }

    /**
     * The printed trade ids are a run of the generated ids: each printed once, none of the run skipped.
     */
    private static void thenConsecutiveRunOf(final List<String> printedIds, final List<String> generated)
    {
        assertThat(printedIds).as("trades printed").isNotEmpty();
        final int first = generated.indexOf(printedIds.get(0));
        assertThat(first).as("the first printed trade is one of the mock's").isNotNegative();
        assertThat(printedIds).as("consecutive, none lost or repeated")
            .isEqualTo(generated.subList(first, first + printedIds.size()));
    }

    private static List<String> okxTop10(final String levels)
    {
        final List<String> top = new ArrayList<>();
        final Matcher level = OKX_LEVEL.matcher(levels);
        while (level.find() && top.size() < MarketJson.BOOK_LEVELS)
        {
            top.add(StreamLines.plain(level.group(1)) + ":" + StreamLines.plain(level.group(2)));
        }
        return top;
    }
}
