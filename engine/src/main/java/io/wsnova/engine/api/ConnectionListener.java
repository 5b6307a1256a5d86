package io.wsnova.engine.api;

/**
 * Lifecycle events of a {@link Connection}. Listeners run on the connection's event thread, never on the reader's
 * hot path; events of one connection arrive in order. A listener that throws is counted and reported to the error
 * handler; it harms neither the connection nor the other listeners. Every method defaults to doing nothing.
 */
public interface ConnectionListener
{
    /**
     * The connection opened (the first time).
     *
     * @param connection the connection.
     */
    default void onConnected(final Connection connection)
    {
    }

    /**
     * The WebSocket ended.
     *
     * @param connection the connection.
     * @param status     how it ended.
     */
    default void onDisconnected(final Connection connection, final CloseStatus status)
    {
    }

    /**
     * A reconnect attempt is scheduled.
     *
     * @param connection the connection.
     * @param attempt    the attempt number, from 1.
     * @param delayMs    the backoff before it.
     */
    default void onReconnecting(final Connection connection, final int attempt, final long delayMs)
    {
    }

    /**
     * Reconnected, with authentication and subscriptions restored.
     *
     * @param connection the connection.
     */
    default void onReconnected(final Connection connection)
    {
    }

    /**
     * The connection gave up reconnecting: the attempts ran out, or the failure policy refused a reconnect after a
     * drop the user did not ask for. {@link #onClosed} follows.
     *
     * @param connection the connection.
     * @param attempts   reconnect attempts made in this series (0 when the failure policy refused the first).
     * @param status     the last failure.
     */
    default void onGaveUp(final Connection connection, final int attempts, final CloseStatus status)
    {
    }

    /**
     * The connection reached its terminal state CLOSED: no further events follow.
     *
     * @param connection the connection.
     * @param status     how it ended.
     */
    default void onClosed(final Connection connection, final CloseStatus status)
    {
    }

    /**
     * Authentication succeeded.
     *
     * @param connection the connection.
     */
    default void onAuthenticated(final Connection connection)
    {
    }

    /**
     * A subscription was confirmed.
     *
     * @param connection   the connection.
     * @param subscription the subscription.
     */
    default void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
    {
    }

    /**
     * A subscription failed.
     *
     * @param connection   the connection.
     * @param subscription the subscription, with its failure.
     */
    default void onSubscriptionFailed(final Connection connection, final Subscription subscription)
    {
    }

    /**
     * An error that did not end the connection (a malformed message, a late response...).
     *
     * @param connection the connection.
     * @param message    what happened.
     * @param cause      the exception, or null.
     */
    default void onError(final Connection connection, final String message, final Throwable cause)
    {
    }
}
