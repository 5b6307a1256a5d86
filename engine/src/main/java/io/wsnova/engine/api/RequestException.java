package io.wsnova.engine.api;

/**
 * Why a request, subscription, authentication or ping did not succeed: completes their futures exceptionally.
 */
public final class RequestException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * The kind of failure.
     */
    public enum Kind
    {
        /** No response within the request timeout; a response that arrives later is counted and dropped. */
        TIMEOUT,
        /** The connection dropped before the response; the request may or may not have reached the venue. */
        DISCONNECTED,
        /** The connection was not open when the request was made. */
        NOT_CONNECTED,
        /** The venue answered with an error object. */
        REMOTE_ERROR,
        /** The rate limiter refused the operation. */
        RATE_LIMITED,
        /** The request could not be encoded or sent. */
        SEND_FAILED,
        /** Authentication was refused. */
        AUTH_FAILED
    }

    private final Kind kind;
    private final long errorCode;

    /**
     * Creates a failure.
     *
     * @param kind      the kind.
     * @param errorCode the venue's error code for REMOTE_ERROR/AUTH_FAILED, else 0.
     * @param message   what happened (never a secret).
     */
    public RequestException(final Kind kind, final long errorCode, final String message)
    {
        super(message, null, false, false);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    /**
     * The kind of failure.
     *
     * @return the kind.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * The venue's error code.
     *
     * @return the code, 0 when not a venue error.
     */
    public long errorCode()
    {
        return errorCode;
    }
}
