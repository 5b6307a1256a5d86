package io.wsnova.engine.client;

import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Requests the rate limiter said {@code QUEUE} for: bounded, one set of lanes per limiter bucket
 * ({@link RateLimitHandler#bucket(Operation)}), and within a bucket authentication before subscriptions before
 * everything else, FIFO within each. Buckets are independent: a request waits only behind requests its own bucket
 * pays for, so an order (its own bucket) never waits behind subscribes the credit pool cannot pay yet.
 * <p>
 * Nothing spins, and there is never more than one drain chain: one drain at a time is scheduled on the timer, for
 * the earliest of the times the limiter says a blocked bucket's head would pass
 * ({@link RateLimitHandler#nanosUntilAvailable}) and the earliest deadline of a head; a new need for an earlier
 * drain replaces the scheduled one (cancelled, and a generation number makes a cancelled drain that already fired
 * do nothing). Drains run on the connection's event thread. A queued request still honours its request timeout,
 * and fails with {@code DISCONNECTED} when the connection drops.
 */
final class RateLimitQueue
{
    /** How many requests may wait at once; beyond that a request fails with RATE_LIMITED. */
    static final int CAPACITY = 1024;
    static final long MIN_DRAIN_DELAY_NS = 100_000L;
    private static final int PRIORITIES = 3;

    record Entry(String method, JsonPayload params, Operation operation, CompletableFuture<Response> future,
        long deadlineNs)
    {
    }

    /**
     * Sends a request the limiter allowed (its cost is taken).
     */
    interface Sender
    {
        void sendAllowed(Entry entry);
    }

    /**
     * Runs a task after a delay; the future cancels it.
     */
    interface Scheduler
    {
        Future<?> schedule(Runnable task, long delayNs);
    }

    private final long connectionId;
    private final MetricsCollector metrics;
    private final Sender sender;
    private final RateLimitHandler limiter;
    private final Scheduler timer;
    private final Executor events;
    private final NanoClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Lane of (bucket, priority) at {@code bucket * PRIORITIES + priority}. */
    private final List<ArrayDeque<Entry>> lanes = new ArrayList<>(RateLimitHandler.MAX_BUCKETS * PRIORITIES);
    private final int[] sizeByBucket = new int[RateLimitHandler.MAX_BUCKETS];
    private int size;
    private Future<?> scheduled;
    private long scheduledAtNs;
    private long generation;
    private long drainsScheduled;

    RateLimitQueue(
        final long connectionId,
        final MetricsCollector metrics,
        final Sender sender,
        final RateLimitHandler limiter,
        final Scheduler timer,
        final Executor events,
        final NanoClock clock)
    {
        this.connectionId = connectionId;
        this.metrics = metrics;
        this.sender = sender;
        this.limiter = limiter;
        this.timer = timer;
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < RateLimitHandler.MAX_BUCKETS * PRIORITIES; i++)
        {
            lanes.add(new ArrayDeque<>());
        }
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

    private int bucket(final Operation operation)
    {
        return Math.floorMod(limiter.bucket(operation), RateLimitHandler.MAX_BUCKETS);
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
     * Whether a new request of this operation must queue behind waiting ones instead of overtaking them: true
     * when anything its bucket pays for is queued.
     */
    boolean blocks(final Operation operation)
    {
        lock.lock();
        try
        {
            return sizeByBucket[bucket(operation)] > 0;
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
                metrics.onRateLimitEvent(connectionId, MetricsCollector.RateLimitEvent.REJECTED, entry.operation());
                return false;
            }
            metrics.onRateLimitEvent(connectionId, MetricsCollector.RateLimitEvent.QUEUED, entry.operation());
            final int bucket = bucket(entry.operation());
            lanes.get(bucket * PRIORITIES + priority(entry.operation())).addLast(entry);
            size++;
            sizeByBucket[bucket]++;
            scheduleDrainAt(clock.nanoTime() + MIN_DRAIN_DELAY_NS);
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Makes sure a drain runs at {@code atNs} or earlier, keeping at most one scheduled. Holds the lock.
     */
    private void scheduleDrainAt(final long atNs)
    {
        if (scheduled != null)
        {
            if (scheduledAtNs - atNs <= 0)
            {
                return;
            }
            scheduled.cancel(false);
        }
        final long drainGeneration = ++generation;
        drainsScheduled++;
        scheduledAtNs = atNs;
        scheduled = timer.schedule(() -> runOnEvents(drainGeneration),
            Math.max(MIN_DRAIN_DELAY_NS, atNs - clock.nanoTime()));
    }

    private void runOnEvents(final long drainGeneration)
    {
        try
        {
            events.execute(() -> drain(drainGeneration));
        }
        catch (final RejectedExecutionException ex)
        {
            // the connection ended: failAll has already emptied the queue
        }
    }

    /**
     * The scheduled drain of one generation: does nothing if a newer drain replaced it. Event thread.
     */
    void drain(final long drainGeneration)
    {
        lock.lock();
        try
        {
            if (drainGeneration != generation)
            {
                return;
            }
            scheduled = null;
        }
        finally
        {
            lock.unlock();
        }
        drain();
    }

    /**
     * Sends what the limiter now allows, bucket by bucket in priority order; fails what has expired; schedules the
     * next drain for the earliest time a blocked head may pass or a head expires. Runs on the event thread.
     */
    void drain()
    {
        long nextNs = 0;
        boolean hasNext = false;
        for (int bucket = 0; bucket < RateLimitHandler.MAX_BUCKETS; bucket++)
        {
            while (true)
            {
                final Entry entry;
                lock.lock();
                try
                {
                    final long nowNs = clock.nanoTime();
                    expire(bucket, nowNs);
                    final ArrayDeque<Entry> lane = head(bucket);
                    if (lane == null)
                    {
                        break;
                    }
                    final Entry head = lane.peekFirst();
                    final int verdict = limiter.check(head.operation(), nowNs);
                    if (verdict == RateLimitHandler.QUEUE || verdict == RateLimitHandler.WAIT)
                    {
                        metrics.onRateLimitEvent(connectionId, MetricsCollector.RateLimitEvent.WAITED,
                            head.operation());
                        final long dueNs = nowNs + Math.max(MIN_DRAIN_DELAY_NS,
                            limiter.nanosUntilAvailable(head.operation(), nowNs));
                        nextNs = !hasNext || dueNs - nextNs < 0 ? dueNs : nextNs;
                        hasNext = true;
                        break;
                    }
                    remove(lane, bucket);
                    entry = head;
                    if (verdict == RateLimitHandler.REJECT)
                    {
                        metrics.onRateLimitEvent(connectionId, MetricsCollector.RateLimitEvent.REJECTED,
                            entry.operation());
                        entry.future().completeExceptionally(new RequestException(RequestException.Kind.RATE_LIMITED,
                            0, entry.operation() + " request " + entry.method() + " refused by the rate limiter"));
                        continue;
                    }
                }
                finally
                {
                    lock.unlock();
                }
                sender.sendAllowed(entry);
            }
        }
        lock.lock();
        try
        {
            if (size > 0)
            {
                // Within a lane deadlines follow the order of arrival (one request timeout per connection), so
                // the lane heads hold the earliest ones.
                for (final ArrayDeque<Entry> lane : lanes)
                {
                    final Entry head = lane.peekFirst();
                    if (head != null && (!hasNext || head.deadlineNs() - nextNs < 0))
                    {
                        nextNs = head.deadlineNs();
                        hasNext = true;
                    }
                }
                scheduleDrainAt(nextNs);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Fails the requests of a bucket whose timeout has passed, in every lane, not only the bucket's head. Holds the
     * lock.
     */
    private void expire(final int bucket, final long nowNs)
    {
        for (int priority = 0; priority < PRIORITIES; priority++)
        {
            final ArrayDeque<Entry> lane = lanes.get(bucket * PRIORITIES + priority);
            Entry head;
            while ((head = lane.peekFirst()) != null && nowNs - head.deadlineNs() >= 0)
            {
                remove(lane, bucket);
                head.future().completeExceptionally(new RequestException(RequestException.Kind.TIMEOUT, 0,
                    "request " + head.method() + " still waiting for the rate limiter at its timeout"));
            }
        }
    }

    private void remove(final ArrayDeque<Entry> lane, final int bucket)
    {
        lane.pollFirst();
        size--;
        sizeByBucket[bucket]--;
    }

    private ArrayDeque<Entry> head(final int bucket)
    {
        if (sizeByBucket[bucket] == 0)
        {
            return null;
        }
        for (int priority = 0; priority < PRIORITIES; priority++)
        {
            final ArrayDeque<Entry> lane = lanes.get(bucket * PRIORITIES + priority);
            if (!lane.isEmpty())
            {
                return lane;
            }
        }
        return null;
    }

    /**
     * Drains scheduled so far (each replaced or run one counts once), for tests.
     */
    long drainsScheduled()
    {
        lock.lock();
        try
        {
            return drainsScheduled;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Fails every queued request (the connection dropped or ended) and cancels the scheduled drain.
     */
    void failAll(final RequestException.Kind kind, final String message)
    {
        lock.lock();
        try
        {
            for (final ArrayDeque<Entry> lane : lanes)
            {
                Entry entry;
                while ((entry = lane.pollFirst()) != null)
                {
                    entry.future().completeExceptionally(new RequestException(kind, 0, message));
                }
            }
            size = 0;
            Arrays.fill(sizeByBucket, 0);
            if (scheduled != null)
            {
                scheduled.cancel(false);
                scheduled = null;
            }
            generation++;
        }
        finally
        {
            lock.unlock();
        }
    }
}
