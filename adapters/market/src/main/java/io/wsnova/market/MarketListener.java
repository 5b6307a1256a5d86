package io.wsnova.market;

/**
 * Receives the normalized events of one or more venue adapters, one method per event type. Every callback runs on
 * the thread the adapter names (the connection's message thread for market data), one event at a time, and must
 * not block. The objects are pooled: valid during the call only. Every method does nothing by default.
 */
public interface MarketListener
{
    /**
     * A trade.
     *
     * @param trade the trade.
     */
    default void onTrade(final Trade trade)
    {
    }

    /**
     * A book message was applied.
     *
     * @param update the message just applied (snapshot or delta).
     * @param book   the book after it.
     */
    default void onBook(final BookUpdate update, final OrderBook book)
    {
    }

    /**
     * The venue's best bid and ask.
     *
     * @param top the top of book.
     */
    default void onTopOfBook(final TopOfBook top)
    {
    }

    /**
     * A derivatives ticker.
     *
     * @param ticker the ticker.
     */
    default void onTicker(final DerivativesTicker ticker)
    {
    }

    /**
     * A liquidation.
     *
     * @param liquidation the liquidation.
     */
    default void onLiquidation(final Liquidation liquidation)
    {
    }

    /**
     * A gap or status change.
     *
     * @param status the status.
     */
    default void onStatus(final FeedStatus status)
    {
    }
}
