package io.wsnova.adapters.binance;

import io.wsnova.engine.AdapterSession;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.market.FeedReason;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One logical connection of a {@link BinanceAdapter} ({@link BinanceAdapter#forConnection}): what its connection
 * handler (event thread) tells its message handler (message thread): the socket epoch, bumped at every
 * disconnect, so that the first message of the next socket restarts every book's sync; and why the last socket
 * ended. It lives as long as the connection (its reconnects included) and is referenced only by that connection's
 * handlers, never by the adapter.
 */
final class BinanceSession implements AdapterSession
{
    final AtomicInteger epoch = new AtomicInteger();
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;
    volatile boolean shutdownPending;

    private final BinanceAdapter adapter;
    private final boolean counted;

    /**
     * A session; {@code counted} when the engine opened it and will close it (the adapter's live-session count).
     */
    BinanceSession(final BinanceAdapter adapter, final boolean counted)
    {
        this.adapter = adapter;
        this.counted = counted;
    }

    @Override
    public ConnectionHandler connectionHandler()
    {
        return new BinanceConnectionHandler(adapter, this);
    }

    @Override
    public MessageHandler messageHandler()
    {
        return new BinanceMessageHandler(adapter, this);
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        return adapter.subscriptionHandler();
    }

    @Override
    public FailurePolicy failurePolicy()
    {
        return adapter.failurePolicy();
    }

    @Override
    public RateLimitHandler rateLimitHandler()
    {
        return adapter.rateLimitHandler();
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
