package io.wsnova.benchmarks.e2e;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one rate's report folder: a {@code .hgrm} per run (HdrHistogram's percentile distribution, microseconds),
 * a PNG per variant and pass, and {@code summary.md} with the machine, the parameters, the tables and the targets
 * stated MET or NOT MET.
 */
final class E2eReport
{

    private final RigOptions options;
    private final Machine machine;
    private final boolean pinned;
    private final long rate;
    private final TickerMessage message;
    private final List<RunResult> results;
    private final List<String> loads;
    private final Map<RunResult, Histogram> histograms = new LinkedHashMap<>();

    E2eReport(
        final RigOptions options,
        final Machine machine,
        final boolean pinned,
        final long rate,
        final TickerMessage message,
        final List<RunResult> results,
        final List<String> loads)
    {
        this.options = options;
        this.machine = machine;
        this.pinned = pinned;
        this.rate = rate;
        this.message = message;
        this.results = results;
        this.loads = loads;
        for (final RunResult result : results)
        {
            histograms.put(result, result.receiver.decodeHistogram());
        }
    }

    void write(final Path folder) throws IOException
    {
        for (final RunResult result : results)
        {
            final Path file = folder.resolve(result.receiver.client + "." + result.receiver.variant + "." +
                result.pass + ".hgrm");
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
            {
                histograms.get(result).outputPercentileDistribution(out, 5, 1000.0);
            }
        }
        final List<String> plots = new ArrayList<>();
        for (final String pass : passes())
        {
            for (final String variant : options.variants)
            {
                final String name = "latency-" + variant + ("forward".equals(pass) ? "" : "-" + pass) + ".png";
                final List<PercentilePlot.Series> series = new ArrayList<>();
                for (final RunResult result : results)
                {
                    if (result.pass.equals(pass) && result.receiver.variant.equals(variant))
                    {
                        final String client = result.receiver.client;
                        series.add(new PercentilePlot.Series(client, histograms.get(result),
                            RigClients.isWsnova(client), RigClients.RAW.equals(client)));
                    }
                }
                PercentilePlot.write(folder.resolve(name), String.format(Locale.ROOT,
                    "%s variant, %,d msg/s, %d B, %s pass (latency by percentile)", variant, rate, message.length(),
                    pass), series);
                plots.add(name);
            }
        }
        Files.writeString(folder.resolve("summary.md"), summary(plots));
    }

    private List<String> passes()
    {
        final Set<String> passes = new LinkedHashSet<>();
        for (final RunResult result : results)
        {
            passes.add(result.pass);
        }
        return new ArrayList<>(passes);
    }

    private String summary(final List<String> plots)
    {
        final StringBuilder md = new StringBuilder(16 * 1024);
        final ReceiverResult any = results.get(0).receiver;
        md.append(String.format(Locale.ROOT, "# End-to-end latency: %,d msg/s, %d-byte Deribit ticker%n%n", rate,
            message.length()));
        md.append("| | |\n|---|---|\n");
        md.append("| commit | `").append(options.commit).append("` |\n");
        md.append("| machine | ").append(machine.cpus()).append(" CPUs (nproc), ").append(machine.cpuModel())
            .append(", ").append(machine.memoryGiB()).append(" GiB, ").append(machine.os()).append(" |\n");
        md.append("| JDK | ").append(machine.jdk()).append(" |\n");
        md.append("| receiver JVM flags | `").append(any.jvmFlags == null ? "?" : any.jvmFlags).append("` |\n");
        md.append("| receiver JVM | ").append(any.availableProcessors).append(" CPU visible, GC: ")
            .append(any.gcNames).append(" (JVM ergonomics) |\n");
        md.append("| pinning | ").append(options.inProcess ? "none (receivers in-process)" : pinned ?
            "server JVM on CPU " + options.serverCpu + ", each receiver JVM on CPU " + options.clientCpu +
            " (taskset)" : "none (taskset missing or fewer than 2 CPUs)").append(" |\n");
        md.append(String.format(Locale.ROOT, "| schedule | open loop, %,d msg/s, intended send time stamped in each " +
            "message; per receiver %.1f s warm-up (%,d msgs) then %.1f s measured (%,d msgs) |%n", rate,
            options.warmupS, options.warmupMessages(rate), options.durationS, options.measuredMessages(rate)));
        final int dropped = message.droppedFields();
        md.append("| message | ").append(message.length())
            .append(" B text frame: Deribit `ticker.BTC-PERPETUAL.100ms` notification")
            .append(dropped > 0 ? ", " + dropped + " data fields dropped to fit (" +
                String.join(", ", TickerMessage.DROP_ORDER.subList(0, dropped)) + ")" : "")
            .append(", padded with spaces to the size |\n");
        md.append(String.format(Locale.ROOT, "| fell behind | median latency over the last tenth of the window " +
            "above %.1f ms, or messages missing |%n", options.behindNs / 1e6));
        md.append("| load average (1/5/15 min) | ").append(String.join("; ", loads)).append(" |\n\n");
        md.append("Latency is `System.nanoTime()` in the handler (after the decode, in the decode variant) minus " +
            "the intended send time the server stamped in the message (CLOCK_MONOTONIC, one host). B/msg is " +
            "every byte the receiver JVM allocated during the window (all threads) over the messages in it. CPU " +
            "wait is the time the receiver JVM's threads (during the window) and the server's send thread (during " +
            "the whole schedule) were runnable but waiting for a CPU (`/proc/.../schedstat`): the direct measure of " +
            "how much other processes (or the JVM's own other threads) got in the way.\n\n");
        final double maxLoad = maxLoad();
        if (maxLoad > machine.cpus())
        {
            md.append(String.format(Locale.ROOT, "**Shared machine:** the 1-minute load average reached %.1f on %d " +
                "CPUs during this run (other processes competed for both the server's and the receivers' CPU). " +
                "Medians are still comparable within the run; tails (p99 and beyond) largely measure scheduling " +
                "delays of whichever process was preempted. Re-run on a quiet machine before trusting the tails.%n%n",
                maxLoad, machine.cpus()));
        }
        md.append("Reproduce: `./nova bench e2e ").append(command()).append("`\n\n");
        targets(md);
        for (final String pass : passes())
        {
            table(md, pass);
        }
        md.append("## Receivers\n\n");
        final Map<String, String> configurations = new LinkedHashMap<>();
        for (final RunResult result : results)
        {
            configurations.putIfAbsent(result.receiver.client, result.receiver.configuration);
        }
        configurations.forEach((client, configuration) ->
            md.append("- `").append(client).append("`: ").append(configuration).append('\n'));
        md.append("\nPlots: ");
        for (final String plot : plots)
        {
            md.append('[').append(plot).append("](").append(plot).append(") ");
        }
        md.append("\n\nFiles: `<client>.<variant>.<pass>.hgrm` (percentile distributions in microseconds), " +
            "`results.json` (every run, histograms included), `progress.txt` (the rig's output), `logs/` (receiver " +
            "JVM output).\n");
        return md.toString();
    }

    private double maxLoad()
    {
        double max = 0;
        for (final RunResult result : results)
        {
            if (result.loadAverageAtStart != null)
            {
                try
                {
                    max = Math.max(max, Double.parseDouble(result.loadAverageAtStart.split(" ")[0]));
                }
                catch (final NumberFormatException ignore)
                {
                    // "n/a" off Linux
                }
            }
        }
        return max;
    }

    private String command()
    {
        return String.format(Locale.ROOT, "--rate %d --duration %s --warmup %s --size %d --clients %s " +
            "--variants %s%s --behind-ms %s --jvm-args \"%s\"", rate, trim(options.durationS), trim(options.warmupS),
            message.length(), String.join(",", options.clients), String.join(",", options.variants),
            options.reverse ? "" : " --no-reverse", trim(options.behindNs / 1e6), String.join(" ", options.jvmArgs));
    }

    private static String trim(final double value)
    {
        return value == Math.rint(value) ? Long.toString((long)value) : Double.toString(value);
    }

    private void table(final StringBuilder md, final String pass)
    {
        md.append("## ").append(pass.substring(0, 1).toUpperCase(Locale.ROOT)).append(pass.substring(1))
            .append(" pass\n\n");
        md.append("| # | client | variant | p50 us | p90 us | p99 us | p99.9 us | max us | B/msg | GCs (ms) | " +
            "received / sent | server max lag us | CPU wait ms receiver / server | load 1 min | keeps up |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (final RunResult result : results)
        {
            if (!result.pass.equals(pass))
            {
                continue;
            }
            final Histogram h = histograms.get(result);
            final ReceiverResult r = result.receiver;
            md.append(String.format(Locale.ROOT,
                "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %d (%d) | %,d / %,d | %s | %s / %s | %s | %s |%n",
                result.position + 1, r.client, r.variant, us(h, 50), us(h, 90), us(h, 99), us(h, 99.9),
                us(h.getMaxValue()), bytes(r.bytesPerMessage()), r.gcCount, r.gcTimeMs, r.receivedMessages,
                result.serverSentMessages, us(result.serverMaxSendLagNs), ms(r.runQueueWaitNs),
                ms(result.serverRunQueueWaitNs),
                result.loadAverageAtStart == null ? "n/a" : result.loadAverageAtStart.split(" ")[0],
                result.fellBehind ? "**fell behind** (tail p50 " + us(r.tailP50Ns) + " us)" +
                (r.error != null ? ": " + r.error : "") : "yes"));
        }
        md.append('\n');
    }

    private void targets(final StringBuilder md)
    {
        final List<String> passes = passes();
        md.append("## Targets at this rate\n\n| target | variant |");
        for (final String pass : passes)
        {
            md.append(' ').append(pass).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(passes.size())).append('\n');
        for (final String variant : options.variants)
        {
            for (final double percentile : new double[]{50, 99, 99.9})
            {
                md.append("| wsnova (best mode) ahead of every peer at p").append(format(percentile)).append(" | ")
                    .append(variant).append(" |");
                for (final String pass : passes)
                {
                    md.append(' ').append(ahead(pass, variant, percentile)).append(" |");
                }
                md.append('\n');
            }
            md.append("| 0 B/message, every wsnova mode | ").append(variant).append(" |");
            for (final String pass : passes)
            {
                md.append(' ').append(zeroAllocation(pass, variant)).append(" |");
            }
            md.append('\n');
            md.append("| p50 within 1.5x the raw-socket baseline (best mode) | ").append(variant).append(" |");
            for (final String pass : passes)
            {
                md.append(' ').append(nearBaseline(pass, variant)).append(" |");
            }
            md.append('\n');
        }
        md.append("\nPer wsnova mode (p50, p99, p99.9 against the best peer at that percentile; p50 against raw):\n\n");
        md.append("| mode | variant | pass | p50 | p99 | p99.9 | p50 / raw p50 |\n|---|---|---|---|---|---|---|\n");
        for (final String variant : options.variants)
        {
            for (final String pass : passes)
            {
                for (final RunResult wsnova : select(pass, variant, true))
                {
                    md.append("| ").append(wsnova.receiver.client).append(" | ").append(variant).append(" | ")
                        .append(pass).append(" |");
                    for (final double percentile : new double[]{50, 99, 99.9})
                    {
                        final RunResult peer = best(select(pass, variant, false), percentile);
                        md.append(' ').append(peer == null ? "n/a" : verdict(value(wsnova, percentile) <
                            value(peer, percentile)) + " " + us(value(wsnova, percentile)) + " vs " +
                            us(value(peer, percentile))).append(" |");
                    }
                    final RunResult raw = find(pass, RigClients.RAW, variant);
                    md.append(' ').append(raw == null ? "n/a" : String.format(Locale.ROOT, "%.2fx",
                        value(wsnova, 50) / Math.max(1.0, value(raw, 50)))).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private String ahead(final String pass, final String variant, final double percentile)
    {
        final RunResult wsnova = best(select(pass, variant, true), percentile);
        final RunResult peer = best(select(pass, variant, false), percentile);
        if (wsnova == null || peer == null)
        {
            return "n/a";
        }
        return verdict(value(wsnova, percentile) < value(peer, percentile)) + ": " + wsnova.receiver.client + " " +
            us(value(wsnova, percentile)) + " us vs " + peer.receiver.client + " " + us(value(peer, percentile)) +
            " us";
    }

    private String zeroAllocation(final String pass, final String variant)
    {
        final List<RunResult> modes = select(pass, variant, true);
        if (modes.isEmpty())
        {
            return "n/a";
        }
        double worst = 0;
        String worstClient = "";
        for (final RunResult mode : modes)
        {
            final double bytes = mode.receiver.bytesPerMessage();
            if (Double.isNaN(bytes) || bytes >= worst)
            {
                worst = Double.isNaN(bytes) ? Double.POSITIVE_INFINITY : bytes;
                worstClient = mode.receiver.client;
            }
        }
        return verdict(worst < 0.5) + ": worst " + worstClient + " " + bytes(worst) + " B/msg";
    }

    private String nearBaseline(final String pass, final String variant)
    {
        final RunResult wsnova = best(select(pass, variant, true), 50);
        final RunResult raw = find(pass, RigClients.RAW, variant);
        if (wsnova == null || raw == null)
        {
            return "n/a";
        }
        final double ratio = value(wsnova, 50) / Math.max(1.0, value(raw, 50));
        return String.format(Locale.ROOT, "%s: %s %.2fx (%s vs %s us)", verdict(ratio <= 1.5), wsnova.receiver.client,
            ratio, us(value(wsnova, 50)), us(value(raw, 50)));
    }

    private List<RunResult> select(final String pass, final String variant, final boolean wsnova)
    {
        final List<RunResult> selected = new ArrayList<>();
        for (final RunResult result : results)
        {
            final String client = result.receiver.client;
            if (result.pass.equals(pass) && result.receiver.variant.equals(variant) &&
                (wsnova ? RigClients.isWsnova(client) : RigClients.isPeer(client)))
            {
                selected.add(result);
            }
        }
        return selected;
    }

    private RunResult find(final String pass, final String client, final String variant)
    {
        for (final RunResult result : results)
        {
            if (result.pass.equals(pass) && result.receiver.client.equals(client) &&
                result.receiver.variant.equals(variant))
            {
                return result;
            }
        }
        return null;
    }

    private RunResult best(final List<RunResult> candidates, final double percentile)
    {
        RunResult best = null;
        for (final RunResult candidate : candidates)
        {
            if (best == null || value(candidate, percentile) < value(best, percentile))
            {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * A percentile of a run in nanoseconds; a run that did not complete counts as infinitely slow.
     */
    private double value(final RunResult result, final double percentile)
    {
        final Histogram h = histograms.get(result);
        if (!result.complete() || h.getTotalCount() == 0)
        {
            return Double.POSITIVE_INFINITY;
        }
        return h.getValueAtPercentile(percentile);
    }

    private static String verdict(final boolean met)
    {
        return met ? "**MET**" : "**NOT MET**";
    }

    private static String format(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }

    private static String us(final Histogram h, final double percentile)
    {
        return h.getTotalCount() == 0 ? "n/a" : us(h.getValueAtPercentile(percentile));
    }

    private static String us(final double ns)
    {
        if (Double.isInfinite(ns) || Double.isNaN(ns))
        {
            return "n/a";
        }
        final double us = ns / 1000.0;
        return us >= 100 ? String.format(Locale.ROOT, "%,.0f", us) : String.format(Locale.ROOT, "%.1f", us);
    }

    private static String ms(final long ns)
    {
        return ns < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", ns / 1e6);
    }

    private static String bytes(final double bytes)
    {
        if (Double.isNaN(bytes) || Double.isInfinite(bytes))
        {
            return "n/a";
        }
        return bytes >= 100 ? String.format(Locale.ROOT, "%,.0f", bytes) : String.format(Locale.ROOT, "%.2f", bytes);
    }
}
