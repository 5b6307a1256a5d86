package io.wsnova.engine.api;

import org.agrona.DirectBuffer;

/**
 * Observes every complete inbound message of a connection (after defragmentation and inflation, text or binary)
 * with its receive times, and the opening and end of each WebSocket the connection runs over: what a recorder
 * (e.g. {@code ./nova record}, Aeron Archive) needs to replay the session through the same code. Set with
 * {@code Option.INBOUND_TAP}; when unset the reader's path is unchanged and costs nothing.
 * <p>
 * Threads: {@link #onMessage} and {@link #onClose} are called by the connection's reader thread,
 * {@link #onOpen} by the thread that completed the handshake, before the reader starts; a reconnect calls
 * {@link #onOpen} again for the new WebSocket. The connection's lifecycle with its reasons (connected, disconnected
 * with close code, reconnecting) is on {@link ConnectionListener}. A tap must not block and should not allocate:
 * it runs on the hot path.
 */
public interface InboundTap
{
    /**
     * A WebSocket of the connection completed its handshake; the messages that follow are its own.
     *
     * @param epochNs     wall-clock time, nanoseconds since the epoch.
     * @param monotonicNs the runtime's monotonic clock, nanoseconds.
     */
    void onOpen(long epochNs, long monotonicNs);

    /**
     * A complete message, after the handler (or the {@code QUEUED} pipeline's queue) took it. The times and
     * {@code framesSent} were read when the message was complete, before the handler ran.
     *
     * @param type        {@code 1} text, {@code 2} binary (the RFC 6455 opcodes).
     * @param buffer      the message; valid only during the call.
     * @param offset      where it starts in {@code buffer}.
     * @param length      its length in bytes.
     * @param epochNs     wall-clock receive time, nanoseconds since the epoch.
     * @param monotonicNs monotonic receive time, nanoseconds (the runtime's clock).
     * @param framesSent  frames this WebSocket had written when the message was complete (requests, pongs, pings;
     *                    not what the handler sends in answer to this message):
     *                    lets a replay hold a response until the request it answers was sent.
     */
    void onMessage(int type, DirectBuffer buffer, int offset, int length, long epochNs, long monotonicNs,
        long framesSent);

    /**
     * The WebSocket's reader ended (closed by either side, or failed): no more messages from it.
     *
     * @param epochNs     wall-clock time, nanoseconds since the epoch.
     * @param monotonicNs the runtime's monotonic clock, nanoseconds.
     */
    void onClose(long epochNs, long monotonicNs);

    /**
     * A data message the connection is about to write (before masking and compression), from whichever thread
     * sends it: concurrently from several threads (the caller's, the event thread's, the heartbeat's), so an
     * implementation must be thread-safe. Control frames (pings, pongs, closes) are not shown. What a replay needs
     * to answer each request by the replaying client's own request id. The default ignores it.
     *
     * @param type   {@code 1} text, {@code 2} binary (the RFC 6455 opcodes).
     * @param buffer the payload; valid only during the call.
     * @param offset where it starts in {@code buffer}.
     * @param length its length in bytes.
     */
    default void onSend(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
    }

    /**
     * A text message given as characters that the connection is about to write: as {@link #onSend}, before it
     * is encoded. The default ignores it.
     *
     * @param text the message; valid only during the call.
     */
    default void onSendText(final CharSequence text)
    {
    }
}
