package io.wsnova.adapters.deribit;

import io.wsnova.engine.behaviour.InboundMessage;

/**
 * Receives Deribit market data decoded by {@link DeribitAdapter}. Every method runs on the connection's message
 * thread (the reader, or the handler thread of a queued pipeline), one message at a time, and must not block.
 * The objects passed in are pooled: they are valid during the call only and are overwritten by the next message,
 * so copy what must outlive the call (an order book is the same object for its channel's whole life, but it is
 * updated by the message thread). Every method defaults to doing nothing. The one exception to the thread rule is
 * {@link #onBookStatus}, which also reports what happens without any message (a dropped connection, a resync
 * deadline, an escalation).
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
     * A book's state changed ({@link DeribitBookStatus}): every change is reported here and counted
     * ({@link DeribitOrderBook#statusCount}, {@link DeribitAdapter#bookStatusCount}). Called on the message thread
     * for changes a message caused (a snapshot applied, a gap, an unapplicable notification), on the connection's
     * event thread for {@link DeribitBookStatus#STALE_ON_DISCONNECT}, and on the adapter's book timer thread for
     * resync requests, deadlines, escalation and giving up; so it may run beside a market-data callback of the same
     * connection. Read only the book's thread-safe accessors here ({@link DeribitOrderBook#channel()},
     * {@link DeribitOrderBook#isStale()}, the counters); must not block. A listener that throws off the message
     * thread is counted and ignored.
     *
     * @param book   the book; {@link DeribitOrderBook#channel()} names the channel.
     * @param status what happened.
     */
    default void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus status)
    {
    }

    /**
     * A book was found inconsistent by its data (a missed notification, a change before any snapshot, an
     * unrepresentable price, an undecodable notification): it is now stale, the resync has been counted
     * ({@link DeribitOrderBook#resyncCount()}) and the adapter has the venue start the channel over;
     * {@link #onBook} follows with the new snapshot. The whole lifecycle, tries and escalation included, is
     * reported to {@link #onBookStatus}; this call comes right after its {@link DeribitBookStatus#GAP_DETECTED} or
     * {@link DeribitBookStatus#UNAPPLICABLE}. Message thread.
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
