package io.wsnova.adapters.deribit;

import io.wsnova.engine.Connection;
import io.wsnova.engine.Response;
import io.wsnova.engine.Subscription;
import io.wsnova.engine.behaviour.JsonPayload;
import io.wsnova.engine.behaviour.Operation;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Has the venue start a book's channel over, so that its first notification is a new snapshot:
 * {@code public/unsubscribe} then {@code public/subscribe} of the one channel, sent as plain requests
 * ({@link Connection#request(String, JsonPayload, Operation)}), outside the engine's subscription manager. The
 * user's {@link Subscription}, its future and its state are never touched, so a resync cannot race with the
 * user's own subscribe or unsubscribe; the engine's restore after a reconnect is unaffected too.
 * <p>
 * Venue state: the requests go out in order on the one socket, so the venue ends subscribed. If the user
 * unsubscribed the channel meanwhile (checked after the subscribe is answered), the channel is unsubscribed again,
 * so the venue ends in the state the user asked for. A resync is not started at all for a channel the user no
 * longer subscribes. Requests are made from the book timer's thread; their answers complete on the connection's
 * event thread; the message thread never waits for the venue.
 */
final class DeribitResubscriber
{
    static final String SUBSCRIBE_METHOD = "public/subscribe";
    static final String UNSUBSCRIBE_METHOD = "public/unsubscribe";

    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong undone = new AtomicLong();

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
     * Starts the unsubscribe and subscribe of the book's channel.
     *
     * @param connection the connection the book's notifications arrive on.
     * @param book       the stale book.
     * @param outcome    told true when the venue confirmed the subscribe, false when a request failed or was
     *                   refused (event thread).
     */
    void resubscribe(final Connection connection, final DeribitOrderBook book, final Consumer<Boolean> outcome)
    {
        requested.incrementAndGet();
        final String channel = book.channel();
        final JsonPayload channels = encoder -> encoder.startObject().name("channels").startArray().string(channel)
            .endArray().endObject();
        connection.request(UNSUBSCRIBE_METHOD, channels, Operation.UNSUBSCRIBE)
            .handle((unsubscribed, error) -> channel)
            .thenCompose(ignore -> connection.request(SUBSCRIBE_METHOD, channels, Operation.SUBSCRIBE))
            .whenComplete((response, error) ->
            {
                final boolean confirmed = error == null && isConfirmed(channel, response);
                if (!confirmed)
                {
                    failed.incrementAndGet();
                }
                else if (!isWanted(connection, channel))
                {
                    undone.incrementAndGet();
                    connection.request(UNSUBSCRIBE_METHOD, channels, Operation.UNSUBSCRIBE);
                }
                outcome.accept(confirmed);
            });
    }

    private static boolean isConfirmed(final String channel, final Response response)
    {
        return response != null && DeribitSubscriptionHandler.INSTANCE.isConfirmed(channel, response);
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

    /**
     * Channels unsubscribed again because the user unsubscribed while the resync was in flight.
     *
     * @return the count.
     */
    long undone()
    {
        return undone.get();
    }
}
