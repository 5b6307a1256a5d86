package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.CloseStatus;

/**
 * The connection's failure policy: it classifies how a connection ended ({@link Category}), decides whether it
 * reconnects and after how long ({@link #shouldReconnect}, {@link #reconnectDelayMs}), hears the venue's error
 * responses that foretell a drop ({@link #onErrorResponse}), and counts the errors that did not end the connection.
 * It handles no exception itself and is unrelated to {@code org.agrona.ErrorHandler} (the callback of Agrona's
 * agent runners): the name goes, as {@code FailurePolicy}, once every issue-13 branch is merged
 * ({@code scripts/rename-error-handler.sh}).
 */
public interface FailurePolicy
{
    /**
     * Broad classes of failure.
     */
    enum Category
    {
        /** The network or the peer: EOF, reset, timeouts. Usually transient. */
        TRANSIENT,
        /** The server violated the protocol or sent something we could not parse. */
        PROTOCOL,
        /** Authentication was refused: reconnecting will not help. */
        AUTH,
        /** The venue rate-limited us. */
        RATE_LIMIT,
        /** Our own handler code threw. */
        APPLICATION,
        /** The server closed on purpose (restart, maintenance, going away). */
        SERVER_CLOSE,
        /** The application closed the connection. */
        LOCAL,
        /** The venue refused a request for good (a subscription it will not serve). */
        REFUSED
    }

    /**
     * Classifies how a connection ended.
     *
     * @param status the terminal status.
     * @return the category.
     */
    Category classify(CloseStatus status);

    /**
     * Whether the connection should reconnect after it ended this way.
     *
     * @param status  how it ended.
     * @param attempt the reconnect attempt that would follow (1 for the first).
     * @return true to reconnect.
     */
    boolean shouldReconnect(CloseStatus status, int attempt);

    /**
     * Reports an error that did not end the connection (a malformed message, a throwing listener, a late
     * response). Called off the hot path or, for malformed messages, on it: must not block.
     *
     * @param category what kind.
     * @param message  what happened (never a secret).
     * @param cause    the exception or null.
     */
    void onError(Category category, String message, Throwable cause);

    /**
     * A response carried the venue's error object. Called on the message thread for every error response (those
     * of fire-and-forget requests included), before the request's future completes: must not block or throw. The
     * default does nothing; a venue's handler uses it to learn why the venue may be about to end the session
     * (rate limit, maintenance, refused credentials) and answer {@link #shouldReconnect} and
     * {@link #reconnectDelayMs} accordingly.
     *
     * @param method    the method of the request it answers.
     * @param errorCode the venue's error code.
     * @param message   the venue's error message, or null.
     */
    default void onErrorResponse(final String method, final long errorCode, final String message)
    {
    }

    /**
     * The delay before a reconnect attempt that {@link #shouldReconnect} allowed, on the connection's event
     * thread. The default keeps the delay of the connection's backoff options.
     *
     * @param status         how the connection (or the previous reconnect attempt) ended.
     * @param attempt        the attempt that follows, from 1.
     * @param backoffDelayMs the delay the backoff options give for this attempt.
     * @return the delay in milliseconds, {@code >= 0}.
     */
    default long reconnectDelayMs(final CloseStatus status, final int attempt, final long backoffDelayMs)
    {
        return backoffDelayMs;
    }

    /**
     * Errors counted so far.
     *
     * @return the count.
     */
    long errorCount();
}
