package io.wsnova.adapters.binance;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Reports every disconnect as a connection-wide {@link FeedState#DISCONNECTED} status (reason: the venue's
 * {@code serverShutdown}, its rate limit, the user's close, or a lost connection) and bumps the session's epoch so
 * that the message handler restarts every book's sync on the next socket. Event thread; allocates (cold path).
 * <p>
 * The status is serialized with the connection's other listener calls: the engine reports a disconnect on its event
 * thread only after the socket's reader (and a {@code QUEUED} handler thread) ended and before the next socket is
 * dialled, so the message thread calls nothing meanwhile; the one other caller, the control thread applying a REST
 * snapshot, does so only under {@link BinanceSession#listenerLock}, which the status is delivered under too.
 */
final class BinanceConnectionHandler implements ConnectionHandler
{
    /** The close code Binance-style servers use for a policy violation (too many messages). */
    static final int POLICY_VIOLATION = 1008;

    private final BinanceAdapter adapter;
    private final BinanceSession session;

    BinanceConnectionHandler(final BinanceAdapter adapter, final BinanceSession session)
    {
        this.adapter = adapter;
        this.session = session;
    }

    @Override
    public void onDisconnect(final Connection connection, final CloseStatus closeStatus)
    {
        final FeedReason reason;
        if (session.shutdownPending)
        {
            reason = FeedReason.SERVER_SHUTDOWN;
        }
        else if (closeStatus.reason() == DisconnectReason.LOCAL_CLOSE)
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
        session.shutdownPending = false;
        session.lastDisconnectReason = reason;
        session.epoch.incrementAndGet();
        adapter.counters().disconnects.incrementAndGet();
        final FeedStatus status = new FeedStatus();
        status.header(adapter.venueId(), MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, System.nanoTime());
        status.set(FeedState.DISCONNECTED, reason).counters(adapter.counters().disconnects.get(), 0);
        final ReentrantLock lock = session.listenerLock;
        lock.lock(); // serialized with a snapshot the control thread applies (see the class Javadoc)
        try
        {
            adapter.listener().onStatus(status);
        }
        finally
        {
            lock.unlock();
        }
    }
}
