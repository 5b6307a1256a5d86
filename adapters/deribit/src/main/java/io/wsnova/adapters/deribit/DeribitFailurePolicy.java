package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The Deribit error behaviour of one connection: the engine's default reconnect rules, refined by the venue's error
 * responses ({@link #onErrorResponse}, mapped with {@link DeribitError}):
 * <ul>
 *   <li>{@code 10028 too_many_requests}: Deribit ends the session when the credits run out, so the close that
 *   follows is reconnected (whatever close code the venue sent) after at least {@code rateLimitBackoffMs}, the time
 *   the credit pool takes to refill (the engine also reports the error to the connection's
 *   {@link DeribitRateLimiter}, which drains and slows the bucket that paid for it, so the restore goes at the
 *   venue's real rate);</li>
 *   <li>{@code 11051 system_maintenance}: the close that follows is reconnected after at least
 *   {@code maintenanceBackoffMs};</li>
 *   <li>{@code 13004 invalid_credentials} and {@code 13009 unauthorized} refusing an authentication with the
 *   connection's credentials (the engine reports a failed re-authentication after a reconnect to {@link #onError}):
 *   terminal, the connection never reconnects again (no loop of refused logins; {@link DeribitConnectionHandler}
 *   also closes it at once). The same codes on another response (a refused token refresh, which the engine follows
 *   with a login with the credentials, or a private request) are counted only. A first authentication that is
 *   refused already ends the connection in the engine;</li>
 *   <li>other codes change nothing here; the request path reports them ({@link DeribitException}).</li>
 * </ul>
 * A rate-limit or maintenance error explains a close only within {@link #CAUSE_WINDOW_MS} of it, and only the
 * first reconnect attempt after it; later attempts use the connection's backoff options.
 * <p>
 * Threads: {@link #onErrorResponse} runs on the message thread, the rest on the connection's event thread; the
 * shared state is volatile or atomic. Never prints a secret: it only sees codes and venue messages.
 */
public final class DeribitFailurePolicy extends DefaultFailurePolicy
{
    /** How long after a rate-limit or maintenance error a close is attributed to it. */
    public static final long CAUSE_WINDOW_MS = 30_000L;

    private final long rateLimitBackoffMs;
    private final long maintenanceBackoffMs;
    private final LongSupplier nanoClock;
    private final AtomicLong rateLimitErrors = new AtomicLong();
    private final AtomicLong maintenanceErrors = new AtomicLong();
    private final AtomicLong authErrors = new AtomicLong();
    private final AtomicLong retryErrors = new AtomicLong();
    private volatile DeribitError pendingCause;
    private volatile long pendingCauseAtNs;
    private volatile DeribitError terminalError;

    /**
     * Creates a handler for one connection.
     *
     * @param rateLimitBackoffMs   the least delay before reconnecting after {@code too_many_requests}.
     * @param maintenanceBackoffMs the least delay before reconnecting after {@code system_maintenance}.
     */
    public DeribitFailurePolicy(final long rateLimitBackoffMs, final long maintenanceBackoffMs)
    {
        this(rateLimitBackoffMs, maintenanceBackoffMs, System::nanoTime);
    }

    DeribitFailurePolicy(final long rateLimitBackoffMs, final long maintenanceBackoffMs, final LongSupplier nanoClock)
    {
        if (rateLimitBackoffMs < 0 || maintenanceBackoffMs < 0)
        {
            throw new IllegalArgumentException("backoffs must be >= 0: rateLimitBackoffMs=" + rateLimitBackoffMs +
                ", maintenanceBackoffMs=" + maintenanceBackoffMs);
        }
        this.rateLimitBackoffMs = rateLimitBackoffMs;
        this.maintenanceBackoffMs = maintenanceBackoffMs;
        this.nanoClock = nanoClock;
    }

    @Override
    public void onErrorResponse(final String method, final long errorCode, final String message)
    {
        onVenueError(DeribitError.of(errorCode));
    }

    /**
     * Counts the error; a failed re-authentication that carries {@code 13004} or {@code 13009} makes the
     * connection terminal.
     */
    @Override
    public void onError(final Category category, final String message, final Throwable cause)
    {
        super.onError(category, message, cause);
        final DeribitError refused = category == Category.AUTH ? terminalAuthFailure(cause) : null;
        if (refused != null)
        {
            terminalError = refused;
        }
    }

    /**
     * Whether a failure is an authentication refused for good: a {@link RequestException} of kind
     * {@code AUTH_FAILED} with a terminal code, possibly wrapped (a {@code CompletionException}).
     *
     * @return the error, or null.
     */
    static DeribitError terminalAuthFailure(final Throwable failure)
    {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 4; depth++)
        {
            if (cause instanceof RequestException refused)
            {
                final DeribitError error = DeribitError.of(refused.errorCode());
                return refused.kind() == RequestException.Kind.AUTH_FAILED && error.isTerminal() ? error : null;
            }
            cause = cause.getCause();
        }
        return null;
    }

    @Override
    public Category classify(final CloseStatus status)
    {
        if (isUserEnd(status))
        {
            return super.classify(status);
        }
        final DeribitError terminal = terminalError;
        if (terminal != null)
        {
            return terminal.category();
        }
        final DeribitError cause = recentCause();
        return cause != null ? cause.category() : super.classify(status);
    }

    @Override
    public boolean shouldReconnect(final CloseStatus status, final int attempt)
    {
        if (isUserEnd(status) || terminalError != null)
        {
            return false;
        }
        return recentCause() != null || super.shouldReconnect(status, attempt);
    }

    @Override
    public long reconnectDelayMs(final CloseStatus status, final int attempt, final long backoffDelayMs)
    {
        final DeribitError cause = recentCause();
        if (cause == null)
        {
            return backoffDelayMs;
        }
        pendingCause = null;
        final long leastMs = cause == DeribitError.TOO_MANY_REQUESTS ? rateLimitBackoffMs : maintenanceBackoffMs;
        return Math.max(backoffDelayMs, leastMs);
    }

    /**
     * The error that made the connection terminal.
     *
     * @return {@link DeribitError#INVALID_CREDENTIALS} or {@link DeribitError#UNAUTHORIZED}, or null.
     */
    public DeribitError terminalError()
    {
        return terminalError;
    }

    /**
     * {@code too_many_requests} errors received.
     *
     * @return the count.
     */
    public long rateLimitErrors()
    {
        return rateLimitErrors.get();
    }

    /**
     * {@code system_maintenance} errors received.
     *
     * @return the count.
     */
    public long maintenanceErrors()
    {
        return maintenanceErrors.get();
    }

    /**
     * {@code invalid_credentials} and {@code unauthorized} errors received.
     *
     * @return the count.
     */
    public long authErrors()
    {
        return authErrors.get();
    }

    /**
     * Retryable errors ({@link DeribitError.Kind#RETRY}) received.
     *
     * @return the count.
     */
    public long retryErrors()
    {
        return retryErrors.get();
    }

    @Override
    public String toString()
    {
        return "DeribitFailurePolicy{rateLimitBackoffMs=" + rateLimitBackoffMs + ", maintenanceBackoffMs=" +
            maintenanceBackoffMs + ", terminalError=" + terminalError + ", rateLimitErrors=" + rateLimitErrors +
            ", maintenanceErrors=" + maintenanceErrors + ", authErrors=" + authErrors + ", retryErrors=" +
            retryErrors + "}";
    }

    private void onVenueError(final DeribitError error)
    {
        switch (error.kind())
        {
            case RATE_LIMIT, MAINTENANCE ->
            {
                (error.kind() == DeribitError.Kind.RATE_LIMIT ? rateLimitErrors : maintenanceErrors).incrementAndGet();
                pendingCauseAtNs = nanoClock.getAsLong();
                pendingCause = error;
            }
            case AUTH -> authErrors.incrementAndGet();
            case RETRY -> retryErrors.incrementAndGet();
            default ->
            {
            }
        }
    }

    private DeribitError recentCause()
    {
        final DeribitError cause = pendingCause;
        if (cause == null ||
            nanoClock.getAsLong() - pendingCauseAtNs > TimeUnit.MILLISECONDS.toNanos(CAUSE_WINDOW_MS))
        {
            return null;
        }
        return cause;
    }

    private static boolean isUserEnd(final CloseStatus status)
    {
        return status.reason() == DisconnectReason.LOCAL_CLOSE || status.reason() == DisconnectReason.HANDLER_ERROR;
    }
}
