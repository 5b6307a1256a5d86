package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Operation;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-flight requests of one connection, matched to responses by id. Registered by any sending thread, matched
 * on the message thread, timed out by the shared timer; every future completes on the connection's event
 * executor, never on the reader. A response whose request already timed out (or was never sent) is counted as
 * late and dropped: it never completes another caller's future.
 */
final class Requests
{
    /**
     * One in-flight request.
     */
    static final class Pending
    {
        final long id;
        final String method;
        /** What the request was paid as, so that a venue rate-limit error drains the right bucket. */
        final Operation operation;
        final CompletableFuture<Response> future;
        volatile ScheduledFuture<?> timeout;

        Pending(final long id, final String method, final Operation operation,
            final CompletableFuture<Response> future)
        {
            this.id = id;
            this.method = method;
            this.operation = operation;
            this.future = future;
        }
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final EventCounter lateResponses = new EventCounter();
    private final AtomicLong timeouts = new AtomicLong();
    private final Executor events;
    private final ScheduledExecutorService timer;

    Requests(final Executor events, final ScheduledExecutorService timer)
    {
        this.events = events;
        this.timer = timer;
    }

    long nextId()
    {
        return ids.incrementAndGet();
    }

    /**
     * Registers a request paid as {@link Operation#QUERY} (heartbeat answers) before it is sent.
     */
    Pending register(
        final long id,
        final String method,
        final CompletableFuture<Response> future,
        final long timeoutMs,
        final Runnable onTimeout)
    {
        return register(id, method, Operation.QUERY, future, timeoutMs, onTimeout);
    }

    /**
     * Registers a request before it is sent.
     *
     * @param operation what the rate limiter charged it as.
     * @param future    completed with the response, or null for a fire-and-forget request.
     * @param onTimeout run on the event executor if the request times out.
     */
    Pending register(
        final long id,
        final String method,
        final Operation operation,
        final CompletableFuture<Response> future,
        final long timeoutMs,
        final Runnable onTimeout)
    {
        final Pending request = new Pending(id, method, operation, future);
        pending.put(id, request);
        request.timeout = timer.schedule(() ->
        {
            if (pending.remove(id, request))
            {
                timeouts.incrementAndGet();
                complete(request, null, new RequestException(RequestException.Kind.TIMEOUT, 0,
                    "no response to request " + id + " (" + method + ") within " + timeoutMs + " ms"));
                events.execute(onTimeout);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        return request;
    }

    /**
     * Matches a response (message thread).
     *
     * @return the pending request, or null when none waits for this id (late or unknown: counted).
     */
    Pending match(final long id)
    {
        final Pending request = pending.remove(id);
        if (request == null)
        {
            lateResponses.increment();
            return null;
        }
        final ScheduledFuture<?> timeout = request.timeout;
        if (timeout != null)
        {
            timeout.cancel(false);
        }
        return request;
    }

    void complete(final Pending request, final Response response, final RequestException failure)
    {
        if (request.future == null)
        {
            return;
        }
        events.execute(() ->
        {
            if (failure != null)
            {
                request.future.completeExceptionally(failure);
            }
            else
            {
                request.future.complete(response);
            }
        });
    }

    /**
     * Fails one request that could not be sent.
     */
    void fail(final long id, final RequestException failure)
    {
        final Pending request = pending.remove(id);
        if (request != null)
        {
            final ScheduledFuture<?> timeout = request.timeout;
            if (timeout != null)
            {
                timeout.cancel(false);
            }
            complete(request, null, failure);
        }
    }

    /**
     * Fails every in-flight request (the connection dropped).
     */
    void failAll(final RequestException.Kind kind, final String message)
    {
        for (final Long id : pending.keySet())
        {
            fail(id, new RequestException(kind, 0, message));
        }
    }

    int inFlight()
    {
        return pending.size();
    }

    EventCounter lateResponses()
    {
        return lateResponses;
    }

    long timeouts()
    {
        return timeouts.get();
    }
}
