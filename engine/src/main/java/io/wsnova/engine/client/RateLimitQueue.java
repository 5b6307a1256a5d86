package io.wsnova.engine.client;

import io.wsnova.engine.RequestException;
import io.wsnova.engine.Response;
import io.wsnova.engine.behaviour.JsonPayload;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Requests the rate limiter said {@code QUEUE} for: bounded, FIFO within a priority, authentication before
 * subscriptions before everything else. Nothing spins: a drain is scheduled on the shared timer for when the
 * limiter says the head would pass ({@link RateLimitHandler#nanosUntilAvailable}) and runs on the connection's
 * event thread. A queued request still honours its request timeout, and fails with {@code DISCONNECTED} when the
 * connection drops. While anything is queued, new requests queue behind it instead of overtaking it.
 */
final class RateLimitQueue
{
    /** How many requests may wait at once; beyond that a request fails with RATE_LIMITED. */
    static final int CAPACITY = 1024;
    private static final long MIN_DRAIN_DELAY_NS = 100_000L;

    record Entry(String method, JsonPayload params, Operation operation, CompletableFuture<Response> future,
        long deadlineNs)
    {
    }

    private final ClientConnection connection;
    private final RateLimitHandler limiter;
    private final ScheduledExecutorService timer;
    private final Executor events;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ArrayDeque<Entry>> byPriority = List.of(new ArrayDeque<>(), new ArrayDeque<>(),
        new ArrayDeque<>());
    private int size;
    private boolean drainScheduled;

    RateLimitQueue(
        final ClientConnection connection,
        final RateLimitHandler limiter,
        final ScheduledExecutorService timer,
        final Executor events)
    {
        this.connection = connection;
        this.limiter = limiter;
        this.timer = timer;
        this.events = events;
    }

    private static int priority(final Operation operation)
    {
        return switch (operation)
        {
            case AUTH -> 0;
            case SUBSCRIBE, UNSUBSCRIBE -> 1;
            default -> 2;
        };
    }

    boolean isEmpty()
    {
        lock.lock();
        try
        {
            return size == 0;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Queues a request.
     *
     * @return false when the queue is full.
     */
    boolean offer(final Entry entry)
    {
        lock.lock();
        try
        {
            if (size >= CAPACITY)
            {
                connection.metrics.onRateLimitEvent(connection.id(), MetricsCollector.RateLimitEvent.REJECTED,
                    entry.operation());
                return false;
            }
            connection.metrics.onRateLimitEvent(connection.id(), MetricsCollector.RateLimitEvent.QUEUED,
                entry.operation());
            byPriority.get(priority(entry.operation())).addLast(entry);
            size++;
            scheduleDrain(0);
        }
        finally
        {
            lock.unlock();
        }
        final long timeoutNs = entry.deadlineNs() - System.nanoTime();
        timer.schedule(() -> events.execute(this::drain), Math.max(0, timeoutNs), TimeUnit.NANOSECONDS);
        return true;
    }

    private void scheduleDrain(final long delayNs)
    {
        if (!drainScheduled)
        {
            drainScheduled = true;
            timer.schedule(() -> events.execute(this::drain), Math.max(MIN_DRAIN_DELAY_NS, delayNs),
                TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Sends what the limiter now allows, in priority order; fails what has expired; reschedules itself for the
     * head that must wait. Runs on the event thread.
     */
    void drain()
    {
        while (true)
        {
            final Entry entry;
            lock.lock();
            try
            {
                drainScheduled = false;
                final ArrayDeque<Entry> queue = head();
                if (queue == null)
                {
                    return;
                }
                final Entry head = queue.peekFirst();
                final long nowNs = System.nanoTime();
                if (nowNs - head.deadlineNs() >= 0)
                {
                    queue.pollFirst();
                    size--;
                    head.future().completeExceptionally(new RequestException(RequestException.Kind.TIMEOUT, 0,
                        "request " + head.method() + " still waiting for the rate limiter at its timeout"));
                    continue;
                }
                final int verdict = limiter.check(head.operation(), nowNs);
                if (verdict == RateLimitHandler.QUEUE)
                {
                    connection.metrics.onRateLimitEvent(connection.id(), MetricsCollector.RateLimitEvent.WAITED,
                        head.operation());
                    scheduleDrain(limiter.nanosUntilAvailable(head.operation(), nowNs));
                    return;
                }
                queue.pollFirst();
                size--;
                entry = head;
                if (verdict == RateLimitHandler.REJECT)
                {
                    connection.metrics.onRateLimitEvent(connection.id(), MetricsCollector.RateLimitEvent.REJECTED,
                        entry.operation());
                    entry.future().completeExceptionally(new RequestException(RequestException.Kind.RATE_LIMITED, 0,
                        entry.operation() + " request " + entry.method() + " refused by the rate limiter"));
                    continue;
                }
            }
            finally
            {
                lock.unlock();
            }
            connection.sendAllowed(entry.method(), entry.params(), entry.future());
        }
    }

    private ArrayDeque<Entry> head()
    {
        for (final ArrayDeque<Entry> queue : byPriority)
        {
            if (!queue.isEmpty())
            {
                return queue;
            }
        }
        return null;
    }

    /**
     * Fails every queued request (the connection dropped or ended).
     */
    void failAll(final RequestException.Kind kind, final String message)
    {
        lock.lock();
        try
        {
            for (final ArrayDeque<Entry> queue : byPriority)
            {
                Entry entry;
                while ((entry = queue.pollFirst()) != null)
                {
                    entry.future().completeExceptionally(new RequestException(kind, 0, message));
                }
            }
            size = 0;
        }
        finally
        {
            lock.unlock();
        }
    }
}
