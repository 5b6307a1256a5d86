package io.wsnova.adapters.binance;

import io.wsnova.engine.DelegatingAdapterSession;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.FeedReason;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One logical connection of a {@link BinanceAdapter} ({@link BinanceAdapter#forConnection}): what its connection
 * handler (event thread) tells its message handler (message thread): the socket epoch, bumped at every
 * disconnect, so that the first message of the next socket restarts every book's sync; and why the last socket
 * ended. It lives as long as the connection (its reconnects included) and is referenced only by that connection's
 * handlers, never by the adapter.
 * <p>
 * It also serialises the connection's listener calls: {@link #listenerLock} and {@link #syncingBooks}, shared by
 * every {@link BinanceBookSync} of the connection (see {@link BinanceBookSync}, "Threads"). The message thread takes
 * the lock for a whole message only while {@code syncingBooks > 0}; the control thread applies a snapshot (and calls
 * the listener) only under it. Lock order: this lock before the handover's lock (a feed's leg listener), never the
 * reverse.
 */
final class BinanceSession extends DelegatingAdapterSession
{
    final AtomicInteger epoch = new AtomicInteger();
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;
    volatile boolean shutdownPending;
    /** Held by whichever thread calls the connection's listener while a book syncs. */
    final ReentrantLock listenerLock = new ReentrantLock();
    /** Books of this connection not live: raised only on the message thread, lowered under the lock. */
    final AtomicInteger syncingBooks = new AtomicInteger();

    private final BinanceAdapter adapter;
    private final boolean counted;

    /**
     * A session; {@code counted} when the engine opened it and will close it (the adapter's live-session count).
     */
    BinanceSession(final BinanceAdapter adapter, final boolean counted)
    {
        super(adapter);
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
    public void close()
    {
        if (counted)
        {
            adapter.sessionClosed();
        }
    }
}
