package io.wsnova.cli;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.wsnova.aeron.EmbeddedDriver;
import io.wsnova.aeron.PublisherCounters;
import io.wsnova.aeron.RecorderCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stat --aeron-dir DIR} prints the publisher's and the recorder's counters from the media driver's
 * counters file, read from outside the process that owns them (another Aeron client).
 */
@Timeout(60)
class AeronStatTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintThePublishersAndRecordersCounters()
    {
        final String aeronDir = EmbeddedDriver.directory("wsnova-stat-" + System.nanoTime(), dir);
        try (MediaDriver driver = EmbeddedDriver.launch(aeronDir);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            PublisherCounters publisher = PublisherCounters.allocate(aeron, "nova publish bybit");
            RecorderCounters recorder = RecorderCounters.allocate(aeron, "nova record bybit"))
        {
            assertThat(driver.aeronDirectoryName()).isEqualTo(aeronDir);
            publisher.published().set(1234);
            publisher.droppedNotConnected().set(5);
            publisher.backPressured().set(6);
            recorder.messages().set(777);
            recorder.bytes().set(466_200);
            recorder.archiveErrors().set(2);

            final int exit = Main.run(new String[] {"stat", "--aeron-dir", aeronDir, "--count", "1", "--interval",
                "10"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

            final String text = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(text).containsPattern("1,234 .*wsnova-publisher nova publish bybit: published\n")
                .containsPattern("5 .*wsnova-publisher nova publish bybit: dropped not connected\n")
                .containsPattern("6 .*wsnova-publisher nova publish bybit: back pressured\n")
                .containsPattern("777 .*wsnova-recorder nova record bybit: messages recorded\n")
                .containsPattern("466,200 .*wsnova-recorder nova record bybit: bytes recorded\n")
                .containsPattern("2 .*wsnova-recorder nova record bybit: archive errors\n");
        }
    }

    @Test
    void shouldFailClearlyWhenNoDriverRuns()
    {
        final int exit = Main.run(new String[] {"stat", "--aeron-dir", dir.resolve("none").toString(), "--count",
            "1"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no media driver runs at");
    }
}
