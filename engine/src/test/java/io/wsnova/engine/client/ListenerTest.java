package io.wsnova.engine.client;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connection listeners: every lifecycle event, in order, on the connection's event thread (never a reader), across
 * reconnects; a throwing listener harms nobody.
 */
@Timeout(60)
class ListenerTest
{
    private static final long WAIT_MS = 10_000;

    private static String answer(final TestServer.Request request)
    {
        if ("subscribe".equals(request.method()) && request.text().contains("bad."))
        {
            return JsonRpc.error(request.id(), 11050, "unknown channel");
        }
        return JsonRpc.standard(request);
    }

    @Test
    void shouldDeliverEveryEventInOrderOffTheReaderAcrossAReconnect() throws Exception
    {
        try (TestServer server = TestServer.rpc(ListenerTest::answer))
        {
            final EventLog throwingFirst = new EventLog(true);
            final EventLog log = new EventLog();
            final EventLog throwingLast = new EventLog(true);
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).credentials(new Credentials("id", "secret"))
                .connectionHandler(EventLog.registrar(throwingFirst, log, throwingLast)).build());
            try
            {
                final long id = connection.id();
                connection.subscribe("good.X", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
                assertThatThrownBy(() -> connection.subscribe("bad.X", null).get(WAIT_MS, TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class);
                log.await("failed bad.X REMOTE_ERROR", WAIT_MS);

                server.closeAll(1012, "restart");
                log.await("reconnected", WAIT_MS);

                final List<String> expected = List.of("connected", "authenticated", "confirmed good.X",
                    "failed bad.X REMOTE_ERROR", "disconnected REMOTE_CLOSE 1012", "reconnecting 1", "authenticated",
                    "confirmed good.X", "reconnected");
                assertThat(log.texts()).containsExactlyElementsOf(expected);
                assertThat(throwingFirst.texts()).containsExactlyElementsOf(expected);
                assertThat(throwingLast.texts()).containsExactlyElementsOf(expected);
                thenOnTheEventThreadOnly(log);
                assertThat(connection.faultCounters().listenerErrors().get()).isEqualTo(2L * expected.size());
                assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
                assertThat(connection.id()).isEqualTo(id);
                assertThat(connection.isAuthenticated()).isTrue();
                assertThat(server.requests()).filteredOn(r -> r.connection() == 2)
                    .extracting(TestServer.Request::method)
                    .containsExactly("auth", "subscribe");
                assertThat(connection.request("after", null).get(WAIT_MS, TimeUnit.MILLISECONDS).isError()).isFalse();
            }
            finally
            {
                connection.close();
                connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void shouldReconnectToTheSameServerWhenItResetsTheConnection() throws Exception
    {
        final AtomicInteger accepted = new AtomicInteger();
        final CountDownLatch reset = new CountDownLatch(1);
        final BlockingQueue<String> secondConnectionTexts = new LinkedBlockingQueue<>();
        try (TestServer server = new TestServer(raw ->
        {
            final int n = accepted.incrementAndGet();
            raw.acceptUpgrade();
            if (n == 1)
            {
                reset.await(WAIT_MS, TimeUnit.MILLISECONDS);
                raw.reset();
                return;
            }
            while (true)
            {
                secondConnectionTexts.add(raw.readFrame().text());
            }
        }))
        {
            final EventLog log = new EventLog();
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url("/")).connectionHandler(EventLog.registrar(log)).build());
            try
            {
                reset.countDown();
                log.await("reconnected", WAIT_MS);

                assertThat(log.texts()).hasSize(4);
                assertThat(log.texts().get(0)).isEqualTo("connected");
                assertThat(log.texts().get(1)).matches("disconnected (IO_ERROR|EOF) 1006");
                assertThat(log.texts().subList(2, 4)).containsExactly("reconnecting 1", "reconnected");
                thenOnTheEventThreadOnly(log);
                assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
                assertThat(connection.sendText("over the new socket")).isPositive();
                assertThat(secondConnectionTexts.poll(WAIT_MS, TimeUnit.MILLISECONDS))
                    .isEqualTo("over the new socket");
                assertThat(accepted.get()).isEqualTo(2);
            }
            finally
            {
                connection.close();
                connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void shouldStartCountingAttemptsAgainAfterASuccessfulReconnect() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final EventLog log = new EventLog();
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).retryAttempts(1).set(Option.RECONNECT_RESET_AFTER_MS, 0L)
                .connectionHandler(EventLog.registrar(log)).build());
            try
            {
                for (int drop = 1; drop <= 3; drop++)
                {
                    final int opened = server.upgraded();
                    server.closeAll(1013, "try again later");
                    Await.count(server::upgraded, opened + 1, WAIT_MS, "connections upgraded by the server");
                    log.awaitCount("reconnected", drop, WAIT_MS);
                }

                assertThat(log.texts()).containsExactly("connected",
                    "disconnected REMOTE_CLOSE 1013", "reconnecting 1", "reconnected",
                    "disconnected REMOTE_CLOSE 1013", "reconnecting 1", "reconnected",
                    "disconnected REMOTE_CLOSE 1013", "reconnecting 1", "reconnected");
                assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
            }
            finally
            {
                connection.close();
                connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void shouldKeepCountingAttemptsWhenTheConnectionDropsBeforeTheResetPeriod() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final EventLog log = new EventLog();
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).retryAttempts(2).set(Option.RECONNECT_RESET_AFTER_MS, 60_000L)
                .set(Option.RECONNECT_BASE_DELAY_MS, 10L).set(Option.RECONNECT_MAX_DELAY_MS, 50L)
                .connectionHandler(EventLog.registrar(log)).build());
            for (int drop = 1; drop <= 2; drop++)
            {
                final int opened = server.upgraded();
                server.closeAll(1013, "try again later");
                Await.count(server::upgraded, opened + 1, WAIT_MS, "connections upgraded by the server");
                log.awaitCount("reconnected", drop, WAIT_MS);
            }
            server.closeAll(1013, "try again later");
            final CloseStatus status = connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(status.closeCode()).isEqualTo(1013);
            assertThat(log.texts()).containsSubsequence("reconnecting 1", "reconnected", "reconnecting 2",
                "reconnected", "disconnected REMOTE_CLOSE 1013");
            assertThat(log.texts()).doesNotContain("reconnecting 3");
        }
    }

    @ParameterizedTest(name = "close {0}, retryAttempts {1}")
    @CsvSource({"1000, -1", "1008, -1", "4000, -1", "1012, 0"})
    void shouldCloseWithoutReconnectingWhenTheCloseIsFinal(final int closeCode, final int retryAttempts)
        throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final EventLog log = new EventLog();
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).retryAttempts(retryAttempts).connectionHandler(EventLog.registrar(log)).build());
            // The client is open before the server has run its onOpen: close only what the server knows about.
            Await.count(server::upgraded, 1, WAIT_MS, "connections upgraded by the server");

            server.closeAll(closeCode, "bye");
            final CloseStatus status = connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
            assertThat(status.closeCode()).isEqualTo(closeCode);
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
            TimeUnit.MILLISECONDS.sleep(300);
            assertThat(log.texts()).containsExactly("connected", "disconnected REMOTE_CLOSE " + closeCode, "gave up 0",
                "closed REMOTE_CLOSE");
            assertThat(server.upgraded()).isEqualTo(1);
        }
    }

    @Test
    void shouldGiveUpAfterTheConfiguredAttemptsWhenTheServerIsGone() throws Exception
    {
        final TestServer server = TestServer.rpc(JsonRpc::standard);
        final EventLog log = new EventLog();
        final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
            .url(server.url()).retryAttempts(2).connectionHandler(EventLog.registrar(log)).build());

        server.close();
        final CloseStatus status = connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
        assertThat(status.reason()).isEqualTo(DisconnectReason.IO_ERROR);
        assertThat(log.texts()).hasSize(6);
        assertThat(log.texts().get(0)).isEqualTo("connected");
        assertThat(log.texts().get(1)).startsWith("disconnected ");
        assertThat(log.texts().subList(2, 6)).containsExactly("reconnecting 1", "reconnecting 2", "gave up 2",
            "closed IO_ERROR");
        thenOnTheEventThreadOnly(log);
    }

    @Test
    void shouldReportALocalCloseOnceWithoutReconnecting() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final EventLog log = new EventLog();
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).connectionHandler(EventLog.registrar(log)).build());

            connection.close();
            connection.close();
            final CloseStatus status = connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(log.texts()).containsExactly("connected", "disconnected LOCAL_CLOSE 1000", "closed LOCAL_CLOSE");
            assertThat(server.upgraded()).isEqualTo(1);
        }
    }

    @Test
    void shouldStopDeliveringToARemovedListener() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final EventLog removed = new EventLog();
            final EventLog kept = new EventLog();
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).build());
            connection.addListener(removed);
            connection.addListener(kept);
            connection.removeListener(removed);

            connection.subscribe("a", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            kept.await("confirmed a", WAIT_MS);
            connection.close();
            connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(removed.texts()).isEmpty();
        }
    }

    private static void thenOnTheEventThreadOnly(final EventLog log)
    {
        assertThat(log.events()).isNotEmpty().allSatisfy(event ->
        {
            assertThat(event.thread()).as(event.text()).doesNotStartWith("wsnova-reader-");
            assertThat(event.thread()).as(event.text()).startsWith("wsnova-events-");
        });
    }
}
