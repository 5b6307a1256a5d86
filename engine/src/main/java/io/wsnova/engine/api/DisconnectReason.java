package io.wsnova.engine.api;

/**
 * Why a connection ended. Reported once per connection to {@link WebSocketHandler#onClose}.
 */
public enum DisconnectReason
{
    /** The application called {@link WebSocket#close}; the close handshake completed or timed out. */
    LOCAL_CLOSE(false),
    /** The server sent a close frame; its status code and reason are reported with it. */
    REMOTE_CLOSE(false),
    /** The peer closed TCP without a close frame (end of stream). */
    EOF(true),
    /** A read or write failed: connection reset, broken pipe, or another I/O error. */
    IO_ERROR(true),
    /** The server violated RFC 6455; the connection was failed with the codec's close code. */
    PROTOCOL_ERROR(true),
    /** A TLS record could not be processed after the handshake. */
    TLS_ERROR(true),
    /** Nothing was received for the idle timeout: a server that went silent but left TCP open. */
    IDLE_TIMEOUT(true),
    /** A keepalive ping was not answered within the pong timeout. */
    PONG_TIMEOUT(true),
    /**
     * An application-level heartbeat the adapter declared (e.g. Bybit's {@code {"op":"ping"}}) went unanswered
     * past its deadline: the peer is presumed dead, as for {@link #PONG_TIMEOUT}.
     */
    HEARTBEAT_TIMEOUT(true),
    /** A write could not complete within the send timeout because the peer stopped reading. */
    SEND_TIMEOUT(true),
    /** A queued handler fell behind under {@link QueueFullPolicy#DISCONNECT}. */
    SLOW_CONSUMER(true),
    /** The message handler threw; the exception is reported with it. */
    HANDLER_ERROR(true),
    /**
     * The application or its adapter asked for a fresh socket with {@link Connection#reconnect(String)} (e.g. a
     * book whose resync never completed); the connection reconnects and restores like after a network failure.
     */
    RECONNECT_REQUESTED(true);

    private final boolean failure;

    DisconnectReason(final boolean failure)
    {
        this.failure = failure;
    }

    /**
     * Whether this reason is a failure of the connection rather than an orderly close.
     *
     * @return true for failures (EOF, I/O, protocol, timeouts, slow consumer, handler error).
     */
    public boolean isFailure()
    {
        return failure;
    }
}
