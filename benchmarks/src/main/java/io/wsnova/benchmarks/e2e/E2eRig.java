package io.wsnova.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The open-loop end-to-end latency rig ({@code ./nova bench e2e}): for each rate, every receiver in turn (each in
 * its own JVM, pinned to its own CPU, the server's JVM on another) receives the same fixed-rate schedule of Deribit
 * ticker messages from {@link TickerServer}; the matrix runs in the given order and again in reverse. Each rate
 * writes {@code <out>/<date>-<commit>-r<rate>-s<size>/} through {@link E2eReport}.
 */
public final class E2eRig
{
    private static final long ACCEPT_TIMEOUT_MS = 30_000;
    private static final long GRACE_MS = 60_000;

    private final RigOptions options;
    private final Machine machine;
    private boolean pinned;

    E2eRig(final RigOptions options)
    {
        this.options = options;
        this.machine = Machine.probe();
    }

    /**
     * Runs the rig.
     *
     * @param args see {@link RigOptions#USAGE}.
     * @throws Exception when a report cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        for (final String arg : args)
        {
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                System.out.print(RigOptions.USAGE);
                return;
            }
        }
        if (args.length > 0 && "--rerender".equals(args[0]))
        {
            for (int i = 1; i < args.length; i++)
            {
                rerender(Path.of(args[i]));
                System.out.println("e2e: rewrote " + Path.of(args[i]).resolve("summary.md"));
            }
            return;
        }
        final RigOptions options;
        try
        {
            options = RigOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("nova bench e2e: " + ex.getMessage());
            System.err.print(RigOptions.USAGE);
            System.exit(2);
            return;
        }
        for (final Path folder : new E2eRig(options).run())
        {
            System.out.println("e2e: wrote " + folder.resolve("summary.md"));
        }
    }

    /**
     * Runs every rate's matrix and writes its report.
     *
     * @return the report folders.
     * @throws IOException when a report cannot be written.
     * @throws InterruptedException when interrupted.
     */
    List<Path> run() throws IOException, InterruptedException
    {
        pinned = !options.inProcess && options.pin && pinSelf();
        final TickerMessage message = TickerMessage.of(options.payload, options.size);
        if (options.max)
        {
            return List.of(new MaxRateSearch(options, machine, pinned, this::runOne).run(message));
        }
        final List<Path> folders = new ArrayList<>();
        for (final long rate : options.rates)
        {
            final Path folder = options.out.resolve(LocalDate.now(ZoneOffset.UTC) + "-" + options.commit + "-r" +
                rate + "-s" + message.length());
            Files.createDirectories(folder.resolve("logs"));
            final List<RunResult> results = new ArrayList<>();
            final List<String> loads = new ArrayList<>();
            final List<String[]> matrix = matrix();
            final List<String> passes = options.reverse ? List.of("forward", "reverse") : List.of("forward");
            for (final String pass : passes)
            {
                final List<String[]> order = new ArrayList<>(matrix);
                if ("reverse".equals(pass))
                {
                    Collections.reverse(order);
                }
                final String loadStart = Machine.loadAverage();
                for (int i = 0; i < order.size(); i++)
                {
                    final RunResult result = runOne(folder, message, rate, pass, i, order.get(i));
                    results.add(result);
                    final String line = progressLine(result, i + 1, order.size());
                    System.out.println(line);
                    Files.writeString(folder.resolve("progress.txt"), line + System.lineSeparator(),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                loads.add(pass + ": " + loadStart + " at start, " + Machine.loadAverage() + " at end");
            }
            final ObjectMapper json = new ObjectMapper();
            json.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("results.json").toFile(), results);
            json.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("rig.json").toFile(),
                RigRecord.of(options, rate, pinned, loads));
            new E2eReport(options, machine, pinned, rate, message, results, loads).write(folder);
            folders.add(folder);
        }
        return folders;
    }

    /**
     * Redraws a report folder from its {@code rig.json} and {@code results.json}, applying the current report and
     * keeps-up rule; the machine is probed again (run it on the machine that measured).
     *
     * @param folder the report folder.
     * @throws IOException when a file cannot be read or written.
     */
    static void rerender(final Path folder) throws IOException
    {
        final ObjectMapper json = new ObjectMapper();
        final RigRecord record = json.readValue(folder.resolve("rig.json").toFile(), RigRecord.class);
        final List<RunResult> results = List.of(json.readValue(folder.resolve("results.json").toFile(),
            RunResult[].class));
        final RigOptions options = record.toOptions();
        for (final RunResult result : results)
        {
            result.fellBehind = result.behindReason(options.behindNs) != null;
        }
        json.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("results.json").toFile(), results);
        new E2eReport(options, Machine.probe(), record.pinned, record.rate, TickerMessage.ofSize(record.size),
            results, record.loads).write(folder);
    }

    private List<String[]> matrix()
    {
        final List<String[]> matrix = new ArrayList<>();
        for (final String client : options.clients)
        {
            for (final String variant : options.variants)
            {
                matrix.add(new String[]{client, variant});
            }
        }
        return matrix;
    }

    /**
     * Runs one receiver against a fresh server at one rate.
     */
    @FunctionalInterface
    interface Runner
    {
        RunResult run(Path folder, TickerMessage message, long rate, String pass, int position, String[] run)
            throws IOException, InterruptedException;
    }

    private RunResult runOne(
        final Path folder,
        final TickerMessage message,
        final long rate,
        final String pass,
        final int position,
        final String[] run) throws IOException, InterruptedException
    {
        final String client = run[0];
        final boolean decode = "decode".equals(run[1]);
        final long warmup = options.warmupMessages(rate);
        final long measured = options.measuredMessages(rate);
        final long timeoutMs = Math.round((options.warmupS + options.durationS) * 1000) + GRACE_MS / 2;
        final RunResult result = new RunResult();
        result.pass = pass;
        result.position = position;
        result.rate = rate;
        result.size = message.length();
        result.loadAverageAtStart = Machine.loadAverage();
        final long runStartNs = System.nanoTime();
        try (TickerServer server = new TickerServer(message, rate, warmup + measured, options.max))
        {
            final AtomicReference<TickerServer.Outcome> outcome = new AtomicReference<>();
            final Thread serverThread = new Thread(() -> outcome.set(server.serve(ACCEPT_TIMEOUT_MS)), "rig-server");
            serverThread.start();
            final URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/api/v2");
            final E2eReceiver.Config config = new E2eReceiver.Config(client, decode, uri, warmup, measured, timeoutMs,
                message.isTrade());
            final String name = client + "." + run[1] + "." + pass;
            result.receiver = options.inProcess ? E2eReceiver.run(config) :
                runChild(config, folder.resolve("logs").resolve(name + ".log"), timeoutMs + GRACE_MS);
            serverThread.join(GRACE_MS);
            if (serverThread.isAlive())
            {
                server.stop();
                serverThread.join(GRACE_MS);
            }
            final TickerServer.Outcome served = outcome.get();
            if (served != null)
            {
                result.serverSentMessages = served.sentMessages;
                result.serverMaxSendLagNs = served.maxSendLagNs;
                result.serverRunQueueWaitNs = served.runQueueWaitNs;
                result.serverLateWrites = served.lateWrites;
                result.serverWrites = served.writes;
                result.serverSendNs = served.sendNs;
                result.serverSawClientClose = served.clientClosed;
                result.serverError = served.error;
            }
            else
            {
                result.serverError = "server did not finish";
            }
        }
        result.fellBehind = result.behindReason(options.behindNs) != null;
        result.wallSeconds = (System.nanoTime() - runStartNs) / 1e9;
        return result;
    }

    private ReceiverResult runChild(final E2eReceiver.Config config, final Path log, final long timeoutMs)
        throws IOException, InterruptedException
    {
        final Path resultFile = Files.createTempFile("e2e-result", ".json");
        final List<String> command = new ArrayList<>();
        if (pinned)
        {
            command.addAll(List.of("taskset", "-c",
                options.receiverCpus != null ? options.receiverCpus : Integer.toString(options.clientCpu)));
        }
        command.addAll(childJvm(options.jvmArgs));
        command.addAll(List.of(E2eReceiver.class.getName(), "--client", config.client(),
            "--variant", config.decode() ? "decode" : "transport", "--uri", config.uri().toString(),
            "--warmup-messages", Long.toString(config.warmupMessages()),
            "--measured-messages", Long.toString(config.measuredMessages()),
            "--timeout-ms", Long.toString(config.timeoutMs()), "--result", resultFile.toString(),
            "--payload", config.trade() ? "trade" : "ticker"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        String failure = null;
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            failure = "receiver JVM killed after " + timeoutMs + " ms";
        }
        else if (process.exitValue() != 0)
        {
            failure = "receiver JVM exited with " + process.exitValue() + " (see " + log.getFileName() + ")";
        }
        try
        {
            if (Files.size(resultFile) > 0)
            {
                final ReceiverResult result = new ObjectMapper().readValue(resultFile.toFile(), ReceiverResult.class);
                if (failure != null && result.error == null)
                {
                    result.error = failure;
                }
                return result;
            }
            final ReceiverResult result = new ReceiverResult();
            result.client = config.client();
            result.variant = config.decode() ? "decode" : "transport";
            result.expectedMessages = config.warmupMessages() + config.measuredMessages();
            result.error = failure != null ? failure : "no result written";
            return result;
        }
        finally
        {
            Files.deleteIfExists(resultFile);
        }
    }

    /**
     * The command that starts a JVM like this one: same JDK, the flags every wsnova JVM needs, the extra flags,
     * this classpath.
     *
     * @param extraFlags flags such as the heap size.
     * @return the command up to (not including) the main class.
     */
    static List<String> childJvm(final List<String> extraFlags)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(wsnovaFlags());
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return command;
    }

    /**
     * The flags every wsnova JVM starts with on this JDK (as the {@code nova} launcher passes them).
     *
     * @return the flags.
     */
    static List<String> wsnovaFlags()
    {
        final int feature = Runtime.version().feature();
        final List<String> flags = new ArrayList<>(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"));
        if (feature >= 23)
        {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (feature >= 22)
        {
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        return flags;
    }

    private boolean pinSelf() throws InterruptedException
    {
        if (machine.cpus() < 2 || !onPath("taskset"))
        {
            System.out.println("e2e: not pinning (" + machine.cpus() + " CPUs, taskset " +
                (onPath("taskset") ? "found" : "missing") + ")");
            return false;
        }
        try
        {
            final Process process = new ProcessBuilder("taskset", "-a", "-c", "-p",
                Integer.toString(options.serverCpu), Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0)
            {
                return true;
            }
        }
        catch (final IOException ex)
        {
            System.out.println("e2e: taskset failed: " + ex);
        }
        return false;
    }

    private static boolean onPath(final String program)
    {
        final String path = System.getenv("PATH");
        if (path != null)
        {
            for (final String dir : path.split(File.pathSeparator))
            {
                if (Files.isExecutable(Path.of(dir, program)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The handler thread over the window: its time on a CPU and time waiting for one.
     *
     * @param receiver a receiver's result.
     * @return "  handler cpu C wait W ms (N msg/cpu-s)", or "" when not measured.
     */
    static String handlerShare(final ReceiverResult receiver)
    {
        if (receiver.handlerCpuNs < 0)
        {
            return "";
        }
        return String.format(Locale.ROOT, "  handler cpu %d wait %d ms (%,.0f msg/cpu-s)",
            receiver.handlerCpuNs / 1_000_000, receiver.handlerWaitNs / 1_000_000,
            receiver.messagesPerHandlerCpuSecond());
    }

    static String progressLine(final RunResult result, final int index, final int count)
    {
        final ReceiverResult receiver = result.receiver;
        final Histogram histogram = receiver.decodeHistogram();
        final Histogram fromSent = receiver.decodeFromSentHistogram();
        return String.format(Locale.ROOT,
            "[%s %d/%d] r=%d %-22s %-9s p50 %8.1f p99 %9.1f p99.9 %9.1f max %9.1f us (from write p50 %.1f " +
            "p99 %.1f)  %8.1f B/msg  %3d GCs  " +
            "%d/%d msgs  CPU wait %d/%d ms%s  %.1f s%s%s",
            result.pass, index, count, result.rate, receiver.client, receiver.variant,
            histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
            histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0,
            fromSent.getValueAtPercentile(50) / 1000.0, fromSent.getValueAtPercentile(99) / 1000.0,
            receiver.bytesPerMessage(), receiver.gcCount, receiver.receivedMessages, result.serverSentMessages,
            receiver.runQueueWaitNs / 1_000_000, result.serverRunQueueWaitNs / 1_000_000, handlerShare(receiver),
            result.wallSeconds,
            result.fellBehind ? "  FELL BEHIND" : "", receiver.error != null ? "  error: " + receiver.error : "");
    }
}
