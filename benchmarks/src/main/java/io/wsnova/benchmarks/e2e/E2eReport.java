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
    private final Map<RunResult, Histogram> fromSent = new LinkedHashMap<>();

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
            fromSent.put(result, result.receiver.decodeFromSentHistogram());
        }
    }

    void write(final Path folder) throws IOException
    {
        for (final RunResult result : results)
        {
            final String name = result.receiver.client + "." + result.receiver.variant + "." + result.pass;
            writeHgrm(folder.resolve(name + ".hgrm"), histograms.get(result));
            writeHgrm(folder.resolve(name + ".from-sent.hgrm"), fromSent.get(result));
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

    private static void writeHgrm(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, 5, 1000.0);
        }
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
            "server JVM on CPU " + options.serverCpu + ", each receiver JVM on CPU " +
            (options.receiverCpus != null ? options.receiverCpus + " (shared with the server)" : options.clientCpu) +
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
        md.append(String.format(Locale.ROOT, "| fell behind | messages missing, or the window ended more than %.1f " +
            "ms behind the schedule (median of its last tenth), or the receiver's own lag (from the server's write) " +
            "above %.1f ms at p99 |%n", options.behindNs / 1e6, options.behindNs / 1e6));
        md.append("| load average (1/5/15 min) | ").append(String.join("; ", loads)).append(" |\n\n");
        md.append("Latency is `System.nanoTime()` in the handler (after the decode, in the decode variant) minus " +
            "the intended send time the server stamped in the message (CLOCK_MONOTONIC, one host): the open-loop " +
            "figure, which includes the server's own lateness when it could not send on time. \"from write\" is " +
            "measured from the server's clock just before the write that carried the message instead. B/msg is " +
            "every byte the receiver JVM allocated during the window (all threads) over the messages in it; CPU " +
            "us/msg the receiver JVM's CPU time in the window (all threads, spinning included) over its messages; " +
            "\"x raw\" divides p50 and p90 by the raw socket's of the same pass and variant. CPU " +
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
        new E2eTargets(results, histograms, fromSent, options.variants, passes()).render(md);
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
        md.append("\n\nFiles: `<client>.<variant>.<pass>.hgrm` (percentile distributions in microseconds, from the " +
            "intended send time) and `.from-sent.hgrm` (from the server's actual write), " +
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
            "--variants %s%s --behind-ms %s --jvm-args \"%s\"", rate, Fmt.trim(options.durationS),
            Fmt.trim(options.warmupS), message.length(), String.join(",", options.clients),
            String.join(",", options.variants), options.reverse ? "" : " --no-reverse",
            Fmt.trim(options.behindNs / 1e6), String.join(" ", options.jvmArgs));
    }

    private String keepsUp(final RunResult result)
    {
        final String reason = result.behindReason(options.behindNs);
        return reason == null ? "yes" : "**fell behind** (" + reason + ")";
    }

    /**
     * The raw socket's histogram of the same pass and variant: the floor every receiver is compared to.
     */
    private Histogram rawFloor(final String pass, final String variant)
    {
        for (final RunResult result : results)
        {
            if (result.pass.equals(pass) && result.receiver.variant.equals(variant) &&
                RigClients.RAW.equals(result.receiver.client) && result.receiver.error == null)
            {
                return histograms.get(result);
            }
        }
        return null;
    }

    static String ratios(final Histogram histogram, final Histogram raw)
    {
        if (raw == null || raw.getTotalCount() == 0 || histogram.getTotalCount() == 0)
        {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f",
            (double)histogram.getValueAtPercentile(50) / Math.max(1, raw.getValueAtPercentile(50)),
            (double)histogram.getValueAtPercentile(90) / Math.max(1, raw.getValueAtPercentile(90)));
    }

    static String cpu(final ReceiverResult receiver)
    {
        final double us = receiver.cpuUsPerMessage();
        return Double.isNaN(us) ? "n/a" : String.format(Locale.ROOT, "%.2f", us);
    }

    private void table(final StringBuilder md, final String pass)
    {
        md.append("## ").append(pass.substring(0, 1).toUpperCase(Locale.ROOT)).append(pass.substring(1))
            .append(" pass\n\n");
        md.append("| # | client | variant | p50 us | p90 us | p50 / p90 x raw | p99 us | p99.9 us | max us | " +
            "from write p50 / p99 / p99.9 us | B/msg | CPU us/msg | GCs (ms) | received / sent | server max lag us | " +
            "CPU wait ms receiver / server | load 1 min | keeps up |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (final RunResult result : results)
        {
            if (!result.pass.equals(pass))
            {
                continue;
            }
            final Histogram h = histograms.get(result);
            final Histogram w = fromSent.get(result);
            final ReceiverResult r = result.receiver;
            final Histogram raw = rawFloor(pass, r.variant);
            md.append(String.format(Locale.ROOT,
                "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s | %s | %d (%d) | %,d / %,d | %s | " +
                "%s / %s | %s | %s |%n",
                result.position + 1, r.client, r.variant, Fmt.us(h, 50), Fmt.us(h, 90), ratios(h, raw),
                Fmt.us(h, 99), Fmt.us(h, 99.9), Fmt.us(h.getMaxValue()), Fmt.us(w, 50), Fmt.us(w, 99), Fmt.us(w, 99.9),
                Fmt.bytes(r.bytesPerMessage()), cpu(r), r.gcCount, r.gcTimeMs, r.receivedMessages,
                result.serverSentMessages,
                Fmt.us(result.serverMaxSendLagNs), Fmt.ms(r.runQueueWaitNs), Fmt.ms(result.serverRunQueueWaitNs),
                result.loadAverageAtStart == null ? "n/a" : result.loadAverageAtStart.split(" ")[0],
                keepsUp(result)));
        }
        md.append('\n');
    }
}
