package io.wsnova.mock.deribit;

import java.util.Set;

/**
 * A live, read-only view of one connection to the mock exchange. Counters are read with volatile semantics and
 * may move while being read; any thread may call.
 */
public interface MockConnectionStats
{
    /**
     * The mock's number for this connection, 1 for the first one accepted.
     *
     * @return the connection number.
     */
    long connectionId();

    /**
     * Whether the connection is still open.
     *
     * @return true until the connection closed.
     */
    boolean isOpen();

    /**
     * The client id the connection authenticated as.
     *
     * @return the client id, or null before a successful {@code public/auth}.
     */
    String clientId();

    /**
     * The channels subscribed now.
     *
     * @return a copy of the channel names.
     */
    Set<String> subscriptions();

    /**
     * Requests received (including rejected ones), not counting input ignored during {@code silence}.
     *
     * @return the count.
     */
    long requestsReceived();

    /**
     * Frames sent: responses, notifications, heartbeats and injected frames.
     *
     * @return the count.
     */
    long messagesSent();

    /**
     * Notifications not sent because the connection's outgoing queue was above its bound.
     *
     * @return the count.
     */
    long notificationsSkipped();

    /**
     * Heartbeat {@code test_request} notifications sent.
     *
     * @return the count.
     */
    long heartbeatsSent();

    /**
     * {@code public/test} calls that answered an outstanding {@code test_request}.
     *
     * @return the count.
     */
    long heartbeatsAnswered();

    /**
     * {@code too_many_requests} (10028) errors sent.
     *
     * @return the count.
     */
    long tooManyRequests();
}
