package io.wsnova.engine.telemetry;

/**
 * The stages of a received message whose latency is recorded, each between two clock reads on the message thread
 * (the runtime's monotonic clock), except {@link #VENUE}, which compares wall clocks.
 * <pre>
 *   socket read ──FRAME──▶ frame decoded ──DECODE──▶ message decoded ──HANDLE──▶ handler done
 *   └───────────────────────────────────TOTAL────────────────────────────────────┘
 *   venue timestamp ──────────────VENUE──────────────▶ message decoded
 * </pre>
 * For one message, {@code TOTAL = FRAME + DECODE + HANDLE} exactly.
 */
public enum Stage
{
    /**
     * From the end of the socket read that brought the message to the message path taking it: frame decode,
     * and with a {@code QUEUED} pipeline the time the message waited in the queue.
     */
    FRAME,
    /** The message handler's decode, validate and classify: the JSON decode. */
    DECODE,
    /** The message handler's {@code handle} (or the match of a response to its request). */
    HANDLE,
    /** From the socket read to the handler done. */
    TOTAL,
    /**
     * From the venue's own timestamp of the message (the adapter reports it through
     * {@code MessageContext.recordVenueTimestampMs/Us}) to the message decoded, on the wall clock: it includes
     * the network, the venue's clock offset, and the truncation of the venue's timestamp (up to 1 ms for a
     * millisecond timestamp).
     */
    VENUE
}
