package io.wsnova.benchmarks.e2e;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets section of a report: wsnova ahead of every peer at p50/p99/p99.9, 0 B/message in every wsnova mode,
 * and p50 within 1.5x the raw-socket baseline, each stated MET or NOT MET per variant and pass, then the same
 * per wsnova mode. Runs that did not complete count as infinitely slow.
 */
final class E2eTargets
{
    private static final double[] PERCENTILES = {50, 99, 99.9};

    private final List<RunResult> results;
    private final Map<RunResult, Histogram> fromIntended;
    private final Map<RunResult, Histogram> fromSent;
    private final List<String> variants;
    private final List<String> passes;

    E2eTargets(
        final List<RunResult> results,
        final Map<RunResult, Histogram> fromIntended,
        final Map<RunResult, Histogram> fromSent,
        final List<String> variants,
        final List<String> passes)
    {
        this.results = results;
        this.fromIntended = fromIntended;
        this.fromSent = fromSent;
        this.variants = variants;
        this.passes = passes;
    }

    void render(final StringBuilder md)
    {
        md.append("## Targets at this rate\n\n| target | variant |");
        for (final String pass : passes)
        {
            md.append(' ').append(pass).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(passes.size())).append('\n');
        for (final String variant : variants)
        {
            for (final double percentile : PERCENTILES)
            {
                row(md, "wsnova (best mode) ahead of every peer at p" + Fmt.percentile(percentile), variant,
                    pass -> ahead(pass, variant, percentile, fromIntended));
            }
            row(md, "0 B/message, every wsnova mode", variant, pass -> zeroAllocation(pass, variant));
            row(md, "p50 within 1.5x the raw-socket baseline (best mode)", variant,
                pass -> nearBaseline(pass, variant, fromIntended));
        }
        md.append("\nThe same, latency measured from the server's actual write (the server's own lateness on a " +
            "busy machine left out; not the open-loop figure):\n\n| target | variant |");
        for (final String pass : passes)
        {
            md.append(' ').append(pass).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(passes.size())).append('\n');
        for (final String variant : variants)
        {
            for (final double percentile : PERCENTILES)
            {
                row(md, "wsnova (best mode) ahead of every peer at p" + Fmt.percentile(percentile), variant,
                    pass -> ahead(pass, variant, percentile, fromSent));
            }
            row(md, "p50 within 1.5x the raw-socket baseline (best mode)", variant,
                pass -> nearBaseline(pass, variant, fromSent));
        }
        perMode(md);
    }

    private interface Cell
    {
        String of(String pass);
    }

    private void row(final StringBuilder md, final String target, final String variant, final Cell cell)
    {
        md.append("| ").append(target).append(" | ").append(variant).append(" |");
        for (final String pass : passes)
        {
            md.append(' ').append(cell.of(pass)).append(" |");
        }
        md.append('\n');
    }

    private void perMode(final StringBuilder md)
    {
        md.append("\nPer wsnova mode, from the intended send time (p50, p99, p99.9 against the best peer at that " +
            "percentile; p50 against raw; B/msg):\n\n");
        md.append("| mode | variant | pass | p50 | p99 | p99.9 | p50 / raw p50 | B/msg |\n" +
            "|---|---|---|---|---|---|---|---|\n");
        for (final String variant : variants)
        {
            for (final String pass : passes)
            {
                for (final RunResult wsnova : select(pass, variant, true))
                {
                    md.append("| ").append(wsnova.receiver.client).append(" | ").append(variant).append(" | ")
                        .append(pass).append(" |");
                    for (final double percentile : PERCENTILES)
                    {
                        final RunResult peer = best(select(pass, variant, false), percentile, fromIntended);
                        final double mine = value(wsnova, percentile, fromIntended);
                        md.append(' ').append(peer == null ? "n/a" : Fmt.verdict(mine <
                            value(peer, percentile, fromIntended)) + " " + Fmt.us(mine) + " vs " +
                            Fmt.us(value(peer, percentile, fromIntended))).append(" |");
                    }
                    final RunResult raw = find(pass, RigClients.RAW, variant);
                    md.append(' ').append(raw == null ? "n/a" : String.format(Locale.ROOT, "%.2fx",
                        value(wsnova, 50, fromIntended) / Math.max(1.0, value(raw, 50, fromIntended))))
                        .append(" | ").append(Fmt.bytes(wsnova.receiver.bytesPerMessage())).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private String ahead(
        final String pass, final String variant, final double percentile, final Map<RunResult, Histogram> source)
    {
        final RunResult wsnova = best(select(pass, variant, true), percentile, source);
        final RunResult peer = best(select(pass, variant, false), percentile, source);
        if (wsnova == null || peer == null)
        {
            return "n/a";
        }
        return Fmt.verdict(value(wsnova, percentile, source) < value(peer, percentile, source)) + ": " +
            wsnova.receiver.client + " " + Fmt.us(value(wsnova, percentile, source)) + " us vs " +
            peer.receiver.client + " " + Fmt.us(value(peer, percentile, source)) + " us";
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
        double best = Double.POSITIVE_INFINITY;
        String bestClient = "";
        for (final RunResult mode : modes)
        {
            final double raw = mode.receiver.bytesPerMessage();
            final double bytes = Double.isNaN(raw) ? Double.POSITIVE_INFINITY : raw;
            if (bytes >= worst)
            {
                worst = bytes;
                worstClient = mode.receiver.client;
            }
            if (bytes < best)
            {
                best = bytes;
                bestClient = mode.receiver.client;
            }
        }
        return Fmt.verdict(worst < 0.5) + ": worst " + worstClient + " " + Fmt.bytes(worst) + " B/msg, best " +
            bestClient + " " + Fmt.bytes(best);
    }

    private String nearBaseline(final String pass, final String variant, final Map<RunResult, Histogram> source)
    {
        final RunResult wsnova = best(select(pass, variant, true), 50, source);
        final RunResult raw = find(pass, RigClients.RAW, variant);
        if (wsnova == null || raw == null)
        {
            return "n/a";
        }
        final double ratio = value(wsnova, 50, source) / Math.max(1.0, value(raw, 50, source));
        return String.format(Locale.ROOT, "%s: %s %.2fx (%s vs %s us)", Fmt.verdict(ratio <= 1.5),
            wsnova.receiver.client, ratio, Fmt.us(value(wsnova, 50, source)), Fmt.us(value(raw, 50, source)));
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

    private static RunResult best(
        final List<RunResult> candidates, final double percentile, final Map<RunResult, Histogram> source)
    {
        RunResult best = null;
        for (final RunResult candidate : candidates)
        {
            if (best == null || value(candidate, percentile, source) < value(best, percentile, source))
            {
                best = candidate;
            }
        }
        return best;
    }

    private static double value(
        final RunResult result, final double percentile, final Map<RunResult, Histogram> source)
    {
        final Histogram h = source.get(result);
        if (!result.complete() || h.getTotalCount() == 0)
        {
            return Double.POSITIVE_INFINITY;
        }
        return h.getValueAtPercentile(percentile);
    }
}
