package io.wsnova.engine.client;

import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request, rate-limit and auth-refresh rules of docs/RELIABILITY.md on a fake clock, without sockets: request
 * timeouts to the nanosecond, what a drop does to in-flight and queued requests, the queue's drain on each refill,
 * and when a session is refreshed.
 */
@Timeout(10)
class FakeClockRequestTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeClock time = new FakeClock();
    private final FakeVenue venue = new FakeVenue(time);

    @AfterEach
    void noTaskThrew()
    {
        assertThat(time.failures()).isEmpty();
    }

    private ClientConnection connected(final NovaOptions.Builder options)
    {
        final ClientConnection connection = venue.connect(options
            .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
            .set(Option.REQUEST_TIMEOUT_MS, 1_000L));
        final CompletableFuture<?> started = connection.start();
        time.runDue();
        assertThat(started).isCompleted();
        return connection;
    }

    private static RequestException.Kind failure(final CompletableFuture<?> future)
    {
        assertThat(future).isCompletedExceptionally();
        final Throwable error = future.handle((ignore, failure) -> failure).join();
        return ((RequestException)SetUpFailures.unwrap(error)).kind();
    }

    @Test
    void shouldTimeOutARequestExactlyAtRequestTimeoutMsAndCountItsLateAnswer()
    {
        final ClientConnection connection = connected(NovaOptions.builder());
        venue.answer = request -> null;
        final CompletableFuture<Response> request = connection.request("q", null, Operation.QUERY);
        final FakeVenue.Sent sent = venue.sent.get(venue.sent.size() - 1);

        time.advanceNanos(1_000 * MS - 1);
        assertThat(request).isNotDone();
        time.advanceNanos(1);
        assertThat(failure(request)).isEqualTo(RequestException.Kind.TIMEOUT);

        venue.current().deliver(FakeVenue.ok(sent));
        time.runDue();
        assertThat(connection.lateResponses()).isEqualTo(1);
    }

    @Test
    void shouldFailInFlightAndQueuedRequestsAtOnceOnADrop()
    {
        final TestLimiter limiter = new TestLimiter(1, 1_000 * MS);
        final ClientConnection connection = connected(NovaOptions.builder().rateLimitHandler(limiter));
        venue.answer = request -> null;
        final CompletableFuture<Response> inFlight = connection.request("first", null, Operation.QUERY);
        final CompletableFuture<Response> queued = connection.request("second", null, Operation.QUERY);
        time.runDue();
        assertThat(venue.methods()).containsExactly("first");

        venue.current().drop();
        time.runDue();

        assertThat(failure(inFlight)).isEqualTo(RequestException.Kind.DISCONNECTED);
        assertThat(failure(queued)).isEqualTo(RequestException.Kind.DISCONNECTED);
        assertThat(venue.methods()).containsExactly("first");
    }

    @Test
    void shouldDrainTheRateLimitQueueOneRequestPerRefillAtTheRefill()
    {
        final TestLimiter limiter = new TestLimiter(2, 100 * MS);
        final ClientConnection connection = connected(NovaOptions.builder().rateLimitHandler(limiter)
            .set(Option.REQUEST_TIMEOUT_MS, 10_000L));
        final List<CompletableFuture<Response>> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            requests.add(connection.request("q" + i, null, Operation.QUERY));
        }
        time.runDue();
        assertThat(venue.methods()).containsExactly("q0", "q1");

        time.advanceNanos(100 * MS - 1);
        assertThat(venue.sent).hasSize(2);
        time.advanceNanos(1);
        assertThat(venue.methods()).containsExactly("q0", "q1", "q2");
        time.advanceMillis(200);

        assertThat(venue.methods()).containsExactly("q0", "q1", "q2", "q3", "q4");
        final List<Long> offsetsMs = new ArrayList<>();
        for (final FakeVenue.Sent sent : venue.sent)
        {
            offsetsMs.add((sent.atNs() - FakeClock.START_NS) / MS);
        }
        assertThat(offsetsMs).containsExactly(0L, 0L, 100L, 200L, 300L);
        assertThat(requests).allMatch(CompletableFuture::isDone);
    }

    @Test
    void shouldTimeOutAQueuedRequestAtItsDeadline()
    {
        final TestLimiter limiter = new TestLimiter(1, 60_000 * MS);
        final ClientConnection connection = connected(NovaOptions.builder().rateLimitHandler(limiter));
        connection.request("paid", null, Operation.QUERY);
        final CompletableFuture<Response> queued = connection.request("waits", null, Operation.QUERY);

        time.advanceNanos(1_000 * MS - 1);
        assertThat(queued).isNotDone();
        time.advanceNanos(1);
        assertThat(failure(queued)).isEqualTo(RequestException.Kind.TIMEOUT);
        assertThat(venue.methods()).containsExactly("paid");
    }

    @Test
    void shouldRefreshTheSessionLeadMsBeforeItExpires()
    {
        final RefreshingAuth auth = new RefreshingAuth(10_000, 3_000);
        final ClientConnection connection = connected(NovaOptions.builder().authHandler(auth));
        connection.authenticate(new Credentials("id", "secret"));
        time.runDue();
        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(venue.methods()).containsExactly("auth");

        time.advanceNanos(7_000 * MS - 1);
        assertThat(venue.methods()).containsExactly("auth");
        time.advanceNanos(1);
        assertThat(venue.methods()).containsExactly("auth", "auth");
        assertThat(venue.sent.get(1).text()).contains("refresh");

        time.advanceMillis(7_000);
        assertThat(venue.methods()).containsExactly("auth", "auth", "auth");
    }

    @Test
    void shouldRefreshAShortSessionAtHalfItsLifetime()
    {
        final RefreshingAuth auth = new RefreshingAuth(4_000, 3_000);
        final ClientConnection connection = connected(NovaOptions.builder().authHandler(auth));
        connection.authenticate(new Credentials("id", "secret"));
        time.runDue();

        time.advanceNanos(2_000 * MS - 1);
        assertThat(venue.sent).hasSize(1);
        time.advanceNanos(1);
        assertThat(venue.sent).hasSize(2);
    }

    @Test
    void shouldNotRefreshOnANewSocketButAuthenticateAgainAfterTheReconnect()
    {
        final RefreshingAuth auth = new RefreshingAuth(10_000, 3_000);
        final ClientConnection connection = connected(NovaOptions.builder().authHandler(auth)
            .set(Option.RECONNECT_BASE_DELAY_MS, 100L));
        connection.authenticate(new Credentials("id", "secret"));
        time.runDue();
        time.advanceMillis(5_000);
        venue.current().drop();
        time.advanceMillis(100);
        assertThat(venue.sent).hasSize(2);
        assertThat(venue.sent.get(1).socket()).isEqualTo(2);
        assertThat(venue.sent.get(1).text()).doesNotContain("refresh");

        time.advanceMillis(6_999);
        assertThat(venue.sent).hasSize(2);
        time.advanceMillis(1);
        assertThat(venue.sent).hasSize(3);
        assertThat(venue.sent.get(2).text()).contains("refresh");
    }

    /**
     * A bucket of {@code capacity} tokens, one back per whole {@code refillNs}, QUEUE when short; its clock is the
     * time the engine passes in.
     */
    private static final class TestLimiter implements RateLimitHandler
    {
        private final long capacity;
        private final long refillNs;
        private long tokens;
        private long lastRefillNs = FakeClock.START_NS;

        TestLimiter(final long capacity, final long refillNs)
        {
            this.capacity = capacity;
            this.refillNs = refillNs;
            this.tokens = capacity;
        }

        private void refill(final long nowNs)
        {
            final long intervals = (nowNs - lastRefillNs) / refillNs;
            if (intervals > 0)
            {
                tokens = Math.min(capacity, tokens + intervals);
                lastRefillNs += intervals * refillNs;
            }
        }

        @Override
        public int cost(final Operation operation)
        {
            return 1;
        }

        @Override
        public int check(final Operation operation, final long nowNs)
        {
            refill(nowNs);
            if (tokens > 0)
            {
                tokens--;
                return ALLOW;
            }
            return QUEUE;
        }

        @Override
        public long nanosUntilAvailable(final Operation operation, final long nowNs)
        {
            refill(nowNs);
            return tokens > 0 ? 0 : lastRefillNs + refillNs - nowNs;
        }

        @Override
        public void tick(final long nowNs)
        {
            refill(nowNs);
        }
    }

    /**
     * Sessions that expire after {@code expiresInMs} and refresh with {@code {"refresh":true}}.
     */
    private static final class RefreshingAuth implements AuthHandler
    {
        private final long expiresInMs;
        private final long leadMs;

        RefreshingAuth(final long expiresInMs, final long leadMs)
        {
            this.expiresInMs = expiresInMs;
            this.leadMs = leadMs;
        }

        @Override
        public AuthResult onAuthResponse(final Response response)
        {
            return new AuthResult(!response.isError(), "token", expiresInMs, 0, null);
        }

        @Override
        public long refreshLeadMs()
        {
            return leadMs;
        }

        @Override
        public JsonPayload refreshParams(final AuthResult previous)
        {
            return encoder -> encoder.startObject().name("refresh").bool(true).endObject();
        }
    }
}
