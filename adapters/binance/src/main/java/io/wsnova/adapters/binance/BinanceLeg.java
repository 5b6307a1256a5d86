package io.wsnova.adapters.binance;

import io.wsnova.engine.api.Connection;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

/**
 * One connection of a {@link BinanceFeed}: its own adapter (books, trade dedupe, sync) whose events this listener
 * hands to the feed's {@link BinanceHandover}, tagged with the leg they came from. Called on the leg's message
 * thread (statuses of a disconnect on its event thread).
 */
final class BinanceLeg implements MarketListener
{
    final int number;
    final BinanceAdapter adapter;
    private final BinanceFeed feed;
    private final BinanceHandover handover;
    /** The leg's connection once open (written by the connect callback, read by any thread). */
    volatile Connection connection;
    /** Bumped at every reconnect of the leg's connection (its age starts over). */
    volatile int socketEpoch;

    BinanceLeg(final BinanceFeed feed, final BinanceAdapter parent, final BinanceHandover handover, final int number)
    {
        this.feed = feed;
        this.handover = handover;
        this.number = number;
        this.adapter = parent.forLeg(this);
    }

    void onTrade(final Trade trade, final boolean aggregate)
    {
        handover.onTrade(this, trade, aggregate);
    }

    void onServerShutdown()
    {
        feed.beginHandover(this, io.wsnova.market.FeedReason.SERVER_SHUTDOWN);
    }

    @Override
    public void onTrade(final Trade trade)
    {
        handover.onTrade(this, trade, false);
    }

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        handover.onBook(this, update, book);
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        handover.onTopOfBook(this, top);
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        handover.onTicker(this, ticker);
    }

    @Override
    public void onLiquidation(final Liquidation liquidation)
    {
        handover.onLiquidation(this, liquidation);
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        handover.onStatus(this, status);
    }

    @Override
    public String toString()
    {
        return "BinanceLeg{" + number + ", connection=" + connection + '}';
    }
}
