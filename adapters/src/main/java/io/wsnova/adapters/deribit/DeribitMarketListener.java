package io.wsnova.adapters.deribit;

import io.wsnova.engine.behaviour.InboundMessage;

/**
 * Receives Deribit market data decoded by {@link DeribitAdapter}. Every method runs on the connection's message
 * thread (the reader, or the handler thread of a queued pipeline), one message at a time, and must not block.
 * The objects passed in are pooled: they are valid during the call only and are overwritten by the next message,
 * so copy what must outlive the call (an order book is the same object for its channel's whole life, but it is
 * updated by the message thread). Every method defaults to doing nothing.
 */
public interface DeribitMarketListener
{
    /**
     * A ticker notification on a {@code ticker.{instrument}.{interval}} channel.
     *
     * @param ticker the decoded ticker, valid during the call.
     */
    default void onTicker(final DeribitTicker ticker)
    {
    }

    /**
     * An update on a {@code book.*} channel has been applied to the channel's book: a snapshot
     * ({@link DeribitOrderBook#isSnapshot()}) or a change whose {@code prev_change_id} matched. Not called for
     * changes dropped while the book is stale.
     *
     * @param book the book after the update; read it during the call.
     */
    default void onBook(final DeribitOrderBook book)
    {
    }

    /**
     * A book was found inconsistent (a missed notification, a change before any snapshot, an unrepresentable
     * price): it is now stale, the resync has been counted ({@link DeribitOrderBook#resyncCount()}) and the
     * adapter is subscribing its channel afresh; {@link #onBook} follows with the new snapshot.
     *
     * @param book   the stale book; {@link DeribitOrderBook#channel()} names the channel.
     * @param reason why.
     */
    default void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
    {
    }

    /**
     * One trade of a {@code trades.*} notification; a notification carrying N trades calls this N times, in order.
     *
     * @param trade the decoded trade, valid during the call.
     */
    default void onTrade(final DeribitTrade trade)
    {
    }

    /**
     * A {@code quote.{instrument}} notification.
     *
     * @param quote the decoded best bid and ask, valid during the call.
     */
    default void onQuote(final DeribitQuote quote)
    {
    }

    /**
     * A notification on a channel the adapter does not decode, or any other message that is neither a response
     * nor a heartbeat: delivered raw, never dropped silently.
     *
     * @param message the raw message, valid during the call.
     */
    default void onRaw(final InboundMessage message)
    {
    }
}
