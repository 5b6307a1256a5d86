package io.wsnova.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./nova bench e2e --max}: each receiver's maximum sustained rate. For every receiver and variant a
 * {@link KneeSearch} runs the ladder in ascending order, each step against a fresh server (the batched sender,
 * {@link BatchSender}) and a fresh receiver JVM, until the receiver falls behind, then bisects between the last rate
 * it kept up with and the first it did not (the keeps-up rule is {@link KneeSearch#verdict}: every message, a
 * receive rate of at least 95 % of the rate over the window, no backlog growing at its end). A step the sender
 * could not offer (and the receiver drained) is sender-limited: the search stops and the maximum is a lower bound.
 * The raw socket runs the same search, so every maximum stands beside the floor of the same run. Writes
 * {@code <out>/<date>-<commit>-max-s<size>/} (the trade: {@code -max-trade-s<size>}) with {@code summary.md} and
 * {@code results.json}.
 */
final class MaxRateSearch
{
    private final RigOptions options;
    private final Machine machine;
    private final boolean pinned;
    private final E2eRig.Runner runner;

    MaxRateSearch(final RigOptions options, final Machine machine, final boolean pinned, final E2eRig.Runner runner)
    {
        this.options = options;
        this.machine = machine;
        this.pinned = pinned;
        this.runner = runner;
    }

    /** One receiver's search: its steps in run order and where it ended. */
    record Search(String client, String variant, List<RunResult> steps, KneeSearch knee)
    {
    }

    Path run(final TickerMessage message) throws IOException, InterruptedException
    {
        final Path folder = options.out.resolve(LocalDate.now(ZoneOffset.UTC) + "-" + options.commit + "-max-" +
            (message.isTrade() ? "trade-" : "") + "s" + message.length());
        Files.createDirectories(folder.resolve("logs"));
        final String loadStart = Machine.loadAverage();
        final List<RunResult> all = new ArrayList<>();
        final List<Search> searches = new ArrayList<>();
        int position = 0;
        for (final String client : options.clients)
        {
            for (final String variant : options.variants)
            {
                final KneeSearch knee = new KneeSearch(options.rates, options.resolution);
                final Search search = new Search(client, variant, new ArrayList<>(), knee);
                searches.add(search);
                for (long rate = knee.next(); rate > 0; rate = knee.next())
                {
                    final RunResult result = runner.run(folder, message, rate, "max", position++,
                        new String[]{client, variant});
                    final KneeSearch.Verdict verdict = verdict(result);
                    result.verdict = verdict.name();
                    result.fellBehind = verdict != KneeSearch.Verdict.KEPT_UP;
                    knee.record(rate, verdict);
                    search.steps().add(result);
                    all.add(result);
                    final int step = search.steps().size();
                    final String line = E2eRig.progressLine(result, step, step) + String.format(
                        Locale.ROOT, "  offered %.0f received %.0f msg/s  %s", result.offeredRate(),
                        result.receiveRate(), verdict);
                    System.out.println(line);
                    Files.writeString(folder.resolve("progress.txt"), line + System.lineSeparator(),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
        final String load = "max: " + loadStart + " at start, " + Machine.loadAverage() + " at end";
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(folder.resolve("results.json").toFile(), all);
        Files.writeString(folder.resolve("summary.md"), summary(message, searches, load));
        return folder;
    }

    private KneeSearch.Verdict verdict(final RunResult result)
    {
        return verdict(result, options.behindNs);
    }

    /**
     * The keeps-up verdict of one step ({@link KneeSearch#verdict}) on the receiver's own lag: the backlog check reads
     * the latency from the server's write that carried each message, so a sender that a busy machine kept off its CPU
     * (its batches leave late, then several at once) does not count against the receiver. A receiver too slow for
     * the rate still shows: its socket buffers fill, its lag from the write grows, then it holds the sender back.
     *
     * @param result   the step.
     * @param behindNs the lag bound.
     * @return the verdict.
     */
    static KneeSearch.Verdict verdict(final RunResult result, final long behindNs)
    {
        final boolean complete = result.complete();
        return KneeSearch.verdict(result.rate, complete, result.receiveRate(), result.offeredRate(),
            complete ? tailLagNs(result.receiver) : Long.MAX_VALUE,
            complete ? lagP50Ns(result.receiver) : Long.MAX_VALUE,
            complete ? result.receiver.decodeFromSentHistogram().getValueAtPercentile(99) : Long.MAX_VALUE,
            behindNs);
    }

    /** The median own lag of the window's last tenth (from the intended time for results that predate it). */
    private static long tailLagNs(final ReceiverResult receiver)
    {
        return receiver.tailFromSentP50Ns >= 0 ? receiver.tailFromSentP50Ns : receiver.tailP50Ns;
    }

    private static long lagP50Ns(final ReceiverResult receiver)
    {
        return receiver.tailFromSentP50Ns >= 0 ? receiver.decodeFromSentHistogram().getValueAtPercentile(50) :
            receiver.decodeHistogram().getValueAtPercentile(50);
    }

    private String reason(final RunResult result)
    {
        if (!result.complete())
        {
            return result.behindReason(options.behindNs);
        }
        final String reason = KneeSearch.reason(result.rate, true, result.receiveRate(), result.offeredRate(),
            tailLagNs(result.receiver), lagP50Ns(result.receiver), options.behindNs);
        return KneeSearch.Verdict.SENDER_LIMITED.name().equals(result.verdict) ? String.format(Locale.ROOT,
            "sender-limited (offered %,.0f msg/s; %s; receiver's own lag p99 %s us)", result.offeredRate(), reason,
            Fmt.us(result.receiver.decodeFromSentHistogram().getValueAtPercentile(99))) : reason;
    }

    private String summary(final TickerMessage message, final List<Search> searches, final String load)
    {
        final StringBuilder md = new StringBuilder(8 * 1024);
        md.append(String.format(Locale.ROOT, "# Maximum sustained rate, %d-byte %s%n%n", message.length(),
            message.isTrade() ? "Binance trade" : "Deribit ticker"));
        md.append("| | |\n|---|---|\n");
        md.append("| commit | `").append(options.commit).append("` |\n");
        md.append("| machine | ").append(machine.cpus()).append(" CPUs (nproc), ").append(machine.cpuModel())
            .append(", ").append(machine.memoryGiB()).append(" GiB, ").append(machine.os()).append(" |\n");
        md.append("| JDK | ").append(machine.jdk()).append(" |\n");
        md.append("| pinning | ").append(pinned ? "server JVM on CPU " + options.serverCpu +
            ", each receiver JVM on CPU " + (options.receiverCpus != null ? options.receiverCpus +
            " (shared with the server)" : options.clientCpu) + " (taskset)" : "none").append(" |\n");
        md.append(String.format(Locale.ROOT, "| sender | pre-encoded frames, one write() per batch of %.0f us of " +
            "the schedule, times per batch (BatchSender) |%n", BatchSender.BATCH_INTERVAL_NS / 1e3));
        md.append(String.format(Locale.ROOT, "| search | ladder %s msg/s ascending until the receiver falls " +
            "behind, then bisection to within %.0f%%; %.1f s warm-up then %.1f s measured per step |%n", ladder(),
            options.resolution * 100, options.warmupS, options.durationS));
        md.append(String.format(Locale.ROOT, "| keeps up | every message received, the sender's offered rate " +
            "over the step and the receive rate over the window >= %.0f%% of the rate, and no growing backlog " +
            "(the median lag from the server's write of the window's last tenth <= %.1f ms, " +
            "or below the window's median: a receiver still draining what piled up during warm-up; from the write, " +
            "so that a sender the machine held up does not count against the receiver); a failed step " +
            "whose sender offered < %.0f%% of the rate while the receiver's own lag p99 stayed <= %.1f ms is " +
            "sender-limited (the maximum is then a lower bound), else the receiver held the sender back |%n",
            KneeSearch.MIN_RATE_RATIO * 100, options.behindNs / 1e6, KneeSearch.MIN_RATE_RATIO * 100,
            options.behindNs / 1e6));
        md.append("| load average (1/5/15 min) | ").append(load).append(" |\n\n");
        md.append("Reproduce: `./nova bench e2e --max --payload ").append(message.payloadName()).append(" --rate ")
            .append(String.join(",", options.rates.stream().map(String::valueOf).toList()))
            .append(" --resolution ").append(Fmt.trim(options.resolution))
            .append(" --behind-ms ").append(Fmt.trim(options.behindNs / 1e6))
            .append(" --duration ").append(Fmt.trim(options.durationS)).append(" --warmup ")
            .append(Fmt.trim(options.warmupS)).append(message.isTrade() ? "" : " --size " + message.length())
            .append(" --clients ").append(String.join(",", options.clients)).append(" --variants ")
            .append(String.join(",", options.variants)).append("`\n\n");
        long rawMax = 0;
        for (final Search search : searches)
        {
            if (RigClients.RAW.equals(search.client()) && "decode".equals(search.variant()))
            {
                rawMax = search.knee().maxKeptUp();
            }
        }
        md.append("| client | variant | max sustained msg/s | x raw | received msg/s | at that rate: p50 / p90 us | " +
            "B/msg | CPU us/msg | lowest rate failed: why | steps |\n" +
            "|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (final Search search : searches)
        {
            final KneeSearch knee = search.knee();
            RunResult best = null;
            RunResult failed = null;
            for (final RunResult result : search.steps())
            {
                if (result.rate == knee.maxKeptUp() && !result.fellBehind)
                {
                    best = result;
                }
                if (result.fellBehind && (failed == null || result.rate < failed.rate))
                {
                    failed = result;
                }
            }
            md.append("| ").append(search.client()).append(" | ").append(search.variant()).append(" | ");
            if (best == null)
            {
                md.append("below ").append(String.format(Locale.ROOT, "%,d", options.rates.get(0)))
                    .append(" | | | | | | ");
            }
            else
            {
                final Histogram h = best.receiver.decodeHistogram();
                md.append(String.format(Locale.ROOT, "%s%,d | %s | %,.0f | %s / %s | %s | %s | ",
                    knee.senderLimited() ? ">= " : "", best.rate,
                    rawMax > 0 && "decode".equals(search.variant()) ? String.format(Locale.ROOT, "%.2f",
                    (double)best.rate / rawMax) : "", best.receiveRate(), Fmt.us(h, 50), Fmt.us(h, 90),
                    Fmt.bytes(best.receiver.bytesPerMessage()), E2eReport.cpu(best.receiver)));
            }
            md.append(failed == null ? "none: the top of the ladder was sustained" : String.format(Locale.ROOT,
                "%,d: %s%s", failed.rate, reason(failed), failed.receiver == null ? "" : machineShare(failed)));
            md.append(" | ");
            final List<String> steps = new ArrayList<>();
            for (final RunResult result : search.steps())
            {
                steps.add(String.format(Locale.ROOT, "%dk%s", result.rate / 1000, result.fellBehind ? "x" : ""));
            }
            md.append(String.join(" ", steps)).append(" |\n");
        }
        md.append("\nSteps: the rates in run order, `x` = did not keep up. Every step's figures: `results.json` " +
            "(histograms included) and `progress.txt`; receiver JVM output in `logs/`. CPU us/msg is the whole " +
            "receiver JVM's CPU time over the window (spinning readers included) per message. For a failed step, " +
            "the handler thread's share of the window on a CPU and waiting for one " +
            "(`/proc/self/task/<tid>/schedstat`), and the messages per second of its CPU time: what it could take " +
            "with a CPU of its own (a lower bound for a spinning reader, tight when it never ran out of work).\n");
        return md.toString();
    }

    /**
     * How much CPU the failed step's handler thread got: a reader that waited for its CPU a large part of the window
     * fell behind because the machine was busy, not because of its own cost.
     */
    private static String machineShare(final RunResult failed)
    {
        final ReceiverResult receiver = failed.receiver;
        if (receiver.handlerCpuNs < 0 || receiver.windowNs <= 0)
        {
            return "";
        }
        return String.format(Locale.ROOT, "; its handler thread was on a CPU %.0f%% and waiting for one %.0f%% of " +
            "the window: %,.0f msg per CPU-second", 100.0 * receiver.handlerCpuNs / receiver.windowNs,
            100.0 * receiver.handlerWaitNs / receiver.windowNs, receiver.messagesPerHandlerCpuSecond());
    }

    private String ladder()
    {
        final List<String> rates = new ArrayList<>();
        for (final long rate : options.rates)
        {
            rates.add(String.format(Locale.ROOT, "%,d", rate));
        }
        return String.join(" ", rates);
    }
}
