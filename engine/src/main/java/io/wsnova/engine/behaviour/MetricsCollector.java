package io.wsnova.engine.behaviour;

/**
 * Metrics behaviour: connection, message and error events as primitives. {@link #onMessageReceived} and
 * {@link #onMessageSent} run on hot paths and must not allocate or block.
 */
public interface MetricsCollector
{
    /**
     * Connection lifecycle events.
     */
    enum ConnectionEvent
    {
        /** Connected; value = connect duration in ns. */
        OPENED,
        /** Disconnected; value = the close code. */
        CLOSED,
        /** Reconnected; value = downtime in ns. */
        RECONNECTED,
        /** Authenticated; value = round trip in ns. */
        AUTHENTICATED
    }

    /**
     * A connection event.
     *
     * @param connectionId the connection.
     * @param event        what happened.
     * @param value        the event's measurement (see {@link ConnectionEvent}).
     */
    void onConnectionEvent(long connectionId, ConnectionEvent event, long value);

    /**
     * A message was received.
     *
     * @param connectionId the connection.
     * @param length       payload bytes.
     */
    void onMessageReceived(long connectionId, int length);

    /**
     * A message was sent. Called by every sending thread, possibly at the same time.
     *
     * @param connectionId the connection.
     * @param length       frame bytes.
     */
    void onMessageSent(long connectionId, int length);

    /**
     * An error was counted.
     *
     * @param connectionId the connection.
     * @param category     its category.
     */
    void onError(long connectionId, ErrorHandler.Category category);
}
