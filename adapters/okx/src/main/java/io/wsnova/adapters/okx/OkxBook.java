package io.wsnova.adapters.okx;

import io.wsnova.market.OrderBook;

import java.util.List;

/**
 * One book channel of one instrument on one connection ({@code books:BTC-USDT}, {@code books5:BTC-USDT} are two):
 * the generic {@link OrderBook} plus the resync state the adapter keeps. Message thread only.
 */
final class OkxBook
{
    final OrderBook book;
    final int kind;
    final String channel;
    final OkxArgs resyncArgs;
    boolean resyncing;
    int resyncAttempt;
    long retryAtNs;
    boolean retryPending;

    OkxBook(final int venueId, final int instrumentId, final int kind, final String channel)
    {
        this.book = new OrderBook(venueId, instrumentId);
        this.kind = kind;
        this.channel = channel;
        this.resyncArgs = new OkxArgs(List.of(channel), true);
    }

    @Override
    public String toString()
    {
        return "OkxBook{" + channel + ", live=" + book.isLive() + ", resyncing=" + resyncing + ", last=" +
            book.lastSequence() + '}';
    }
}
