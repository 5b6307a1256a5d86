package io.wsnova.engine.runtime;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The time every part of one client runtime reads and schedules on: a monotonic clock, a wall clock and one timer.
 * Parts never call {@code System.nanoTime()}, {@code System.currentTimeMillis()} or a static timer themselves; they
 * are given this value, so that a test can hand them a fake clock and a deterministic timer (the test kit's
 * {@code FakeClock}) and run reconnect, backoff, restore, rate-limit and timeout rules in milliseconds of real time.
 *
 * @param nanoClock  monotonic time in nanoseconds (deadlines, intervals, latencies).
 * @param epochClock wall-clock time in milliseconds since the epoch (venue timestamps, token expiry, signatures).
 * @param timer      the one timer of the runtime; tasks run on its thread and must hand real work to the thread that
 *                   owns it (a connection's event thread), never block.
 */
public record EngineTime(NanoClock nanoClock, EpochClock epochClock, ScheduledExecutorService timer)
{
    /**
     * Checks the parts.
     */
    public EngineTime
    {
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(epochClock, "epochClock");
        Objects.requireNonNull(timer, "timer");
    }

    /**
     * The system clocks with the given timer.
     *
     * @param timer the runtime's timer.
     * @return the value.
     */
    public static EngineTime system(final ScheduledExecutorService timer)
    {
        return new EngineTime(SystemNanoClock.INSTANCE, SystemEpochClock.INSTANCE, timer);
    }

    /**
     * Monotonic now.
     *
     * @return {@link NanoClock#nanoTime()}.
     */
    public long nanoTime()
    {
        return nanoClock.nanoTime();
    }

    /**
     * Wall-clock now.
     *
     * @return {@link EpochClock#time()} in milliseconds since the epoch.
     */
    public long epochMillis()
    {
        return epochClock.time();
    }
}
