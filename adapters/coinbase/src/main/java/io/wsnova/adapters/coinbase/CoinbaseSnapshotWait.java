package io.wsnova.adapters.coinbase;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of every resyncing book of a connection: a book that waits for its {@code level2} snapshot longer
 * than {@link #SNAPSHOT_WAIT_MS} (the venue confirmed the subscribe but sent no snapshot, or the request was lost)
 * has its channel resubscribed again, counted in {@link CoinbaseCounters#snapshotTimeouts()}; each further timeout
 * of the same resync doubles the wait up to {@link #SNAPSHOT_WAIT_MAX_MS}. A channel whose request is still
 * unanswered at its deadline is not asked again (the engine retries a timed-out request; counted in
 * {@link CoinbaseCounters#coalescedResubscribes()}), so requests never pile up.
 * <p>
 * No timer thread: the deadlines are checked on the message thread at every message with its receive time. The
 * adapter's liveness bound is what makes that a clock: with {@code heartbeats} (the default) a message arrives every
 * second, so an overdue snapshot is asked again at most about a second late; a connection silent for longer than
 * the idle timeout is cut, and the restore brings fresh snapshots anyway.
 * <p>
 * Message thread only; the check is one compare per message when nothing is due (allocation-free); an expiry is a
 * cold path.
 */
final class CoinbaseSnapshotWait
{
    /** How long a resync waits for its snapshot before its channel is resubscribed again. */
    static final long SNAPSHOT_WAIT_MS = CoinbaseAdapter.SNAPSHOT_WAIT_MS;
    /** The longest wait after repeated timeouts of the same resync (doubling from {@link #SNAPSHOT_WAIT_MS}). */
    static final long SNAPSHOT_WAIT_MAX_MS = CoinbaseAdapter.SNAPSHOT_WAIT_MAX_MS;
    static final long NONE = Long.MAX_VALUE;

    private final CoinbaseSession session;
    private final CoinbaseCounters counters;
    private long[] deadlinesNs = new long[16];
    private int[] timeouts = new int[16];
    private long earliestNs = NONE;

    CoinbaseSnapshotWait(final CoinbaseSession session, final CoinbaseCounters counters)
    {
        this.session = session;
        this.counters = counters;
        Arrays.fill(deadlinesNs, NONE);
    }

    /**
     * The wait after a number of timeouts of the same resync: 5 s, 10 s, 20 s, then 30 s.
     *
     * @param timeouts timeouts so far.
     * @return nanoseconds.
     */
    static long waitNs(final int timeouts)
    {
        return TimeUnit.MILLISECONDS.toNanos(Math.min(SNAPSHOT_WAIT_MS << Math.min(timeouts, 3),
            SNAPSHOT_WAIT_MAX_MS));
    }

    void grow(final int capacity)
    {
        final int old = deadlinesNs.length;
        deadlinesNs = Arrays.copyOf(deadlinesNs, capacity);
        Arrays.fill(deadlinesNs, old, capacity, NONE);
        timeouts = Arrays.copyOf(timeouts, capacity);
    }

    /**
     * A resync of the book started: its clock starts unless it already runs (a new gap does not push an overdue
     * snapshot's deadline further away).
     */
    void arm(final int localId, final long nowNs)
    {
        if (deadlinesNs[localId] == NONE)
        {
            timeouts[localId] = 0;
            deadline(localId, nowNs + waitNs(0));
        }
    }

    /** The snapshot came, or none will (unsubscribed). */
    void disarm(final int localId)
    {
        deadlinesNs[localId] = NONE;
        timeouts[localId] = 0;
    }

    /** A new socket: its restore subscribes afresh, so every running clock starts again. */
    void disarmAll()
    {
        Arrays.fill(deadlinesNs, NONE);
        Arrays.fill(timeouts, 0);
        earliestNs = NONE;
    }

    /**
     * Resubscribes the books whose snapshot is overdue (message thread, every message).
     *
     * @param nowNs  the message's receive time.
     * @param events the books.
     */
    void check(final long nowNs, final CoinbaseEvents events)
    {
        if (nowNs < earliestNs)
        {
            return;
        }
        long earliest = NONE;
        for (int i = 0; i < deadlinesNs.length; i++)
        {
            long deadline = deadlinesNs[i];
            if (deadline == NONE)
            {
                continue;
            }
            if (!events.isResyncing(i))
            {
                disarm(i);
                continue;
            }
            if (nowNs - deadline >= 0)
            {
                deadline = expire(i, nowNs, events.level2Channel(i));
            }
            earliest = Math.min(earliest, deadline);
        }
        earliestNs = earliest;
    }

    private long expire(final int localId, final long nowNs, final String channel)
    {
        final Connection connection = session.connection;
        final Subscription subscription = connection == null ? null : connection.subscription(channel);
        if (connection == null)
        {
            deadlinesNs[localId] = nowNs + waitNs(timeouts[localId]);
            return deadlinesNs[localId];
        }
        if (subscription == null || subscription.state() == Subscription.State.UNSUBSCRIBED ||
            subscription.state() == Subscription.State.FAILED)
        {
            disarm(localId); // no snapshot will come: the subscribe's own outcome tells the user
            return NONE;
        }
        if (subscription.state() == Subscription.State.PENDING)
        {
            counters.coalescedResubscribes.incrementAndGet(); // unanswered: the engine retries it, wait again
            deadlinesNs[localId] = nowNs + waitNs(timeouts[localId]);
            return deadlinesNs[localId];
        }
        counters.snapshotTimeouts.incrementAndGet();
        timeouts[localId]++;
        connection.resubscribe(channel);
        deadlinesNs[localId] = nowNs + waitNs(timeouts[localId]);
        return deadlinesNs[localId];
    }

    private void deadline(final int localId, final long deadlineNs)
    {
        deadlinesNs[localId] = deadlineNs;
        earliestNs = Math.min(earliestNs, deadlineNs);
    }
}
