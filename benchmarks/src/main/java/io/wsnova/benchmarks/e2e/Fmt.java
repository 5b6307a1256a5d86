package io.wsnova.benchmarks.e2e;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * Number formatting of the report: microseconds, milliseconds, bytes, verdicts.
 */
final class Fmt
{
    private Fmt()
    {
    }

    static String us(final Histogram h, final double percentile)
    {
        return h.getTotalCount() == 0 ? "n/a" : us(h.getValueAtPercentile(percentile));
    }

    static String us(final double ns)
    {
        if (Double.isInfinite(ns) || Double.isNaN(ns))
        {
            return "n/a";
        }
        final double us = ns / 1000.0;
        return us >= 100 ? String.format(Locale.ROOT, "%,.0f", us) : String.format(Locale.ROOT, "%.1f", us);
    }

    static String ms(final long ns)
    {
        return ns < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", ns / 1e6);
    }

    static String bytes(final double bytes)
    {
        if (Double.isNaN(bytes) || Double.isInfinite(bytes))
        {
            return "n/a";
        }
        return bytes >= 100 ? String.format(Locale.ROOT, "%,.0f", bytes) : String.format(Locale.ROOT, "%.2f", bytes);
    }

    static String verdict(final boolean met)
    {
        return met ? "**MET**" : "**NOT MET**";
    }

    static String percentile(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }

    static String trim(final double value)
    {
        return value == Math.rint(value) ? Long.toString((long)value) : Double.toString(value);
    }
}
