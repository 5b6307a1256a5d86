package io.wsnova.engine.client;

import io.wsnova.engine.ConnectionStatus;
import io.wsnova.engine.RequestException;
import io.wsnova.engine.Response;
import io.wsnova.engine.Subscription;
import io.wsnova.engine.behaviour.Operation;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscription manager of one connection: channel to {@link SubscriptionState} (pending, confirmed, failed,
 * unsubscribed), idempotent subscribe, confirmation through the {@link SubscriptionHandler}, and what happens to
 * subscriptions when the connection drops (confirmed ones become pending), reconnects (every pending one is
 * requested again; one that fails is reported on its own) or ends (pending ones fail with DISCONNECTED).
 * State changes run on the connection's event thread.
 */
final class Subscriptions
{
    private final ClientConnection connection;
    private final SubscriptionHandler subscriptionHandler;
    private final Map<String, SubscriptionState> byChannel = new ConcurrentHashMap<>();

    Subscriptions(final ClientConnection connection, final SubscriptionHandler subscriptionHandler)
    {
        this.connection = connection;
        this.subscriptionHandler = subscriptionHandler;
    }

    CompletableFuture<Subscription> subscribe(final String channel, final Map<String, ?> params)
    {
        final SubscriptionState created = new SubscriptionState(channel, params);
        final SubscriptionState existing = byChannel.putIfAbsent(channel, created);
        if (existing != null && (existing.state() == Subscription.State.PENDING ||
            existing.state() == Subscription.State.CONFIRMED))
        {
            return existing.future;
        }
        final SubscriptionState subscription = existing != null ? existing : created;
        if (existing != null)
        {
            existing.pending();
            existing.future = new CompletableFuture<>();
        }
        sendSubscribe(subscription);
        return subscription.future;
    }

    private CompletableFuture<Subscription> sendSubscribe(final SubscriptionState subscription)
    {
        final String channel = subscription.channel();
        final CompletableFuture<Subscription> future = subscription.future;
        connection.request(subscriptionHandler.subscribeMethod(channel),
            subscriptionHandler.requestParams(channel, subscription.params()), Operation.SUBSCRIBE)
            .whenComplete((response, error) -> connection.onEventThread(() ->
            {
                if (subscription.state() == Subscription.State.UNSUBSCRIBED)
                {
                    future.cancel(false);
                    return;
                }
                if (future.isDone())
                {
                    return;
                }
                if (error instanceof RequestException notSent && waitsForReconnect(notSent.kind()))
                {
                    // The connection dropped with the request in flight, or the subscribe came while it was
                    // reconnecting: stay pending, so restore() requests it again and completes this same future.
                    return;
                }
                if (error == null && subscriptionHandler.isConfirmed(channel, response))
                {
                    subscription.confirmed();
                    future.complete(subscription);
                    connection.fire(listener -> listener.onSubscriptionConfirmed(connection, subscription));
                    return;
                }
                final RequestException failure = error instanceof RequestException requestError ? requestError :
                    refused(channel, response);
                subscription.failed(failure);
                future.completeExceptionally(failure);
                connection.fire(listener -> listener.onSubscriptionFailed(connection, subscription));
            }));
        return future;
    }

    private static RequestException refused(final String channel, final Response response)
    {
        final String detail = response == null || response.errorMessage() == null ? "" :
            ": " + response.errorMessage();
        return new RequestException(RequestException.Kind.REMOTE_ERROR, response == null ? 0 : response.errorCode(),
            "subscription to " + channel + " refused" + detail);
    }

    CompletableFuture<Subscription> unsubscribe(final String channel)
    {
        final SubscriptionState subscription = byChannel.get(channel);
        if (subscription == null)
        {
            return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.SEND_FAILED, 0,
                "not subscribed to " + channel));
        }
        subscription.unsubscribed();
        return connection.request(subscriptionHandler.unsubscribeMethod(channel),
            subscriptionHandler.requestParams(channel, Map.of()), Operation.UNSUBSCRIBE)
            .thenApply(response -> (Subscription)subscription);
    }

    Subscription get(final String channel)
    {
        return byChannel.get(channel);
    }

    Collection<Subscription> all()
    {
        return new ArrayList<>(byChannel.values());
    }

    Collection<Subscription> active()
    {
        final List<Subscription> active = new ArrayList<>();
        for (final SubscriptionState subscription : byChannel.values())
        {
            if (subscription.state() == Subscription.State.PENDING ||
                subscription.state() == Subscription.State.CONFIRMED)
            {
                active.add(subscription);
            }
        }
        return active;
    }


    private boolean waitsForReconnect(final RequestException.Kind kind)
    {
        final ConnectionStatus status = connection.status();
        return (kind == RequestException.Kind.DISCONNECTED && status != ConnectionStatus.CLOSED) ||
            (kind == RequestException.Kind.NOT_CONNECTED && status == ConnectionStatus.RECONNECTING);
    }

    /**
     * The connection dropped: confirmed subscriptions go back to pending, to be restored.
     */
    void onDisconnected()
    {
        for (final SubscriptionState subscription : byChannel.values())
        {
            if (subscription.state() == Subscription.State.CONFIRMED)
            {
                subscription.pending();
                subscription.future = new CompletableFuture<>();
            }
        }
    }

    /**
     * After a reconnect (and re-authentication): requests every pending subscription again.
     *
     * @return completes when every restore request has been answered, whatever the answers.
     */
    CompletableFuture<Void> restore()
    {
        final List<CompletableFuture<?>> restored = new ArrayList<>();
        for (final SubscriptionState subscription : byChannel.values())
        {
            if (subscription.state() == Subscription.State.PENDING)
            {
                restored.add(sendSubscribe(subscription).exceptionally(error -> null));
            }
        }
        return CompletableFuture.allOf(restored.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * The connection ended for good: pending subscriptions fail with DISCONNECTED, one event each.
     */
    void failPending()
    {
        for (final SubscriptionState subscription : byChannel.values())
        {
            if (subscription.state() == Subscription.State.PENDING)
            {
                final RequestException failure = new RequestException(RequestException.Kind.DISCONNECTED, 0,
                    "connection " + connection.id() + " closed before " + subscription.channel() + " was confirmed");
                subscription.failed(failure);
                if (subscription.future.completeExceptionally(failure))
                {
                    connection.fire(listener -> listener.onSubscriptionFailed(connection, subscription));
                }
            }
        }
    }
}
