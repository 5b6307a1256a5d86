package io.wsnova.ab;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the arbiter did, per leg: events won (delivered from that leg first), duplicates dropped (the other leg had
 * delivered them), updates delivered while the other leg could not (it was down, stale, resyncing or past a gap:
 * "gaps filled"), book updates that arrived past the delivered sequence (the leg had missed something), and, for
 * the feed, gaps both legs missed (each reported to the consumer as {@code SEQUENCE_GAP} then a resync), plus the
 * lead: for every duplicate whose winner is known, how many ns earlier the winner's copy was received than the
 * loser's, in an HdrHistogram.
 * <p>
 * Single writer (the arbitration thread); any thread may read. Counters are written with release semantics
 * ({@link AtomicLongArray#lazySet}) and read with volatile reads, so a reader sees a recent, never torn, value. The
 * lead goes into a {@link SingleWriterRecorder} (wait-free, allocation-free for values up to
 * {@link #MAX_LEAD_NS}; larger leads are clamped and counted); {@link #leadHistogram()} moves what was recorded
 * since the last call into an accumulated histogram, so call it from one reader thread.
 */
public final class AbCounters
{
    /** The largest lead recorded exactly: 10 s. */
    public static final long MAX_LEAD_NS = 10_000_000_000L;

    private static final int WINS = 0;
    private static final int DUPLICATES = 1;
    private static final int FILLED = 2;
    private static final int BEYOND = 3;
    private static final int STALE = 4;
    private static final int OVERFLOW = 5;
    private static final int PER_LEG = 6;
    private static final int BOTH_MISSED = 2 * PER_LEG;
    private static final int CLAMPED = BOTH_MISSED + 1;
    private static final int NOT_LIVE = CLAMPED + 1;
    private static final int SIZE = NOT_LIVE + 1;

    private final AtomicLongArray values = new AtomicLongArray(SIZE);
    private final SingleWriterRecorder leadRecorder = new SingleWriterRecorder(1L, MAX_LEAD_NS, 3);
    private final Histogram total = new Histogram(1L, MAX_LEAD_NS, 3);
    private Histogram interval;

    /**
     * Creates zeroed counters.
     */
    public AbCounters()
    {
    }

    void onWin(final int leg)
    {
        increment(leg * PER_LEG + WINS);
    }

    void onDuplicate(final int leg)
    {
        increment(leg * PER_LEG + DUPLICATES);
    }

    /**
     * Whether a key was delivered recently (a copy from the later leg): if so counts the duplicate and records the
     * lead (how much earlier the winner was received).
     */
    boolean isDuplicate(final int leg, final RecentKeys keys, final long key, final long receiveTimeNs)
    {
        final long winnerNs = keys.timeOf(key);
        if (winnerNs == RecentKeys.MISSING)
        {
            return false;
        }
        onDuplicate(leg);
        onLead(receiveTimeNs - winnerNs);
        return true;
    }

    void onFilled(final int leg)
    {
        increment(leg * PER_LEG + FILLED);
    }

    void onBeyond(final int leg)
    {
        increment(leg * PER_LEG + BEYOND);
    }

    void onStale(final int leg)
    {
        increment(leg * PER_LEG + STALE);
    }

    void onPendingOverflow(final int leg)
    {
        increment(leg * PER_LEG + OVERFLOW);
    }

    void onBothMissed()
    {
        increment(BOTH_MISSED);
    }

    void onNotLive()
    {
        increment(NOT_LIVE);
    }

    void onLead(final long leadNs)
    {
        if (leadNs > MAX_LEAD_NS)
        {
            increment(CLAMPED);
            leadRecorder.recordValue(MAX_LEAD_NS);
        }
        else
        {
            leadRecorder.recordValue(Math.max(0L, leadNs));
        }
    }

    private void increment(final int index)
    {
        values.lazySet(index, values.get(index) + 1);
    }

    /**
     * Events delivered to the consumer from a leg (it won the race, or was the only leg to have the event).
     *
     * @param leg 0 (A) or 1 (B).
     * @return the count.
     */
    public long wins(final int leg)
    {
        return values.get(leg * PER_LEG + WINS);
    }

    /**
     * Events of a leg dropped because the consumer already had them from the other leg.
     *
     * @param leg 0 (A) or 1 (B).
     * @return the count.
     */
    public long duplicates(final int leg)
    {
        return values.get(leg * PER_LEG + DUPLICATES);
    }

    /**
     * Book updates a leg delivered while the other leg could not have (down, stale, resyncing, or past a gap):
     * the other leg's gaps this leg filled.
     *
     * @param leg 0 (A) or 1 (B).
     * @return the count.
     */
    public long gapsFilled(final int leg)
    {
        return values.get(leg * PER_LEG + FILLED);
    }

    /**
     * Book messages of a leg that did not continue the delivered book and were newer than it (the leg had missed
     * updates, typically its post-reconnect snapshot); held back until the other leg fills or misses them too.
     *
     * @param leg 0 (A) or 1 (B).
     * @return the count.
     */
    public long beyond(final int leg)
    {
        return values.get(leg * PER_LEG + BEYOND);
    }

    /**
     * Top-of-book and ticker messages of a leg dropped as older than what was delivered (newest wins).
     *
     * @param leg 0 (A) or 1 (B).
     * @return the count.
     */
    public long stale(final int leg)
    {
        return values.get(leg * PER_LEG + STALE);
    }

    /**
     * Deltas of a leg not held because its bound of held deltas was full (the other leg fills the hole, or it is
     * reported as a gap).
     *
     * @param leg 0 (A) or 1 (B).
     * @return the count.
     */
    public long pendingOverflows(final int leg)
    {
        return values.get(leg * PER_LEG + OVERFLOW);
    }

    /**
     * Gaps both legs missed: each was reported to the consumer ({@code SEQUENCE_GAP}, {@code RESYNC_STARTED}, a
     * snapshot, {@code RESYNC_DONE}).
     *
     * @return the count.
     */
    public long bothMissed()
    {
        return values.get(BOTH_MISSED);
    }

    /**
     * Book deltas dropped because the consumer's book had no snapshot yet.
     *
     * @return the count.
     */
    public long notLive()
    {
        return values.get(NOT_LIVE);
    }

    /**
     * Leads above {@link #MAX_LEAD_NS} (recorded as that value).
     *
     * @return the count.
     */
    public long clampedLeads()
    {
        return values.get(CLAMPED);
    }

    /**
     * The lead histogram accumulated so far (ns by which the winning copy was received before the losing one).
     * Moves the values recorded since the last call into the accumulated histogram: call from one reader thread.
     *
     * @return the accumulated histogram (owned by these counters; copy it to keep it).
     */
    public Histogram leadHistogram()
    {
        interval = leadRecorder.getIntervalHistogram(interval);
        total.add(interval);
        return total;
    }

    /**
     * One line per leg and one for the feed, with the lead's percentiles: what {@code ./nova stream --ab} prints
     * on stderr at exit.
     *
     * @return the text.
     */
    public String summary()
    {
        final Histogram lead = leadHistogram();
        final StringBuilder text = new StringBuilder(512);
        final long wins = wins(0) + wins(1);
        for (int leg = 0; leg < 2; leg++)
        {
            text.append("ab leg ").append(leg == 0 ? 'A' : 'B').append(": wins=").append(wins(leg))
                .append(" (").append(wins == 0 ? 0 : Math.round(100.0 * wins(leg) / wins)).append("%)")
                .append(" duplicates=").append(duplicates(leg)).append(" gaps_filled=").append(gapsFilled(leg))
                .append(" beyond=").append(beyond(leg)).append(" stale=").append(stale(leg)).append('\n');
        }
        text.append("ab feed: both_missed=").append(bothMissed()).append(" not_live=").append(notLive())
            .append(" lead_ns count=").append(lead.getTotalCount())
            .append(" p50=").append(lead.getValueAtPercentile(50))
            .append(" p90=").append(lead.getValueAtPercentile(90))
            .append(" p99=").append(lead.getValueAtPercentile(99))
            .append(" max=").append(lead.getMaxValue())
            .append(" clamped=").append(clampedLeads()).append('\n');
        return text.toString();
    }
}
