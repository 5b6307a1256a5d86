package io.wsnova.engine.client;

import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * The {@link RateLimitHandler#WAIT} policy: the calling thread parks until the limiter says tokens are there, then
 * checks again, never longer in total than the limiter's {@link RateLimitHandler#maxWaitNs()}. It parks for the
 * time the limiter names (no spinning) and allocates nothing.
 */
final class RateLimitWait
{
    private static final long MIN_PARK_NS = 50_000L;

    private RateLimitWait()
    {
    }

    /**
     * Waits for the operation's tokens.
     *
     * @param limiter   the limiter that answered WAIT.
     * @param operation the operation.
     * @param clock     the connection's clock.
     * @return {@link RateLimitHandler#ALLOW} once the cost was taken, or {@link RateLimitHandler#WAIT} if the bound
     * passed (or the thread was interrupted) first: nothing taken.
     */
    static int await(final RateLimitHandler limiter, final Operation operation, final NanoClock clock)
    {
        final long startNs = clock.nanoTime();
        final long deadlineNs = startNs + limiter.maxWaitNs();
        long nowNs = startNs;
        while (true)
        {
            final long untilNs = Math.max(MIN_PARK_NS, limiter.nanosUntilAvailable(operation, nowNs));
            if (nowNs + untilNs - deadlineNs > 0 || Thread.currentThread().isInterrupted())
            {
                return RateLimitHandler.WAIT;
            }
            LockSupport.parkNanos(untilNs);
            nowNs = clock.nanoTime();
            final int verdict = limiter.check(operation, nowNs);
            if (verdict == RateLimitHandler.ALLOW)
            {
                return verdict;
            }
        }
    }
}
