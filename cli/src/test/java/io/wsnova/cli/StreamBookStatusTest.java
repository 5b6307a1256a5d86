package io.wsnova.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.Await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stream} prints every book state change as a {@code status} line: a gap, its resync and the new
 * snapshot; a dropped connection (stale) and the restored snapshot.
 */
@Timeout(60)
class StreamBookStatusTest
{
    private static final String CHANNEL = "book.BTC-PERPETUAL.100ms";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private MockDeribitExchange exchange;

    @BeforeEach
    void startExchange()
    {
        exchange = new MockDeribitExchange(MockDeribitConfig.builder().messagesPerSecond(200).build());
        exchange.start();
    }

    @AfterEach
    void stopExchange()
    {
        exchange.close();
    }

    /**
     * Waits (bounded: the stream's own duration ends the test) until the output holds {@code text}.
     */
    private void awaitOutput(final String text)
    {
        Await.within(() -> out.toString(StandardCharsets.UTF_8).contains(text), 6_000);
    }

    @Test
    void shouldPrintTheBookStatusOfAGapAResyncADropAndTheRestore() throws Exception
    {
        final Thread faults = Thread.ofVirtual().start(() ->
        {
            awaitOutput("\"status\":\"snapshot_applied\"");
            exchange.injectBookGap("BTC-PERPETUAL");
            awaitOutput("\"status\":\"resync_done\"");
            exchange.dropConnections();
        });
        final int exit = StreamCommand.run(new String[] {"stream", "--adapter", "deribit", "--url",
            exchange.uri().toString(), "--channel", CHANNEL, "--duration", "8"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        faults.join();

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        final List<String> statuses = new ArrayList<>();
        for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
        {
            final JsonNode node = line.isEmpty() ? null : JSON.readTree(line);
            if (node != null && "status".equals(node.get("type").asText()) && "book".equals(node.get("state").asText()))
            {
                assertThat(node.get("channel").asText()).isEqualTo(CHANNEL);
                statuses.add(node.get("status").asText() + (node.get("stale").asBoolean() ? " stale" : " live"));
            }
        }
        assertThat(statuses).as(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("status"))
            .toList().toString()).containsSubsequence("snapshot_applied live", "gap_detected stale",
            "resync_requested stale", "resync_done live", "stale_on_disconnect stale", "restored live");
    }
}
