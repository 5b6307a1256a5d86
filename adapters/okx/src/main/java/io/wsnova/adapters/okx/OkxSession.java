package io.wsnova.adapters.okx;

import io.wsnova.engine.DelegatingAdapterSession;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.FeedReason;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connection handler (event thread) and the message handler (message thread, and the sending threads for
 * {@link OkxRequests}) of one connection share: the requests waiting for OKX's answers, cleared at every
 * disconnect (the engine fails them); the socket epoch, bumped at every disconnect, so that the first message of
 * the next socket makes every book wait for its snapshot again; and why the last socket ended. Made by
 * {@link OkxAdapter#forConnection}, it lives as long as the connection (its reconnects included) and is referenced
 * only by that connection's handlers, never by the adapter.
 */
final class OkxSession extends DelegatingAdapterSession
{
    final OkxRequests requests = new OkxRequests();
    final AtomicInteger epoch = new AtomicInteger();
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;

    private final OkxAdapter adapter;
    private final boolean counted;

    /**
     * A session; {@code counted} when the engine opened it and will close it (the adapter's live-session count).
     */
    OkxSession(final OkxAdapter adapter, final boolean counted)
    {
        super(adapter);
        this.adapter = adapter;
        this.counted = counted;
    }

    @Override
    public ConnectionHandler connectionHandler()
    {
        return new OkxConnectionHandler(adapter, this);
    }

    @Override
    public MessageHandler messageHandler()
    {
        return new OkxMessageHandler(adapter, this);
    }

    @Override
    public void close()
    {
        requests.clear();
        if (counted)
        {
            adapter.sessionClosed();
        }
    }
}
