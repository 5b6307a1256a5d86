package io.wsnova.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aeron.CommonContext;
import io.wsnova.aeron.EmbeddedDriver;
import io.wsnova.mock.bybit.MockBybitExchange;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova publish} against the Bybit mock, with {@code ./nova subscribe} on the same media driver: the
 * publisher embeds a driver where none runs, publishes every normalized event, and the subscriber prints them in the
 * stream schema; the trades it prints are the mock's, each once, in the mock's order; the publisher's last line
 * counts what it published.
 */
@Timeout(90)
class PublishCommandTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPublishTheVenuesEventsForASubscriberInTheSameDriverAndCountThem() throws Exception
    {
        final String dir = EmbeddedDriver.directory("wsnova-publish-" + UUID.randomUUID(), Path.of("target", "aeron"));
        try (MockBybitExchange exchange = MockBybitExchange.builder().symbols(List.of("BTCUSDT"))
            .publishIntervalMs(5).build().start())
        {
            final ByteArrayOutputStream published = new ByteArrayOutputStream();
            final ByteArrayOutputStream publishErr = new ByteArrayOutputStream();
            final CompletableFuture<Integer> publisher = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"publish", "--adapter", "bybit", "--url", exchange.uri().toString(), "--channel",
                    "publicTrade.BTCUSDT", "--channel", "orderbook.50.BTCUSDT", "--aeron-dir", dir, "--count", "600",
                    "--duration", "60"},
                new PrintStream(published, true, StandardCharsets.UTF_8),
                new PrintStream(publishErr, true, StandardCharsets.UTF_8)));
            Await.until(() -> CommonContext.isDriverActive(new File(dir), 1_000, ignore -> { }) || publisher.isDone(),
                30_000, "the publisher's embedded driver");

            final ByteArrayOutputStream received = new ByteArrayOutputStream();
            final ByteArrayOutputStream subscribeErr = new ByteArrayOutputStream();
            final int subscribed = Main.run(new String[] {"subscribe", "--aeron-dir", dir, "--count", "100",
                "--duration", "40"}, new PrintStream(received, true, StandardCharsets.UTF_8),
                new PrintStream(subscribeErr, true, StandardCharsets.UTF_8));

            assertThat(subscribed).as(subscribeErr.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(publisher.get(60, TimeUnit.SECONDS)).as(publishErr.toString(StandardCharsets.UTF_8)).isZero();
            final List<String> tradeIds = new ArrayList<>();
            int books = 0;
            for (final String line : received.toString(StandardCharsets.UTF_8).split("\n"))
            {
                final JsonNode node = JSON.readTree(line);
                if ("status".equals(node.get("type").asText()))
                {
                    continue;
                }
                assertThat(node.get("exchange").asText()).as(line).isEqualTo("bybit");
                assertThat(node.get("instrument").asText()).as(line).isEqualTo("BTCUSDT");
                if ("trade".equals(node.get("type").asText()))
                {
                    tradeIds.add(node.get("trade_id").asText());
                }
                else if ("book".equals(node.get("type").asText()))
                {
                    books++;
                    assertThat(node.get("bids").size() + node.get("asks").size()).as(line).isPositive();
                }
            }
            assertThat(tradeIds.size() + books).as("market events received").isPositive();
            final List<String> generated = new ArrayList<>(exchange.tradeSends("BTCUSDT").keySet());
            if (!tradeIds.isEmpty())
            {
                final int first = generated.indexOf(tradeIds.get(0));
                assertThat(first).as("the first trade is one of the mock's").isNotNegative();
                assertThat(tradeIds).as("consecutive, none lost or repeated")
                    .isEqualTo(generated.subList(first, first + tradeIds.size()));
            }
            final String[] lines = published.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines[0]).contains("\"state\":\"publishing\"", "\"embedded_driver\":true");
            final Map<?, ?> last = JSON.readValue(lines[lines.length - 1], Map.class);
            assertThat(last.get("state")).isEqualTo("published");
            // before the subscriber joins, an IPC publication is not connected: those events are counted drops
            assertThat(((Number)last.get("events")).longValue()).as("published events").isGreaterThanOrEqualTo(100);
            assertThat(((Number)last.get("events")).longValue() + ((Number)last.get("dropped")).longValue())
                .as("published and dropped: every event, statuses included").isGreaterThanOrEqualTo(600);
        }
    }

    @Test
    void shouldRefuseABadStreamIdWithExitTwo()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = Main.run(new String[] {"publish", "--url", "ws://h/", "--channel", "x", "--stream-id", "0"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--stream-id needs a positive whole number",
            "usage: ./nova publish");
    }
}
