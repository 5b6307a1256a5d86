package io.wsnova.cli;

import io.wsnova.aeron.MarketPublisher;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The listener of {@code ./nova publish}: hands every event to the {@link MarketPublisher} and counts the market
 * events (not the statuses) towards {@code --count}. An adapter delivers market events on its message thread but may
 * report a status from its event or timer thread, while the publisher encodes into one reused buffer: one lock
 * (uncontended in the steady state, so it allocates nothing) keeps one event at a time in it.
 */
final class PublishingListener implements MarketListener
{
    private final MarketPublisher publisher;
    private final StreamOutput output;
    private final ReentrantLock lock = new ReentrantLock();

    PublishingListener(final MarketPublisher publisher, final StreamOutput output)
    {
        this.publisher = publisher;
        this.output = output;
    }

    @Override
    public void onTrade(final Trade trade)
    {
        lock.lock();
        try
        {
            publisher.onTrade(trade);
        }
        finally
        {
            lock.unlock();
        }
        output.count();
    }

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        lock.lock();
        try
        {
            publisher.onBook(update, book);
        }
        finally
        {
            lock.unlock();
        }
        output.count();
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        lock.lock();
        try
        {
            publisher.onTopOfBook(top);
        }
        finally
        {
            lock.unlock();
        }
        output.count();
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        lock.lock();
        try
        {
            publisher.onTicker(ticker);
        }
        finally
        {
            lock.unlock();
        }
        output.count();
    }

    @Override
    public void onLiquidation(final Liquidation liquidation)
    {
        lock.lock();
        try
        {
            publisher.onLiquidation(liquidation);
        }
        finally
        {
            lock.unlock();
        }
        output.count();
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        lock.lock();
        try
        {
            publisher.onStatus(status);
        }
        finally
        {
            lock.unlock();
        }
    }
}
