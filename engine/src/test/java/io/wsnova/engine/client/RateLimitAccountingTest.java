package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.JsonValues;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact accounting of rate-limited work: every operation of a burst ends allowed-and-sent exactly once, or refused
 * with a typed error, and the limiter's counters, the server's count and the futures agree to the unit.
 */
@Timeout(60)
class RateLimitAccountingTest
{
    private static final long WAIT_MS = 15_000;

    private static Connection connect(final FaultServer server, final RateLimitHandler limiter,
        final long requestTimeoutMs)
    {
        return Nova.connectBlocking(new SequenceTracker().adapter("ch."), NovaOptions.builder().url(server.url())
            .rateLimitHandler(limiter)
            .requestTimeoutMs(requestTimeoutMs)
            .set(Option.RECONNECT_BASE_DELAY_MS, 20L)
            .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
            .build());
    }

    /** How a batch of futures ended: successes and failures by kind. */
    record Outcomes(int ok, Map<RequestException.Kind, Integer> failed)
    {
        int failed(final RequestException.Kind kind)
        {
            return failed.getOrDefault(kind, 0);
        }

        int failures()
        {
            return failed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static Outcomes outcomes(final List<? extends CompletableFuture<?>> futures)
        throws InterruptedException, TimeoutException
    {
        final Map<RequestException.Kind, Integer> failed = new EnumMap<>(RequestException.Kind.class);
        int ok = 0;
        for (final CompletableFuture<?> future : futures)
        {
            try
            {
                future.get(WAIT_MS, TimeUnit.MILLISECONDS);
                ok++;
            }
            catch (final ExecutionException ex)
            {
                failed.merge(((RequestException)ex.getCause()).kind(), 1, Integer::sum);
            }
        }
        return new Outcomes(ok, failed);
    }

    private static List<CompletableFuture<Subscription>> subscribe(final Connection connection, final int count)
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            futures.add(connection.subscribe("ch." + i, null));
        }
        return futures;
    }

    /**
     * Subscribe requests sent as plain requests: a subscription the limiter refuses or times out stays pending
     * and is retried by the subscription manager (its future does not fail), so the limiter's own outcomes are
     * counted on the requests.
     */
    private static List<CompletableFuture<Response>> subscribeRequests(final Connection connection, final int count)
    {
        final List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            futures.add(connection.request("subscribe", JsonValues.object(Map.of("channels", List.of("ch." + i))),
                Operation.SUBSCRIBE));
        }
        return futures;
    }

    @Test
    void shouldSendEverySubscribeOfABurstOfThousandExactlyOnceThroughTheQueue() throws Exception
    {
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder().capacity(100).refillAmount(100)
            .refillIntervalNs(TimeUnit.MILLISECONDS.toNanos(50)).whenShort(RateLimitHandler.QUEUE).build();
        try (FaultServer server = new FaultServer(); Connection connection = connect(server, limiter, 10_000))
        {
            final Outcomes outcomes = outcomes(subscribe(connection, 1_000));

            assertThat(outcomes.ok()).isEqualTo(1_000);
            assertThat(outcomes.failures()).isZero();
            assertThat(server.subscribeRequests()).isEqualTo(1_000);
            for (int i = 0; i < 1_000; i++)
            {
                assertThat(server.subscribes("ch." + i)).as("ch." + i).isEqualTo(1);
            }
            assertThat(limiter.allowedCount()).isEqualTo(1_000);
            assertThat(limiter.rejectedCount()).isZero();
            assertThat(connection.activeSubscriptions()).hasSize(1_000);
        }
    }

    @Test
    void shouldAllowExactlyTheBucketAndRefuseTheRestOfABurstUnderReject() throws Exception
    {
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder().capacity(100).refillAmount(1)
            .refillIntervalNs(TimeUnit.SECONDS.toNanos(60)).whenShort(RateLimitHandler.REJECT).build();
        try (FaultServer server = new FaultServer(); Connection connection = connect(server, limiter, 10_000))
        {
            final Outcomes outcomes = outcomes(subscribeRequests(connection, 1_000));

            assertThat(outcomes.ok()).isEqualTo(100);
            assertThat(outcomes.failed(RequestException.Kind.RATE_LIMITED)).isEqualTo(900);
            assertThat(server.subscribeRequests()).isEqualTo(100);
            assertThat(limiter.allowedCount()).isEqualTo(100);
            assertThat(limiter.rejectedCount()).isEqualTo(900);
        }
    }

    @Test
    void shouldBoundTheQueueRefuseWhatOverflowsAndTimeOutWhatWaitsTooLong() throws Exception
    {
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder().capacity(100).refillAmount(100)
            .refillIntervalNs(TimeUnit.SECONDS.toNanos(60)).whenShort(RateLimitHandler.QUEUE).build();
        try (FaultServer server = new FaultServer(); Connection connection = connect(server, limiter, 1_500))
        {
            final Outcomes outcomes = outcomes(subscribeRequests(connection, 2_000));

            assertThat(outcomes.ok()).isEqualTo(100);
            assertThat(outcomes.failed(RequestException.Kind.RATE_LIMITED)).as("over the queue bound")
                .isEqualTo(2_000 - 100 - RateLimitQueue.CAPACITY);
            assertThat(outcomes.failed(RequestException.Kind.TIMEOUT)).as("queued past their timeout")
                .isEqualTo(RateLimitQueue.CAPACITY);
            assertThat(server.subscribeRequests()).isEqualTo(100);
            assertThat(limiter.allowedCount()).isEqualTo(100);
        }
    }

    @Test
    void shouldRestoreEverySubscriptionThroughTheLimiterAfterAReconnect() throws Exception
    {
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder().capacity(10).refillAmount(10)
            .refillIntervalNs(TimeUnit.MILLISECONDS.toNanos(100)).whenShort(RateLimitHandler.QUEUE).build();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = Nova.connectBlocking(new SequenceTracker().adapter("ch."), NovaOptions.builder()
                .url(server.url()).rateLimitHandler(limiter).connectionHandler(EventLog.registrar(log))
                .set(Option.RECONNECT_BASE_DELAY_MS, 20L).build()))
        {
            outcomes(subscribe(connection, 30));
            assertThat(limiter.allowedCount()).isEqualTo(30);

            final long startNs = System.nanoTime();
            server.closeAll(1012);
            log.await("reconnected", WAIT_MS);

            assertThat(limiter.allowedCount()).as("each restore paid for").isEqualTo(60);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).as("paced by two refills")
                .isGreaterThanOrEqualTo(150);
            for (int i = 0; i < 30; i++)
            {
                assertThat(server.subscribes("ch." + i)).isEqualTo(2);
                assertThat(connection.subscription("ch." + i).state()).isEqualTo(Subscription.State.CONFIRMED);
            }
        }
    }

    @Test
    void shouldBlockTheCallerUntilTokensArriveUnderWait() throws Exception
    {
        final long createdNs = System.nanoTime();
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder().capacity(2).refillAmount(2)
            .refillIntervalNs(TimeUnit.MILLISECONDS.toNanos(200)).whenShort(RateLimitHandler.WAIT)
            .maxWaitNs(TimeUnit.SECONDS.toNanos(2)).build();
        try (FaultServer server = new FaultServer(); Connection connection = connect(server, limiter, 10_000))
        {
            final List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                futures.add(connection.request("q" + i, null, Operation.QUERY));
            }
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNs);
            final Outcomes outcomes = outcomes(futures);

            assertThat(outcomes.ok()).isEqualTo(6);
            assertThat(elapsedMs).as("two refills after the bucket was made").isGreaterThanOrEqualTo(399);
            assertThat(limiter.allowedCount()).isEqualTo(6);
        }
    }

    @Test
    void shouldRefuseWithRateLimitedWhenTokensWouldComeAfterTheMaximumWait() throws Exception
    {
        final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder().capacity(2).refillAmount(2)
            .refillIntervalNs(TimeUnit.SECONDS.toNanos(60)).whenShort(RateLimitHandler.WAIT)
            .maxWaitNs(TimeUnit.MILLISECONDS.toNanos(50)).build();
        try (FaultServer server = new FaultServer(); Connection connection = connect(server, limiter, 10_000))
        {
            final List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                futures.add(connection.request("q" + i, null, Operation.QUERY));
            }
            final Outcomes outcomes = outcomes(futures);

            assertThat(outcomes.ok()).isEqualTo(2);
            assertThat(outcomes.failed(RequestException.Kind.RATE_LIMITED)).isEqualTo(1);
        }
    }

    @Test
    void shouldShareOneBucketBetweenTheConnectionsOfAnAccount() throws Exception
    {
        final TokenBucketRateLimiter shared = TokenBucketRateLimiter.builder().capacity(10).refillAmount(1)
            .refillIntervalNs(TimeUnit.SECONDS.toNanos(60)).whenShort(RateLimitHandler.REJECT).build();
        try (FaultServer server = new FaultServer();
            Connection first = connect(server, shared, 10_000);
            Connection second = connect(server, shared, 10_000))
        {
            final List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                futures.add(first.request("a" + i, null, Operation.QUERY));
                futures.add(second.request("b" + i, null, Operation.QUERY));
            }
            final Outcomes outcomes = outcomes(futures);

            assertThat(outcomes.ok()).isEqualTo(10);
            assertThat(outcomes.failed(RequestException.Kind.RATE_LIMITED)).isEqualTo(10);
            assertThat(shared.allowedCount()).isEqualTo(10);
        }
    }
}
