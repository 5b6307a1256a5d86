package io.wsnova.adapters.coinbase;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Coinbase adapter's connections did besides delivering events: every drop, gap, duplicate and resync is
 * counted here (any thread may read; each is written only when its event happens, never on the common path).
 */
public final class CoinbaseCounters
{
    final AtomicLong malformedMessages = new AtomicLong();
    final AtomicLong unknownMessages = new AtomicLong();
    final AtomicLong sequenceGaps = new AtomicLong();
    final AtomicLong repeatedSequences = new AtomicLong();
    final AtomicLong coalescedResubscribes = new AtomicLong();
    final AtomicLong snapshotTimeouts = new AtomicLong();
    final AtomicLong resyncsStarted = new AtomicLong();
    final AtomicLong resyncsDone = new AtomicLong();
    final AtomicLong droppedBookUpdates = new AtomicLong();
    final AtomicLong duplicateTrades = new AtomicLong();
    final AtomicLong missedTrades = new AtomicLong();
    final AtomicLong tradeIdJumps = new AtomicLong();
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong venueErrors = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();

    CoinbaseCounters()
    {
    }

    /**
     * Messages whose JSON, or a value in it, was malformed (dropped alone; the connection goes on).
     *
     * @return the count.
     */
    public long malformedMessages()
    {
        return malformedMessages.get();
    }

    /**
     * Well-formed messages of a channel the adapter does not map (candles, status, user ...).
     *
     * @return the count.
     */
    public long unknownMessages()
    {
        return unknownMessages.get();
    }

    /**
     * Gaps in the connection's {@code sequence_num}: each one resubscribed the connection's level2 and market_trades
     * channels.
     *
     * @return the count.
     */
    public long sequenceGaps()
    {
        return sequenceGaps.get();
    }

    /**
     * Messages that repeated the connection's last {@code sequence_num}: nothing was missed, so they were applied
     * without a resync (level2 sizes are absolute and trades are deduplicated by id: a repeat changes nothing).
     *
     * @return the count.
     */
    public long repeatedSequences()
    {
        return repeatedSequences.get();
    }

    /**
     * Channels not resubscribed after a gap because their resubscribe was still in flight (its snapshot, still to
     * come, covers the gap): gaps faster than snapshots do not pile up requests. Also counts a snapshot deadline
     * that passed while the channel's request was still unanswered (the engine retries that request).
     *
     * @return the count.
     */
    public long coalescedResubscribes()
    {
        return coalescedResubscribes.get();
    }

    /**
     * Resyncs whose level2 snapshot did not come within {@link CoinbaseAdapter#SNAPSHOT_WAIT_MS} (doubling up to
     * {@link CoinbaseAdapter#SNAPSHOT_WAIT_MAX_MS} for the same resync) while the venue had confirmed the
     * subscribe: the channel was resubscribed again.
     *
     * @return the count.
     */
    public long snapshotTimeouts()
    {
        return snapshotTimeouts.get();
    }

    /**
     * Books marked stale and resubscribed for a fresh snapshot (after a gap or a reconnect).
     *
     * @return the count.
     */
    public long resyncsStarted()
    {
        return resyncsStarted.get();
    }

    /**
     * Books live again after a fresh snapshot.
     *
     * @return the count.
     */
    public long resyncsDone()
    {
        return resyncsDone.get();
    }

    /**
     * level2 updates dropped because their book was waiting for its snapshot.
     *
     * @return the count.
     */
    public long droppedBookUpdates()
    {
        return droppedBookUpdates.get();
    }

    /**
     * Trades dropped because they were delivered before (a snapshot repeating recent trades) or are older than the
     * dedupe window.
     *
     * @return the count.
     */
    public long duplicateTrades()
    {
        return duplicateTrades.get();
    }

    /**
     * Trades known to be missing: ids between the last one delivered before a gap or reconnect and the oldest of the
     * next snapshot that were never delivered.
     *
     * @return the count.
     */
    public long missedTrades()
    {
        return missedTrades.get();
    }

    /**
     * Trade id jumps inside live updates (counted only: the connection's sequence_num is the loss detector).
     *
     * @return the count.
     */
    public long tradeIdJumps()
    {
        return tradeIdJumps.get();
    }

    /**
     * Heartbeat messages received.
     *
     * @return the count.
     */
    public long heartbeats()
    {
        return heartbeats.get();
    }

    /**
     * {@code error} messages from the venue (answers to a request, or unsolicited).
     *
     * @return the count.
     */
    public long venueErrors()
    {
        return venueErrors.get();
    }

    /**
     * Ends of a socket, any reason.
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
        return "CoinbaseCounters{" +
            "malformedMessages=" + malformedMessages.get() + ", " +
            "unknownMessages=" + unknownMessages.get() + ", " +
            "sequenceGaps=" + sequenceGaps.get() + ", " +
            "repeatedSequences=" + repeatedSequences.get() + ", " +
            "coalescedResubscribes=" + coalescedResubscribes.get() + ", " +
            "snapshotTimeouts=" + snapshotTimeouts.get() + ", " +
            "resyncsStarted=" + resyncsStarted.get() + ", " +
            "resyncsDone=" + resyncsDone.get() + ", " +
            "droppedBookUpdates=" + droppedBookUpdates.get() + ", " +
            "duplicateTrades=" + duplicateTrades.get() + ", " +
            "missedTrades=" + missedTrades.get() + ", " +
            "tradeIdJumps=" + tradeIdJumps.get() + ", " +
            "heartbeats=" + heartbeats.get() + ", " +
            "venueErrors=" + venueErrors.get() + ", " +
            "disconnects=" + disconnects.get() + '}';
    }
}
