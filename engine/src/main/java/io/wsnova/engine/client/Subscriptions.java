package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The subscription manager of one connection: channel to {@link SubscriptionState}.
 * <p>
 * Each channel holds what the user asked for ({@code wanted}) and the token of the one subscribe request whose
 * answer decides it; an answer to any older request (overtaken by an unsubscribe, a resubscribe, a drop) is
 * ignored. Every state change and every subscribe or unsubscribe send happens under one lock, so the requests
 * reach the wire in the order of the calls that made them and the venue ends in the state of the last call.
 * Only the user's {@code unsubscribe} (cancels) and the end of the connection (fails with DISCONNECTED) complete a
 * user's future other than with a confirmation or the venue's final refusal.
 * <p>
 * Temporary failures (timeout, rate-limit queue overflow or wait, send failure, a refusal the handler calls
 * temporary) keep the channel pending and retry, batched, through the rate limiter with exponential backoff until
 * confirmed, unsubscribed, or refused for good. After a drop every wanted channel is pending; {@link #restore()}
 * asks for all of them again, batched where the venue allows ({@link SubscriptionHandler#maxChannelsPerRequest()}).
 * Listener events and answers run on the connection's event thread; calls come from any thread.
 */
final class Subscriptions
{
    private final long id;
    private final SubscriptionHandler handler;
    private final FailurePolicy failurePolicy;
    private final MetricsCollector metrics;
    private final Requester requester;
    private final Listeners listeners;
    private final Executor events;
    private final ScheduledExecutorService timer;
    private final Backoff retryBackoff;
    private final Map<String, SubscriptionState> byChannel = new ConcurrentHashMap<>();
    /** Under lock: per channel, the future of the last resubscribe sent (it is unanswered while not done). */
    private final Map<String, CompletableFuture<Subscription>> resubscribing = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final EventCounter retries = new EventCounter();
    private final EventCounter refusals = new EventCounter();
    private final EventCounter resubscribesJoined = new EventCounter();
    /** Under lock: subscribe requests may be sent now (open, and restore reached the subscriptions). */
    private boolean live;
    private boolean closed;
    private long lastToken;
    private int retryAttempt;
    private boolean retryScheduled;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param id           the connection id (messages).
     * @param behaviours   subscription and failure policies, metrics.
     * @param requester    sends subscribe and unsubscribe requests through the pipeline.
     * @param listeners    subscription events.
     * @param events       the connection's event executor (answers and retries run there).
     * @param timer        schedules retries.
     * @param retryBackoff the delays of retries after temporary failures.
     */
    Subscriptions(
        final long id,
        final Behaviours behaviours,
        final Requester requester,
        final Listeners listeners,
        final Executor events,
        final ScheduledExecutorService timer,
        final Backoff retryBackoff)
    {
        this.id = id;
        this.handler = behaviours.subscriptionHandler();
        this.failurePolicy = behaviours.failurePolicy();
        this.metrics = behaviours.metricsCollector();
        this.requester = requester;
        this.listeners = listeners;
        this.events = events;
        this.timer = timer;
        this.retryBackoff = retryBackoff;
    }

    CompletableFuture<Subscription> subscribe(final String channel, final Map<String, ?> params)
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.NOT_CONNECTED, 0,
                    "connection " + id + " is closed: cannot subscribe to " + channel));
            }
            final SubscriptionState existing = byChannel.get(channel);
            if (existing != null && existing.wanted)
            {
                return existing.future;
            }
            final SubscriptionState subscription = new SubscriptionState(channel, params);
            byChannel.put(channel, subscription);
            if (live)
            {
                send(List.of(subscription));
            }
            return subscription.future;
        }
        finally
        {
            lock.unlock();
        }
    }

    CompletableFuture<Subscription> unsubscribe(final String channel)
    {
        lock.lock();
        try
        {
            final SubscriptionState subscription = byChannel.get(channel);
            if (subscription == null)
            {
                return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.SEND_FAILED, 0,
                    "not subscribed to " + channel));
            }
            subscription.wanted = false;
            subscription.token = 0;
            subscription.unsubscribed();
            subscription.future.cancel(false);
            if (!live)
            {
                // Nothing is subscribed on a socket that is gone; the restore will not ask for it.
                return CompletableFuture.completedFuture(subscription);
            }
            final CompletableFuture<Subscription> result = new CompletableFuture<>();
            sendUnsubscribe(subscription).whenComplete((response, error) ->
            {
                if (error == null ||
                    error instanceof RequestException failure && SubscriptionRules.isGone(failure.kind()))
                {
                    result.complete(subscription);
                }
                else
                {
                    result.completeExceptionally(error);
                }
            });
            return result;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Asks the venue to start a wanted channel over (unsubscribe then subscribe on the wire, e.g. to get a fresh
     * book snapshot) without touching what the user asked for: the channel stays wanted and its user's future is
     * completed by the new confirmation, never cancelled. A resubscribe while the previous resubscribe of the same
     * channel is unanswered (its future, the channel's, not done: sent, queued behind the rate limiter, being
     * retried, or waiting for the restore after a drop) joins it and sends nothing: the subscribe already on its
     * way yields the fresh snapshot. The identity check on the future makes an unsubscribe, a new subscribe, a
     * refusal or the end of the connection end the join.
     */
    CompletableFuture<Subscription> resubscribe(final String channel)
    {
        lock.lock();
        try
        {
            final SubscriptionState subscription = byChannel.get(channel);
            if (subscription == null || !subscription.wanted)
            {
                return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.SEND_FAILED, 0,
                    "not subscribed to " + channel));
            }
            final CompletableFuture<Subscription> previous = resubscribing.get(channel);
            if (previous == subscription.future && !previous.isDone())
            {
                resubscribesJoined.increment();
                return previous;
            }
            if (!live)
            {
                // The restore subscribes afresh anyway.
                return subscription.future;
            }
            toPending(subscription);
            subscription.token = 0;
            resubscribing.put(channel, subscription.future);
            sendUnsubscribe(subscription);
            send(List.of(subscription));
            return subscription.future;
        }
        finally
        {
            lock.unlock();
        }
    }

    private static void toPending(final SubscriptionState subscription)
    {
        if (subscription.future.isDone())
        {
            subscription.future = new CompletableFuture<>();
        }
        subscription.pending();
    }

    private CompletableFuture<Response> sendUnsubscribe(final SubscriptionState subscription)
    {
        final String channel = subscription.channel();
        return requester.request(handler.unsubscribeMethod(channel),
            handler.requestParams(channel, Map.of()), Operation.UNSUBSCRIBE);
    }

    /**
     * Sends subscribe requests for these channels (under lock): batched per method where the handler allows it and
     * the channel has no extra params, else one per channel.
     *
     * @return the request futures, completing (never exceptionally) once answered and handled.
     */
    private List<CompletableFuture<Void>> send(final List<SubscriptionState> subscriptions)
    {
        final List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (final List<SubscriptionState> batch : SubscriptionRules.batches(subscriptions, handler))
        {
            sent.add(sendBatch(batch));
        }
        return sent;
    }

    private CompletableFuture<Void> sendBatch(final List<SubscriptionState> batch)
    {
        final long token = ++lastToken;
        final List<String> channels = new ArrayList<>(batch.size());
        for (final SubscriptionState subscription : batch)
        {
            subscription.token = token;
            channels.add(subscription.channel());
        }
        final SubscriptionState first = batch.get(0);
        final JsonPayload params = batch.size() == 1 ?
            handler.requestParams(first.channel(), first.params()) : handler.batchRequestParams(channels);
        final CompletableFuture<Void> handled = new CompletableFuture<>();
        requester.request(handler.subscribeMethod(first.channel()), params, Operation.SUBSCRIBE)
            .whenComplete((response, error) -> events.execute(() ->
            {
                try
                {
                    onAnswer(batch, token, response, error);
                }
                finally
                {
                    handled.complete(null);
                }
            }));
        return handled;
    }

    private void onAnswer(
        final List<SubscriptionState> batch, final long token, final Response response, final Throwable error)
    {
        lock.lock();
        try
        {
            boolean retry = false;
            for (final SubscriptionState subscription : batch)
            {
                if (subscription.token != token || !subscription.wanted)
                {
                    continue;
                }
                subscription.token = 0;
                final String channel = subscription.channel();
                if (error == null && handler.isConfirmed(channel, response))
                {
                    retryAttempt = 0;
                    subscription.everConfirmed = true;
                    subscription.confirmed();
                    subscription.future.complete(subscription);
                    listeners.fire((listener, connection) ->
                        listener.onSubscriptionConfirmed(connection, subscription));
                }
                else if (error != null ? SubscriptionRules.isTemporary(error) :
                    handler.isTemporaryRefusal(channel, response))
                {
                    retry |= onTemporaryFailure(subscription, error, response);
                }
                else
                {
                    onRefused(subscription, error instanceof RequestException failure ? failure :
                        SubscriptionRules.refused(channel, response, error));
                }
            }
            if (retry)
            {
                scheduleRetry();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private boolean onTemporaryFailure(
        final SubscriptionState subscription, final Throwable error, final Response response)
    {
        if (!live)
        {
            // The connection dropped (or never was up): the restore asks again; the drop itself is reported.
            return false;
        }
        retries.increment();
        final String why = error != null ? String.valueOf(error.getMessage()) :
            "refused for now: " + SubscriptionHandler.refusalMessage(response);
        failurePolicy.onError(FailurePolicy.Category.TRANSIENT,
            "subscription to " + subscription.channel() + " not confirmed (" + why + "); retrying", error);
        return true;
    }

    private void onRefused(final SubscriptionState subscription, final RequestException failure)
    {
        refusals.increment();
        subscription.wanted = false;
        subscription.failed(failure);
        subscription.future.completeExceptionally(failure);
        final String message = "subscription to " + subscription.channel() + " refused: " + failure.getMessage();
        failurePolicy.onError(FailurePolicy.Category.REFUSED, message, failure);
        metrics.onError(id, FailurePolicy.Category.REFUSED);
        listeners.fire((listener, connection) -> listener.onSubscriptionFailed(connection, subscription));
        listeners.fire((listener, connection) -> listener.onError(connection, message, failure));
    }

    private void scheduleRetry()
    {
        if (retryScheduled || !live)
        {
            return;
        }
        retryScheduled = true;
        final long delayMs = retryBackoff.delayMs(++retryAttempt);
        timer.schedule(() -> events.execute(this::retryPending), delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends every wanted channel that is pending with no request in flight (the retry after temporary failures).
     */
    private void retryPending()
    {
        lock.lock();
        try
        {
            retryScheduled = false;
            if (live)
            {
                send(waiting());
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private List<SubscriptionState> waiting()
    {
        final List<SubscriptionState> waiting = new ArrayList<>();
        for (final SubscriptionState subscription : byChannel.values())
        {
            if (subscription.wanted && subscription.token == 0 &&
                subscription.state() == Subscription.State.PENDING)
            {
                waiting.add(subscription);
            }
        }
        return waiting;
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

    /**
     * The first WebSocket is open: subscribes are sent at once from now on.
     */
    void onConnected()
    {
        lock.lock();
        try
        {
            live = !closed;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The connection dropped: every wanted channel is pending until the restore, and no answer in flight counts.
     */
    void onDisconnected()
    {
        lock.lock();
        try
        {
            live = false;
            retryAttempt = 0;
            for (final SubscriptionState subscription : byChannel.values())
            {
                subscription.token = 0;
                if (subscription.wanted)
                {
                    toPending(subscription);
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * After a reconnect (and re-authentication): asks for every wanted channel again, batched.
     *
     * @return completes when the first answer to every restore request has been handled; channels that failed
     *         for a temporary reason are still retried after that.
     */
    CompletableFuture<Void> restore()
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return CompletableFuture.completedFuture(null);
            }
            live = true;
            return CompletableFuture.allOf(send(waiting()).toArray(new CompletableFuture<?>[0]));
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The connection ended for good. Channels never confirmed fail with DISCONNECTED (one event each). Channels
     * that had been confirmed: after the application's own close they end UNSUBSCRIBED quietly (a clean
     * shutdown raises no alarm); when the connection gave up, they fail with DISCONNECTED, since their data
     * stopped without the user asking.
     *
     * @param byUser whether the application closed the connection.
     */
    void onClosed(final boolean byUser)
    {
        lock.lock();
        try
        {
            closed = true;
            live = false;
            for (final SubscriptionState subscription : byChannel.values())
            {
                if (!subscription.wanted)
                {
                    continue;
                }
                subscription.wanted = false;
                subscription.token = 0;
                final boolean everConfirmed = subscription.everConfirmed;
                if (byUser && everConfirmed)
                {
                    subscription.unsubscribed();
                    subscription.future.completeExceptionally(new RequestException(
                        RequestException.Kind.DISCONNECTED, 0, "connection " + id + " closed"));
                    continue;
                }
                final RequestException failure = new RequestException(RequestException.Kind.DISCONNECTED, 0,
                    everConfirmed ?
                    "connection " + id + " ended: " + subscription.channel() + " is no longer subscribed" :
                    "connection " + id + " closed before " + subscription.channel() + " was confirmed");
                subscription.failed(failure);
                subscription.future.completeExceptionally(failure);
                listeners.fire((listener, connection) -> listener.onSubscriptionFailed(connection, subscription));
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    EventCounter retries()
    {
        return retries;
    }

    EventCounter refusals()
    {
        return refusals;
    }

    EventCounter resubscribesJoined()
    {
        return resubscribesJoined;
    }
}
