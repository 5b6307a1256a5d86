package io.wsnova.engine.client;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.behaviour.FailurePolicy;

/**
 * The one retry rule of a connection, for the first connect and for reconnects alike: whether attempt
 * {@code n + 1} is made after a failure, and after what delay. An attempt is made unless the application closed
 * the connection, {@code retryAttempts} ran out, the failure policy says no, or (first set-up only)
 * {@code connectRetryAttempts} ran out, where retries that followed the venue's rate-limit error do not count.
 * The delay is the failure policy's {@code reconnectDelayMs} of the jittered exponential {@link Backoff}. The
 * attempt counter starts over when the first set-up completes and when a connection stayed up
 * {@code reconnectResetAfterMs}. Event thread only.
 */
final class RetryRule
{
    /** {@link #next} gives up. */
    static final long GIVE_UP = -1;

    private final int retryAttempts;
    private final int connectRetryAttempts;
    private final long resetAfterNs;
    private final Backoff backoff;
    private final FailurePolicy failurePolicy;
    private int attempt;
    private int rateLimitedFirstRetries;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param retryAttempts        attempts of one series, -1 unlimited.
     * @param connectRetryAttempts attempts of the first set-up (besides rate-limited ones), -1 unlimited.
     * @param resetAfterNs         how long a connection must stay up for its drop to start a new series.
     * @param backoff              the delays.
     * @param failurePolicy         decides reconnects and may change the delay.
     */
    RetryRule(
        final int retryAttempts,
        final int connectRetryAttempts,
        final long resetAfterNs,
        final Backoff backoff,
        final FailurePolicy failurePolicy)
    {
        this.retryAttempts = retryAttempts;
        this.connectRetryAttempts = connectRetryAttempts;
        this.resetAfterNs = resetAfterNs;
        this.backoff = backoff;
        this.failurePolicy = failurePolicy;
    }

    /**
     * Decides the attempt after a failure, and counts it when it is made.
     *
     * @param failed           how the last attempt or connection ended.
     * @param firstSetUp       whether the first set-up has not completed yet.
     * @param venueRateLimited whether the venue answered its rate-limit error during this set-up attempt.
     * @param userClosed       whether the application closed the connection.
     * @return the delay in ms before the next attempt ({@link #attempt()} is then its number), or {@link #GIVE_UP}.
     */
    long next(final CloseStatus failed, final boolean firstSetUp, final boolean venueRateLimited,
        final boolean userClosed)
    {
        final int next = attempt + 1;
        if (firstSetUp && venueRateLimited)
        {
            // The venue said "slow down", not "not here": the adapted limiter paces the next set-up, and such a
            // retry is bounded by retryAttempts only, not by connectRetryAttempts (which bounds a wrong address).
            rateLimitedFirstRetries++;
        }
        if (userClosed || (retryAttempts >= 0 && next > retryAttempts) ||
            (firstSetUp && connectRetryAttempts >= 0 && next - rateLimitedFirstRetries > connectRetryAttempts) ||
            !failurePolicy.shouldReconnect(failed, next))
        {
            return GIVE_UP;
        }
        attempt = next;
        return Math.max(0L, failurePolicy.reconnectDelayMs(failed, next, backoff.delayMs(next)));
    }

    /**
     * The number of the attempt in progress (0 for the first connect), or of the last one when given up.
     *
     * @return the attempt.
     */
    int attempt()
    {
        return attempt;
    }

    /**
     * The first set-up completed: its retries do not count against the attempts of a later drop.
     */
    void reset()
    {
        attempt = 0;
        backoff.reset();
    }

    /**
     * A connection dropped: if it had been up (CONNECTED) for long enough, this drop starts a new series of
     * attempts (the seed's counter never reset).
     *
     * @param wasUp   whether it had reached CONNECTED since the last drop.
     * @param upForNs how long it was up.
     */
    void onDropped(final boolean wasUp, final long upForNs)
    {
        if (wasUp && upForNs >= resetAfterNs)
        {
            reset();
        }
    }
}
