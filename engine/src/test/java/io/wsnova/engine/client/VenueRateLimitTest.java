package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A venue's rate-limit error reaches the limiter through the engine: one answered on connection A drains the
 * bucket that A and B share and lowers its rate, so B's next request waits for the (slower) refill.
 */
@Timeout(30)
class VenueRateLimitTest
{
    private static final int LIMIT_CODE = 10028;

    private static String answer(final TestServer.Request request)
    {
        if ("limited".equals(request.method()))
        {
            return JsonRpc.error(request.id(), LIMIT_CODE, "too_many_requests");
        }
        return JsonRpc.standard(request);
    }

    @Test
    void shouldDrainAndSlowTheSharedBucketWhenTheVenueSaysTooManyRequests() throws Exception
    {
        try (TestServer server = TestServer.rpc(VenueRateLimitTest::answer))
        {
            final TokenBucketRateLimiter shared = TokenBucketRateLimiter.builder()
                .capacity(10).refillAmount(1).refillIntervalNs(TimeUnit.MILLISECONDS.toNanos(500))
                .venueRateLimitErrorCodes(LIMIT_CODE)
                .recoveryIntervalNs(TimeUnit.SECONDS.toNanos(60))
                .build();
            final Connection a = connect(server, shared);
            final Connection b = connect(server, shared);
            try
            {
                final Response refused = a.request("limited", null, Operation.SUBSCRIBE).get(5, TimeUnit.SECONDS);
                assertThat(refused.isError()).isTrue();
                assertThat(refused.errorCode()).isEqualTo(LIMIT_CODE);
                final long afterNs = System.nanoTime();

                assertThat(shared.venueRateLimitedCount()).isEqualTo(1);
                assertThat(shared.rate(afterNs)).isEqualTo(TokenBucketRateLimiter.RATE_SCALE / 2);
                assertThat(shared.refillIntervalNs(afterNs)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));

                final long queuedBefore = shared.queuedCount();
                final CompletableFuture<Response> first = b.request("q1", null, Operation.QUERY);
                final CompletableFuture<Response> second = b.request("q2", null, Operation.QUERY);
                assertThat(first.get(5, TimeUnit.SECONDS).isError()).isFalse();
                assertThat(second.get(5, TimeUnit.SECONDS).isError()).isFalse();
                assertThat(shared.queuedCount() - queuedBefore).as("B waited for the drained bucket").isPositive();
            }
            finally
            {
                a.close();
                b.close();
            }
        }
    }

    private static Connection connect(final TestServer server, final TokenBucketRateLimiter limiter)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
            .url(server.url()).rateLimitHandler(limiter).requestTimeoutMs(5_000).build());
    }
}
