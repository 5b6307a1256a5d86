package io.wsnova.engine.api;

import org.agrona.DirectBuffer;

/**
 * Callbacks of one WebSocket connection.
 * <p>
 * {@link #onMessage} is the hot path: with {@link PipelineMode#INLINE} it runs on the reader thread straight from
 * the receive buffer; with {@link PipelineMode#QUEUED} on the connection's handler thread from a pooled event.
 * Either way the buffer is valid only for the duration of the call: copy what must outlive it. The other
 * callbacks run off the hot path. A callback that throws fails the connection with
 * {@link DisconnectReason#HANDLER_ERROR}; it never kills the process.
 */
public interface WebSocketHandler
{
    /** Message type of a text message (UTF-8, already validated). */
    int TEXT = 1;
    /** Message type of a binary message. */
    int BINARY = 2;

    /**
     * A complete message arrived.
     *
     * @param webSocket the connection, valid to send on from this callback.
     * @param type      {@link #TEXT} or {@link #BINARY}.
     * @param buffer    the payload's buffer, valid only during the call.
     * @param offset    where the payload starts in the buffer.
     * @param length    payload length in bytes.
     */
    void onMessage(WebSocket webSocket, int type, DirectBuffer buffer, int offset, int length);

    /**
     * The handshake completed and the reader is about to start. Runs on the connecting thread, before any
     * {@link #onMessage}. If it throws, the connect fails with a {@link WebSocketConnectException} (kind IO, the
     * exception as its cause), the socket is closed and {@link #onClose} is not called.
     *
     * @param webSocket the connection.
     */
    default void onOpen(final WebSocket webSocket)
    {
    }

    /**
     * A pong answered a ping sent by {@link WebSocket#ping()} or by the keepalive. Runs on the reader thread.
     *
     * @param webSocket   the connection.
     * @param roundTripNs time from sending the ping to receiving its pong.
     */
    default void onPong(final WebSocket webSocket, final long roundTripNs)
    {
    }

    /**
     * A pong answered the ping with this id, sent by {@link WebSocket#ping()} or by the keepalive; called once
     * per such ping, never for an unsolicited pong. Runs on the reader thread. By default calls
     * {@link #onPong(WebSocket, long)}.
     *
     * @param webSocket   the connection.
     * @param pingId      the id {@link WebSocket#ping()} returned for the ping this pong answers, or 0 for a
     *                    keepalive ping.
     * @param roundTripNs time from sending the ping to receiving its pong.
     */
    default void onPong(final WebSocket webSocket, final long pingId, final long roundTripNs)
    {
        onPong(webSocket, roundTripNs);
    }

    /**
     * The connection ended; called exactly once, after the last {@link #onMessage}.
     *
     * @param webSocket the connection.
     * @param status    why, with the close code and reason where there was a close frame.
     */
    default void onClose(final WebSocket webSocket, final CloseStatus status)
    {
    }
}
