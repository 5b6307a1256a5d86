package io.wsnova.engine.api;

/**
 * A blocking connect that failed; the cause is a {@link WebSocketConnectException} (which step failed) or a
 * {@link RequestException} (authentication refused).
 */
public final class NovaException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed.
     * @param cause   the typed cause.
     */
    public NovaException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
