package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;

/**
 * The rate-limit policy of a venue account: what each operation costs, whether it may go now, how long until it
 * may, and what the venue's own rate-limit errors look like. The engine applies it to every request (queue, wait or
 * reject, per the options); the default lets everything through. The check runs on the sending
 * thread and must not allocate or lock. Ping, pong and close frames are never checked.
 */
public interface RateLimitHandler
{
    /** The operation may be sent now (its cost has been taken). */
    int ALLOW = 0;
    /** Not now: queue it and retry after {@link #tick}. */
    int QUEUE = 1;
    /** Not now and not queued: fail it with a typed error. */
    int REJECT = 2;
    /**
     * Not now: the calling thread waits, at most {@link #maxWaitNs()}, until tokens are there, then checks again;
     * if they are still short at the bound it fails with a typed error. Nothing has been taken.
     */
    int WAIT = 3;
    /** The number of distinct {@link #bucket(Operation)} values the engine's queue keeps apart. */
    int MAX_BUCKETS = 4;

    /**
     * The cost of an operation in the limiter's units.
     *
     * @param operation the operation.
     * @return the cost, >= 0.
     */
    int cost(Operation operation);

    /**
     * Checks an operation and, when it is allowed, takes its cost.
     *
     * @param operation the operation.
     * @param nowNs     {@link System#nanoTime()}.
     * @return {@link #ALLOW}, {@link #QUEUE}, {@link #REJECT} or {@link #WAIT}.
     */
    int check(Operation operation, long nowNs);

    /**
     * Accounts for an operation that goes out whatever the limiter says (a heartbeat answer the venue requires,
     * which the venue still charges): takes its cost, or what is left when less. Never refuses, queues or waits.
     * The default is a {@link #check} whose verdict is ignored.
     *
     * @param operation the operation.
     * @param nowNs     {@link System#nanoTime()}.
     */
    default void charge(final Operation operation, final long nowNs)
    {
        check(operation, nowNs);
    }

    /**
     * The longest a caller waits for tokens after a {@link #WAIT} verdict.
     *
     * @return nanoseconds, >= 0; 0 (the default) makes WAIT the same as REJECT.
     */
    default long maxWaitNs()
    {
        return 0L;
    }

    /**
     * How long until {@code operation} would be allowed, so that queued work drains on refill without a busy
     * thread. The default (for limiters that cannot tell) is 1 ms: the queue looks again then.
     *
     * @param operation the operation.
     * @param nowNs     {@link System#nanoTime()}.
     * @return nanoseconds to wait, 0 when it would pass now.
     */
    default long nanosUntilAvailable(final Operation operation, final long nowNs)
    {
        return 1_000_000L;
    }

    /**
     * Which bucket pays for an operation, so that the engine's queue never makes an operation wait behind one that
     * another bucket pays for (an order behind subscribes that the credit pool cannot pay yet). Operations of the
     * same bucket are sent in the queue's priority order; different buckets are independent.
     *
     * @param operation the operation.
     * @return the bucket, 0 to {@link #MAX_BUCKETS} - 1; the default (one bucket for everything) is 0.
     */
    default int bucket(final Operation operation)
    {
        return 0;
    }

    /**
     * Whether a venue error code means "over the rate limit" (Deribit: {@code 10028 too_many_requests}). Called
     * on the message thread for every error response: must not block or allocate.
     *
     * @param errorCode the venue's error code.
     * @return true for the venue's rate-limit error; the default knows none.
     */
    default boolean isVenueRateLimitError(final long errorCode)
    {
        return false;
    }

    /**
     * The venue refused {@code operation} for its rate limit (a response carrying an error for which
     * {@link #isVenueRateLimitError(long)} is true, on any connection using this limiter, the first connection
     * and its set-up included): the configured figures are more than the venue allows now. An adaptive limiter
     * drains the operation's bucket and lowers its rate (see {@link TokenBucketRateLimiter}). Called on the message
     * thread: must not block. The default does nothing.
     *
     * @param operation the operation the venue refused ({@link Operation#DEFAULT} when the request is unknown).
     * @param nowNs     {@link System#nanoTime()}.
     */
    default void onVenueRateLimited(final Operation operation, final long nowNs)
    {
    }

    /**
     * Advances the limiter's clock (refill).
     *
     * @param nowNs {@link System#nanoTime()}.
     */
    void tick(long nowNs);
}
