package io.wsnova.adapters.coinbase;

import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedReason;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connection handler (event thread) and the message handler (message thread) of one connection share:
 * the connection, a socket epoch bumped at every disconnect (the message handler resets its sequence and books when
 * it sees a new one), why the last socket ended, and the ids of the requests sent and not yet answered, oldest
 * first. Coinbase's requests carry no id: the venue answers every subscribe and unsubscribe, in order, with a
 * {@code subscriptions} message (or an {@code error}), so answers are matched to requests by order.
 */
final class CoinbaseSession
{
    final AtomicInteger epoch = new AtomicInteger();
    final ConcurrentLinkedQueue<Long> pendingRequestIds = new ConcurrentLinkedQueue<>();
    volatile Connection connection;
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;

    CoinbaseSession()
    {
    }
}
