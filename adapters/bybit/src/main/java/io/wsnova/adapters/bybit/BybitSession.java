package io.wsnova.adapters.bybit;

import io.wsnova.engine.DelegatingAdapterSession;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.FeedReason;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One logical connection of a {@link BybitAdapter} ({@link BybitAdapter#forConnection}): what its connection
 * handler (event thread) tells its message handler (message thread): the socket epoch, bumped at every
 * disconnect, so that the first message of the next socket marks every book as waiting for its new snapshot (Bybit
 * does not replay: the restore's subscribe brings one); and why the last socket ended. It lives as long as the
 * connection (its reconnects included) and is referenced only by that connection's handlers, never by the adapter.
 */
final class BybitSession extends DelegatingAdapterSession
{
    final AtomicInteger epoch = new AtomicInteger();
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;

    private final BybitAdapter adapter;
    private final boolean counted;

    /**
     * A session; {@code counted} when the engine opened it and will close it (the adapter's live-session count).
     */
    BybitSession(final BybitAdapter adapter, final boolean counted)
    {
        super(adapter);
        this.adapter = adapter;
        this.counted = counted;
    }

    @Override
    public ConnectionHandler connectionHandler()
    {
        return new BybitConnectionHandler(adapter, this);
    }

    @Override
    public MessageHandler messageHandler()
    {
        return new BybitMessageHandler(adapter, this);
    }

    @Override
    public void close()
    {
        if (counted)
        {
            adapter.sessionClosed();
        }
    }
}
