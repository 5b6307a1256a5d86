package io.wsnova.engine.telemetry;

/**
 * The counters kept per connection and in total, in the process and (when enabled) in the counters file. Each has
 * a type id (the counter's type in the file) and a label. Written by the threads named on each; the reporter
 * thread copies the transport's counters (socket bytes, frames, pings, pongs, drops) at every tick.
 */
public enum Counter
{
    /** Messages delivered to the message path (message thread). */
    MESSAGES_RECEIVED(1, "messages received"),
    /** Payload bytes of those messages (message thread). */
    BYTES_RECEIVED(2, "payload bytes received"),
    /** Bytes read from the socket, after TLS (copied from the transport). */
    SOCKET_BYTES_RECEIVED(3, "socket bytes received"),
    /** Frames received: data frames including every fragment, and control frames (copied from the transport). */
    FRAMES_RECEIVED(4, "frames received"),
    /** Pings received (copied from the transport). */
    PINGS_RECEIVED(5, "pings received"),
    /** Pongs received (copied from the transport). */
    PONGS_RECEIVED(6, "pongs received"),
    /** Messages sent through the connection (sending threads). */
    MESSAGES_SENT(7, "messages sent"),
    /** Frame bytes of those messages (sending threads). */
    BYTES_SENT(8, "bytes sent"),
    /** Successful reconnects (event thread). */
    RECONNECTS(9, "reconnects"),
    /** Messages a full queue dropped under {@code DROP_NEWEST} or {@code DISCONNECT} (copied from the transport). */
    DROPPED_MESSAGES(10, "messages dropped"),
    /** Sequence gaps the adapter reported through {@code MessageContext.recordSequenceGap} (message thread). */
    SEQUENCE_GAPS(11, "sequence gaps"),
    /** Times the rate limiter held the head of the queue back again (event thread). */
    RATE_LIMIT_WAITS(12, "rate-limit waits"),
    /** Requests that entered the rate-limit queue. */
    RATE_LIMIT_QUEUED(13, "rate-limit queued"),
    /** Requests the rate limiter refused, or the full queue did. */
    RATE_LIMIT_REJECTED(14, "rate-limit rejected"),
    /** Errors of every category (message thread for malformed messages, event thread otherwise). */
    ERRORS(15, "errors"),
    /** Subscriptions confirmed again after a reconnect (event thread). */
    SUBSCRIPTIONS_RESTORED(16, "subscriptions restored"),
    /** Subscriptions refused or failed (event thread). */
    SUBSCRIPTIONS_FAILED(17, "subscriptions failed"),
    /** Latency values outside the histograms' range (negative, or over 60 s), recorded clamped (message thread). */
    LATENCY_CLAMPED(18, "latency values clamped");

    /** Type ids of wsnova counters start here in the counters file. */
    public static final int TYPE_ID_BASE = 0x5753_0000;

    private static final Counter[] VALUES = values();

    private final int typeId;
    private final String label;

    Counter(final int number, final String label)
    {
        this.typeId = TYPE_ID_BASE + number;
        this.label = label;
    }

    /**
     * The counter's type id in the counters file.
     *
     * @return the id.
     */
    public int typeId()
    {
        return typeId;
    }

    /**
     * What it counts, e.g. {@code "messages received"}.
     *
     * @return the label.
     */
    public String label()
    {
        return label;
    }

    /**
     * The counter of a type id.
     *
     * @param typeId a type id from the counters file.
     * @return the counter, or null when the id is not a wsnova counter.
     */
    public static Counter ofTypeId(final int typeId)
    {
        final int index = typeId - TYPE_ID_BASE - 1;
        return index >= 0 && index < VALUES.length ? VALUES[index] : null;
    }
}
