package io.wsnova.cli;

import io.aeron.exceptions.AeronException;
import io.wsnova.aeron.CaptureArchive;
import io.wsnova.aeron.CaptureArchive.CapturedRecord;
import io.wsnova.aeron.CaptureDescriptor;
import io.wsnova.engine.api.InboundTap;
import org.agrona.DirectBuffer;

import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./nova replay RECORDING [--archive-dir DIR] [--aeron-dir DIR] [--speed recorded|max]}: reads a recording
 * of {@code ./nova record} from Aeron Archive and runs the recorded stream again through the same adapter, reader,
 * decoders, books and printers, connected to a loopback {@link ReplayServer} that serves the recorded messages and
 * ends each WebSocket where the venue ended it, so reconnects and resyncs run as they did. Prints exactly the lines
 * of the recording run: the market lines follow the messages; the status lines it produces (printed by the reader,
 * the event thread or a timer) are placed where the same lines fell in the recording run ({@link MergedLines}).
 * Then, on stderr, the throughput: messages/s and
 * MB/s from the first message the client received to the last it handled. Exit 0 when every recorded line was
 * reproduced; 1 when the recording is missing or empty or the replay diverged (one line on stderr); 2 on a usage
 * error.
 */
final class ReplayCommand
{
    static final List<Flag> FLAGS = List.of(
        new Flag("--archive-dir", "DIR", "the Aeron Archive directory of the recording (required)"),
        new Flag("--aeron-dir", "DIR", "a running archiving media driver's directory (default: one embedded in " +
            "this process over --archive-dir)"),
        new Flag("--speed", "recorded|max", "at the recorded pace, or as fast as possible (default recorded)"));
    static final String USAGE = CommandLine.usage("""
        usage: ./nova replay RECORDING --archive-dir DIR [--aeron-dir DIR] [--speed recorded|max]
        Feeds a recording of ./nova record through the same adapter, reader, decoders and books and prints exactly
        the lines the recording run printed; the throughput goes to stderr (docs/AERON.md, "Record and replay").
        """, FLAGS, """
        Exit 0 when every recorded line was reproduced; 1 when the recording is missing, empty or the replay
        diverged; 2 on a usage error.
        """);
    /** How long the replay may go without progress before it is declared stuck. */
    private static final long STALL_TIMEOUT_MS = 10_000;
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([a-z_]+)\"");
    private static final Pattern CODE = Pattern.compile("\"code\":(-?\\d+)");

    private ReplayCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        String archiveDir = null;
        String aeronDir = null;
        String recording = null;
        boolean recordedSpeed = true;
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                out.print(USAGE);
                return Main.EXIT_OK;
            }
            if (arg.startsWith("--"))
            {
                if (!("--archive-dir".equals(arg) || "--aeron-dir".equals(arg) || "--speed".equals(arg)))
                {
                    return Main.usageError(err, "replay: unknown option " + arg, USAGE);
                }
                if (i + 1 >= args.length)
                {
                    return Main.usageError(err, "replay: " + arg + " needs a value", USAGE);
                }
                final String value = args[++i];
                switch (arg)
                {
                    case "--archive-dir" -> archiveDir = value;
                    case "--aeron-dir" -> aeronDir = value;
                    default ->
                    {
                        if (!"recorded".equals(value) && !"max".equals(value))
                        {
                            return Main.usageError(err, "replay: --speed is recorded or max, was '" + value + "'",
                                USAGE);
                        }
                        recordedSpeed = "recorded".equals(value);
                    }
                }
            }
            else if (recording == null)
            {
                recording = arg;
            }
            else
            {
                return Main.usageError(err, "replay: one RECORDING only, also got '" + arg + "'", USAGE);
            }
        }
        if (recording == null || archiveDir == null)
        {
            return Main.usageError(err, "replay: RECORDING and --archive-dir DIR are required", USAGE);
        }
        final long recordingId;
        try
        {
            recordingId = Long.parseLong(recording);
        }
        catch (final NumberFormatException ex)
        {
            return Main.usageError(err, "replay: RECORDING is a recording id (a whole number), was '" + recording +
                "'", USAGE);
        }
        if (aeronDir == null && !new File(archiveDir).isDirectory())
        {
            err.println("nova replay: no archive at " + archiveDir);
            return Main.EXIT_FAILURE;
        }
        final List<CapturedRecord> records;
        try (CaptureArchive archive = CaptureArchive.open(
            aeronDir != null ? aeronDir : RecordCommand.embeddedDirectory("wsnova-replay"), archiveDir))
        {
            records = archive.load(recordingId);
        }
        catch (final AeronException | IllegalStateException ex)
        {
            err.println("nova replay: the archive at " + archiveDir + " failed: " + StreamCommand.describe(ex));
            return Main.EXIT_FAILURE;
        }
        if (records == null || records.isEmpty())
        {
            err.println("nova replay: no recording " + recordingId + " in " + archiveDir + " (or it is empty)");
            return Main.EXIT_FAILURE;
        }
        try
        {
            return replay(recordingId, records, recordedSpeed, out, err);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("nova replay: interrupted");
            return Main.EXIT_FAILURE;
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("nova replay: unexpected failure: " + StreamCommand.describe(ex));
            return Main.EXIT_FAILURE;
        }
    }

    private static int replay(final long recordingId, final List<CapturedRecord> records,
        final boolean recordedSpeed, final PrintStream out, final PrintStream err) throws InterruptedException
    {
        final Recording recording = Recording.of(records);
        if (recording.header == null || recording.segments.isEmpty())
        {
            err.println("nova replay: recording " + recordingId + " is not a capture of ./nova record");
            return Main.EXIT_FAILURE;
        }
        final StreamArgs args;
        try
        {
            args = StreamArgs.parse(recording.streamArgs(), Map.of());
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("nova replay: recording " + recordingId + " has unusable arguments: " + ex.getMessage());
            return Main.EXIT_FAILURE;
        }
        final MergedLines merged = new MergedLines(out, recording.statusPositions(), recording.statusTexts(),
            recording.lines);
        final ReplayServer server = new ReplayServer(recording.segments, recordedSpeed, merged::printed);
        final int port = server.startAndAwait();
        final PrintStream printed = new PrintStream(merged, true, StandardCharsets.UTF_8);
        final Progress progress = new Progress();
        final int exit;
        try (TermHook term = TermHook.install("replay", out, err))
        {
            final Thread watcher = Thread.ofVirtual().name("nova-replay-watch")
                .start(() -> watch(progress, recording.messageCount, merged, term));
            exit = CaptureStream.run(args, loopbackUrl(args.url(), port), new StreamOutput(printed, args.count()),
                err, term, progress, null);
            watcher.interrupt();
        }
        finally
        {
            stop(server);
        }
        printed.flush();
        final long elapsedNs = Math.max(1, progress.lastNs - progress.firstNs);
        err.printf(Locale.ROOT, "nova replay: recording %d at %s speed: %d messages, %d bytes in %.3f ms: " +
            "%.0f messages/s, %.2f MB/s, %.0f ns/message%n", recordingId, recordedSpeed ? "recorded" : "max",
            progress.messages, progress.bytes, elapsedNs / 1e6, progress.messages * 1e9 / elapsedNs,
            progress.bytes * 1e9 / elapsedNs / 1e6, (double)elapsedNs / Math.max(1, progress.messages));
        if (server.gateTimeouts() > 0)
        {
            err.println("nova replay: " + server.gateTimeouts() + " messages were sent before the client had sent " +
                "what it sent in the recording (waited " + ReplayServer.GATE_TIMEOUT_MS + " ms each)");
        }
        if (server.endGateTimeouts() > 0)
        {
            err.println("nova replay: " + server.endGateTimeouts() + " WebSockets were ended before the replay " +
                "printed the lines printed before their end live (waited " + ReplayServer.END_GATE_TIMEOUT_MS +
                " ms each)");
        }
        if (server.lineGateTimeouts() > 0)
        {
            err.println("nova replay: " + server.lineGateTimeouts() + " messages were sent before the replay " +
                "printed the status lines printed before them live (waited " + ReplayServer.END_GATE_TIMEOUT_MS +
                " ms each, then no more on their WebSocket)");
        }
        if (server.unmatchedAnswers() > 0)
        {
            err.println("nova replay: " + server.unmatchedAnswers() + " recorded answers were withheld: the " +
                "client sent no request of the same content (waited " + ReplayServer.GATE_TIMEOUT_MS + " ms each)");
        }
        if (server.unmatchedRequests() > 0)
        {
            err.println("nova replay: " + server.unmatchedRequests() + " requests of the client had no recorded " +
                "request of the same content (no recorded answer answered them)");
        }
        if (merged.printed() != recording.lines ||
            progress.messages != recording.messageCount - server.unmatchedAnswers() ||
            server.unexpectedConnections() > 0)
        {
            err.println("nova replay: the replay diverged from the recording: " + merged.printed() + " of " +
                recording.lines + " lines reproduced, " +
                progress.messages + " of " + recording.messageCount + " messages handled, " +
                server.unexpectedConnections() + " connections beyond the recorded ones; " + merged.waitingFor());
            return Main.EXIT_FAILURE;
        }
        return exit;
    }

    /**
     * Ends the run once the client has handled every recorded message and every recorded line is printed, or when
     * nothing progresses for {@link #STALL_TIMEOUT_MS}.
     */
    private static void watch(final Progress progress, final long messages, final MergedLines merged,
        final TermHook term)
    {
        try
        {
            long lastMessages = -1;
            long lastLines = -1;
            long lastChangeNs = System.nanoTime();
            while (true)
            {
                final long handled = progress.messages;
                final long lines = merged.printed();
                if (handled >= messages && merged.awaitComplete(1))
                {
                    break;
                }
                if (handled != lastMessages || lines != lastLines)
                {
                    lastMessages = handled;
                    lastLines = lines;
                    lastChangeNs = System.nanoTime();
                }
                else if (System.nanoTime() - lastChangeNs > STALL_TIMEOUT_MS * 1_000_000L)
                {
                    break;
                }
                Thread.sleep(1);
            }
            term.end();
        }
        catch (final InterruptedException ex)
        {
            // the run ended first
        }
    }

    private static void stop(final ReplayServer server) throws InterruptedException
    {
        server.stop(1_000);
    }

    private static String loopbackUrl(final String recordedUrl, final int port)
    {
        final URI uri = URI.create(recordedUrl);
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return "ws://127.0.0.1:" + port + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /**
     * Counts what the client handled: a tap on the replayed connection (the reader calls it after the handler).
     */
    private static final class Progress implements InboundTap
    {
        private volatile long messages;
        private long bytes;
        private long firstNs;
        private long lastNs;

        @Override
        public void onOpen(final long epochNs, final long monotonicNs)
        {
        }

        @Override
        public void onMessage(final int type, final DirectBuffer buffer, final int offset, final int length,
            final long epochNs, final long monotonicNs, final long framesSent)
        {
            if (messages == 0)
            {
                firstNs = monotonicNs;
            }
            lastNs = System.nanoTime();
            bytes += length;
            messages = messages + 1;
        }

        @Override
        public void onClose(final long epochNs, final long monotonicNs)
        {
        }
    }

    /**
     * A recording, taken apart.
     */
    private static final class Recording
    {
        private final List<ReplayServer.Segment> segments = new ArrayList<>();
        private final List<CapturedRecord> statusLines = new ArrayList<>();
        private String header;
        private long lines;
        private long messageCount;

        static Recording of(final List<CapturedRecord> records)
        {
            final Recording recording = new Recording();
            final List<String> disconnects = new ArrayList<>();
            final List<long[]> opens = new ArrayList<>();
            final List<List<CapturedRecord>> messages = new ArrayList<>();
            final List<List<String>> sent = new ArrayList<>();
            long statusLinesBefore = 0;
            for (final CapturedRecord record : records)
            {
                switch (record.type())
                {
                    case CaptureDescriptor.HEADER -> recording.header = new String(record.payload(),
                        StandardCharsets.UTF_8);
                    case CaptureDescriptor.OPEN ->
                    {
                        opens.add(new long[]{record.monotonicNs(), 0, 0});
                        messages.add(new ArrayList<>());
                        sent.add(new ArrayList<>());
                    }
                    case CaptureDescriptor.CLOSE ->
                    {
                        if (!opens.isEmpty())
                        {
                            opens.get(opens.size() - 1)[1] = record.monotonicNs();
                            opens.get(opens.size() - 1)[2] = statusLinesBefore;
                        }
                    }
                    case CaptureDescriptor.TEXT, CaptureDescriptor.BINARY ->
                    {
                        if (!messages.isEmpty())
                        {
                            messages.get(messages.size() - 1).add(record);
                            recording.messageCount++;
                        }
                    }
                    case CaptureDescriptor.LIFECYCLE ->
                    {
                        final String line = new String(record.payload(), StandardCharsets.UTF_8);
                        if (line.contains("\"state\":\"disconnected\""))
                        {
                            disconnects.add(line);
                        }
                    }
                    case CaptureDescriptor.SENT ->
                    {
                        if (!sent.isEmpty() && record.aux() == 1)
                        {
                            sent.get(sent.size() - 1).add(new String(record.payload(), StandardCharsets.UTF_8));
                        }
                    }
                    case CaptureDescriptor.ASYNC_LINE ->
                    {
                        recording.statusLines.add(record);
                        statusLinesBefore = Math.max(statusLinesBefore, record.aux() + 1);
                    }
                    case CaptureDescriptor.END -> recording.lines = record.aux();
                    default ->
                    {
                        // a record type of a later version: not needed to replay
                    }
                }
            }
            for (int i = 0; i < opens.size(); i++)
            {
                String reason = null;
                int code = 0;
                if (i < disconnects.size())
                {
                    final Matcher reasonMatch = REASON.matcher(disconnects.get(i));
                    final Matcher codeMatch = CODE.matcher(disconnects.get(i));
                    reason = reasonMatch.find() ? reasonMatch.group(1) : null;
                    code = codeMatch.find() ? Integer.parseInt(codeMatch.group(1)) : 0;
                }
                recording.segments.add(new ReplayServer.Segment(opens.get(i)[0],
                    recording.messages(messages.get(i)), reason, code, opens.get(i)[1], sent.get(i),
                    opens.get(i)[2]));
            }
            return recording;
        }

        /**
         * The messages of a WebSocket, each with the lines printed live up to the last status line printed before
         * it arrived (the status line's record time is before the message's receive time, which the tap read
         * before the message was handled: a line the message itself caused is not counted).
         */
        private List<ReplayServer.Message> messages(final List<CapturedRecord> records)
        {
            final List<CapturedRecord> byTime = new ArrayList<>(statusLines);
            byTime.sort((a, b) -> Long.compare(a.monotonicNs(), b.monotonicNs()));
            final List<ReplayServer.Message> messages = new ArrayList<>(records.size());
            int next = 0;
            long linesBefore = 0;
            for (final CapturedRecord record : records)
            {
                while (next < byTime.size() && byTime.get(next).monotonicNs() - record.monotonicNs() < 0)
                {
                    linesBefore = Math.max(linesBefore, byTime.get(next).aux() + 1);
                    next++;
                }
                messages.add(new ReplayServer.Message(record.type() == CaptureDescriptor.BINARY, record.payload(),
                    record.monotonicNs(), record.aux(), linesBefore));
            }
            return messages;
        }

        long[] statusPositions()
        {
            statusLines.sort((a, b) -> Long.compare(a.aux(), b.aux()));
            final long[] positions = new long[statusLines.size()];
            for (int i = 0; i < positions.length; i++)
            {
                positions[i] = statusLines.get(i).aux();
            }
            return positions;
        }

        String[] statusTexts()
        {
            statusLines.sort((a, b) -> Long.compare(a.aux(), b.aux()));
            final String[] texts = new String[statusLines.size()];
            for (int i = 0; i < texts.length; i++)
            {
                texts[i] = new String(statusLines.get(i).payload(), StandardCharsets.UTF_8);
            }
            return texts;
        }

        /**
         * The recorded stream flags, without {@code --duration} (a replay ends with its recording) and with a
         * placeholder secret when a client id was given (the recorded answers follow whatever is sent).
         */
        String[] streamArgs()
        {
            final List<String> args = new ArrayList<>();
            final String[] recorded = header.split("\n");
            boolean clientId = false;
            for (int i = 0; i < recorded.length; i++)
            {
                if ("--duration".equals(recorded[i]))
                {
                    i++;
                    continue;
                }
                clientId |= "--client-id".equals(recorded[i]);
                if (!recorded[i].isEmpty())
                {
                    args.add(recorded[i]);
                }
            }
            if (clientId)
            {
                args.add("--client-secret");
                args.add("replay");
            }
            return args.toArray(new String[0]);
        }
    }
}
