package io.wsnova.engine.api;

/**
 * What a request does, for per-operation rate limiting: venues cost subscriptions, authentication, queries and
 * orders differently. Ping, pong and close frames are never rate-limited.
 */
public enum Operation
{
    /** A subscribe request. */
    SUBSCRIBE,
    /** An unsubscribe request. */
    UNSUBSCRIBE,
    /** Authentication or token refresh. */
    AUTH,
    /** A query (time, instruments, positions...). */
    QUERY,
    /** Order entry (buy, sell, cancel). */
    ORDER,
    /** Anything else the application sends. */
    DEFAULT
}
