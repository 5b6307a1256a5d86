package io.wsnova.adapters.coinbase;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;

/**
 * Subscribes {@code heartbeats} on the first connect when the adapter asks for it (the engine restores it after
 * every reconnect like any other channel), and reports every disconnect as a connection-wide
 * {@link FeedState#DISCONNECTED} status (reason: the venue's rate limit, a silent server, the user's close, or a
 * lost connection), bumping the session's epoch so that the message handler restarts its sequence and resyncs
 * every book on the next socket. Event thread; allocates (cold path).
 */
final class CoinbaseConnectionHandler implements ConnectionHandler
{
    /** The close code of a policy violation, which the mock (and Coinbase-style servers) use for too many messages. */
    static final int POLICY_VIOLATION = 1008;

    private final CoinbaseAdapter adapter;
    private final CoinbaseSession session;

    CoinbaseConnectionHandler(final CoinbaseAdapter adapter, final CoinbaseSession session)
    {
        this.adapter = adapter;
        this.session = session;
    }

    @Override
    public void init(final Connection connection)
    {
        session.connection = connection;
    }

    @Override
    public void onConnect(final Connection connection)
    {
        session.connection = connection;
        if (adapter.subscribeHeartbeats() && connection.subscription(CoinbaseAdapter.HEARTBEATS) == null)
        {
            connection.subscribe(CoinbaseAdapter.HEARTBEATS, null);
        }
    }

    @Override
    public void onDisconnect(final Connection connection, final CloseStatus closeStatus)
    {
        final FeedReason reason;
        if (closeStatus.reason() == DisconnectReason.LOCAL_CLOSE)
        {
            reason = FeedReason.USER_REQUEST;
        }
        else if (closeStatus.closeCode() == POLICY_VIOLATION)
        {
            reason = FeedReason.RATE_LIMITED;
        }
        else if (closeStatus.reason() == DisconnectReason.IDLE_TIMEOUT ||
            closeStatus.reason() == DisconnectReason.PONG_TIMEOUT)
        {
            reason = FeedReason.NO_DATA_TIMEOUT;
        }
        else
        {
            reason = FeedReason.CONNECTION_LOST;
        }
        session.lastDisconnectReason = reason;
        session.pendingRequestIds.clear();
        session.epoch.incrementAndGet();
        adapter.counters().disconnects.incrementAndGet();
        final FeedStatus status = new FeedStatus();
        status.header(adapter.venueId(), MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, System.nanoTime());
        status.set(FeedState.DISCONNECTED, reason).counters(adapter.counters().disconnects.get(), 0);
        adapter.listener().onStatus(status);
    }
}
