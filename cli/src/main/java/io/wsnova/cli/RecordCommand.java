package io.wsnova.cli;

import io.aeron.Publication;
import io.aeron.exceptions.AeronException;
import io.wsnova.aeron.CaptureArchive;
import io.wsnova.aeron.EmbeddedDriver;
import io.wsnova.aeron.InboundRecorder;
import io.wsnova.aeron.RecorderCounters;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./nova record}: every flag of {@code ./nova stream} plus {@code --archive-dir DIR [--aeron-dir DIR]
 * [--aeron-channel URI] [--stream-id N]}. Runs the venue adapter exactly as {@code stream} does, prints the same
 * lines, and records through Aeron Archive every complete inbound message of the connection (text or binary, after
 * defragmentation and inflation) with its receive times (epoch and monotonic ns) and the frames the client had sent,
 * each WebSocket's opening and end, the connection's lifecycle (connected with the URL, disconnected with reason and
 * close code, reconnecting, reconnected), the command line (without the client secret) and each status line with its
 * position among the lines. {@code ./nova replay} prints the same lines from it. At the end, one line on stderr
 * names the recording id. Reconnect delays have no jitter (their lines must replay the same).
 */
final class RecordCommand
{
    /** The flags this command adds to {@code stream}'s. */
    static final List<Flag> RECORD_FLAGS = List.of(
        new Flag(AeronFlags.ARCHIVE_DIR, "DIR", "the Aeron Archive directory (required; kept across runs)"),
        new Flag(AeronFlags.AERON_DIR, "DIR", "a running archiving media driver's directory (default: one embedded " +
            "in this process)"),
        new Flag(AeronFlags.CHANNEL, "URI", "the recorded channel (default " + CaptureArchive.DEFAULT_CHANNEL + ")"),
        new Flag(AeronFlags.STREAM_ID, "N", "the recorded stream id (default " + CaptureArchive.DEFAULT_STREAM_ID +
            ")"));
    static final String USAGE = CommandLine.usage("""
        usage: ./nova record --adapter NAME --url URL --channel CH... [the other stream flags] --archive-dir DIR
                             [--aeron-dir DIR] [--aeron-channel URI] [--stream-id N]
        Streams as ./nova stream does (the same lines) and records every inbound message of the connection with its
        receive times and lifecycle in Aeron Archive; ./nova replay RECORDING prints the same lines from it
        (docs/AERON.md, "Record and replay"). The recording id is printed on stderr at the end.
        """, AeronFlags.concat(StreamArgs.FLAGS, RECORD_FLAGS), """
        Exit codes as ./nova stream's; 1 also when the archive cannot be reached or started.
        """);

    private RecordCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return AeronFlags.run("record", args, RECORD_FLAGS, CaptureArchive.DEFAULT_STREAM_ID, USAGE, out, err,
            (flags, parsed) ->
            {
                final String archiveDir = flags.value(AeronFlags.ARCHIVE_DIR, null);
                if (archiveDir == null)
                {
                    return Main.usageError(err, "record: --archive-dir DIR is required", USAGE);
                }
                final String aeronDir = flags.value(AeronFlags.AERON_DIR, null);
                final String driverDir = aeronDir != null ? aeronDir : embeddedDirectory("wsnova-record");
                return record(parsed, header(flags.streamArgs()), archiveDir, driverDir,
                    flags.value(AeronFlags.CHANNEL, CaptureArchive.DEFAULT_CHANNEL), flags.streamId(), out, err);
            });
    }

    private static int record(final StreamArgs parsed, final String header, final String archiveDir,
        final String aeronDir, final String channel, final int streamId, final PrintStream out, final PrintStream err)
    {
        try (CaptureArchive archive = CaptureArchive.open(aeronDir, archiveDir);
            RecorderCounters counters = RecorderCounters.allocate(archive.aeron(), "nova record " + parsed.adapter()))
        {
            final Publication publication = archive.startRecording(channel, streamId);
            final long recordingId = archive.recordingId(publication);
            final InboundRecorder recorder = new InboundRecorder(publication, counters, 1);
            recorder.header(header);
            final RecordedLines lines = new RecordedLines(out, recorder::statusLine);
            final PrintStream printed = new PrintStream(lines, true, StandardCharsets.UTF_8);
            final int exit;
            try (TermHook term = TermHook.install("record", out, err))
            {
                exit = CaptureStream.run(parsed, parsed.url(), new StreamOutput(printed, parsed.count()), err, term,
                    recorder, new Markers(recorder, parsed.url()));
            }
            printed.flush();
            recorder.end(lines.lines());
            final long bytes = archive.finishRecording(publication, recordingId);
            err.println("nova record: recording " + recordingId + " in " + archiveDir + " (" +
                counters.messages().get() + " messages, " + counters.bytes().get() + " payload bytes, " + bytes +
                " bytes recorded, " + counters.archiveErrors().get() + " archive errors)");
            return exit;
        }
        catch (final AeronException | IllegalStateException ex)
        {
            err.println("nova record: the archive at " + archiveDir + " failed: " + StreamCommand.describe(ex));
            return Main.EXIT_FAILURE;
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("nova record: unexpected failure: " + StreamCommand.describe(ex));
            return Main.EXIT_FAILURE;
        }
    }

    /**
     * A private media driver directory for this process.
     *
     * @param name the directory's name prefix.
     * @return the path.
     */
    static String embeddedDirectory(final String name)
    {
        return EmbeddedDriver.directory(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
            Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * The command line as recorded: the stream flags without the client secret (a replay needs none: the recorded
     * answers follow whatever it sends).
     */
    private static String header(final List<String> streamArgs)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < streamArgs.size(); i++)
        {
            if ("--client-secret".equals(streamArgs.get(i)))
            {
                i++;
                continue;
            }
            text.append(streamArgs.get(i)).append('\n');
        }
        return text.toString();
    }

    /**
     * Records the connection's lifecycle as its status lines (the engine's connection id in {@code connected}).
     */
    private record Markers(InboundRecorder recorder, String url) implements ConnectionListener
    {
        @Override
        public void onConnected(final Connection connection)
        {
            recorder.lifecycle(MarketJson.status("connected", "url", url, "connection_id", connection.id()));
        }

        @Override
        public void onDisconnected(final Connection connection, final CloseStatus status)
        {
            recorder.lifecycle(MarketJson.status("disconnected", "reason",
                status.reason().name().toLowerCase(Locale.ROOT), "code", status.closeCode()));
        }

        @Override
        public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
        {
            recorder.lifecycle(MarketJson.status("reconnecting", "attempt", attempt, "delay_ms", delayMs));
        }

        @Override
        public void onReconnected(final Connection connection)
        {
            recorder.lifecycle(MarketJson.status("reconnected"));
        }
    }
}
