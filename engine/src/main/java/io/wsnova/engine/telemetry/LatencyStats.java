package io.wsnova.engine.telemetry;

import org.HdrHistogram.AbstractHistogram;

/**
 * A summary of one stage's latency histogram, computed by the reporter thread: immutable, safe to keep and to
 * read from any thread. Percentiles are HdrHistogram values: within 0.1% (3 significant digits) of the recorded
 * value, rounded up.
 *
 * @param count  values recorded.
 * @param minNs  the smallest value, 0 when there is none.
 * @param p50Ns  the median.
 * @param p90Ns  the 90th percentile.
 * @param p99Ns  the 99th percentile.
 * @param p999Ns the 99.9th percentile.
 * @param maxNs  the largest value.
 * @param meanNs the mean.
 */
public record LatencyStats(
    long count, long minNs, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs, double meanNs)
{
    /** No values. */
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0.0);

    static LatencyStats of(final AbstractHistogram histogram)
    {
        final long count = histogram.getTotalCount();
        if (count == 0)
        {
            return EMPTY;
        }
        return new LatencyStats(
            count,
            histogram.getMinValue(),
            histogram.getValueAtPercentile(50.0),
            histogram.getValueAtPercentile(90.0),
            histogram.getValueAtPercentile(99.0),
            histogram.getValueAtPercentile(99.9),
            histogram.getMaxValue(),
            histogram.getMean());
    }

    @Override
    public String toString()
    {
        return "count=" + count + " min=" + minNs + " p50=" + p50Ns + " p90=" + p90Ns + " p99=" + p99Ns +
            " p99.9=" + p999Ns + " max=" + maxNs + " ns";
    }
}
