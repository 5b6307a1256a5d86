package io.wsnova.engine.client;

import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Subscription;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One channel's subscription. Every field but {@link #state} and {@link #failure} is written and read under the
 * {@link Subscriptions} lock; those two are volatile so that anyone may read them.
 */
final class SubscriptionState implements Subscription
{
    private final String channel;
    private final Map<String, ?> params;
    private volatile State state = State.PENDING;
    private volatile RequestException failure;
    /** What the user asked for: true from subscribe until unsubscribe, close or a final refusal. */
    boolean wanted = true;
    /** Whether the venue ever confirmed it (a drop makes it pending again, not new). */
    boolean everConfirmed;
    /** The token of the subscribe request in flight whose answer decides this channel, or 0. */
    long token;
    /** The user's future while not confirmed; a fresh one after each loss of the confirmation. */
    CompletableFuture<Subscription> future = new CompletableFuture<>();

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
        failure = null;
        state = State.UNSUBSCRIBED;
    }

    @Override
    public String toString()
    {
        return "Subscription{" + channel + " " + state + (failure == null ? "" : " " + failure.getMessage()) + "}";
    }
}
