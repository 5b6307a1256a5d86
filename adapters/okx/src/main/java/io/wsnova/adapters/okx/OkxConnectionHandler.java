package io.wsnova.adapters.okx;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;

/**
 * OKX's keepalive and the disconnect report. The heartbeat is the text {@code ping} every
 * {@link OkxAdapter#pingIntervalMs()}, answered by the text {@code pong} within {@link OkxAdapter#pongTimeoutMs()}
 * (OKX closes a connection that receives nothing for 30 s). Every disconnect is reported as a connection-wide
 * {@link FeedState#DISCONNECTED} status (reason: the user's close, a silent server, the venue's close for too many
 * requests (a 1008 policy close), or a lost connection), clears the requests waiting for answers (the
 * engine fails them) and bumps the session's epoch so that every book waits for its snapshot on the next socket.
 * Event thread; allocates (cold path).
 */
final class OkxConnectionHandler implements ConnectionHandler
{
    /** The close code of a policy violation (too many requests). */
    static final int POLICY_VIOLATION = 1008;

    private final OkxAdapter adapter;
    private final OkxSession session;

    OkxConnectionHandler(final OkxAdapter adapter, final OkxSession session)
    {
        this.adapter = adapter;
        this.session = session;
    }

    @Override
    public AppHeartbeat appHeartbeat()
    {
        return AppHeartbeat.builder().intervalMs(adapter.pingIntervalMs()).deadlineMs(adapter.pongTimeoutMs())
            .text("ping").answer(AppHeartbeat.textEquals("pong")).build();
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
            closeStatus.reason() == DisconnectReason.PONG_TIMEOUT ||
            closeStatus.reason() == DisconnectReason.HEARTBEAT_TIMEOUT)
        {
            reason = FeedReason.NO_DATA_TIMEOUT;
        }
        else
        {
            reason = FeedReason.CONNECTION_LOST;
        }
        session.requests.clear();
        session.lastDisconnectReason = reason;
        session.epoch.incrementAndGet();
        adapter.counters().disconnects.incrementAndGet();
        final FeedStatus status = new FeedStatus();
        status.header(adapter.venueId(), MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, System.nanoTime());
        status.set(FeedState.DISCONNECTED, reason).counters(adapter.counters().disconnects.get(), 0);
        adapter.listener().onStatus(status);
    }
}
