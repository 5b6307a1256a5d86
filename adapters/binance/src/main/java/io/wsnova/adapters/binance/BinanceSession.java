package io.wsnova.adapters.binance;

import io.wsnova.market.FeedReason;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connection handler (event thread) tells the message handler (message thread) of one connection: the
 * socket epoch, bumped at every disconnect, so that the first message of the next socket restarts every book's
 * sync; and why the last socket ended.
 */
final class BinanceSession
{
    final AtomicInteger epoch = new AtomicInteger();
    volatile FeedReason lastDisconnectReason = FeedReason.NONE;
    volatile boolean shutdownPending;

    BinanceSession()
    {
    }
}
