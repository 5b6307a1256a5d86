package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The default {@link MetricsCollector}: counters, readable from any thread. Receive counters have one writer (the
 * message thread) and use ordered writes; send counters have many (every sending thread) and add atomically.
 */
public class DefaultMetricsCollector implements MetricsCollector
{
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLongArray connectionEvents = new AtomicLongArray(ConnectionEvent.values().length);
    private final AtomicLongArray errors = new AtomicLongArray(FailurePolicy.Category.values().length);
    private final AtomicLongArray subscriptionEvents = new AtomicLongArray(SubscriptionEvent.values().length);
    private final AtomicLongArray rateLimitEvents = new AtomicLongArray(RateLimitEvent.values().length);

    /**
     * Creates zeroed counters.
     */
    public DefaultMetricsCollector()
    {
    }

    @Override
    public void onConnectionEvent(final long connectionId, final ConnectionEvent event, final long value)
    {
        connectionEvents.incrementAndGet(event.ordinal());
    }

    @Override
    public void onMessageReceived(final long connectionId, final int length)
    {
        messagesReceived.lazySet(messagesReceived.get() + 1);
        bytesReceived.lazySet(bytesReceived.get() + length);
    }

    @Override
    public void onMessageSent(final long connectionId, final int length)
    {
        // Any thread may send, and the send lock is released before this runs: several writers, so add atomically.
        messagesSent.incrementAndGet();
        bytesSent.addAndGet(length);
    }

    @Override
    public void onError(final long connectionId, final FailurePolicy.Category category)
    {
        errors.incrementAndGet(category.ordinal());
    }

    @Override
    public void onSubscriptionEvent(final long connectionId, final SubscriptionEvent event, final String channel)
    {
        subscriptionEvents.incrementAndGet(event.ordinal());
    }

    @Override
    public void onRateLimitEvent(final long connectionId, final RateLimitEvent event, final Operation operation)
    {
        rateLimitEvents.incrementAndGet(event.ordinal());
    }

    /**
     * Messages received.
     *
     * @return the count.
     */
    public long messagesReceived()
    {
        return messagesReceived.get();
    }

    /**
     * Payload bytes received.
     *
     * @return the count.
     */
    public long bytesReceived()
    {
        return bytesReceived.get();
    }

    /**
     * Messages sent.
     *
     * @return the count.
     */
    public long messagesSent()
    {
        return messagesSent.get();
    }

    /**
     * Frame bytes sent.
     *
     * @return the count.
     */
    public long bytesSent()
    {
        return bytesSent.get();
    }

    /**
     * How often a connection event happened.
     *
     * @param event the event.
     * @return the count.
     */
    public long connectionEvents(final ConnectionEvent event)
    {
        return connectionEvents.get(event.ordinal());
    }

    /**
     * Errors of a category.
     *
     * @param category the category.
     * @return the count.
     */
    public long errors(final FailurePolicy.Category category)
    {
        return errors.get(category.ordinal());
    }

    /**
     * How often a subscription event happened.
     *
     * @param event the event.
     * @return the count.
     */
    public long subscriptionEvents(final SubscriptionEvent event)
    {
        return subscriptionEvents.get(event.ordinal());
    }

    /**
     * How often a rate-limit event happened.
     *
     * @param event the event.
     * @return the count.
     */
    public long rateLimitEvents(final RateLimitEvent event)
    {
        return rateLimitEvents.get(event.ordinal());
    }
}
