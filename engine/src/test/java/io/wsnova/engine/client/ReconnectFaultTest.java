package io.wsnova.engine.client;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.Await;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Reconnection against a server that fails in the ways real venues do: killed and restarted, accepting TCP but
 * never upgrading, silent, closing with 1012/1013, answering 503, cutting a frame in half. Every case ends with the
 * same connection id back up and its subscriptions confirmed again, or in a defined terminal state.
 */
@Timeout(60)
class ReconnectFaultTest
{
    private static final long WAIT_MS = 10_000;
    private static final List<String> CHANNELS = List.of("ch.a", "ch.b", "ch.c");

    private static Connection connect(final FaultServer server, final SequenceTracker tracker, final EventLog log,
        final UnaryOperator<NovaOptions.Builder> options)
    {
        return Nova.connectBlocking(tracker.adapter("ch."), options.apply(NovaOptions.builder().url(server.url())
            .set(Option.RECONNECT_BASE_DELAY_MS, 20L)
            .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
            .set(Option.RECONNECT_RESET_AFTER_MS, 60_000L)
            .connectionHandler(EventLog.registrar(log))).build());
    }

    private static void subscribeAll(final Connection connection) throws Exception
    {
        for (final String channel : CHANNELS)
        {
            connection.subscribe(channel, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    private static void assertRestored(final Connection connection, final FaultServer server, final int times)
    {
        for (final String channel : CHANNELS)
        {
            assertThat(connection.subscription(channel).state()).as(channel).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(server.subscribes(channel)).as("subscribes of " + channel).isEqualTo(times);
        }
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    private static long count(final EventLog log, final String text)
    {
        return log.texts().stream().filter(text::equals).count();
    }

    private static RequestException failure(final CompletableFuture<?> future)
    {
        final Throwable thrown = catchThrowable(() -> future.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(RequestException.class);
        return (RequestException)thrown.getCause();
    }

    @Test
    void shouldReconnectAndRestoreWhenTheApplicationRequestsAReconnect() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            final long id = connection.id();
            subscribeAll(connection);

            connection.reconnect("book resync never completed");
            log.await("reconnected", WAIT_MS);

            assertThat(log.texts()).contains("disconnected RECONNECT_REQUESTED 1001");
            assertThat(connection.id()).isEqualTo(id);
            assertRestored(connection, server, 2);
        }
    }

    @Test
    void shouldReconnectWithSameIdAndRestoreWhenTheServerIsKilledMidStreamAndRestarted() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            final long id = connection.id();
            subscribeAll(connection);
            final FaultServer.Stream stream = server.stream(CHANNELS, 500, 1, 0);
            Await.until(() -> tracker.received("ch.a") > 20, WAIT_MS, "stream flowing");

            server.kill();
            Await.until(() -> count(log, "reconnecting 3") == 1, WAIT_MS, "three refused attempts");
            assertThat(connection.status()).isEqualTo(ConnectionStatus.RECONNECTING);
            for (final String channel : CHANNELS)
            {
                assertThat(connection.subscription(channel).state()).isEqualTo(Subscription.State.PENDING);
            }

            server.restart();
            log.await("reconnected", WAIT_MS);
            final long before = tracker.received("ch.c");
            Await.until(() -> tracker.received("ch.c") > before + 20, WAIT_MS, "stream flowing again");
            stream.stop();

            assertThat(connection.id()).isEqualTo(id);
            assertRestored(connection, server, 2);
            for (final SequenceTracker.Counts counts : tracker.byChannel.values())
            {
                assertThat(counts.duplicates).isZero();
                assertThat(counts.skipped).as("seqs generated while the server was down").isPositive();
            }
        }
    }

    @Test
    void shouldRetryAnUpgradeThatNeverAnswersWithinTheUpgradeTimeout() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b
                .set(Option.UPGRADE_TIMEOUT_MS, 300L)))
        {
            subscribeAll(connection);
            server.plan(FaultServer.Behaviour.NO_UPGRADE, FaultServer.Behaviour.NO_UPGRADE);
            server.dropAll();

            log.await("reconnected", WAIT_MS);
            assertThat(log.texts()).containsSubsequence("disconnected EOF 1006", "reconnecting 1",
                "reconnecting 2", "reconnecting 3", "reconnected");
            assertThat(server.accepted()).isEqualTo(4);
            assertRestored(connection, server, 2);
        }
    }

    @Test
    void shouldFailInFlightRequestsFastAndRestoreWhenTheServerGoesSilent() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer())
        {
            server.plan(FaultServer.Behaviour.NORMAL, FaultServer.Behaviour.SILENT);
            try (Connection connection = connect(server, tracker, log, b -> b
                .keepalive(200, 300).requestTimeoutMs(30_000)))
            {
                subscribeAll(connection);
                server.dropAll();
                Await.until(() -> server.upgraded() == 2 && connection.status() == ConnectionStatus.CONNECTED, WAIT_MS,
                    "reconnected to the silent server");
                final CompletableFuture<?> query = connection.request("public/get_time", java.util.Map.of());

                assertThat(failure(query).kind()).isEqualTo(RequestException.Kind.DISCONNECTED);
                Await.until(() -> log.texts().contains("disconnected PONG_TIMEOUT 1006"), WAIT_MS, "pong timeout");
                log.await("reconnected", WAIT_MS);
                assertThat(count(log, "reconnected")).as("one reconnected per series").isEqualTo(1);
                assertThat(server.upgraded()).isEqualTo(3);
                assertRestored(connection, server, 2);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1001, 1011, 1012, 1013})
    void shouldReconnectAndRestoreWhenTheServerClosesWithARetryableCode(final int code) throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            subscribeAll(connection);
            server.closeAll(code);

            log.await("reconnected", WAIT_MS);
            assertThat(log.texts()).containsSubsequence("disconnected REMOTE_CLOSE " + code, "reconnecting 1",
                "reconnected");
            assertRestored(connection, server, 2);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1008})
    void shouldGiveUpWithoutReconnectingWhenTheServerClosesWithAFinalCode(final int code) throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            subscribeAll(connection);
            server.closeAll(code);

            final CloseStatus status = connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(status.closeCode()).isEqualTo(code);
            log.await("closed REMOTE_CLOSE", WAIT_MS);
            assertThat(log.texts()).containsSubsequence("disconnected REMOTE_CLOSE " + code, "gave up 0",
                "closed REMOTE_CLOSE").doesNotContain("reconnecting 1");
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepRetryingThrough503AndRestoreOnTheFirstUpgradeThatSucceeds() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            subscribeAll(connection);
            server.plan(FaultServer.Behaviour.HTTP_503, FaultServer.Behaviour.HTTP_503,
                FaultServer.Behaviour.HTTP_503);
            server.closeAll(1012);

            log.await("reconnected", WAIT_MS);
            assertThat(log.texts()).containsSubsequence("reconnecting 1", "reconnecting 2", "reconnecting 3",
                "reconnecting 4", "reconnected").doesNotContain("reconnecting 5");
            assertThat(server.accepted()).isEqualTo(5);
            assertRestored(connection, server, 2);
        }
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptAndFailPendingSubscriptionsWhen503Persists() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b.retryAttempts(2)))
        {
            subscribeAll(connection);
            server.plan(FaultServer.Behaviour.HTTP_503, FaultServer.Behaviour.HTTP_503,
                FaultServer.Behaviour.HTTP_503);
            server.closeAll(1012);

            final CloseStatus status = connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.IO_ERROR);
            log.await("closed IO_ERROR", WAIT_MS);
            assertThat(log.texts()).containsSubsequence("reconnecting 1", "reconnecting 2", "gave up 2",
                "closed IO_ERROR").doesNotContain("reconnecting 3", "reconnected");
            assertThat(server.accepted()).isEqualTo(3);
            for (final String channel : CHANNELS)
            {
                assertThat(connection.subscription(channel).state()).isEqualTo(Subscription.State.FAILED);
                assertThat(connection.subscription(channel).failure().kind())
                    .isEqualTo(RequestException.Kind.DISCONNECTED);
            }
            assertThat(failure(connection.request("x", null)).kind()).isEqualTo(RequestException.Kind.NOT_CONNECTED);
        }
    }

    @Test
    void shouldDropAHalfWrittenFrameAndReconnectWhenTheServerResetsMidFrame() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            subscribeAll(connection);
            final FaultServer.Stream stream = server.stream(CHANNELS, 200, 1, 0);
            Await.until(() -> tracker.received("ch.b") > 10, WAIT_MS, "stream flowing");

            server.halfFrameResetAll();
            log.await("reconnected", WAIT_MS);
            final long before = tracker.received("ch.b");
            Await.until(() -> tracker.received("ch.b") > before + 10, WAIT_MS, "stream flowing again");
            stream.stop();

            assertThat(log.texts()).contains("disconnected IO_ERROR 1006");
            assertRestored(connection, server, 2);
            assertThat(connection.faultCounters().malformedMessages().get()).isZero();
            tracker.byChannel.values().forEach(counts -> assertThat(counts.duplicates).isZero());
        }
    }

    @Test
    void shouldReconnectAndRestoreAfterTheServerViolatesTheProtocol() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            subscribeAll(connection);
            server.violateProtocolAll();

            log.await("reconnected", WAIT_MS);
            assertThat(log.texts()).containsSubsequence("disconnected PROTOCOL_ERROR 1002", "reconnecting 1",
                "reconnected");
            assertRestored(connection, server, 2);
        }
    }

    @Test
    void shouldReportASubscriptionThatCannotBeRestoredAndStillRestoreTheRest() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b))
        {
            subscribeAll(connection);
            server.refuse("ch.b");
            server.closeAll(1012);

            log.await("reconnected", WAIT_MS);
            assertThat(log.texts()).containsSubsequence("reconnecting 1", "failed ch.b REMOTE_ERROR", "reconnected");
            assertThat(connection.subscription("ch.a").state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(connection.subscription("ch.c").state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(connection.subscription("ch.b").state()).isEqualTo(Subscription.State.FAILED);
            assertThat(connection.subscriptions()).hasSize(3);
            assertThat(connection.activeSubscriptions()).hasSize(2);
        }
    }

    @Test
    void shouldFailSendsAtOnceWhileReconnectingByDefault() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b
                .set(Option.RECONNECT_BASE_DELAY_MS, 5_000L)))
        {
            server.closeAll(1012);
            Await.until(() -> connection.status() == ConnectionStatus.RECONNECTING, WAIT_MS, "reconnecting");

            final long startNs = System.nanoTime();
            assertThat(connection.sendText("{}")).isEqualTo(WebSocket.NOT_CONNECTED);
            assertThat(failure(connection.request("x", null)).kind()).isEqualTo(RequestException.Kind.NOT_CONNECTED);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThan(1_000);
        }
    }

    @Test
    void shouldHoldSendsAndRequestsWhileReconnectingWhenAWaitIsConfigured() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b
                .set(Option.RECONNECT_BASE_DELAY_MS, 300L)
                .set(Option.RECONNECT_SEND_WAIT_MS, 5_000L)))
        {
            subscribeAll(connection);
            server.closeAll(1012);
            Await.until(() -> connection.status() == ConnectionStatus.RECONNECTING, WAIT_MS, "reconnecting");

            final CompletableFuture<?> request = connection.request("public/get_time", java.util.Map.of());
            assertThat(request).isNotDone();
            final int sent = connection.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"note\"}");

            assertThat(sent).as("sent after the reconnect").isPositive();
            assertThat(request.get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
            assertThat(log.texts()).contains("reconnected");
            assertRestored(connection, server, 2);
        }
    }

    @Test
    void shouldFailAHeldRequestWithNotConnectedWhenTheWaitRunsOut() throws Exception
    {
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = connect(server, tracker, log, b -> b
                .set(Option.RECONNECT_BASE_DELAY_MS, 3_000L)
                .set(Option.RECONNECT_SEND_WAIT_MS, 100L)))
        {
            server.closeAll(1012);
            Await.until(() -> connection.status() == ConnectionStatus.RECONNECTING, WAIT_MS, "reconnecting");

            final CompletableFuture<?> held = connection.request("x", null);
            final RequestException failed = failure(held);
            assertThat(failed.kind()).isEqualTo(RequestException.Kind.NOT_CONNECTED);
            assertThat(failed.getMessage()).contains("still reconnecting after 100 ms");
            assertThat(connection.sendText("{}")).isEqualTo(WebSocket.NOT_CONNECTED);
        }
    }
}
