package io.wsnova.adapters.okx;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the OKX adapter's connections did besides delivering events: every drop, gap, duplicate, refusal and resync is
 * counted here (any thread may read; each is written only when its event happens, never on the common path).
 */
public final class OkxCounters
{
    final AtomicLong malformedMessages = new AtomicLong();
    final AtomicLong unknownMessages = new AtomicLong();
    final AtomicLong duplicateTrades = new AtomicLong();
    final AtomicLong tradeGaps = new AtomicLong();
    final AtomicLong missedTrades = new AtomicLong();
    final AtomicLong sequenceGaps = new AtomicLong();
    final AtomicLong checksumMismatches = new AtomicLong();
    final AtomicLong sequenceResets = new AtomicLong();
    final AtomicLong bookHeartbeats = new AtomicLong();
    final AtomicLong updatesBeforeSnapshot = new AtomicLong();
    final AtomicLong resyncsStarted = new AtomicLong();
    final AtomicLong resyncsDone = new AtomicLong();
    final AtomicLong resyncRefusals = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    final AtomicLong unmatchedEvents = new AtomicLong();
    final AtomicLong notices = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();

    OkxCounters()
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
     * Well-formed messages the adapter does not map (an unknown channel or event, a stray text).
     *
     * @return the count.
     */
    public long unknownMessages()
    {
        return unknownMessages.get();
    }

    /**
     * Trades dropped because their id was not above the last delivered one of the instrument.
     *
     * @return the count.
     */
    public long duplicateTrades()
    {
        return duplicateTrades.get();
    }

    /**
     * Jumps in an instrument's numeric trade ids (each reported as a {@code SEQUENCE_GAP} status).
     *
     * @return the count.
     */
    public long tradeGaps()
    {
        return tradeGaps.get();
    }

    /**
     * Trade ids skipped by those jumps: trades the venue made and this client never saw.
     *
     * @return the count.
     */
    public long missedTrades()
    {
        return missedTrades.get();
    }

    /**
     * Book updates whose {@code prevSeqId} was not the last applied {@code seqId} (each started a resync).
     *
     * @return the count.
     */
    public long sequenceGaps()
    {
        return sequenceGaps.get();
    }

    /**
     * Books whose CRC32 over the top 25 levels differed from a non-zero {@code checksum} (each started a resync).
     *
     * @return the count.
     */
    public long checksumMismatches()
    {
        return checksumMismatches.get();
    }

    /**
     * In-order book updates with {@code seqId < prevSeqId} (the venue's reset after maintenance), applied.
     *
     * @return the count.
     */
    public long sequenceResets()
    {
        return sequenceResets.get();
    }

    /**
     * Book updates with {@code seqId == prevSeqId} and no levels (the venue's keepalive of a book).
     *
     * @return the count.
     */
    public long bookHeartbeats()
    {
        return bookHeartbeats.get();
    }

    /**
     * Book updates dropped while the book waited for its snapshot (after a gap or a reconnect).
     *
     * @return the count.
     */
    public long updatesBeforeSnapshot()
    {
        return updatesBeforeSnapshot.get();
    }

    /**
     * Resyncs started (unsubscribe and subscribe of the book's channel).
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
     * Resync requests the venue refused (the book stays stale; retried by a timer after a backoff).
     *
     * @return the count.
     */
    public long resyncRefusals()
    {
        return resyncRefusals.get();
    }

    /**
     * Subscribe or unsubscribe requests the venue answered with {@code event: error}.
     *
     * @return the count.
     */
    public long refusals()
    {
        return refusals.get();
    }

    /**
     * Subscribe/unsubscribe/error events that matched no request in flight.
     *
     * @return the count.
     */
    public long unmatchedEvents()
    {
        return unmatchedEvents.get();
    }

    /**
     * {@code event: notice} messages (e.g. a coming service upgrade).
     *
     * @return the count.
     */
    public long notices()
    {
        return notices.get();
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
        return "OkxCounters{" + "malformedMessages=" + malformedMessages + ", " +
            "unknownMessages=" + unknownMessages + ", " +
            "duplicateTrades=" + duplicateTrades + ", " +
            "tradeGaps=" + tradeGaps + ", " +
            "missedTrades=" + missedTrades + ", " +
            "sequenceGaps=" + sequenceGaps + ", " +
            "checksumMismatches=" + checksumMismatches + ", " +
            "sequenceResets=" + sequenceResets + ", " +
            "bookHeartbeats=" + bookHeartbeats + ", " +
            "updatesBeforeSnapshot=" + updatesBeforeSnapshot + ", " +
            "resyncsStarted=" + resyncsStarted + ", " +
            "resyncsDone=" + resyncsDone + ", " +
            "resyncRefusals=" + resyncRefusals + ", " +
            "refusals=" + refusals + ", " +
            "unmatchedEvents=" + unmatchedEvents + ", " +
            "notices=" + notices + ", " +
            "disconnects=" + disconnects + '}';
    }
}
