package io.wsnova.engine.telemetry;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds from a {@link System#nanoTime()} reading: one addition, no clock call, no
 * allocation. The offset between the two clocks is measured at start and again by the reporter at every
 * interval ({@link #calibrate()}), so NTP slews are followed within an interval.
 */
final class WallClock
{
    private static volatile long offsetNs = measureOffsetNs();

    private WallClock()
    {
    }

    /**
     * The wall-clock time of a nanoTime reading.
     *
     * @param nanoTime a {@link System#nanoTime()} value.
     * @return nanoseconds since the epoch.
     */
    static long epochNs(final long nanoTime)
    {
        return nanoTime + offsetNs;
    }

    /**
     * Measures the offset again (control plane: allocates an {@link Instant}).
     */
    static void calibrate()
    {
        offsetNs = measureOffsetNs();
    }

    private static long measureOffsetNs()
    {
        // The narrowest of a few brackets around the wall-clock read bounds the error by its width.
        long bestWidthNs = Long.MAX_VALUE;
        long bestOffsetNs = 0;
        for (int i = 0; i < 5; i++)
        {
            final long beforeNs = System.nanoTime();
            final Instant now = Instant.now();
            final long afterNs = System.nanoTime();
            final long widthNs = afterNs - beforeNs;
            if (widthNs < bestWidthNs)
            {
                bestWidthNs = widthNs;
                bestOffsetNs = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (beforeNs + widthNs / 2);
            }
        }
        return bestOffsetNs;
    }
}
