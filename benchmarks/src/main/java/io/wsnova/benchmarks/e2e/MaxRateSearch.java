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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./nova bench e2e --max}: each receiver's maximum sustained rate. For every receiver and variant, the rates
 * run in ascending order, each against a fresh server and a fresh receiver JVM, until the receiver falls behind
 * (the rig's keeps-up rule: a message missing, the window ending behind the schedule, or its own lag from the
 * server's write above the bound at p99); the last rate it kept up with is its maximum. A step lost although every
 * message arrived and the receiver's own lag from each write stayed within the bound is marked "server-limited":
 * the sender, not the receiver, fell behind, and the receiver's maximum is then a lower bound. The raw socket runs
 * the same ladder, so every maximum stands beside the floor of the same run. Writes
 * {@code <out>/<date>-<commit>-max-s<size>/summary.md} and {@code results.json}.
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

    Path run(final TickerMessage message) throws IOException, InterruptedException
    {
        final Path folder = options.out.resolve(LocalDate.now(ZoneOffset.UTC) + "-" + options.commit + "-max-s" +
            message.length());
        Files.createDirectories(folder.resolve("logs"));
        final String loadStart = Machine.loadAverage();
        final List<RunResult> all = new ArrayList<>();
        final Map<String, List<RunResult>> ladders = new LinkedHashMap<>();
        int position = 0;
        for (final String client : options.clients)
        {
            for (final String variant : options.variants)
            {
                final List<RunResult> ladder = new ArrayList<>();
                ladders.put(client + " " + variant, ladder);
                for (final long rate : options.rates)
                {
                    final RunResult result = runner.run(folder, message, rate, "max", position++,
                        new String[]{client, variant});
                    ladder.add(result);
                    all.add(result);
                    final String line = E2eRig.progressLine(result, ladder.size(), options.rates.size());
                    System.out.println(line);
                    Files.writeString(folder.resolve("progress.txt"), line + System.lineSeparator(),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (!keptUp(result))
                    {
                        break;
                    }
                }
            }
        }
        final String load = "max: " + loadStart + " at start, " + Machine.loadAverage() + " at end";
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(folder.resolve("results.json").toFile(), all);
        Files.writeString(folder.resolve("summary.md"), summary(message, ladders, load));
        return folder;
    }

    private boolean keptUp(final RunResult result)
    {
        return result.behindReason(options.behindNs) == null;
    }

    /**
     * A step the receiver lost only because the server could not keep the schedule: every message arrived and the
     * receiver's own lag from each write stayed within the bound, but the window ended behind the schedule (one
     * stall of the shared machine is not enough: the server catches up in batches, and the rule looks at the median
     * of the window's last tenth).
     */
    private boolean serverLimited(final RunResult result)
    {
        return !keptUp(result) && result.complete() &&
            result.receiver.decodeFromSentHistogram().getValueAtPercentile(99) <= options.behindNs;
    }

    private String summary(final TickerMessage message, final Map<String, List<RunResult>> ladders, final String load)
    {
        final StringBuilder md = new StringBuilder(8 * 1024);
        md.append(String.format(Locale.ROOT, "# Maximum sustained rate, %d-byte Deribit ticker%n%n",
            message.length()));
        md.append("| | |\n|---|---|\n");
        md.append("| commit | `").append(options.commit).append("` |\n");
        md.append("| machine | ").append(machine.cpus()).append(" CPUs (nproc), ").append(machine.cpuModel())
            .append(", ").append(machine.memoryGiB()).append(" GiB, ").append(machine.os()).append(" |\n");
        md.append("| JDK | ").append(machine.jdk()).append(" |\n");
        md.append("| pinning | ").append(pinned ? "server JVM on CPU " + options.serverCpu +
            ", each receiver JVM on CPU " + options.clientCpu + " (taskset)" : "none").append(" |\n");
        md.append(String.format(Locale.ROOT, "| ladder | %s msg/s, ascending, per receiver until it falls behind; " +
            "%.1f s warm-up then %.1f s measured per step |%n", ladder(), options.warmupS, options.durationS));
        md.append(String.format(Locale.ROOT, "| keeps up | every message received, the window ended within %.1f ms " +
            "of the schedule and the receiver's own lag p99 within %.1f ms; a lost step in which every message " +
            "arrived and the receiver's own lag stayed within the bound is server-limited |%n", options.behindNs / 1e6,
            options.behindNs / 1e6));
        md.append("| load average (1/5/15 min) | ").append(load).append(" |\n\n");
        md.append("Reproduce: `./nova bench e2e --max --rate ")
            .append(String.join(",", options.rates.stream().map(String::valueOf).toList()))
            .append(" --duration ").append(Fmt.trim(options.durationS)).append(" --warmup ")
            .append(Fmt.trim(options.warmupS)).append(" --size ").append(message.length()).append(" --clients ")
            .append(String.join(",", options.clients)).append(" --variants ").append(String.join(",", options.variants))
            .append("`\n\n");
        md.append("| client | variant | max sustained msg/s | at that rate: p50 / p90 us | B/msg | CPU us/msg | " +
            "next step |\n|---|---|---:|---:|---:|---:|---|\n");
        for (final Map.Entry<String, List<RunResult>> entry : ladders.entrySet())
        {
            final List<RunResult> ladder = entry.getValue();
            RunResult best = null;
            RunResult next = null;
            for (final RunResult result : ladder)
            {
                if (keptUp(result))
                {
                    best = result;
                }
                else
                {
                    next = result;
                }
            }
            final String[] name = entry.getKey().split(" ");
            md.append("| ").append(name[0]).append(" | ").append(name[1]).append(" | ");
            if (best == null)
            {
                md.append("below ").append(String.format(Locale.ROOT, "%,d", options.rates.get(0))).append(" | | | | ");
            }
            else
            {
                final Histogram h = best.receiver.decodeHistogram();
                md.append(String.format(Locale.ROOT, "%,d | %s / %s | %s | %s | ", best.rate, Fmt.us(h, 50),
                    Fmt.us(h, 90), Fmt.bytes(best.receiver.bytesPerMessage()), E2eReport.cpu(best.receiver)));
            }
            md.append(next == null ? "none: the top of the ladder was sustained" : String.format(Locale.ROOT,
                "%,d: %s", next.rate, serverLimited(next) ? "server-limited (" +
                next.behindReason(options.behindNs) + ", receiver's own lag p99 " + Fmt.us(next.receiver
                .decodeFromSentHistogram().getValueAtPercentile(99)) + " us)" : next.behindReason(options.behindNs)));
            md.append(" |\n");
        }
        md.append("\nEvery step's figures: `results.json` (histograms included) and `progress.txt`; receiver JVM " +
            "output in `logs/`.\n");
        return md.toString();
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
