package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitError;
import io.wsnova.adapters.deribit.DeribitRateLimiter;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deribit's credit model end to end. A limiter that matches the venue's pool makes requests wait instead of earning
 * {@code 10028}; a limiter looser than the venue's pool earns {@code 10028}, the venue ends the session, and the
 * adapter reconnects once, after the credit pool's refill time, and works again: no reconnect storm.
 */
@Timeout(90)
class DeribitMockCreditTest
{
    /** The venue's pool: 10 requests of 500 credits, refilled at 10 requests a second. */
    private static final int REQUEST_COST = 500;
    private static final int VENUE_MAX_CREDITS = 5_000;
    private static final int VENUE_CREDITS_PER_SECOND = 5_000;
    private static final String GET_TIME = "public/get_time";
    private static final String TICKER = DeribitMockFixture.channel(Recorder.TICKER, BTC);
    private static final long NO_STORM_WATCH_MS = 1_500L;

    private DeribitMockFixture fixture;

    @AfterEach
    void close()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldQueueRequestsWithinTheCreditsAndNeverEarnTooManyRequests() throws Exception
    {
        fixture = givenAVenueWithASmallCreditPool();
        // The client's pool is two requests smaller than the venue's: a margin for the delivery jitter that can
        // make the venue see two requests closer together than the client sent them.
        final DeribitRateLimiter limiter = DeribitRateLimiter.builder()
            .credits(VENUE_MAX_CREDITS - 2 * REQUEST_COST, VENUE_CREDITS_PER_SECOND, REQUEST_COST).build();
        final Connection connection = fixture.connect(fixture.adapter().rateLimiter(limiter), fixture.options());

        final List<CompletableFuture<Response>> burst = requests(connection, 30);

        for (final CompletableFuture<Response> request : burst)
        {
            final Response response = request.get(DeribitMockFixture.WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(response.isError()).as(response.toString()).isFalse();
        }
        assertThat(limiter.credits().queuedCount()).as("checks that made a request wait").isPositive();
        assertThat(fixture.exchange.stats().tooManyRequests()).isZero();
        assertThat(fixture.exchange.stats().closedForTooManyRequests()).isZero();
        assertThat(fixture.recorder.disconnects()).isZero();
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @Test
    void shouldBackOffForTheRefillTimeAfterTooManyRequestsAndRecoverWithOneReconnect() throws Exception
    {
        fixture = givenAVenueWithASmallCreditPool();
        final DeribitRateLimiter loose = DeribitRateLimiter.builder()
            .credits(10 * VENUE_MAX_CREDITS, 10 * VENUE_MAX_CREDITS, REQUEST_COST).build();
        final DeribitAdapter.Builder adapter = fixture.adapter().rateLimiter(loose);
        final long refillMs = loose.fullRefillMs();
        assertThat(adapter.build().rateLimitBackoffMs()).as("backoff after 10028: the pool's refill")
            .isEqualTo(refillMs);
        final Connection connection = fixture.connect(adapter, fixture.options());
        DeribitMockFixture.subscribe(connection, List.of(TICKER));

        final List<CompletableFuture<Response>> burst = requests(connection, 20);

        thenSomeWereAnsweredTooManyRequestsAndTheRestFailedDisconnected(burst);
        fixture.await("reconnected", () -> fixture.recorder.reconnects() == 1);
        final CloseStatus ended = fixture.recorder.disconnectStatuses().get(0);
        assertThat(ended.reason()).as(ended.toString()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
        assertThat(ended.closeCode()).as(ended.toString()).isEqualTo(1008);
        assertThat(fixture.recorder.reconnectDelaysMs()).as("reconnect delays")
            .singleElement().satisfies(delayMs -> assertThat(delayMs).isGreaterThanOrEqualTo(refillMs));
        final long downNs = fixture.recorder.lastReconnectNs() - fixture.recorder.lastDisconnectNs();
        assertThat(TimeUnit.NANOSECONDS.toMillis(downNs))
            .as("time from the drop to the restored connection").isGreaterThanOrEqualTo(refillMs);

        final Response afterwards = connection.request(GET_TIME, null).get(DeribitMockFixture.WAIT_MS,
            TimeUnit.MILLISECONDS);
        assertThat(afterwards.isError()).as(afterwards.toString()).isFalse();
        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(connection.subscription(TICKER).state()).isEqualTo(Subscription.State.CONFIRMED);
        fixture.awaitMessages(List.of(TICKER), fixture.recorder.messagesByChannel(List.of(TICKER)), 3);

        DeribitMockFixture.pause(NO_STORM_WATCH_MS);
        assertThat(fixture.recorder.reconnectAttempts()).as("reconnect attempts").isEqualTo(1);
        assertThat(fixture.recorder.disconnects()).isEqualTo(1);
        assertThat(fixture.exchange.stats().connectionsAccepted()).isEqualTo(2);
        assertThat(fixture.exchange.stats().closedForTooManyRequests()).isEqualTo(1);
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    private static DeribitMockFixture givenAVenueWithASmallCreditPool()
    {
        return DeribitMockFixture.start(DeribitMockFixture.config()
            .messagesPerSecond(200)
            .credits(REQUEST_COST, VENUE_MAX_CREDITS, VENUE_CREDITS_PER_SECOND));
    }

    private static List<CompletableFuture<Response>> requests(final Connection connection, final int count)
    {
        final List<CompletableFuture<Response>> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            requests.add(connection.request(GET_TIME, null));
        }
        return requests;
    }

    private void thenSomeWereAnsweredTooManyRequestsAndTheRestFailedDisconnected(
        final List<CompletableFuture<Response>> burst) throws InterruptedException
    {
        int answered = 0;
        int tooManyRequests = 0;
        int disconnected = 0;
        int refusedLocally = 0;
        for (final CompletableFuture<Response> request : burst)
        {
            try
            {
                final Response response = request.get(DeribitMockFixture.WAIT_MS, TimeUnit.MILLISECONDS);
                if (!response.isError())
                {
                    answered++;
                }
                else if (DeribitError.of(response.errorCode()) == DeribitError.TOO_MANY_REQUESTS)
                {
                    tooManyRequests++;
                }
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof RequestException failed)
                {
                    switch (failed.kind())
                    {
                        // Dropped with the socket the venue closed, or sent into it while it was closing.
                        case DISCONNECTED, SEND_FAILED -> disconnected++;
                        // After the first 10028 the local bucket is drained (adaptive limits): the rest of the
                        // burst is refused here instead of costing the venue's credits.
                        case RATE_LIMITED -> refusedLocally++;
                        default -> throw new AssertionError("unexpected failure of a burst request", failed);
                    }
                }
            }
            catch (final TimeoutException ex)
            {
                throw new AssertionError("a request neither answered nor failed", ex);
            }
        }
        assertThat(answered).as("answered within the venue's credits").isPositive();
        assertThat(tooManyRequests).as("answered 10028").isPositive();
        assertThat(answered + tooManyRequests + disconnected + refusedLocally).as("every request accounted for")
            .isEqualTo(burst.size());
        assertThat(fixture.exchange.stats().tooManyRequests()).isGreaterThanOrEqualTo(tooManyRequests);
    }
}
