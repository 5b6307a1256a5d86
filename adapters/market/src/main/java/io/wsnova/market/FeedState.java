package io.wsnova.market;

/**
 * The state a {@link FeedStatus} reports: what a consumer needs to know to trust, or stop trusting, a feed.
 */
public enum FeedState
{
    /** The connection dropped: every book of it is stale until restored. */
    DISCONNECTED,
    /** An update did not follow the last applied one (see {@link SequenceRule}): the book is stale. */
    SEQUENCE_GAP,
    /** A resynchronisation (new snapshot, resubscribe) was started. */
    RESYNC_STARTED,
    /** The resynchronisation ended with an applied snapshot: the book is live again. */
    RESYNC_DONE,
    /** No data within the liveness bound while the connection stayed open: treat the data as stale. */
    STALE,
    /**
     * A replacement connection is being opened before the current one is cut (make-before-break): the data keeps
     * flowing from the current connection meanwhile.
     */
    HANDOVER_STARTED,
    /** The replacement connection took over every stream and the old one was closed; nothing lost or repeated. */
    HANDOVER_DONE,
    /** The replacement connection failed: the feed falls back to a plain reconnect (its statuses follow). */
    HANDOVER_FAILED
}
