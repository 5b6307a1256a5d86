package io.wsnova.adapters.deribit;

/**
 * Why a live (or never live) {@link DeribitOrderBook} became stale because of the data it received, reported to
 * {@link DeribitMarketListener#onResync} (and, with the whole lifecycle, to
 * {@link DeribitMarketListener#onBookStatus}). Until an applicable snapshot arrives, changes are dropped (counted by
 * {@link DeribitOrderBook#droppedChangeCount()}), not applied.
 */
public enum DeribitBookResync
{
    /** A change's {@code prev_change_id} is not the book's last {@code change_id}: a notification was missed. */
    CHANGE_ID_GAP,
    /** A change arrived for a book that never received a snapshot. */
    CHANGE_BEFORE_SNAPSHOT,
    /**
     * A notification on the book's channel could not be decoded (dropped as malformed) while the book was waiting
     * for a snapshot.
     */
    UNDECODABLE
}
