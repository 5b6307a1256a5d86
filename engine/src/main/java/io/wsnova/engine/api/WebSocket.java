package io.wsnova.engine.api;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.concurrent.CompletableFuture;

/**
 * One open WebSocket connection (RFC 6455, client side).
 * <p>
 * Sends may come from any thread: each send takes the connection's send lock, encodes into a reusable buffer and
 * masks in place, so the send methods allocate nothing. They return a result code: a positive number of bytes
 * written to the socket, or one of the negative codes below. A write that cannot complete within the send
 * timeout fails the connection ({@link DisconnectReason#SEND_TIMEOUT}) instead of blocking callers.
 */
public interface WebSocket
{
    /** Send result: the connection is not open (closing, closed or failed). */
    int NOT_CONNECTED = -1;
    /** Send result: the write failed or timed out; the connection has been failed. */
    int SEND_FAILED = -2;
    /** Send result: the payload is invalid for the frame type (e.g. a control payload over 125 bytes). */
    int INVALID_PAYLOAD = -3;

    /**
     * Lifecycle of a connection.
     */
    enum State
    {
        /** Handshake completed, reader running. */
        OPEN,
        /** A close frame was sent or received; waiting for the other side. */
        CLOSING,
        /** The connection ended; see {@link #closeFuture()}. */
        CLOSED
    }

    /**
     * Writes a payload directly into the connection's send buffer, for zero-copy encoding of e.g. JSON requests.
     * Implementations are stored once and reused; {@link #write} runs under the send lock, or (on the reader
     * thread, which never waits for that lock) into the reader's own send buffer.
     */
    @FunctionalInterface
    interface PayloadWriter
    {
        /**
         * Writes the payload.
         *
         * @param buffer where to write; expandable up to the connection's frame limit.
         * @param offset where the payload starts.
         * @return the payload length written, or a negative value to abort the send.
         */
        int write(MutableDirectBuffer buffer, int offset);
    }

    /**
     * A process-unique id of this connection.
     *
     * @return the id.
     */
    long id();

    /**
     * The URL this connection was opened to.
     *
     * @return the URL.
     */
    WsUrl url();

    /**
     * The subprotocol the server selected.
     *
     * @return the subprotocol, or null.
     */
    String subprotocol();

    /**
     * The current state.
     *
     * @return the state.
     */
    State state();

    /**
     * Sends a text message, UTF-8 encoded straight into the send buffer.
     *
     * @param text the message.
     * @return bytes written, or {@link #NOT_CONNECTED}, {@link #SEND_FAILED}.
     */
    int sendText(CharSequence text);

    /**
     * Sends a text message whose UTF-8 bytes the caller provides (not re-validated).
     *
     * @param buffer holds the UTF-8 payload.
     * @param offset payload start.
     * @param length payload length.
     * @return bytes written, or a negative result code.
     */
    int sendText(DirectBuffer buffer, int offset, int length);

    /**
     * Sends a binary message.
     *
     * @param buffer holds the payload.
     * @param offset payload start.
     * @param length payload length.
     * @return bytes written, or a negative result code.
     */
    int sendBinary(DirectBuffer buffer, int offset, int length);

    /**
     * Sends a message whose payload {@code writer} writes directly into the send buffer.
     *
     * @param type   {@link WebSocketHandler#TEXT} or {@link WebSocketHandler#BINARY}.
     * @param writer writes the payload (under the send lock, or into the reader's buffer on the reader thread).
     * @return bytes written, or a negative result code ({@link #INVALID_PAYLOAD} if the writer aborted).
     */
    int send(int type, PayloadWriter writer);

    /**
     * Sends a ping with the caller's payload (at most 125 bytes).
     *
     * @param buffer holds the payload.
     * @param offset payload start.
     * @param length payload length, 0-125.
     * @return bytes written, or a negative result code.
     */
    int sendPing(DirectBuffer buffer, int offset, int length);

    /**
     * Sends a ping carrying a unique id and its send time; the pong that echoes it (RFC 6455: a pong echoes its
     * ping's payload) is reported once to {@link WebSocketHandler#onPong(WebSocket, long, long)} with this id and
     * the round-trip time. Unsolicited pongs, pongs of other pings, and pongs of pings older than the last 16 are
     * reported to nobody.
     *
     * @return the ping's id (positive, unique in the JVM), or a negative result code.
     */
    long ping();

    /**
     * Starts the close handshake: sends a close frame, waits (bounded by the close timeout) for the server's
     * close frame and TCP close, then closes the socket. Idempotent.
     *
     * @param code   the close code (1000 for normal, or 3000-4999): one that
     *               {@link io.wsnova.codec.frame.CloseCodes#isValidOnWire(int)} accepts.
     * @param reason a reason, truncated to fit a control frame.
     * @throws IllegalArgumentException if the code may not be sent; the connection is then left untouched (still
     *                                  open, nothing sent).
     */
    void close(int code, String reason);

    /**
     * Closes normally (1000).
     */
    void close();

    /**
     * Fails the connection at once, without a close handshake (the peer is presumed dead): records {@code reason}
     * with {@code message} as its status (the first status wins) and closes the socket, which ends the reader.
     * Safe from any thread; never waits on the send lock. The default (for implementations without a transport of
     * their own) closes with 1001.
     *
     * @param reason  why, e.g. {@link DisconnectReason#HEARTBEAT_TIMEOUT}.
     * @param message a description for the status.
     */
    default void fail(final DisconnectReason reason, final String message)
    {
        close(1001, message);
    }

    /**
     * Completes once the connection has ended, with how it ended.
     *
     * @return the future.
     */
    CompletableFuture<CloseStatus> closeFuture();

    /**
     * The reader's agent in {@link IoMode#POLL}: the application calls {@code doWork()} from its own loop.
     *
     * @return the agent.
     * @throws IllegalStateException when the connection is not in POLL mode.
     */
    Agent pollAgent();

    /**
     * When the reader last got bytes from the socket (or, under a full {@code BLOCK} queue, last waited for
     * space). Written by the reader; one ordered load to read.
     *
     * @return the time of that moment on the runtime's clock ({@link System#nanoTime()} unless the runtime was
     * given another).
     */
    long lastReadNs();

    /**
     * When the socket read that brought the message being delivered completed: for the message thread, inside
     * {@link WebSocketHandler#onMessage}. With an {@code INLINE} pipeline it is {@link #lastReadNs()}; with a
     * {@code QUEUED} pipeline it is the stamp the reader took when it queued the message, so queueing time is
     * included. Outside {@code onMessage}, or on another thread, the value is unspecified.
     *
     * @return the time of that read on the runtime's clock ({@link System#nanoTime()} unless the runtime was
     * given another).
     */
    default long messageReadNs()
    {
        return lastReadNs();
    }

    /**
     * Live counters of this connection.
     *
     * @return the counters.
     */
    ConnectionCounters counters();
}
