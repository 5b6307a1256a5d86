package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Has the venue start a book's channel over, so that its first notification is a new snapshot: the engine's
 * {@link Connection#resubscribe(String)} sends {@code public/unsubscribe} then {@code public/subscribe} of the one
 * channel through the connection's subscription manager, which orders them with the user's own subscribe and
 * unsubscribe calls under one lock and never cancels or fails the user's subscribe future: the venue ends in the
 * state the user asked for, whatever overlaps the resync. A resync is not started at all for a channel the user no
 * longer subscribes. Requests are made from the book timer's thread; their answers complete on the connection's
 * event thread; the message thread never waits for the venue.
 */
final class DeribitResubscriber
{
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Whether the user still wants the channel: its subscription is pending or confirmed.
     *
     * @param connection the connection.
     * @param channel    the channel.
     * @return true when a resync may be made.
     */
    static boolean isWanted(final Connection connection, final String channel)
    {
        final Subscription subscription = connection.subscription(channel);
        if (subscription == null)
        {
            return false;
        }
        final Subscription.State state = subscription.state();
        return state == Subscription.State.PENDING || state == Subscription.State.CONFIRMED;
    }

    /**
     * Starts the channel over on the venue.
     *
     * @param connection the connection the book's notifications arrive on.
     * @param book       the stale book.
     * @param outcome    told true when the venue confirmed the subscribe again, false when it failed, was refused
     *                   or the user unsubscribed meanwhile (event thread).
     */
    void resubscribe(final Connection connection, final DeribitOrderBook book, final Consumer<Boolean> outcome)
    {
        requested.incrementAndGet();
        connection.resubscribe(book.channel()).whenComplete((subscription, error) ->
        {
            final boolean confirmed = error == null && subscription != null &&
                subscription.state() == Subscription.State.CONFIRMED;
            if (!confirmed)
            {
                failed.incrementAndGet();
            }
            outcome.accept(confirmed);
        });
    }

    /**
     * Resubscriptions started.
     *
     * @return the count.
     */
    long requested()
    {
        return requested.get();
    }

    /**
     * Resubscriptions whose subscribe failed or was refused.
     *
     * @return the count.
     */
    long failed()
    {
        return failed.get();
    }
}
