package io.wsnova.adapters.coinbase;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;

/**
 * A market-data stream is reconnected whatever the venue's close code; only the user's close ends it. A close for
 * too many messages (1008) waits at least {@link #RATE_LIMIT_BACKOFF_MS} before the reconnect, so that the next
 * second's budget of messages is fresh.
 */
final class CoinbaseFailurePolicy extends DefaultFailurePolicy
{
    static final long RATE_LIMIT_BACKOFF_MS = 1_000L;

    CoinbaseFailurePolicy()
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
        return status.closeCode() == CoinbaseConnectionHandler.POLICY_VIOLATION ?
            Math.max(RATE_LIMIT_BACKOFF_MS, backoffDelayMs) : backoffDelayMs;
    }
}
