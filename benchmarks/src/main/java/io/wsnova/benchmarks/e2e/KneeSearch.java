package io.wsnova.benchmarks.e2e;

import java.util.List;

/**
 * Where a receiver's maximum sustained rate lies: the keeps-up rule of one step ({@link #verdict}, a pure function)
 * and the search over steps: the ladder in ascending order until the first step the receiver fails, then bisection
 * (geometric midpoints, rounded to {@link #ROUNDING} msg/s) between the last rate kept up with and the first
 * failed, until the two are within {@code resolution} of each other.
 * <p>
 * Keeps up: every message arrived, the sender offered at least {@link #MIN_RATE_RATIO} of the scheduled rate over
 * its whole schedule (a receiver that pushes back through TCP holds the sender back), the receive rate over the
 * measured window is at least {@link #MIN_RATE_RATIO} of the scheduled rate, and the backlog is not growing: the
 * median lag (from the intended time) of the window's last tenth is within the bound, or below the window's median
 * (a receiver still draining what piled up while it warmed up or while the shared machine descheduled it, faster
 * than the schedule adds to it: its receive rate over the window is then its drain rate, which is above the
 * schedule's). A step the receiver did not keep up with in which the sender itself offered less than {@link
 * #MIN_RATE_RATIO} of the rate while the receiver's own lag from each write stayed within the bound at p99 is
 * sender-limited: the search stops there and the receiver's maximum is a lower bound.
 */
final class KneeSearch
{
    /** The fraction of the offered rate a receiver must take the window in. */
    static final double MIN_RATE_RATIO = 0.95;
    /** Bisection rates are rounded to this many msg/s. */
    static final long ROUNDING = 5_000;

    /** One step's outcome. */
    enum Verdict
    {
        /** The receiver kept up. */
        KEPT_UP,
        /** The receiver fell behind. */
        FELL_BEHIND,
        /** The sender could not offer the rate; the receiver kept up with what it got. */
        SENDER_LIMITED
    }

    private final List<Long> ladder;
    private final double resolution;
    private int ladderIndex;
    private long keptUp;
    private long failed;
    private boolean done;
    private boolean senderLimited;
    private int steps;

    /**
     * A search.
     *
     * @param ladder     ascending rates.
     * @param resolution bisection stops when the first failed rate is within {@code 1 + resolution} times the last
     *                   rate kept up with; 0 for no bisection.
     */
    KneeSearch(final List<Long> ladder, final double resolution)
    {
        if (ladder.isEmpty())
        {
            throw new IllegalArgumentException("empty ladder");
        }
        this.ladder = List.copyOf(ladder);
        this.resolution = resolution;
    }

    /**
     * The keeps-up rule of one step.
     *
     * @param rate        the scheduled rate, msg/s.
     * @param complete    every message arrived and no error was reported.
     * @param receiveRate the receiver's rate over its measured window, msg/s (NaN fails).
     * @param offeredRate the rate the sender achieved over its schedule, msg/s (NaN: unknown).
     * @param tailLagNs   median lag over the window's last tenth ({@code --max}: from the server's write).
     * @param lagP50Ns    median lag over the whole window (the same measure).
     * @param ownLagP99Ns p99 of the lag from the write that carried each message.
     * @param behindNs    the lag bound.
     * @return the verdict.
     */
    static Verdict verdict(
        final long rate,
        final boolean complete,
        final double receiveRate,
        final double offeredRate,
        final long tailLagNs,
        final long lagP50Ns,
        final long ownLagP99Ns,
        final long behindNs)
    {
        if (!complete)
        {
            return Verdict.FELL_BEHIND;
        }
        final boolean offered = !(offeredRate < MIN_RATE_RATIO * rate);
        if (!offered)
        {
            // the sender fell behind its schedule: by itself (the receiver drained every write) or held back by
            // the receiver's TCP back-pressure
            return ownLagP99Ns <= behindNs ? Verdict.SENDER_LIMITED : Verdict.FELL_BEHIND;
        }
        if (receiveRate >= MIN_RATE_RATIO * rate && !backlogGrowing(tailLagNs, lagP50Ns, behindNs))
        {
            return Verdict.KEPT_UP;
        }
        return Verdict.FELL_BEHIND;
    }

    /**
     * Whether the backlog grew over the window: its last tenth's median lag is above the bound and above the
     * window's median.
     *
     * @param tailLagNs median lag of the window's last tenth.
     * @param lagP50Ns  median lag of the window.
     * @param behindNs  the bound.
     * @return true when growing.
     */
    static boolean backlogGrowing(final long tailLagNs, final long lagP50Ns, final long behindNs)
    {
        return tailLagNs > behindNs && tailLagNs >= lagP50Ns;
    }

    /**
     * Why a step failed, for the report, or null when it kept up.
     *
     * @param rate        as {@link #verdict}.
     * @param complete    as {@link #verdict}.
     * @param receiveRate as {@link #verdict}.
     * @param offeredRate as {@link #verdict}.
     * @param tailLagNs   as {@link #verdict}.
     * @param lagP50Ns    as {@link #verdict}.
     * @param behindNs    as {@link #verdict}.
     * @return the reason.
     */
    static String reason(
        final long rate,
        final boolean complete,
        final double receiveRate,
        final double offeredRate,
        final long tailLagNs,
        final long lagP50Ns,
        final long behindNs)
    {
        if (!complete)
        {
            return "incomplete";
        }
        if (offeredRate < MIN_RATE_RATIO * rate)
        {
            return String.format(java.util.Locale.ROOT, "held the sender back to %.0f%% of the rate",
                100 * offeredRate / rate);
        }
        if (receiveRate < MIN_RATE_RATIO * rate)
        {
            return String.format(java.util.Locale.ROOT, "received at %.0f%% of the rate", 100 * receiveRate / rate);
        }
        if (backlogGrowing(tailLagNs, lagP50Ns, behindNs))
        {
            return "backlog growing: ended " + Fmt.us(tailLagNs) + " us behind (window median " + Fmt.us(lagP50Ns) +
                " us)";
        }
        return null;
    }

    /**
     * The next rate to run.
     *
     * @return msg/s, or -1 when the search is over.
     */
    long next()
    {
        if (done)
        {
            return -1;
        }
        if (failed == 0)
        {
            return ladder.get(ladderIndex);
        }
        return midpoint(keptUp, failed);
    }

    /**
     * Records the verdict of the rate {@link #next()} returned.
     *
     * @param rate    the rate run.
     * @param verdict its verdict.
     */
    void record(final long rate, final Verdict verdict)
    {
        steps++;
        switch (verdict)
        {
            case KEPT_UP ->
            {
                keptUp = rate;
                if (failed == 0)
                {
                    ladderIndex++;
                    done = ladderIndex == ladder.size();
                }
            }
            case FELL_BEHIND -> failed = rate;
            case SENDER_LIMITED ->
            {
                senderLimited = true;
                done = true;
            }
            default -> throw new IllegalStateException("verdict " + verdict);
        }
        if (!done && failed != 0)
        {
            final long mid = midpoint(keptUp, failed);
            done = keptUp == 0 || failed <= keptUp * (1 + resolution) || mid <= keptUp || mid >= failed;
        }
    }

    private static long midpoint(final long low, final long high)
    {
        final double mid = Math.sqrt((double)low * high);
        return Math.max(ROUNDING, Math.round(mid / ROUNDING) * ROUNDING);
    }

    /**
     * The highest rate kept up with.
     *
     * @return msg/s, 0 when none.
     */
    long maxKeptUp()
    {
        return keptUp;
    }

    /**
     * The lowest rate the receiver fell behind at.
     *
     * @return msg/s, 0 when none.
     */
    long minFailed()
    {
        return failed;
    }

    /**
     * Whether the search stopped at a sender-limited step (the maximum is a lower bound).
     *
     * @return true when sender-limited.
     */
    boolean senderLimited()
    {
        return senderLimited;
    }

    boolean done()
    {
        return done;
    }

    int steps()
    {
        return steps;
    }
}
