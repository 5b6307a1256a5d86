package io.wsnova.adapters.bybit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;

/**
 * A market-data stream is reconnected whatever the venue's close code; only the user's close ends it. A close for
 * a policy violation (1008, what a server uses for too many messages) waits at least {@link #RATE_LIMIT_BACKOFF_MS}
 * before the reconnect, so that a repeat does not earn a ban (Bybit allows 500 connections per 5 minutes per domain).
 */
final class BybitFailurePolicy extends DefaultFailurePolicy
{
    static final long RATE_LIMIT_BACKOFF_MS = 1_000L;

    BybitFailurePolicy()
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
        return status.closeCode() == BybitConnectionHandler.POLICY_VIOLATION ?
            Math.max(RATE_LIMIT_BACKOFF_MS, backoffDelayMs) : backoffDelayMs;
    }
}
