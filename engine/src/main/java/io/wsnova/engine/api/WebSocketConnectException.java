package io.wsnova.engine.api;

/**
 * A connect that failed, with the step that failed as a typed {@link Kind}.
 */
public final class WebSocketConnectException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * The step that failed.
     */
    public enum Kind
    {
        /** The options were invalid; nothing was attempted. */
        INVALID_OPTIONS,
        /** The host name could not be resolved. */
        DNS,
        /** The TCP connection was refused or could not be made. */
        REFUSED,
        /** A step did not finish within its timeout. */
        TIMEOUT,
        /** The TLS handshake failed (certificate, hostname, protocol). */
        TLS,
        /** The server answered the upgrade with a status other than 101. */
        HANDSHAKE_REJECTED,
        /** The server's 101 response was invalid (accept key, headers, subprotocol, extension). */
        HANDSHAKE_INVALID,
        /** Another I/O error, e.g. the connection was reset during the handshake. */
        IO
    }

    private final Kind kind;
    private final int statusCode;

    /**
     * Creates a connect failure.
     *
     * @param kind       the step that failed.
     * @param statusCode the HTTP status of a rejected upgrade, else 0.
     * @param message    what happened, naming the step; never contains secrets.
     * @param cause      the underlying exception, or null.
     */
    public WebSocketConnectException(final Kind kind, final int statusCode, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
        this.statusCode = statusCode;
    }

    /**
     * The step that failed.
     *
     * @return the kind.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * The HTTP status of a rejected upgrade.
     *
     * @return the status, or 0 when the failure was not a rejected upgrade.
     */
    public int statusCode()
    {
        return statusCode;
    }
}
