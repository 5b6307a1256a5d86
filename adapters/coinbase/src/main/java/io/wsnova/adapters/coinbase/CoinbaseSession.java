package io.wsnova.adapters.coinbase;

import io.wsnova.engine.DelegatingAdapterSession;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedReason;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connection handler (event thread) and the message handler (message thread) of one connection share:
 * the connection, a socket epoch bumped at every disconnect (the message handler resets its sequence and books when
 * it sees a new one), why the last socket ended, and the ids of the requests sent and not yet answered, oldest
 * first. Coinbase's requests carry no id: the venue answers every subscribe and unsubscribe, in order, with a
 * {@code subscriptions} message (or an {@code error}), so answers are matched to requests by order. Made by
 * {@link CoinbaseAdapter#forConnection}, it lives as long as the connection (its reconnects included) and is
 * referenced only by that connection's handlers, never by the adapter.
 */
final class CoinbaseSession extends DelegatingAdapterSession
{
    final AtomicInteger epoch = new AtomicInteger();
    final ConcurrentLinkedQueue<Long> pendingRequestIds = new ConcurrentLinkedQueue<>();
    volatile Connection connection;
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;

    private final CoinbaseAdapter adapter;
    private final boolean counted;

    /**
     * A session; {@code counted} when the engine opened it and will close it (the adapter's live-session count).
     */
    CoinbaseSession(final CoinbaseAdapter adapter, final boolean counted)
    {
        super(adapter);
        this.adapter = adapter;
        this.counted = counted;
    }

    @Override
    public ConnectionHandler connectionHandler()
    {
        return new CoinbaseConnectionHandler(adapter, this);
    }

    @Override
    public MessageHandler messageHandler()
    {
        return new CoinbaseMessageHandler(adapter, this);
    }

    @Override
    public void close()
    {
        pendingRequestIds.clear();
        connection = null;
        if (counted)
        {
            adapter.sessionClosed();
        }
    }
}
