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
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two rate-limit queue defects of issue 12, end to end over a loopback JSON-RPC server:
 * <ul>
 *   <li>an order (its own bucket, full) waited behind subscribes that the other bucket could not pay for;</li>
 *   <li>every expired deadline started one more self-rescheduling drain chain, so the checks multiplied while the
 *   queue stayed busy.</li>
 * </ul>
 * Both failed before the fix (the order timed out; about ten times the checks one chain makes).
 */
@Timeout(60)
class RateLimitQueueDefectTest
{
    private static final long NEVER_NS = TimeUnit.HOURS.toNanos(1);

    /**
     * Two buckets as Deribit has them: a credit pool for everything but orders, and one for orders. Kept free of
     * {@code @Override} on {@code bucket} so the test also compiles against the engine before the fix.
     */
    static final class TwoBuckets implements RateLimitHandler
    {
        final TokenBucketRateLimiter credits;
        final TokenBucketRateLimiter orders;

        TwoBuckets(final long credits, final long orders)
        {
            this.credits = TokenBucketRateLimiter.builder().capacity(credits).refillAmount(1).refillIntervalNs(NEVER_NS)
                .cost(Operation.ORDER, 0).build();
            this.orders = TokenBucketRateLimiter.builder().capacity(orders).refillAmount(1).refillIntervalNs(NEVER_NS)
                .defaultCost(0).cost(Operation.ORDER, 1).build();
        }

        private TokenBucketRateLimiter of(final Operation operation)
        {
            return operation == Operation.ORDER ? orders : credits;
        }

        public int bucket(final Operation operation)
        {
            return operation == Operation.ORDER ? 1 : 0;
        }

        @Override
        public int cost(final Operation operation)
        {
            return of(operation).cost(operation);
        }

        @Override
        public int check(final Operation operation, final long nowNs)
        {
            return of(operation).check(operation, nowNs);
        }

        @Override
        public long nanosUntilAvailable(final Operation operation, final long nowNs)
        {
            return of(operation).nanosUntilAvailable(operation, nowNs);
        }

        @Override
        public void tick(final long nowNs)
        {
            credits.tick(nowNs);
            orders.tick(nowNs);
        }
    }

    /** Never has tokens; says they are due every {@link #WAIT_NS}; counts the checks. */
    static final class NeverAllows implements RateLimitHandler
    {
        static final long WAIT_NS = TimeUnit.MILLISECONDS.toNanos(20);
        final AtomicLong checks = new AtomicLong();

        @Override
        public int cost(final Operation operation)
        {
            return 1;
        }

        @Override
        public int check(final Operation operation, final long nowNs)
        {
            checks.incrementAndGet();
            return QUEUE;
        }

        @Override
        public long nanosUntilAvailable(final Operation operation, final long nowNs)
        {
            return WAIT_NS;
        }

        @Override
        public void tick(final long nowNs)
        {
        }
    }

    @Test
    void shouldSendAnOrderWhoseBucketHasTokensWhileSubscribesWaitForTheOtherBucket() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final TwoBuckets limiter = new TwoBuckets(1, 5);
            final Connection connection = connect(server, limiter, 10_000);
            try
            {
                final List<CompletableFuture<Response>> subscribes = new ArrayList<>();
                for (int i = 0; i < 3; i++)
                {
                    subscribes.add(connection.request("sub" + i, null, Operation.SUBSCRIBE));
                }
                subscribes.get(0).get(5, TimeUnit.SECONDS);
                assertThat(subscribes.get(1)).as("waits for credits that never come").isNotDone();

                final Response order = connection.request("buy", null, Operation.ORDER).get(5, TimeUnit.SECONDS);

                assertThat(order.isError()).isFalse();
                assertThat(server.requests("buy")).hasSize(1);
                assertThat(server.requests("sub1")).as("still waiting for its own bucket").isEmpty();
                assertThat(limiter.orders.allowedCount()).isEqualTo(1);
            }
            finally
            {
                connection.close();
            }
        }
    }

    @Test
    void shouldKeepOneDrainChainWhileDeadlinesExpireInABusyQueue() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final NeverAllows limiter = new NeverAllows();
            final long timeoutMs = 200;
            final Connection connection = connect(server, limiter, timeoutMs);
            try
            {
                final long startNs = System.nanoTime();
                final List<CompletableFuture<Response>> requests = new ArrayList<>();
                final int count = 30;
                for (int i = 0; i < count; i++)
                {
                    requests.add(connection.request("q" + i, null, Operation.QUERY));
                    Thread.sleep(50); // the load itself: a request every 50 ms keeps the queue busy
                }
                for (final CompletableFuture<Response> request : requests)
                {
                    try
                    {
                        request.get(10, TimeUnit.SECONDS);
                        throw new AssertionError("a request the limiter never allowed was answered");
                    }
                    catch (final ExecutionException ex)
                    {
                        assertThat(((RequestException)ex.getCause()).kind()).isEqualTo(RequestException.Kind.TIMEOUT);
                    }
                }
                final long elapsedNs = System.nanoTime() - startNs;

                // One chain checks the head at most once per WAIT_NS, plus once per offer and per expired deadline
                // (a timer running late only lowers the count). Every extra chain adds its own checks.
                final long oneChain = elapsedNs / NeverAllows.WAIT_NS + 2L * count;
                assertThat(limiter.checks.get()).as("checks in %d ms", TimeUnit.NANOSECONDS.toMillis(elapsedNs))
                    .isLessThanOrEqualTo(oneChain + oneChain / 2);
                assertThat(server.requests()).isEmpty();
            }
            finally
            {
                connection.close();
            }
        }
    }

    private static Connection connect(final TestServer server, final RateLimitHandler limiter, final long timeoutMs)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
            .url(server.url()).rateLimitHandler(limiter).requestTimeoutMs(timeoutMs).build());
    }
}
