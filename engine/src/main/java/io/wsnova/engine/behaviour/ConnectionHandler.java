package io.wsnova.engine.behaviour;


import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;

/**
 * The venue's session set-up and lifecycle hooks: what to do once a connection is open (e.g. Deribit's
 * {@code public/set_heartbeat}, after every connect and reconnect), when it drops, when a timeout fires, and a
 * look at every frame. Not a handler of the socket itself: the transport owns that. Every method has a default
 * that does nothing, so an adapter overrides only what it needs. {@link #onFrame} runs on the message path (reader
 * or handler thread) and must not allocate; the other callbacks run on the connection's event thread.
 */
public interface ConnectionHandler
{
    /**
     * Called once when the connection object is created, before the first connect.
     *
     * @param connection the connection.
     */
    default void init(final Connection connection)
    {
    }

    /**
     * The WebSocket is open (after every connect, the first and each reconnect).
     *
     * @param connection the connection.
     */
    default void onConnect(final Connection connection)
    {
    }

    /**
     * The WebSocket ended.
     *
     * @param connection the connection.
     * @param status     how it ended.
     */
    default void onDisconnect(final Connection connection, final CloseStatus status)
    {
    }

    /**
     * Every received message, before the message handler: for raw observation (e.g. sequence checks).
     * Message path: must not allocate or block.
     *
     * @param message the message, valid during the call.
     */
    default void onFrame(final InboundMessage message)
    {
    }

    /**
     * The application-level heartbeat the engine runs on this connection (Bybit's {@code {"op":"ping"}}, OKX's
     * text {@code ping}, a Coinbase {@code heartbeats} channel): sent every interval from each connect and
     * reconnect on, answers consumed and counted, an answer later than the deadline fails the connection with
     * {@link io.wsnova.engine.api.DisconnectReason#HEARTBEAT_TIMEOUT}. Called once per connection, when the
     * connection is created (caller's thread).
     *
     * @return the heartbeat, or null (the default) for none.
     */
    default AppHeartbeat appHeartbeat()
    {
        return null;
    }

    /**
     * A timeout fired: a request without response, a subscription left pending, a silent connection.
     *
     * @param connection the connection.
     * @param what       what timed out, e.g. {@code "request 42 public/get_time"}.
     */
    default void onTimeout(final Connection connection, final String what)
    {
    }
}
