package io.wsnova.adapters.deribit;

import io.wsnova.engine.Connection;
import io.wsnova.engine.Subscription;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes a book's channel afresh after a resync: {@code unsubscribe} then {@code subscribe} with the params of
 * the original subscription, so that the venue starts the channel over with a snapshot. Requested from the message
 * thread, run on a virtual thread of its own (a resync is rare; the message thread never waits for the venue).
 * A resubscription that fails lets the book's next change ask again.
 */
final class DeribitResubscriber
{
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Starts the resubscription of the book's channel.
     *
     * @param connection the connection the book's notifications arrive on, or null (a handler driven without a
     *                   connection, e.g. in a test): nothing is sent.
     * @param book       the stale book.
     */
    void resubscribe(final Connection connection, final DeribitOrderBook book)
    {
        if (connection == null)
        {
            return;
        }
        requested.incrementAndGet();
        Thread.ofVirtual().name("wsnova-deribit-resync-" + connection.id()).start(() -> run(connection, book));
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
     * Resubscriptions whose subscribe failed.
     *
     * @return the count.
     */
    long failed()
    {
        return failed.get();
    }

    private void run(final Connection connection, final DeribitOrderBook book)
    {
        final String channel = book.channel();
        final Subscription existing = connection.subscription(channel);
        final Map<String, ?> params = existing == null ? null : existing.params();
        connection.unsubscribe(channel)
            .handle((unsubscribed, error) -> channel)
            .thenCompose(ignore -> connection.subscribe(channel, params))
            .whenComplete((subscribed, error) ->
            {
                if (error != null)
                {
                    failed.incrementAndGet();
                    book.resyncFailed();
                }
            });
    }
}
