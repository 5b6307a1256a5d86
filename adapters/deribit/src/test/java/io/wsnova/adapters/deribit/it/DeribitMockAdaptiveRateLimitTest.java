package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitError;
import io.wsnova.adapters.deribit.DeribitRateLimiter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive limiter end to end against the mock exchange whose credit pool is far smaller than the one the
 * client is configured for (Deribit's defaults: 50,000 credits, 10,000 a second). The client's work is a fixed set
 * of requests, each retried until answered (a retry waits for the reconnect: {@code reconnectSendWaitMs}). Every
 * {@code 10028} drains the client's bucket and halves its rate, so after a few reconnects the session runs at the
 * venue's real rate and the work completes, with the {@code 10028} events and reconnects counted and bounded.
 */
@Timeout(120)
class DeribitMockAdaptiveRateLimitTest
{
    private static final int REQUEST_COST = 500;
    private static final String GET_TIME = "public/get_time";
    /** Halving from 10,000 credits a second reaches 625 (the floor) in four errors. */
    private static final long MAX_TOO_MANY_REQUESTS_CLOSES = 8;
    private static final int WORK = 30;
    private static final int MAX_ROUNDS = 40;

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
    void shouldSlowDownAfterTooManyRequestsOnALaterConnectionAndCompleteTheWork() throws Exception
    {
        // 4 requests of burst, 2 a second: a tenth of the client's configured rate.
        fixture = DeribitMockFixture.start(DeribitMockFixture.config()
            .messagesPerSecond(50)
            .credits(REQUEST_COST, 4 * REQUEST_COST, 2 * REQUEST_COST));
        final DeribitRateLimiter limiter = DeribitRateLimiter.standard();
        final Connection connection = fixture.connect(adapter(limiter), options());

        final Work work = doWork(connection, WORK);

        thenTheWorkCompletedWithBoundedTooManyRequests(connection, limiter, work);
        assertThat(work.tooManyRequests + work.disconnected).as("the first burst earned 10028").isPositive();
    }

    @Disabled("open: with a venue bucket of one request at 2/s and a 100 ms least delay after 10028, the first " +
        "set-up does not reliably converge within the retry budget (the rate halves at most once a second while " +
        "set-ups retry every ~100 ms); with Deribit's default least delay (a full refill, >= 5 s) each retry " +
        "halves the rate")
    @Test
    void shouldSlowDownAfterTooManyRequestsDuringTheFirstSetUpAndConnect() throws Exception
    {
        // One request of burst, 2 a second: authentication passes, set_heartbeat right behind it earns 10028.
        fixture = DeribitMockFixture.start(DeribitMockFixture.config()
            .messagesPerSecond(50)
            .credits(REQUEST_COST, REQUEST_COST, 2 * REQUEST_COST));
        final DeribitRateLimiter limiter = DeribitRateLimiter.standard();

        final Connection connection = fixture.connect(adapter(limiter), options());

        assertThat(fixture.exchange.stats().closedForTooManyRequests()).as("the first set-up was refused")
            .isPositive();
        assertThat(limiter.credits().venueRateLimitedCount()).isPositive();
        final Work work = doWork(connection, 10);
        thenTheWorkCompletedWithBoundedTooManyRequests(connection, limiter, work);
    }

    private DeribitAdapter.Builder adapter(final DeribitRateLimiter limiter)
    {
        // A short least delay after 10028: the drained bucket already holds the restore back.
        return fixture.adapter().rateLimiter(limiter).rateLimitBackoffMs(100);
    }

    private NovaOptions.Builder options()
    {
        return fixture.options().set(Option.RECONNECT_SEND_WAIT_MS, DeribitMockFixture.WAIT_MS);
    }

    /** What the client saw while doing its work. */
    private static final class Work
    {
        int answered;
        int tooManyRequests;
        int disconnected;
        int rounds;
        int remaining;
    }

    /**
     * Sends {@code count} requests at once and re-sends every one not answered (10028, dropped with the
     * connection, or sent into a socket that was closing) until all are answered.
     */
    private static Work doWork(final Connection connection, final int count) throws Exception
    {
        final Work work = new Work();
        int remaining = count;
        while (remaining > 0 && work.rounds < MAX_ROUNDS)
        {
            work.rounds++;
            final List<CompletableFuture<Response>> round = new ArrayList<>(remaining);
            for (int i = 0; i < remaining; i++)
            {
                round.add(connection.request(GET_TIME, null));
            }
            int failed = 0;
            for (final CompletableFuture<Response> request : round)
            {
                try
                {
                    final Response response = request.get(DeribitMockFixture.WAIT_MS, TimeUnit.MILLISECONDS);
                    if (!response.isError())
                    {
                        work.answered++;
                        continue;
                    }
                    assertThat(DeribitError.of(response.errorCode())).as(response.toString())
                        .isEqualTo(DeribitError.TOO_MANY_REQUESTS);
                    work.tooManyRequests++;
                }
                catch (final ExecutionException ex)
                {
                    assertThat(ex.getCause()).isInstanceOf(RequestException.class);
                    assertThat(((RequestException)ex.getCause()).kind()).as(ex.getCause().toString())
                        .isIn(RequestException.Kind.DISCONNECTED, RequestException.Kind.NOT_CONNECTED,
                            RequestException.Kind.SEND_FAILED);
                    work.disconnected++;
                }
                failed++;
            }
            remaining = failed;
        }
        work.remaining = remaining;
        return work;
    }

    private void thenTheWorkCompletedWithBoundedTooManyRequests(
        final Connection connection, final DeribitRateLimiter limiter, final Work work)
    {
        final TokenBucketRateLimiter credits = limiter.credits();
        final long closes = fixture.exchange.stats().closedForTooManyRequests();
        final String summary = "answered " + work.answered + ", 10028 answers seen " + work.tooManyRequests +
            ", dropped " + work.disconnected + ", rounds " + work.rounds + "; mock: 10028 sent " +
            fixture.exchange.stats().tooManyRequests() + ", closes for 10028 " + closes + ", connections " +
            fixture.exchange.stats().connectionsAccepted() + "; client: venue errors " +
            credits.venueRateLimitedCount() + ", decreases " + credits.rateDecreaseCount() + ", rate now " +
            credits.tokensPerSecond(System.nanoTime()) + " credits/s; reconnects " + fixture.recorder.reconnects();
        System.out.println("DeribitMockAdaptiveRateLimitTest: " + summary);

        assertThat(work.remaining).as("requests never answered: " + summary).isZero();
        assertThat(closes).as("10028 closes: " + summary).isPositive()
            .isLessThanOrEqualTo(MAX_TOO_MANY_REQUESTS_CLOSES);
        assertThat(fixture.exchange.stats().tooManyRequests())
            .as("10028 answers (the first burst's, then the few in flight at each later close): " + summary)
            .isLessThanOrEqualTo(WORK + 2 * MAX_TOO_MANY_REQUESTS_CLOSES);
        assertThat(credits.rateDecreaseCount()).as(summary).isPositive();
        assertThat(fixture.recorder.reconnectAttempts()).as("no reconnect storm: " + summary)
            .isLessThanOrEqualTo(closes + 2);
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
    }
}
