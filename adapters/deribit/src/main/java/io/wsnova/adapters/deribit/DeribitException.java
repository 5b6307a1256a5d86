package io.wsnova.adapters.deribit;

/**
 * A Deribit request answered with an error object, typed: completes the futures of {@link DeribitOrderEntry}
 * exceptionally. Failures the venue never answered (timeout, disconnect, the local rate limiter) stay
 * {@link io.wsnova.engine.api.RequestException}s. The message holds the method, the code and the venue's message,
 * never a parameter or a secret. Stackless, like the engine's request failures.
 */
public final class DeribitException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String method;
    private final DeribitError error;
    private final long code;
    private final String venueMessage;

    /**
     * Creates a failure.
     *
     * @param method       the request's method, e.g. {@code private/buy}.
     * @param code         the venue's {@code error.code}.
     * @param venueMessage the venue's {@code error.message}, or null.
     */
    public DeribitException(final String method, final long code, final String venueMessage)
    {
        super(method + " failed: " + code + " " + (venueMessage == null ? DeribitError.of(code).venueMessage() :
            venueMessage), null, false, false);
        this.method = method;
        this.error = DeribitError.of(code);
        this.code = code;
        this.venueMessage = venueMessage;
    }

    /**
     * The mapped error.
     *
     * @return the error, {@link DeribitError#UNKNOWN} for an undocumented code.
     */
    public DeribitError error()
    {
        return error;
    }

    /**
     * The venue's code, as sent (also for {@link DeribitError#UNKNOWN}).
     *
     * @return the code.
     */
    public long code()
    {
        return code;
    }

    /**
     * The request's method.
     *
     * @return e.g. {@code private/buy}.
     */
    public String method()
    {
        return method;
    }

    /**
     * The venue's message.
     *
     * @return the message, or null.
     */
    public String venueMessage()
    {
        return venueMessage;
    }

    /**
     * Whether the same request may be sent again (see {@link DeribitError#isRetryable()}).
     *
     * @return true when retryable.
     */
    public boolean isRetryable()
    {
        return error.isRetryable();
    }
}
