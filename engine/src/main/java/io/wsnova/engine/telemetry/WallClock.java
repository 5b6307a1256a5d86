package io.wsnova.engine.telemetry;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Wall-clock time in nanoseconds from a reading of the runtime's monotonic clock: one addition, no clock call, no
 * allocation. The offset between the two clocks is measured at start and again by the telemetry reporter at every
 * interval ({@link #calibrate()}), so NTP slews are followed within an interval. Each runtime's telemetry has one,
 * over the runtime's clocks; {@link #system()} is the one over the system clocks.
 */
final class WallClock
{
    private static final WallClock SYSTEM = new WallClock(SystemNanoClock.INSTANCE, new SystemEpochNanoClock());

    private final NanoClock nanoClock;
    private final EpochNanoClock epochNanoClock;
    /** Written by the reporter (calibrate), read by the message threads. */
    private volatile long offsetNs;

    WallClock(final NanoClock nanoClock, final EpochNanoClock epochNanoClock)
    {
        this.nanoClock = nanoClock;
        this.epochNanoClock = epochNanoClock;
        this.offsetNs = measureOffsetNs();
    }

    /**
     * The wall clock over {@link SystemNanoClock} and {@link SystemEpochNanoClock}.
     *
     * @return the shared instance.
     */
    static WallClock system()
    {
        return SYSTEM;
    }

    /**
     * The wall-clock time of a monotonic reading.
     *
     * @param nanoTime a time of the runtime's {@link NanoClock}.
     * @return nanoseconds since the epoch.
     */
    long epochNs(final long nanoTime)
    {
        return nanoTime + offsetNs;
    }

    /**
     * Measures the offset again (control plane).
     */
    void calibrate()
    {
        offsetNs = measureOffsetNs();
    }

    private long measureOffsetNs()
    {
        // The narrowest of a few brackets around the wall-clock read bounds the error by its width.
        long bestWidthNs = Long.MAX_VALUE;
        long bestOffsetNs = 0;
        for (int i = 0; i < 5; i++)
        {
            final long beforeNs = nanoClock.nanoTime();
            final long epochNs = epochNanoClock.nanoTime();
            final long afterNs = nanoClock.nanoTime();
            final long widthNs = afterNs - beforeNs;
            if (widthNs < bestWidthNs)
            {
                bestWidthNs = widthNs;
                bestOffsetNs = epochNs - (beforeNs + widthNs / 2);
            }
        }
        return bestOffsetNs;
    }
}
