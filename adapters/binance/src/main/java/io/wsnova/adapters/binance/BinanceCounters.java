package io.wsnova.adapters.binance;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Binance adapter's connections did besides delivering events: every drop, gap, duplicate and resync is
 * counted here (any thread may read; each is written only when its event happens, never on the common path).
 */
public final class BinanceCounters
{
    final AtomicLong malformedMessages = new AtomicLong();
    final AtomicLong unknownEvents = new AtomicLong();
    final AtomicLong duplicateTrades = new AtomicLong();
    final AtomicLong tradeGaps = new AtomicLong();
    final AtomicLong missedTrades = new AtomicLong();
    final AtomicLong depthGaps = new AtomicLong();
    final AtomicLong staleDepthEvents = new AtomicLong();
    final AtomicLong snapshotRequests = new AtomicLong();
    final AtomicLong snapshotFailures = new AtomicLong();
    final AtomicLong snapshotsTooOld = new AtomicLong();
    final AtomicLong resyncsDone = new AtomicLong();
    final AtomicLong bufferOverflows = new AtomicLong();
    final AtomicLong serverShutdowns = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong handoversStarted = new AtomicLong();
    final AtomicLong handoversDone = new AtomicLong();
    final AtomicLong handoversFailed = new AtomicLong();
    final AtomicLong duplicatesSuppressed = new AtomicLong();

    BinanceCounters()
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
     * Well-formed messages of an event type the adapter does not map (e.g. partial depth, klines).
     *
     * @return the count.
     */
    public long unknownEvents()
    {
        return unknownEvents.get();
    }

    /**
     * Trades (and aggregate trades) dropped because their id was not above the last delivered one of the symbol.
     *
     * @return the count.
     */
    public long duplicateTrades()
    {
        return duplicateTrades.get();
    }

    /**
     * Jumps in a symbol's trade ids (each reported as a {@code SEQUENCE_GAP} status).
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
     * Diff-depth gaps found (each made the book stale and started a resync).
     *
     * @return the count.
     */
    public long depthGaps()
    {
        return depthGaps.get();
    }

    /**
     * Depth events ignored as older than the book (the procedure's drops, and duplicates).
     *
     * @return the count.
     */
    public long staleDepthEvents()
    {
        return staleDepthEvents.get();
    }

    /**
     * REST snapshots requested.
     *
     * @return the count.
     */
    public long snapshotRequests()
    {
        return snapshotRequests.get();
    }

    /**
     * REST snapshots that failed (HTTP error, timeout, malformed body) and were retried with backoff.
     *
     * @return the count.
     */
    public long snapshotFailures()
    {
        return snapshotFailures.get();
    }

    /**
     * Snapshots older than the first buffered event, refetched.
     *
     * @return the count.
     */
    public long snapshotsTooOld()
    {
        return snapshotsTooOld.get();
    }

    /**
     * Books that became live (initial syncs and resyncs).
     *
     * @return the count.
     */
    public long resyncsDone()
    {
        return resyncsDone.get();
    }

    /**
     * Times the depth buffer of a syncing book reached its bound and dropped its older half.
     *
     * @return the count.
     */
    public long bufferOverflows()
    {
        return bufferOverflows.get();
    }

    /**
     * {@code serverShutdown} events received (each answered by a planned reconnect).
     *
     * @return the count.
     */
    public long serverShutdowns()
    {
        return serverShutdowns.get();
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

    /**
     * Make-before-break handovers of a {@link BinanceFeed} started ({@code serverShutdown} or the connection's
     * age).
     *
     * @return the count.
     */
    public long handoversStarted()
    {
        return handoversStarted.get();
    }

    /**
     * Handovers completed: the replacement connection took over and the old one was closed.
     *
     * @return the count.
     */
    public long handoversDone()
    {
        return handoversDone.get();
    }

    /**
     * Handovers whose replacement failed (a plain reconnect followed).
     *
     * @return the count.
     */
    public long handoversFailed()
    {
        return handoversFailed.get();
    }

    /**
     * Events (trades, book updates, book tickers) received on both connections of a handover and delivered once:
     * the copies not delivered.
     *
     * @return the count.
     */
    public long duplicatesSuppressed()
    {
        return duplicatesSuppressed.get();
    }

    @Override
    public String toString()
    {
        return "BinanceCounters{malformed=" + malformedMessages + ", unknown=" + unknownEvents + ", duplicateTrades=" +
            duplicateTrades + ", tradeGaps=" + tradeGaps + ", missedTrades=" + missedTrades + ", depthGaps=" +
            depthGaps + ", staleDepth=" + staleDepthEvents + ", snapshots=" + snapshotRequests + ", snapshotFailures=" +
            snapshotFailures + ", tooOld=" + snapshotsTooOld + ", resyncsDone=" + resyncsDone + ", overflows=" +
            bufferOverflows + ", shutdowns=" + serverShutdowns + ", disconnects=" + disconnects + ", handovers=" +
            handoversStarted + "/" + handoversDone + "/" + handoversFailed + ", suppressed=" + duplicatesSuppressed +
            '}';
    }
}
