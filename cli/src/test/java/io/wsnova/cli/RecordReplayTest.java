package io.wsnova.cli;

import io.wsnova.aeron.CaptureArchive;
import io.wsnova.mock.bybit.MockBybitExchange;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova record} against a venue mock with a sequence gap and a disconnect injected mid-run, then
 * {@code ./nova replay} of the recording at max and at recorded speed: the replay prints exactly the bytes the
 * recording run printed (market lines, resync and reconnect status lines included). Each run is a few seconds.
 */
@Timeout(120)
class RecordReplayTest
{
    private static final Pattern RECORDING = Pattern.compile("recording (\\d+) in ");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream recordOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream recordErr = new ByteArrayOutputStream();

    @Test
    void shouldReplayADeribitRunWithAGapAndADisconnectByteForByte()
    {
        final MockDeribitExchange exchange = new MockDeribitExchange(MockDeribitConfig.builder()
            .messagesPerSecond(200).build());
        exchange.start();
        try
        {
            final Thread faults = Thread.ofVirtual().start(() ->
            {
                awaitRecorded("\"status\":\"snapshot_applied\"");
                exchange.injectBookGap("BTC-PERPETUAL");
                awaitRecorded("\"status\":\"resync_done\"");
                exchange.dropConnections();
                awaitRecorded("\"status\":\"restored\"");
            });
            final long recordingId = record("--adapter", "deribit", "--url", exchange.uri().toString(), "--channel",
                "book.BTC-PERPETUAL.100ms", "--channel", "trades.BTC-PERPETUAL.100ms", "--duration", "4");
            join(faults);
            final String live = recordOut.toString(StandardCharsets.UTF_8);
            assertThat(live).contains("\"status\":\"gap_detected\"", "\"status\":\"resync_done\"",
                "\"state\":\"disconnected\"", "\"state\":\"reconnected\"", "\"status\":\"restored\"");

            thenReplayPrints(recordingId, live, "max");
            thenReplayPrints(recordingId, live, "recorded");
        }
        finally
        {
            exchange.close();
        }
    }

    /**
     * Bybit with a gap (resynced by resubscribing the topic) and a disconnect: the reconnect runs the engine's restore
     * and the adapter's resync requests on two threads at once, so their req_ids may be assigned in another order in
     * the replay than live; the replay answers each by the replaying client's own req_id (matched on content).
     */
    @Test
    void shouldReplayABybitRunWithAGapAndADisconnectByteForByte()
    {
        try (MockBybitExchange exchange = MockBybitExchange.builder().symbols(List.of("BTCUSDT", "ETHUSDT"))
            .publishIntervalMs(5).build().start())
        {
            final Thread faults = Thread.ofVirtual().start(() ->
            {
                awaitRecorded("\"type\":\"book\"");
                exchange.dropNextDelta("BTCUSDT");
                awaitRecorded("\"state\":\"sequence_gap\"");
                Await.within(() -> recordOut.toString(StandardCharsets.UTF_8).split("resync_done", -1).length > 2,
                    10_000);
                exchange.disconnectAll(1001);
                awaitRecorded("\"state\":\"reconnected\"");
            });
            final long recordingId = record("--adapter", "bybit", "--url", exchange.uri().toString(), "--channel",
                "orderbook.50.BTCUSDT", "--channel", "publicTrade.BTCUSDT", "--duration", "4");
            join(faults);
            final String live = recordOut.toString(StandardCharsets.UTF_8);
            assertThat(live).contains("\"state\":\"sequence_gap\"", "\"state\":\"resync_done\"",
                "\"state\":\"disconnected\"", "\"state\":\"reconnected\"");

            thenReplayPrints(recordingId, live, "max");
            thenReplayPrints(recordingId, live, "recorded");
        }
    }

    @Test
    void shouldFailClearlyOnAnUnknownRecording()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = Main.run(new String[] {"replay", "42", "--archive-dir", dir.resolve("archive").toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nova replay: no ").doesNotContain("Exception")
            .doesNotContain("\tat ");
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldFailClearlyOnAnEmptyArchive()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        dir.resolve("empty").toFile().mkdirs();
        final int exit = Main.run(new String[] {"replay", "0", "--archive-dir", dir.resolve("empty").toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nova replay: no recording 0")
            .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.size()).isZero();
    }

    private long record(final String... streamArgs)
    {
        final String[] args = new String[streamArgs.length + 3];
        args[0] = "record";
        System.arraycopy(streamArgs, 0, args, 1, streamArgs.length);
        args[args.length - 2] = "--archive-dir";
        args[args.length - 1] = dir.resolve("archive").toString();
        final int exit = Main.run(args, new PrintStream(recordOut, true, StandardCharsets.UTF_8),
            new PrintStream(recordErr, true, StandardCharsets.UTF_8));
        final String err = recordErr.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err).isZero();
        final Matcher id = RECORDING.matcher(err);
        assertThat(id.find()).as(err).isTrue();
        assertThat(err).contains(" 0 archive errors");
        return Long.parseLong(id.group(1));
    }

    private void thenReplayPrints(final long recordingId, final String live, final String speed)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = Main.run(new String[] {"replay", Long.toString(recordingId), "--archive-dir",
            dir.resolve("archive").toString(), "--speed", speed},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        final String errText = err.toString(StandardCharsets.UTF_8);
        dump(speed, live, out.toString(StandardCharsets.UTF_8) + "\n-----\n" + errText, recordingId);
        assertThat(exit).as(errText).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("replay at %s speed (%s)", speed, errText)
            .isEqualTo(live);
        assertThat(errText).contains("messages/s").contains("MB/s");
        assertThat(errText).doesNotContain("recorded answers were withheld").doesNotContain("no recorded request")
            .doesNotContain("status lines printed before them live");
    }

    /**
     * Keeps both outputs under target/record-replay/(hash of the live output)/ for a look when they differ.
     */
    private void dump(final String speed, final String live, final String replayed, final long recordingId)
    {
        try
        {
            final Path target = Path.of("target", "record-replay", Integer.toHexString(live.hashCode()));
            java.nio.file.Files.createDirectories(target);
            java.nio.file.Files.writeString(target.resolve("live.txt"), live);
            java.nio.file.Files.writeString(target.resolve("replay-" + speed + ".txt"), replayed);
            if (!java.nio.file.Files.exists(target.resolve("records.txt")))
            {
                java.nio.file.Files.writeString(target.resolve("records.txt"), records(recordingId));
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * The recording, one record a line (type, connection, monotonic ns, aux, payload up to 300 characters).
     */
    private String records(final long recordingId)
    {
        final StringBuilder text = new StringBuilder();
        try (CaptureArchive archive = CaptureArchive.open(RecordCommand.embeddedDirectory("wsnova-rr-dump"),
            dir.resolve("archive").toString()))
        {
            for (final CaptureArchive.CapturedRecord record : archive.load(recordingId))
            {
                final String payload = record.payload() == null ? "" :
                    new String(record.payload(), StandardCharsets.UTF_8);
                text.append(record.type()).append(' ').append(record.connectionId()).append(' ')
                    .append(record.monotonicNs()).append(' ').append(record.aux()).append(' ')
                    .append(payload, 0, Math.min(300, payload.length())).append('\n');
            }
        }
        return text.toString();
    }

    private void awaitRecorded(final String text)
    {
        Await.within(() -> recordOut.toString(StandardCharsets.UTF_8).contains(text), 10_000);
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
