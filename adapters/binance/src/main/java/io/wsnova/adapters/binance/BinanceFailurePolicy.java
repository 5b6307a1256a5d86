package io.wsnova.adapters.binance;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;

/**
 * A market-data stream is reconnected whatever the venue's close code (Binance ends every connection at 24 h and
 * after {@code serverShutdown}); only the user's close ends it. A close for too many messages (1008) waits at
 * least {@link #RATE_LIMIT_BACKOFF_MS} before the reconnect, so that a repeat does not earn an IP ban.
 */
final class BinanceFailurePolicy extends DefaultFailurePolicy
{
    static final long RATE_LIMIT_BACKOFF_MS = 1_000L;

    BinanceFailurePolicy()
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
        return status.closeCode() == BinanceConnectionHandler.POLICY_VIOLATION ?
            Math.max(RATE_LIMIT_BACKOFF_MS, backoffDelayMs) : backoffDelayMs;
    }
}
