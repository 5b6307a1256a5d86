package io.wsnova.mock.deribit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a {@link MockDeribitExchange}, for tests and the demo. Any thread may read; values may move
 * while being read. Counters survive {@link MockDeribitExchange#restart()}.
 */
public final class MockDeribitStats
{
    final AtomicLong connectionsAccepted = new AtomicLong();
    final AtomicLong connectionsOpen = new AtomicLong();
    final AtomicLong upgradesRefused = new AtomicLong();
    final AtomicLong requestsReceived = new AtomicLong();
    final AtomicLong inputIgnored = new AtomicLong();
    final AtomicLong authSuccesses = new AtomicLong();
    final AtomicLong authFailures = new AtomicLong();
    final AtomicLong tooManyRequests = new AtomicLong();
    final AtomicLong closedForTooManyRequests = new AtomicLong();
    final AtomicLong heartbeatsSent = new AtomicLong();
    final AtomicLong heartbeatsAnswered = new AtomicLong();
    final AtomicLong heartbeatTimeouts = new AtomicLong();
    final AtomicLong notificationsSent = new AtomicLong();
    final AtomicLong notificationsSkipped = new AtomicLong();
    final AtomicLong eventsDropped = new AtomicLong();
    final AtomicLong bookGapsInjected = new AtomicLong();
    final AtomicLong malformedSent = new AtomicLong();
    final AtomicLong unknownMethodsSent = new AtomicLong();
    final AtomicLong errorsSent = new AtomicLong();
    final AtomicLong callbackErrors = new AtomicLong();
    final AtomicLong ordersAccepted = new AtomicLong();

    private final Map<String, MockChannel> channelByNameMap;

    MockDeribitStats(final Map<String, MockChannel> channelByNameMap)
    {
        this.channelByNameMap = channelByNameMap;
    }

    /**
     * WebSocket connections opened (upgrades accepted).
     *
     * @return the count.
     */
    public long connectionsAccepted()
    {
        return connectionsAccepted.get();
    }

    /**
     * Connections open now.
     *
     * @return the count.
     */
    public long connectionsOpen()
    {
        return connectionsOpen.get();
    }

    /**
     * Upgrades refused with HTTP 503 during maintenance.
     *
     * @return the count.
     */
    public long upgradesRefused()
    {
        return upgradesRefused.get();
    }

    /**
     * Text frames received and handled as requests.
     *
     * @return the count.
     */
    public long requestsReceived()
    {
        return requestsReceived.get();
    }

    /**
     * Frames received and ignored during {@link MockDeribitExchange#silence(long)}.
     *
     * @return the count.
     */
    public long inputIgnored()
    {
        return inputIgnored.get();
    }

    /**
     * Successful {@code public/auth} calls (all grants).
     *
     * @return the count.
     */
    public long authSuccesses()
    {
        return authSuccesses.get();
    }

    /**
     * Failed {@code public/auth} calls.
     *
     * @return the count.
     */
    public long authFailures()
    {
        return authFailures.get();
    }

    /**
     * {@code too_many_requests} (10028) errors sent.
     *
     * @return the count.
     */
    public long tooManyRequests()
    {
        return tooManyRequests.get();
    }

    /**
     * Connections closed by the mock for exceeding the credit limit.
     *
     * @return the count.
     */
    public long closedForTooManyRequests()
    {
        return closedForTooManyRequests.get();
    }

    /**
     * Heartbeat {@code test_request} notifications sent.
     *
     * @return the count.
     */
    public long heartbeatsSent()
    {
        return heartbeatsSent.get();
    }

    /**
     * {@code test_request}s answered by {@code public/test}.
     *
     * @return the count.
     */
    public long heartbeatsAnswered()
    {
        return heartbeatsAnswered.get();
    }

    /**
     * Connections closed because a {@code test_request} went unanswered.
     *
     * @return the count.
     */
    public long heartbeatTimeouts()
    {
        return heartbeatTimeouts.get();
    }

    /**
     * Subscription notifications sent on all channels.
     *
     * @return the count.
     */
    public long notificationsSent()
    {
        return notificationsSent.get();
    }

    /**
     * Notifications skipped because a connection's outgoing queue was above the bound.
     *
     * @return the count.
     */
    public long notificationsSkipped()
    {
        return notificationsSkipped.get();
    }

    /**
     * Market events the generator dropped because it fell more than its catch-up bound behind.
     *
     * @return the count.
     */
    public long eventsDropped()
    {
        return eventsDropped.get();
    }

    /**
     * Book gaps injected and applied (one skipped change id each).
     *
     * @return the count.
     */
    public long bookGapsInjected()
    {
        return bookGapsInjected.get();
    }

    /**
     * Malformed frames sent by {@link MockDeribitExchange#injectMalformed(int)}, counted per connection.
     *
     * @return the count.
     */
    public long malformedSent()
    {
        return malformedSent.get();
    }

    /**
     * Unknown-method notifications sent by {@link MockDeribitExchange#injectUnknownMethods(int)}, per connection.
     *
     * @return the count.
     */
    public long unknownMethodsSent()
    {
        return unknownMethodsSent.get();
    }

    /**
     * JSON-RPC error responses sent.
     *
     * @return the count.
     */
    public long errorsSent()
    {
        return errorsSent.get();
    }

    /**
     * Exceptions caught in server callbacks (each answered with a JSON-RPC error where a request was known).
     *
     * @return the count.
     */
    public long callbackErrors()
    {
        return callbackErrors.get();
    }

    /**
     * Orders accepted by {@code private/buy} and {@code private/sell}.
     *
     * @return the count.
     */
    public long ordersAccepted()
    {
        return ordersAccepted.get();
    }

    /**
     * Notifications sent on one channel.
     *
     * @param channel a channel name, e.g. {@code ticker.BTC-PERPETUAL.100ms}.
     * @return the count, 0 for a channel the mock does not serve.
     */
    public long messagesSent(final String channel)
    {
        final MockChannel mockChannel = channelByNameMap.get(channel);
        return mockChannel == null ? 0 : mockChannel.messagesSent.get();
    }
}
