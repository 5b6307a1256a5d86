package io.wsnova.cli;

import io.wsnova.aeron.CaptureArchive;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AeronFlags}, the one parser of the Aeron flags of {@code ./nova record} and {@code ./nova publish}: the
 * split from the stream flags, defaults, and every wrong value as a one-line usage error with exit 2 from both
 * commands (before anything connects).
 */
class AeronFlagsTest
{
    @Test
    void shouldSplitTheAeronFlagsFromTheStreamFlagsInOrder()
    {
        final AeronFlags flags = AeronFlags.parse(new String[] {"--url", "ws://h/", "--aeron-channel",
            "aeron:udp?endpoint=127.0.0.1:40123", "--channel", "a", "--stream-id", "77", "--aeron-dir", "/tmp/x",
            "--channel", "b"}, PublishCommand.AERON_FLAGS, 1001);

        assertThat(flags.streamArgs()).containsExactly("--url", "ws://h/", "--channel", "a", "--channel", "b");
        assertThat(flags.value(AeronFlags.CHANNEL, "aeron:ipc")).isEqualTo("aeron:udp?endpoint=127.0.0.1:40123");
        assertThat(flags.value(AeronFlags.AERON_DIR, null)).isEqualTo("/tmp/x");
        assertThat(flags.streamId()).isEqualTo(77);
    }

    @Test
    void shouldUseTheDefaultsWhenAbsentAndLeaveOtherCommandsFlagsToTheStream()
    {
        final AeronFlags flags = AeronFlags.parse(new String[] {"--channel", "a", "--archive-dir", "/tmp/a"},
            PublishCommand.AERON_FLAGS, 1001);

        assertThat(flags.streamArgs()).as("--archive-dir is record's, not publish's")
            .containsExactly("--channel", "a", "--archive-dir", "/tmp/a");
        assertThat(flags.value(AeronFlags.CHANNEL, "aeron:ipc")).isEqualTo("aeron:ipc");
        assertThat(flags.streamId()).isEqualTo(1001);

        final AeronFlags record = AeronFlags.parse(new String[] {"--archive-dir", "/tmp/a"},
            RecordCommand.RECORD_FLAGS, CaptureArchive.DEFAULT_STREAM_ID);
        assertThat(record.value(AeronFlags.ARCHIVE_DIR, null)).isEqualTo("/tmp/a");
        assertThat(record.streamId()).isEqualTo(CaptureArchive.DEFAULT_STREAM_ID);
        assertThat(record.streamArgs()).isEmpty();
    }

    @Test
    void shouldRefuseAMissingValueOrABadStreamId()
    {
        assertThatThrownBy(() -> AeronFlags.parse(new String[] {"--stream-id"}, PublishCommand.AERON_FLAGS, 1))
            .isInstanceOf(CommandLine.UsageException.class).hasMessage("--stream-id needs a value (N)");
        assertThatThrownBy(() -> AeronFlags.parse(new String[] {"--aeron-dir", "--count", "3"},
            RecordCommand.RECORD_FLAGS, 1)).hasMessage("--aeron-dir needs a value (DIR)");
        for (final String bad : List.of("0", "-4", "x", "1.5", "99999999999"))
        {
            assertThatThrownBy(() -> AeronFlags.parse(new String[] {"--stream-id", bad}, PublishCommand.AERON_FLAGS,
                1)).as(bad).hasMessage("--stream-id needs a positive whole number, was '" + bad + "'");
        }
    }

    @Test
    void shouldPrintOneLineAndExitTwoFromRecordAndPublish()
    {
        for (final String command : List.of("record", "publish"))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = Main.run(new String[] {command, "--url", "ws://127.0.0.1:1/", "--channel", "x",
                "--archive-dir", "/nonexistent", "--stream-id", "abc"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(exit).as(command).isEqualTo(Main.EXIT_USAGE);
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command).isEmpty();
            final String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines[0]).as(command)
                .isEqualTo("nova: " + command + ": --stream-id needs a positive whole number, was 'abc'");
            assertThat(lines[1]).as(command).startsWith("usage: ./nova " + command);
        }
    }
}
