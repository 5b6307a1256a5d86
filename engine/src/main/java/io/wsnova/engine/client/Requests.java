package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Operation;

import io.wsnova.engine.behaviour.MessageHandler;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-flight requests of one connection, matched to responses by id. Registered by any sending thread, matched
 * on the message thread, timed out by the shared timer; every future completes on the connection's event
 * executor, never on the reader. A response whose request already timed out (or was never sent) is counted as
 * late and dropped: it never completes another caller's future.
 * <p>
 * Ids are positive longs; a venue with string ids carries their decimal text ({@link
 * io.wsnova.engine.behaviour.RequestIds}), and a response whose string id is none of ours arrives here as
 * {@link MessageHandler#NO_ID}: counted as unknown, never as malformed. Matching a response allocates nothing: the
 * pending table is a primitive-keyed map under a lock held only for a put or a remove.
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

    private final Long2ObjectHashMap<Pending> pending = new Long2ObjectHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong ids = new AtomicLong();
    private final EventCounter lateResponses = new EventCounter();
    private final AtomicLong unknownResponses = new AtomicLong();
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
        put(request);
        request.timeout = timer.schedule(() ->
        {
            if (remove(id, request) != null)
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
        final Pending request = id == MessageHandler.NO_ID ? null : remove(id, null);
        if (request == null)
        {
            lateResponses.increment();
            if (id <= 0 || id > ids.get())
            {
                unknownResponses.incrementAndGet(); // never one of ours: not a late answer
            }
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
        final Pending request = remove(id, null);
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
        final List<Pending> all;
        lock.lock();
        try
        {
            all = new ArrayList<>(pending.values());
        }
        finally
        {
            lock.unlock();
        }
        for (final Pending request : all)
        {
            fail(request.id, new RequestException(kind, 0, message));
        }
    }

    private void put(final Pending request)
    {
        lock.lock();
        try
        {
            pending.put(request.id, request);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Removes the pending request of {@code id} (only if it is {@code expected}, when that is not null).
     */
    private Pending remove(final long id, final Pending expected)
    {
        lock.lock();
        try
        {
            final Pending request = pending.get(id);
            if (request == null || (expected != null && request != expected))
            {
                return null;
            }
            pending.remove(id);
            return request;
        }
        finally
        {
            lock.unlock();
        }
    }

    int inFlight()
    {
        lock.lock();
        try
        {
            return pending.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    EventCounter lateResponses()
    {
        return lateResponses;
    }

    /**
     * Responses whose id was never one of this connection's requests (a foreign or non-numeric string id, an id
     * not yet issued); also counted in {@link #lateResponses()}.
     */
    long unknownResponses()
    {
        return unknownResponses.get();
    }

    long timeouts()
    {
        return timeouts.get();
    }
}
