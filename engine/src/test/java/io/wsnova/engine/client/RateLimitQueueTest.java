package io.wsnova.engine.client;

import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.Operation;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RateLimitQueue} on a hand-driven clock and timer: at most one drain is ever scheduled whatever expires,
 * and each bucket's lanes drain on their own.
 */
class RateLimitQueueTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START_NS = 1_000 * MS;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<Timed> timers = new ArrayList<>();
    private final List<RateLimitQueue.Entry> sent = new ArrayList<>();
    private final RateLimitQueueDefectTest.TwoBuckets limiter = new RateLimitQueueDefectTest.TwoBuckets(1, 1);
    private int maxLiveTimers;
    private Timed running;

    private record Timed(long atNs, FutureTask<Void> task)
    {
    }

    private final RateLimitQueue queue = newQueue();

    private RateLimitQueue newQueue()
    {
        clock.update(START_NS);
        limiter.credits.check(Operation.QUERY, START_NS); // the credit pool is empty from now on
        return new RateLimitQueue(1, new MetricsCollector()
        {
        }, sent::add, limiter, this::schedule, Runnable::run, clock);
    }

    private Future<?> schedule(final Runnable task, final long delayNs)
    {
        final Timed timed = new Timed(clock.nanoTime() + delayNs, new FutureTask<>(task, null));
        timers.add(timed);
        maxLiveTimers = Math.max(maxLiveTimers, live());
        return timed.task();
    }

    private int live()
    {
        int live = 0;
        for (final Timed timed : timers)
        {
            if (!timed.task().isDone() && timed != running)
            {
                live++;
            }
        }
        return live;
    }

    /**
     * Advances the clock to {@code ns}, running every timer due on the way, in order (a running drain is not
     * counted as scheduled).
     */
    private void advanceTo(final long ns)
    {
        while (true)
        {
            Timed next = null;
            for (final Timed timed : timers)
            {
                if (!timed.task().isDone() && timed.atNs() - ns <= 0 && (next == null || timed.atNs() < next.atNs()))
                {
                    next = timed;
                }
            }
            if (next == null)
            {
                clock.update(ns);
                return;
            }
            clock.update(Math.max(clock.nanoTime(), next.atNs()));
            running = next;
            next.task().run();
            running = null;
        }
    }

    private CompletableFuture<Response> offer(final String method, final Operation operation, final long timeoutNs)
    {
        final CompletableFuture<Response> future = new CompletableFuture<>();
        assertThat(queue.offer(new RateLimitQueue.Entry(method, null, operation, future,
            clock.nanoTime() + timeoutNs))).isTrue();
        return future;
    }

    @Test
    void shouldScheduleOneDrainAtMostWhileDeadlinesExpireInABusyQueue()
    {
        final List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            futures.add(offer("q" + i, Operation.QUERY, 200 * MS));
            advanceTo(clock.nanoTime() + 50 * MS);
            assertThat(live()).as("live drains after offer %d", i).isLessThanOrEqualTo(1);
        }
        advanceTo(clock.nanoTime() + 1_000 * MS);

        assertThat(maxLiveTimers).as("drain chains alive at once").isEqualTo(1);
        assertThat(live()).as("nothing queued, nothing scheduled").isZero();
        for (final CompletableFuture<Response> future : futures)
        {
            assertThat(future).isCompletedExceptionally();
            assertThat(future.exceptionNow()).isInstanceOf(RequestException.class)
                .extracting(failure -> ((RequestException)failure).kind()).isEqualTo(RequestException.Kind.TIMEOUT);
        }
        assertThat(sent).isEmpty();
        assertThat(queue.drainsScheduled()).as("per request: after its offer, after that drain, at its deadline")
            .isLessThanOrEqualTo(3 * 50);
    }

    @Test
    void shouldTimeOutAQueuedRequestAtItsDeadlineNotLater()
    {
        final CompletableFuture<Response> waiting = offer("waiting", Operation.SUBSCRIBE, 300 * MS);

        advanceTo(START_NS + 300 * MS - 1);
        assertThat(waiting).isNotDone();
        advanceTo(START_NS + 300 * MS);
        assertThat(waiting).isCompletedExceptionally();
    }

    @Test
    void shouldTimeOutARequestBehindAWaitingHeadOfItsBucketAtItsDeadline()
    {
        final CompletableFuture<Response> subscribe = offer("sub", Operation.SUBSCRIBE, 10_000 * MS);
        final CompletableFuture<Response> query = offer("query", Operation.QUERY, 300 * MS);

        advanceTo(START_NS + 300 * MS - 1);
        assertThat(query).isNotDone();
        advanceTo(START_NS + 300 * MS);

        assertThat(query).isCompletedExceptionally();
        assertThat(subscribe).isNotDone();
        assertThat(live()).as("the next drain is for the subscribe's deadline").isEqualTo(1);
        advanceTo(START_NS + 10_000 * MS);
        assertThat(subscribe).isCompletedExceptionally();
        assertThat(live()).isZero();
    }

    @Test
    void shouldDrainABucketWithTokensWhileAnotherBucketsHeadWaits()
    {
        final CompletableFuture<Response> subscribe = offer("sub", Operation.SUBSCRIBE, 10_000 * MS);
        offer("buy", Operation.ORDER, 10_000 * MS);

        assertThat(queue.blocks(Operation.QUERY)).as("the credit bucket has a waiting request").isTrue();
        assertThat(queue.blocks(Operation.ORDER)).isTrue();
        advanceTo(START_NS + MS);

        assertThat(sent).extracting(RateLimitQueue.Entry::method).containsExactly("buy");
        assertThat(queue.blocks(Operation.ORDER)).as("the order bucket's lanes are empty").isFalse();
        assertThat(queue.blocks(Operation.SUBSCRIBE)).isTrue();
        assertThat(subscribe).isNotDone();
        assertThat(live()).isEqualTo(1);
    }

    @Test
    void shouldCancelTheScheduledDrainWhenFailingAll()
    {
        final CompletableFuture<Response> waiting = offer("waiting", Operation.SUBSCRIBE, 10_000 * MS);

        queue.failAll(RequestException.Kind.DISCONNECTED, "dropped");

        assertThat(waiting).isCompletedExceptionally();
        assertThat(live()).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }
}
