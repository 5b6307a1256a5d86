package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests over a token bucket: what the bucket cannot pay for now is queued (bounded, FIFO within a priority,
 * auth before subscriptions before the rest) and drained on refill, or refused under REJECT; nothing is lost.
 */
@Timeout(30)
class RateLimitedRequestTest
{
    private static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    @Test
    void shouldQueueWhatTheBucketCannotPayAndDrainItOnRefillInOrder() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder()
                .capacity(5).refillAmount(5).refillIntervalNs(INTERVAL_NS).whenShort(RateLimitHandler.QUEUE).build();
            final Connection connection = connect(server, limiter);
            try
            {
                final List<CompletableFuture<Response>> futures = new ArrayList<>();
                for (int i = 0; i < 20; i++)
                {
                    futures.add(connection.request("q" + i, null, Operation.QUERY));
                }
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);

                final List<String> methods = new ArrayList<>();
                for (final TestServer.Request request : server.requests())
                {
                    if (request.method().startsWith("q"))
                    {
                        methods.add(request.method());
                    }
                }
                final List<String> expected = new ArrayList<>();
                for (int i = 0; i < 20; i++)
                {
                    expected.add("q" + i);
                }
                assertThat(methods).as("every request sent exactly once, in order").isEqualTo(expected);
                assertThat(limiter.allowedCount()).isGreaterThanOrEqualTo(20);
            }
            finally
            {
                connection.close();
            }
        }
    }

    @Test
    void shouldSendQueuedAuthBeforeSubscriptionsBeforeQueries() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder()
                .capacity(1).refillAmount(1).refillIntervalNs(INTERVAL_NS).whenShort(RateLimitHandler.QUEUE).build();
            final Connection connection = connect(server, limiter);
            try
            {
                final CompletableFuture<Response> first = connection.request("first", null, Operation.QUERY);
                final CompletableFuture<Response> query = connection.request("query", null, Operation.QUERY);
                final CompletableFuture<Response> subscribe =
                    connection.request("subscribe-like", null, Operation.SUBSCRIBE);
                final CompletableFuture<Response> auth = connection.request("auth-like", null, Operation.AUTH);
                CompletableFuture.allOf(first, query, subscribe, auth).get(10, TimeUnit.SECONDS);

                final List<String> methods = new ArrayList<>();
                for (final TestServer.Request request : server.requests())
                {
                    methods.add(request.method());
                }
                assertThat(methods).containsSubsequence("first", "auth-like", "subscribe-like", "query");
            }
            finally
            {
                connection.close();
            }
        }
    }

    @Test
    void shouldRefuseWhatTheBucketCannotPayUnderReject() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder()
                .capacity(5).refillAmount(5).refillIntervalNs(TimeUnit.SECONDS.toNanos(60))
                .whenShort(RateLimitHandler.REJECT).build();
            final Connection connection = connect(server, limiter);
            try
            {
                int refused = 0;
                int answered = 0;
                for (int i = 0; i < 20; i++)
                {
                    try
                    {
                        connection.request("q" + i, null, Operation.QUERY).get(5, TimeUnit.SECONDS);
                        answered++;
                    }
                    catch (final ExecutionException ex)
                    {
                        assertThat(((RequestException)ex.getCause()).kind())
                            .isEqualTo(RequestException.Kind.RATE_LIMITED);
                        refused++;
                    }
                }
                assertThat(answered).isEqualTo(5);
                assertThat(refused).isEqualTo(15);
                assertThat(server.requests()).hasSize(5);
            }
            finally
            {
                connection.close();
            }
        }
    }

    @Test
    void shouldTimeOutARequestStillQueuedAtItsTimeout() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final TokenBucketRateLimiter limiter = TokenBucketRateLimiter.builder()
                .capacity(1).refillAmount(1).refillIntervalNs(TimeUnit.SECONDS.toNanos(60))
                .whenShort(RateLimitHandler.QUEUE).build();
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).rateLimitHandler(limiter).requestTimeoutMs(300).build());
            try
            {
                connection.request("paid", null, Operation.QUERY).get(5, TimeUnit.SECONDS);
                final long startNs = System.nanoTime();
                final CompletableFuture<Response> waiting = connection.request("waiting", null, Operation.QUERY);
                try
                {
                    waiting.get(5, TimeUnit.SECONDS);
                    throw new AssertionError("a request the bucket cannot pay for was answered");
                }
                catch (final ExecutionException ex)
                {
                    assertThat(((RequestException)ex.getCause()).kind()).isEqualTo(RequestException.Kind.TIMEOUT);
                }
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isBetween(250L, 3000L);
                assertThat(server.requests("waiting")).isEmpty();
            }
            finally
            {
                connection.close();
            }
        }
    }

    private static Connection connect(final TestServer server, final RateLimitHandler limiter)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
            .url(server.url()).rateLimitHandler(limiter).requestTimeoutMs(5_000).build());
    }
}
