package io.wsnova.engine.transport;

/**
 * The adaptive spin of a {@code VIRTUAL} reader: decides, after a read has drained the socket, whether to poll for
 * the next bytes ({@code Thread.onSpinWait}) or to make the blocking read that parks the virtual thread.
 * <p>
 * Why: a virtual thread that parks in a socket read costs the JDK's poller machinery on every wake-up, and that
 * machinery allocates (measured with JFR on JDK 25: a {@code ConcurrentHashMap$Node} in
 * {@code sun.nio.ch.Poller.register}, a {@code ForkJoinTask$RunnableExecuteAction} in {@code ForkJoinPool.execute}
 * from {@code VirtualThread.unpark}, the same pair again for the poller's own sub-poller, and a capturing lambda in
 * {@code SelChImpl.park}: ~150 B per park) and adds a scheduling hop to the latency. A feed whose next message is
 * due within a short budget is cheaper to wait for by spinning.
 * <p>
 * The rule, with {@code maxSpinNs} the configured budget:
 * <ul>
 *   <li>every arrival (a read that brought bytes) updates the mean gap between arrivals, an exponentially weighted
 *       average with weight 1/8, each sample capped at {@code 4 x maxSpinNs} so that one long silence does not
 *       keep a busy feed parking for dozens of messages;</li>
 *   <li>the reader spins only while the mean gap is at most {@code maxSpinNs} (the next message is expected
 *       within the budget) and the time since the last arrival is below {@code min(maxSpinNs, 8 x mean gap)} (the
 *       factor absorbs a sender's jitter; a feed that stops is waited for at most that long); otherwise
 *       it parks at once: a slow feed costs no spinning at all;</li>
 *   <li>{@code maxSpinNs == 0} never spins (every empty socket parks, the JDK's default behaviour).</li>
 * </ul>
 * The CPU cost is the spinning itself: on a feed that spins through every gap, one core per reader (the whole gap,
 * e.g. 100 µs of CPU per message at 10,000 msg/s, 20 µs at 50,000); on a feed slower than the budget, none.
 * <p>
 * Pure logic over times passed in (the reader's clock), so it is tested on a fake clock. Reader thread only.
 */
final class SpinBudget
{
    /** Weight of a new gap in the mean: 1 / 2^GAP_SHIFT. */
    static final int GAP_SHIFT = 3;
    /** The spin window after an arrival, in mean gaps: 2^WINDOW_SHIFT (8), so sender jitter rarely parks. */
    static final int WINDOW_SHIFT = 3;
    /** Cap of one gap sample, in multiples of the budget. */
    static final long GAP_SAMPLE_CAP_FACTOR = 4;

    private final long maxSpinNs;
    private final long gapSampleCapNs;
    private long lastArrivalNs;
    private boolean arrived;
    private long meanGapNs;

    /**
     * A budget with no arrivals seen yet (it parks until it has seen a gap).
     *
     * @param maxSpinNs the longest spin after an arrival, >= 0; 0 never spins.
     */
    SpinBudget(final long maxSpinNs)
    {
        this.maxSpinNs = maxSpinNs;
        this.gapSampleCapNs = maxSpinNs * GAP_SAMPLE_CAP_FACTOR;
        // No history yet: assume a gap one past the budget, so the first few messages park until gaps are seen.
        this.meanGapNs = maxSpinNs + 1;
    }

    /**
     * A read brought bytes at {@code nowNs}.
     *
     * @param nowNs the reader's clock.
     */
    void onArrival(final long nowNs)
    {
        if (arrived)
        {
            final long gapNs = Math.min(nowNs - lastArrivalNs, gapSampleCapNs);
            meanGapNs += (gapNs - meanGapNs) >> GAP_SHIFT;
        }
        arrived = true;
        lastArrivalNs = nowNs;
    }

    /**
     * Whether to keep spinning on an empty socket at {@code nowNs}.
     *
     * @param nowNs the reader's clock.
     * @return true to poll again, false to park in a blocking read.
     */
    boolean shouldSpin(final long nowNs)
    {
        final long meanGapNs = this.meanGapNs;
        if (!arrived || meanGapNs > maxSpinNs)
        {
            return false;
        }
        return nowNs - lastArrivalNs < Math.min(maxSpinNs, meanGapNs << WINDOW_SHIFT);
    }

    /**
     * The mean gap between arrivals so far.
     *
     * @return nanoseconds.
     */
    long meanGapNs()
    {
        return meanGapNs;
    }

    /**
     * The configured budget.
     *
     * @return nanoseconds.
     */
    long maxSpinNs()
    {
        return maxSpinNs;
    }
}
