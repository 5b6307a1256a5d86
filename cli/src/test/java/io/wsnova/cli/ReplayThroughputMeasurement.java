package io.wsnova.cli;

import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throughput of {@code ./nova replay --speed max} over a recorded Deribit ticker stream (~600-byte messages),
 * measured, not asserted: records {@code ticker.BTC-PERPETUAL.100ms} from the mock at
 * {@code -Dwsnova.replay.rate} (default 20,000) messages/s for {@code -Dwsnova.replay.seconds} (default 5), then
 * replays it at max speed three times (lines to a null stream) and prints replay's stderr line. Run:
 * {@code ./mvnw -o -B test -pl cli -am -Pslow -Dtest=ReplayThroughputMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
@Timeout(300)
class ReplayThroughputMeasurement
{
    private static final int RATE = Integer.getInteger("wsnova.replay.rate", 20_000);
    private static final int SECONDS = Integer.getInteger("wsnova.replay.seconds", 5);
    private static final Pattern RECORDING = Pattern.compile("recording (\\d+) in ");

    @TempDir
    Path dir;

    @Test
    void measureReplayAtMaxSpeed()
    {
        final MockDeribitExchange exchange = new MockDeribitExchange(MockDeribitConfig.builder()
            .messagesPerSecond(RATE).build());
        exchange.start();
        final String recordErr;
        try
        {
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = Main.run(new String[] {"record", "--adapter", "deribit", "--url",
                exchange.uri().toString(), "--channel", "ticker.BTC-PERPETUAL.100ms", "--duration",
                Integer.toString(SECONDS), "--archive-dir", dir.resolve("archive").toString()},
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
            recordErr = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(recordErr).isZero();
        }
        finally
        {
            exchange.close();
        }
        System.out.println("REPLAY-MEASURE " + recordErr.strip());
        final Matcher id = RECORDING.matcher(recordErr);
        assertThat(id.find()).isTrue();
        for (int run = 0; run < 3; run++)
        {
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = Main.run(new String[] {"replay", id.group(1), "--archive-dir",
                dir.resolve("archive").toString(), "--speed", "max"},
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
            System.out.println("REPLAY-MEASURE run " + run + " exit " + exit + ": " +
                err.toString(StandardCharsets.UTF_8).strip());
        }
    }
}
