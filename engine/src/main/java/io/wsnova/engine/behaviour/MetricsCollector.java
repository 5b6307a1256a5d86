package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;

import io.wsnova.engine.api.DisconnectReason;

/**
 * The application's listener for the telemetry events of a connection, each with its measurements filled in,
 * delivered as a direct call with primitives and enums. Nothing is allocated to deliver an event, and nothing is
 * queued: the collector runs on the thread where the event happened (named on each method), so it must neither block
 * nor allocate on the hot-path methods ({@link #onMessageReceived}, {@link #onMessageSent}, and {@link #onError} for
 * malformed messages). A collector that wants events on another thread copies the primitives into its own ring
 * buffer. Every method defaults to doing nothing; the engine's own counters and latency histograms
 * ({@code io.wsnova.engine.telemetry.Telemetry}) do not depend on the collector.
 * <p>
 * The lifecycle events also arrive, by default, in the coarse form {@link #onConnectionEvent} (one value per
 * event), so collectors written against that form keep working.
 */
public interface MetricsCollector
{
    /**
     * Connection lifecycle events, the coarse form.
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
     * Subscription events.
     */
    enum SubscriptionEvent
    {
        /** Confirmed again while the connection restored its subscriptions after a reconnect. */
        RESTORED,
        /** Refused by the venue, failed to send, or failed because the connection ended. */
        FAILED
    }

    /**
     * Rate-limit events.
     */
    enum RateLimitEvent
    {
        /** A request entered the rate-limit queue: the limiter said wait. */
        QUEUED,
        /** The head of the queue was checked again and must still wait (a timer is set for it). */
        WAITED,
        /** A request was refused: the limiter said reject, or the queue was full. */
        REJECTED
    }

    /**
     * A lifecycle event in the coarse form. By default every specific lifecycle method below calls this one.
     * Called on the connection's event thread.
     *
     * @param connectionId the connection.
     * @param event        what happened.
     * @param value        the event's measurement (see {@link ConnectionEvent}).
     */
    default void onConnectionEvent(final long connectionId, final ConnectionEvent event, final long value)
    {
    }

    /**
     * The connection opened for the first time. Event thread.
     *
     * @param connectionId      the connection.
     * @param connectDurationNs from the start of the connect (DNS, TCP, TLS, upgrade) to open, in ns.
     */
    default void onConnectionOpened(final long connectionId, final long connectDurationNs)
    {
        onConnectionEvent(connectionId, ConnectionEvent.OPENED, connectDurationNs);
    }

    /**
     * A WebSocket of the connection ended (a reconnect may follow). Event thread.
     *
     * @param connectionId the connection.
     * @param reason       why it ended.
     * @param closeCode    the close code received or sent, 1006 when there was no close frame.
     */
    default void onConnectionClosed(final long connectionId, final DisconnectReason reason, final int closeCode)
    {
        onConnectionEvent(connectionId, ConnectionEvent.CLOSED, closeCode);
    }

    /**
     * The connection is open again, with authentication and subscriptions restored. Event thread.
     *
     * @param connectionId the connection.
     * @param attempt      the attempt that succeeded, from 1.
     * @param downtimeNs   from the drop to the end of the restore, in ns.
     */
    default void onReconnected(final long connectionId, final int attempt, final long downtimeNs)
    {
        onConnectionEvent(connectionId, ConnectionEvent.RECONNECTED, downtimeNs);
    }

    /**
     * Authentication succeeded. Event thread.
     *
     * @param connectionId the connection.
     * @param roundTripNs  from sending the auth request to the accepted answer, in ns.
     */
    default void onAuthenticated(final long connectionId, final long roundTripNs)
    {
        onConnectionEvent(connectionId, ConnectionEvent.AUTHENTICATED, roundTripNs);
    }

    /**
     * A message was received. Hot path: the message thread (the reader, or the handler thread of a queued
     * pipeline); must not allocate or block.
     *
     * @param connectionId the connection.
     * @param length       payload bytes.
     */
    default void onMessageReceived(final long connectionId, final int length)
    {
    }

    /**
     * A message was sent. Hot path: called by every sending thread, possibly at the same time; must not allocate
     * or block.
     *
     * @param connectionId the connection.
     * @param length       frame bytes written.
     */
    default void onMessageSent(final long connectionId, final int length)
    {
    }

    /**
     * A subscription was restored after a reconnect, or failed. Event thread.
     *
     * @param connectionId the connection.
     * @param event        what happened.
     * @param channel      the channel (the subscription's own string: nothing is allocated for the event).
     */
    default void onSubscriptionEvent(final long connectionId, final SubscriptionEvent event, final String channel)
    {
    }

    /**
     * The rate limiter queued, held back or refused a request. The thread that made the request, or the event
     * thread when the queue drains.
     *
     * @param connectionId the connection.
     * @param event        what happened.
     * @param operation    the request's operation.
     */
    default void onRateLimitEvent(final long connectionId, final RateLimitEvent event, final Operation operation)
    {
    }

    /**
     * An error was counted. The message thread for malformed messages (hot path: must not allocate), the event
     * thread otherwise.
     *
     * @param connectionId the connection.
     * @param category     its category.
     */
    default void onError(final long connectionId, final FailurePolicy.Category category)
    {
    }
}
