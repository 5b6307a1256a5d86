package io.wsnova.adapters.okx;

import io.wsnova.market.FeedReason;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connection handler (event thread) and the message handler (message thread, and the sending threads for
 * {@link OkxRequests}) of one connection share: the requests waiting for OKX's answers, cleared at every
 * disconnect (the engine fails them); the socket epoch, bumped at every disconnect, so that the first message of
 * the next socket makes every book wait for its snapshot again; and why the last socket ended.
 */
final class OkxSession
{
    final OkxRequests requests = new OkxRequests();
    final AtomicInteger epoch = new AtomicInteger();
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;

    OkxSession()
    {
    }
}
