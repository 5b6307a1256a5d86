package io.wsnova.engine.client;

import io.wsnova.engine.RequestException;
import io.wsnova.engine.Subscription;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One channel's subscription: written on the event thread (state changes) and by the subscribing thread
 * (creation); read by anyone.
 */
final class SubscriptionState implements Subscription
{
    private final String channel;
    private final Map<String, ?> params;
    private volatile State state = State.PENDING;
    private volatile RequestException failure;
    volatile CompletableFuture<Subscription> future = new CompletableFuture<>();

    SubscriptionState(final String channel, final Map<String, ?> params)
    {
        this.channel = channel;
        // Keeps the caller's order: some venues sign their params, so the bytes on the wire must be stable.
        this.params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    @Override
    public String channel()
    {
        return channel;
    }

    @Override
    public Map<String, ?> params()
    {
        return params;
    }

    @Override
    public State state()
    {
        return state;
    }

    @Override
    public RequestException failure()
    {
        return failure;
    }

    void confirmed()
    {
        failure = null;
        state = State.CONFIRMED;
    }

    void failed(final RequestException reason)
    {
        failure = reason;
        state = State.FAILED;
    }

    void pending()
    {
        failure = null;
        state = State.PENDING;
    }

    void unsubscribed()
    {
        state = State.UNSUBSCRIBED;
    }

    @Override
    public String toString()
    {
        return "Subscription{" + channel + " " + state + (failure == null ? "" : " " + failure.getMessage()) + "}";
    }
}
