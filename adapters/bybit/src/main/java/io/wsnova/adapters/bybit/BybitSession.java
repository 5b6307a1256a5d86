package io.wsnova.adapters.bybit;

import io.wsnova.market.FeedReason;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connection handler (event thread) tells the message handler (message thread) of one connection: the
 * socket epoch, bumped at every disconnect, so that the first message of the next socket marks every book as waiting
 * for its new snapshot (Bybit does not replay: the restore's subscribe brings one); and why the last socket ended.
 */
final class BybitSession
{
    final AtomicInteger epoch = new AtomicInteger();
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;

    BybitSession()
    {
    }
}
