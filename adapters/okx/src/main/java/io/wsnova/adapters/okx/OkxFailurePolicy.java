package io.wsnova.adapters.okx;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;

/**
 * A market-data stream is reconnected whatever the venue's close code (OKX closes idle connections and restarts
 * for maintenance); only the user's close ends it. Every reconnect waits at least
 * {@link #MIN_RECONNECT_DELAY_MS} (OKX allows 3 connection requests per second per IP), and one after a policy
 * close (1008, too many requests) at least {@link #RATE_LIMIT_BACKOFF_MS}.
 */
final class OkxFailurePolicy extends DefaultFailurePolicy
{
    static final long MIN_RECONNECT_DELAY_MS = 350L;
    static final long RATE_LIMIT_BACKOFF_MS = 1_000L;

    OkxFailurePolicy()
    {
    }

    @Override
    public boolean shouldReconnect(final CloseStatus status, final int attempt)
    {
        return status.reason() == DisconnectReason.REMOTE_CLOSE || super.shouldReconnect(status, attempt);
    }

    @Override
    public long reconnectDelayMs(final CloseStatus status, final int attempt, final long backoffDelayMs)
    {
        final long floor = status.closeCode() == OkxConnectionHandler.POLICY_VIOLATION ? RATE_LIMIT_BACKOFF_MS :
            MIN_RECONNECT_DELAY_MS;
        return Math.max(floor, backoffDelayMs);
    }
}
