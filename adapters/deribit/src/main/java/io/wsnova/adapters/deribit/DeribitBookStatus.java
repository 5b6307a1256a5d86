package io.wsnova.adapters.deribit;

/**
 * A change in the state of a {@link DeribitOrderBook}, reported to {@link DeribitMarketListener#onBookStatus} and
 * counted per book ({@link DeribitOrderBook#statusCount}) and per adapter ({@link DeribitAdapter#bookStatusCount}).
 * A book is {@link DeribitOrderBook#isStale() stale} from the moment it cannot be trusted until its next applied
 * snapshot; the statuses that end that period are {@link #SNAPSHOT_APPLIED}, {@link #RESYNC_DONE} and
 * {@link #RESTORED}. Nothing happens to a book without one of these.
 */
public enum DeribitBookStatus
{
    /** The first snapshot of a book that was never live was applied: the book is live. */
    SNAPSHOT_APPLIED,
    /**
     * A change's {@code prev_change_id} is not the book's last {@code change_id}, or a change arrived before any
     * snapshot: the book is stale and a resync follows.
     */
    GAP_DETECTED,
    /**
     * A book notification could not be applied (a price the book cannot key), or could not be decoded while the
     * book was waiting for a snapshot (it may have been the snapshot): the book is stale. For a live book a resync
     * follows; for a resync's or a restore's snapshot, that try failed and the next one follows after the backoff.
     * (An undecodable notification on a live book is only counted, {@link DeribitOrderBook#undecodableCount()}: if
     * it was a change, the next change reveals the gap.)
     */
    UNAPPLICABLE,
    /**
     * The adapter asked the venue to start the channel over ({@code public/unsubscribe} then
     * {@code public/subscribe}, outside the user's subscription); {@link DeribitOrderBook#resyncAttempt()} is the
     * try number, from 1.
     */
    RESYNC_REQUESTED,
    /** No applicable snapshot arrived within the resync bound after a resync or a reconnect. */
    RESYNC_TIMEOUT,
    /** A snapshot was applied after a resync: the book is live again. */
    RESYNC_DONE,
    /** The connection dropped: the book is stale until the snapshot of the restored subscription. */
    STALE_ON_DISCONNECT,
    /** The first snapshot after a reconnect was applied: the book is live again. */
    RESTORED,
    /** Every resync try failed: the adapter asked the connection to reconnect. */
    RESYNC_ESCALATED,
    /**
     * The reconnect the adapter asked for did not bring an applicable snapshot either: the adapter stops trying
     * (no further requests or reconnects for this book); the book stays stale until a snapshot arrives, for example
     * after a later reconnect.
     */
    RESYNC_FAILED;

    private static final DeribitBookStatus[] VALUES = values();

    /**
     * The number of statuses, for counter arrays indexed by {@link #ordinal()}.
     *
     * @return the count.
     */
    static int count()
    {
        return VALUES.length;
    }
}
