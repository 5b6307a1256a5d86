package io.wsnova.engine.client;

import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reconnect rules of docs/RELIABILITY.md on a fake clock, without sockets: a {@link FakeVenue} is the
 * connection's connector and a {@link FakeClock} its clocks, timer and event thread, so every delay is exact
 * ("at 99.999 ms nothing, at 100 ms the attempt") and the whole class runs in milliseconds.
 */
@Timeout(10)
class FakeClockReconnectTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeClock time = new FakeClock();
    private final FakeVenue venue = new FakeVenue(time);

    @AfterEach
    void noTaskThrew()
    {
        assertThat(time.failures()).isEmpty();
    }

    private static NovaOptions.Builder options()
    {
        return NovaOptions.builder()
            .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
            .set(Option.RECONNECT_BASE_DELAY_MS, 100L)
            .set(Option.RECONNECT_MAX_DELAY_MS, 1_000L);
    }

    private ClientConnection connected(final NovaOptions.Builder options)
    {
        final ClientConnection connection = venue.connect(options);
        final CompletableFuture<?> started = connection.start();
        time.runDue();
        assertThat(started).isCompleted();
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
        return connection;
    }

    private List<Long> dialOffsetsMs()
    {
        final List<Long> offsets = new ArrayList<>();
        for (final long atNs : venue.dialsAtNs)
        {
            offsets.add((atNs - FakeClock.START_NS) / MS);
        }
        return offsets;
    }

    @Test
    void shouldDoubleTheDelayFromTheBaseUpToTheCapAttemptByAttempt()
    {
        connected(options());
        venue.refuse(6);
        venue.current().drop();
        time.runDue();
        assertThat(venue.events).containsSubsequence("disconnected EOF", "reconnecting 1 100");

        time.advanceNanos(100 * MS - 1);
        assertThat(venue.dialsAtNs).hasSize(1);
        time.advanceNanos(1);
        assertThat(venue.dialsAtNs).hasSize(2);
        time.advanceMillis(10_000);

        assertThat(venue.events).containsSubsequence("reconnecting 1 100", "reconnecting 2 200", "reconnecting 3 400",
            "reconnecting 4 800", "reconnecting 5 1000", "reconnecting 6 1000", "reconnecting 7 1000", "reconnected");
        assertThat(dialOffsetsMs()).containsExactly(0L, 100L, 300L, 700L, 1_500L, 2_500L, 3_500L, 4_500L);
    }

    @ParameterizedTest
    @EnumSource(ReconnectJitter.class)
    void shouldKeepEveryJitteredDelayWithinItsBounds(final ReconnectJitter jitter)
    {
        System.out.println("FakeClockReconnectTest jitter " + jitter + " seed " + venue.seed +
            " (replay with -Dwsnova.seed=" + venue.seed + ")");
        connected(options().set(Option.RECONNECT_JITTER, jitter));
        venue.refuse(12);
        venue.current().drop();
        time.advanceMillis(60_000);

        long previousMs = 100;
        int attempt = 0;
        for (final String event : venue.events)
        {
            if (!event.startsWith("reconnecting "))
            {
                continue;
            }
            final String[] parts = event.split(" ");
            assertThat(Integer.parseInt(parts[1])).isEqualTo(++attempt);
            final long delayMs = Long.parseLong(parts[2]);
            final long exponentialMs = Math.min(1_000, 100L << Math.min(20, attempt - 1));
            switch (jitter)
            {
                case NONE -> assertThat(delayMs).isEqualTo(exponentialMs);
                case FULL -> assertThat(delayMs).isBetween(0L, exponentialMs);
                case EQUAL -> assertThat(delayMs).isBetween(exponentialMs / 2, exponentialMs);
                case DECORRELATED -> assertThat(delayMs).isBetween(100L, Math.min(1_000, previousMs * 3));
                default -> throw new AssertionError(jitter);
            }
            previousMs = Math.max(100, delayMs);
        }
        assertThat(attempt).isEqualTo(13);
        assertThat(venue.events).endsWith("reconnected");
    }

    @Test
    void shouldGiveUpAfterRetryAttemptsAndEndTheConnection()
    {
        final ClientConnection connection = connected(options().retryAttempts(3));
        venue.refuse(10);
        venue.current().drop();
        time.advanceMillis(10_000);

        assertThat(venue.dialsAtNs).hasSize(4);
        assertThat(venue.events).containsSubsequence("reconnecting 1 100", "reconnecting 2 200", "reconnecting 3 400",
            "gaveUp 3", "closed");
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
        assertThat(connection.closeFuture()).isCompleted();
    }

    @Test
    void shouldStartTheAttemptsOverOnlyAfterTheConnectionStayedUpLongEnough()
    {
        connected(options().set(Option.RECONNECT_RESET_AFTER_MS, 30_000L));
        venue.current().drop();
        time.advanceMillis(100);
        venue.current().drop();
        time.advanceMillis(200);
        assertThat(venue.events).containsSubsequence("reconnecting 1 100", "reconnected", "reconnecting 2 200",
            "reconnected");

        time.advanceMillis(30_000);
        venue.events.clear();
        venue.current().drop();
        time.runDue();
        assertThat(venue.events).contains("reconnecting 1 100");
    }

    @Test
    void shouldRetryTheFirstConnectAtMostConnectRetryAttemptsTimesWithTheSameBackoff()
    {
        final ClientConnection connection = venue.connect(options());
        venue.refuse(100);
        final CompletableFuture<?> started = connection.start();
        time.advanceMillis(60_000);

        assertThat(dialOffsetsMs()).containsExactly(0L, 100L, 300L, 700L, 1_500L, 2_500L);
        assertThatThrownBy(started::get).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(WebSocketConnectException.class);
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
    }

    @Test
    void shouldBoundTheFirstConnectByRetryAttemptsWhenThatIsLower()
    {
        final ClientConnection connection = venue.connect(options().retryAttempts(2));
        venue.refuse(100);
        final CompletableFuture<?> started = connection.start();
        time.advanceMillis(60_000);

        assertThat(venue.dialsAtNs).hasSize(3);
        assertThat(started).isCompletedExceptionally();
    }

    @Test
    void shouldFailTheFirstConnectAtOnceForWhatARetryCannotFix()
    {
        final ClientConnection connection = venue.connect(options());
        venue.failNext(new WebSocketConnectException(WebSocketConnectException.Kind.HANDSHAKE_REJECTED, 404,
            "not found", null));
        final CompletableFuture<?> started = connection.start();
        time.advanceMillis(60_000);

        assertThat(venue.dialsAtNs).hasSize(1);
        assertThat(started).isCompletedExceptionally();
    }

    @Test
    void shouldRetryAFirstConnectAnswered503AndReportConnectedForTheAttemptThatSucceeds()
    {
        final ClientConnection connection = venue.connect(options());
        venue.failNext(new WebSocketConnectException(WebSocketConnectException.Kind.HANDSHAKE_REJECTED, 503,
            "unavailable", null));
        venue.refuse(1);
        final CompletableFuture<?> started = connection.start();
        time.advanceMillis(299);
        assertThat(started).isNotDone();
        time.advanceMillis(1);

        assertThat(started).isCompleted();
        assertThat(dialOffsetsMs()).containsExactly(0L, 100L, 300L);
        assertThat(venue.events).containsExactly("connected");
    }

    @Test
    void shouldMakeRequestsWaitAtTheGateWhileReconnectingAndSendThemOnceBack()
    {
        final ClientConnection connection = connected(options().set(Option.RECONNECT_SEND_WAIT_MS, 500L));
        venue.current().drop();
        time.runDue();
        assertThat(connection.status()).isEqualTo(ConnectionStatus.RECONNECTING);

        final CompletableFuture<Response> waiting = connection.request("q", null, Operation.QUERY);
        time.advanceMillis(99);
        assertThat(waiting).isNotDone();
        time.advanceMillis(1);

        assertThat(waiting).isCompleted();
        final FakeVenue.Sent sent = venue.sent.get(venue.sent.size() - 1);
        assertThat(sent.method()).isEqualTo("q");
        assertThat(sent.socket()).isEqualTo(2);
    }

    @Test
    void shouldFailARequestThatWaitedAtTheGateForReconnectSendWaitMs()
    {
        final ClientConnection connection = connected(options()
            .set(Option.RECONNECT_SEND_WAIT_MS, 500L)
            .set(Option.RECONNECT_BASE_DELAY_MS, 1_000L)
            .set(Option.RECONNECT_MAX_DELAY_MS, 1_000L));
        venue.current().drop();
        time.runDue();

        final CompletableFuture<Response> waiting = connection.request("q", null, Operation.QUERY);
        time.advanceMillis(499);
        assertThat(waiting).isNotDone();
        time.advanceMillis(1);

        assertThatThrownBy(waiting::get).hasCauseInstanceOf(RequestException.class)
            .hasMessageContaining("still reconnecting after 500 ms");
    }

    @Test
    void shouldFailRequestsAtOnceWhileReconnectingWithoutASendWait()
    {
        final ClientConnection connection = connected(options());
        venue.current().drop();
        time.runDue();

        final CompletableFuture<Response> refused = connection.request("q", null, Operation.QUERY);
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(RequestException.class)
            .hasMessageContaining("RECONNECTING");
    }

    @Test
    void shouldRestoreAuthThenSubscriptionsAndReportReconnectedOnlyOnceAnswered()
    {
        final ClientConnection connection = connected(options().credentials(new Credentials("id", "secret")));
        final CompletableFuture<Subscription> a = connection.subscribe("a", null);
        final CompletableFuture<Subscription> b = connection.subscribe("b", null);
        time.runDue();
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
        assertThat(venue.methods()).containsExactly("auth", "subscribe", "subscribe");

        final List<FakeVenue.Sent> held = new ArrayList<>();
        venue.answer = request ->
        {
            if ("subscribe".equals(request.method()))
            {
                held.add(request);
                return null;
            }
            return FakeVenue.ok(request);
        };
        venue.sent.clear();
        venue.events.clear();
        venue.current().drop();
        time.advanceMillis(100);

        assertThat(venue.methods()).containsExactly("auth", "subscribe", "subscribe");
        assertThat(venue.sent).allMatch(frame -> frame.socket() == 2);
        assertThat(venue.events).containsSubsequence("disconnected EOF", "reconnecting 1 100", "authenticated")
            .doesNotContain("reconnected");

        for (final FakeVenue.Sent request : held)
        {
            venue.current().deliver("{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + ",\"result\":true}");
        }
        time.runDue();
        assertThat(venue.events).containsSubsequence("authenticated", "confirmed a", "confirmed b", "reconnected");
        assertThat(connection.subscription("a").state()).isEqualTo(Subscription.State.CONFIRMED);
    }
}
