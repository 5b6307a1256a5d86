package io.wsnova.adapters.bybit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Bybit adapter's connections did besides delivering events: every drop, gap, refusal and resync is counted
 * here (any thread may read; each is written only when its event happens, plus one increment per trade).
 */
public final class BybitCounters
{
    final AtomicLong malformedMessages = new AtomicLong();
    final AtomicLong unknownTopics = new AtomicLong();
    final AtomicLong unexpectedMessages = new AtomicLong();
    final AtomicLong bookGaps = new AtomicLong();
    final AtomicLong deltasBeforeSnapshot = new AtomicLong();
    final AtomicLong restartSnapshots = new AtomicLong();
    final AtomicLong resyncsStarted = new AtomicLong();
    final AtomicLong resyncsDone = new AtomicLong();
    final AtomicLong resyncFailures = new AtomicLong();
    final AtomicLong snapshotTimeouts = new AtomicLong();
    final AtomicLong staleTickerFields = new AtomicLong();
    final AtomicLong trades = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    final AtomicLong pongsHandled = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();

    BybitCounters()
    {
    }

    /**
     * Messages whose JSON, or a known value in it, was malformed (dropped alone; the connection goes on).
     *
     * @return the count.
     */
    public long malformedMessages()
    {
        return malformedMessages.get();
    }

    /**
     * Well-formed data messages of a topic the adapter does not map (e.g. {@code kline}).
     *
     * @return the count.
     */
    public long unknownTopics()
    {
        return unknownTopics.get();
    }

    /**
     * Well-formed messages that are neither data, a response with our {@code req_id}, nor a pong.
     *
     * @return the count.
     */
    public long unexpectedMessages()
    {
        return unexpectedMessages.get();
    }

    /**
     * Deltas whose {@code u} did not follow the book (each reported as {@code SEQUENCE_GAP} and resynced).
     *
     * @return the count.
     */
    public long bookGaps()
    {
        return bookGaps.get();
    }

    /**
     * Deltas of a book that had no snapshot (before the first, or while a resync waits): dropped; the first one of
     * a book with no resync under way starts one.
     *
     * @return the count.
     */
    public long deltasBeforeSnapshot()
    {
        return deltasBeforeSnapshot.get();
    }

    /**
     * Messages with {@code u == 1} applied as a full reset of a book that had a higher update id (the venue's
     * service restart).
     *
     * @return the count.
     */
    public long restartSnapshots()
    {
        return restartSnapshots.get();
    }

    /**
     * Resyncs started (the topic resubscribed for a new snapshot).
     *
     * @return the count.
     */
    public long resyncsStarted()
    {
        return resyncsStarted.get();
    }

    /**
     * Books that became live (initial snapshots and resyncs).
     *
     * @return the count.
     */
    public long resyncsDone()
    {
        return resyncsDone.get();
    }

    /**
     * Resubscribes that the venue refused or that failed; retried while the topic is wanted.
     *
     * @return the count.
     */
    public long resyncFailures()
    {
        return resyncFailures.get();
    }

    /**
     * Resyncs whose snapshot did not come within {@link BybitBookSync#SNAPSHOT_WAIT_MS} of the confirmed subscribe
     * (or of the new socket): the topic was resubscribed again.
     *
     * @return the count.
     */
    public long snapshotTimeouts()
    {
        return snapshotTimeouts.get();
    }

    /**
     * Ticker deltas of a symbol with no snapshot yet (absent fields are unknown, dropped).
     *
     * @return the count.
     */
    public long staleTickerFields()
    {
        return staleTickerFields.get();
    }

    /**
     * Trades delivered (one per element of a {@code publicTrade} data array).
     *
     * @return the count.
     */
    public long trades()
    {
        return trades.get();
    }

    /**
     * Topics whose subscribe the venue refused ({@code success:false}, or listed in {@code failTopics}).
     *
     * @return the count.
     */
    public long refusals()
    {
        return refusals.get();
    }

    /**
     * Pongs that reached the message handler (normally the engine's heartbeat consumes them).
     *
     * @return the count.
     */
    public long pongsHandled()
    {
        return pongsHandled.get();
    }

    /**
     * Disconnects seen (any cause).
     *
     * @return the count.
     */
    public long disconnects()
    {
        return disconnects.get();
    }

    @Override
    public String toString()
    {
        return "BybitCounters{" + "malformedMessages=" + malformedMessages + ", " +
            "unknownTopics=" + unknownTopics + ", " +
            "unexpectedMessages=" + unexpectedMessages + ", " +
            "bookGaps=" + bookGaps + ", " +
            "deltasBeforeSnapshot=" + deltasBeforeSnapshot + ", " +
            "restartSnapshots=" + restartSnapshots + ", " +
            "resyncsStarted=" + resyncsStarted + ", " +
            "resyncsDone=" + resyncsDone + ", " +
            "resyncFailures=" + resyncFailures + ", " +
            "snapshotTimeouts=" + snapshotTimeouts + ", " +
            "staleTickerFields=" + staleTickerFields + ", " +
            "trades=" + trades + ", " +
            "refusals=" + refusals + ", " +
            "pongsHandled=" + pongsHandled + ", " +
            "disconnects=" + disconnects + '}';
    }
}
