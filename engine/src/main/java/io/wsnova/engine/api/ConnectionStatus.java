package io.wsnova.engine.api;

/**
 * Lifecycle of a {@link Connection}: one object for the whole life, across reconnects.
 */
public enum ConnectionStatus
{
    /** Opening the first WebSocket. */
    CONNECTING,
    /** Open (and authenticated, when credentials were given). */
    CONNECTED,
    /** The WebSocket dropped; reconnecting with backoff. */
    RECONNECTING,
    /** Closing at the application's request. */
    CLOSING,
    /** Ended: closed by the application, or failed without (further) reconnection. Terminal. */
    CLOSED
}
