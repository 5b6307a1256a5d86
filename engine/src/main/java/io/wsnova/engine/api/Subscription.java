package io.wsnova.engine.api;

import java.util.Map;

/**
 * A channel subscription of a connection and its state. The engine restores confirmed and pending subscriptions
 * after a reconnect.
 */
public interface Subscription
{
    /**
     * Subscription states.
     */
    enum State
    {
        /** Requested, no confirmation yet. */
        PENDING,
        /** The venue confirmed it. */
        CONFIRMED,
        /** The venue refused it, or it timed out. */
        FAILED,
        /** Unsubscribed by the application. */
        UNSUBSCRIBED
    }

    /**
     * The channel.
     *
     * @return the channel name.
     */
    String channel();

    /**
     * The params it was requested with.
     *
     * @return an immutable map.
     */
    Map<String, ?> params();

    /**
     * The current state.
     *
     * @return the state.
     */
    State state();

    /**
     * Why it failed.
     *
     * @return the failure, or null unless {@link State#FAILED}.
     */
    RequestException failure();
}
