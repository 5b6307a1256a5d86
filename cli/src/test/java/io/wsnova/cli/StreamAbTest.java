package io.wsnova.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsnova.mock.okx.MockOkxExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stream --adapter okx --ab}: two connections to one OKX mock (the same URL twice), printed as one
 * stream: every book line once (sequences strictly increasing, each book equal to the mock's), every trade once,
 * and the arbitration counters on stderr at exit.
 */
@Timeout(60)
class StreamAbTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintEachEventOnceFromTwoLegsAndTheCountersAtExit() throws Exception
    {
        try (MockOkxExchange exchange = MockOkxExchange.builder().instruments(List.of("BTC-USDT"))
            .publishIntervalMs(5).build().start())
        {
            final String url = exchange.uri().toString();
            final int exit = Main.run(new String[] {"stream", "--adapter", "okx", "--url", url, "--url-b", url,
                "--ab", "--channel", "books:BTC-USDT", "--channel", "trades:BTC-USDT", "--count", "300"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            final String stderr = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(stderr).isZero();
            assertThat(stderr).contains("ab leg A: wins=").contains("ab leg B: wins=").contains("lead_ns");
            final String stdout = out.toString(StandardCharsets.UTF_8);
            long last = Long.MIN_VALUE;
            int books = 0;
            for (final JsonNode line : StreamLines.lines(stdout, "book"))
            {
                final long changeId = line.get("change_id").asLong();
                assertThat(changeId).as("book lines once, in order").isGreaterThan(last);
                assertThat(exchange.bookAt("BTC-USDT", changeId)).as("the mock's book at %s", changeId).isNotNull();
                last = changeId;
                books++;
            }
            assertThat(books).isPositive();
            final List<String> printed = new ArrayList<>();
            for (final JsonNode trade : StreamLines.lines(stdout, "trade"))
            {
                printed.add(trade.get("trade_id").asText());
            }
            final List<String> generated = new ArrayList<>();
            for (final long id : exchange.tradeIds("BTC-USDT"))
            {
                generated.add(Long.toString(id));
            }
            assertThat(printed).isNotEmpty().doesNotHaveDuplicates();
            // trades carry no sequence: each is printed once in first-arrival order, which may differ from the
            // venue's order where only one leg had a trade (here: while the second leg's subscription started)
            final List<Long> sorted = new ArrayList<>();
            for (final String id : printed)
            {
                sorted.add(Long.parseLong(id));
            }
            sorted.sort(null);
            final int first = generated.indexOf(Long.toString(sorted.get(0)));
            assertThat(first).isNotNegative();
            final List<String> run = new ArrayList<>();
            for (final long id : sorted)
            {
                run.add(Long.toString(id));
            }
            assertThat(run).as("every trade once, none skipped")
                .isEqualTo(generated.subList(first, first + printed.size()));
        }
    }
}
