package io.wsnova.adapters.okx;

import io.wsnova.market.OrderBook;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One book channel of one instrument on one connection ({@code books:BTC-USDT}, {@code books5:BTC-USDT} are two):
 * the generic {@link OrderBook} plus the resync state the adapter keeps. Message thread only, except
 * {@link #retryTicket}, which the retry timer of {@link OkxBookSync} takes.
 */
final class OkxBook
{
    final OrderBook book;
    final int kind;
    final String channel;
    final OkxArgs resyncArgs;
    boolean resyncing;
    int resyncAttempt;
    /** The ticket of the scheduled retry of a refused resync, 0 for none; the timer sends only if it takes it. */
    final AtomicInteger retryTicket = new AtomicInteger();
    int retryGeneration;

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
