package io.wsnova.engine.client;

import io.wsnova.engine.api.ReconnectJitter;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code baseMs}, capped at {@code maxMs}, randomised by a
 * {@link ReconnectJitter}. Used by one connection's event thread only.
 */
final class Backoff
{
    private final long baseMs;
    private final long maxMs;
    private final ReconnectJitter jitter;
    private final RandomGenerator random;
    private long previousMs;

    Backoff(final long baseMs, final long maxMs, final ReconnectJitter jitter, final RandomGenerator random)
    {
        this.baseMs = baseMs;
        this.maxMs = maxMs;
        this.jitter = jitter;
        this.random = random;
        this.previousMs = baseMs;
    }

    /**
     * The delay before an attempt.
     *
     * @param attempt the attempt number, from 1.
     * @return milliseconds, in {@code [0, maxMs]}.
     */
    long delayMs(final int attempt)
    {
        final double exponential = baseMs * Math.pow(2, Math.max(0, attempt - 1));
        final long delay = (long)Math.min(maxMs, exponential);
        final long result = switch (jitter)
        {
            case NONE -> delay;
            case FULL -> random.nextLong(delay + 1);
            case EQUAL -> delay / 2 + random.nextLong(delay - delay / 2 + 1);
            case DECORRELATED -> Math.min(maxMs, baseMs + random.nextLong(Math.max(1, previousMs * 3 - baseMs) + 1));
        };
        previousMs = Math.max(baseMs, result);
        return result;
    }

    /**
     * Starts over (the connection stayed up long enough).
     */
    void reset()
    {
        previousMs = baseMs;
    }
}
