package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.wsnova.testkit.Await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.wsnova.mock.deribit.MockTestSupport.assertError;
import static io.wsnova.mock.deribit.MockTestSupport.path;
import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockDeribitFaultTest
{
    private MockDeribitExchange exchange;
    private MockClient client;

    @BeforeEach
    void setUp() throws InterruptedException
    {
        exchange = MockTestSupport.started(MockTestSupport.config().messagesPerSecond(1_000)
            .heartbeatPeriodMs(50).methodCost("public/test", 0).build());
        client = MockClient.open(exchange);
    }

    @AfterEach
    void tearDown()
    {
        client.closeQuietly();
        exchange.close();
    }

    /**
     * An upgrade with the JDK client, which reports the HTTP status of a refused upgrade.
     *
     * @return the HTTP status of the refusal, or 101 if the upgrade succeeded.
     */
    private static int upgradeStatus(final URI uri)
    {
        try
        {
            final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener()
                {
                }).orTimeout(MockClient.TIMEOUT_MS, TimeUnit.MILLISECONDS).join();
            socket.abort();
            return 101;
        }
        catch (final CompletionException ex)
        {
            if (ex.getCause() instanceof WebSocketHandshakeException handshake)
            {
                return handshake.getResponse().statusCode();
            }
            throw ex;
        }
    }

    @Test
    void shouldDropConnectionsWithoutACloseFrame() throws InterruptedException
    {
        assertThat(exchange.dropConnections()).isEqualTo(1);

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat(client.closeCode).isEqualTo(1006);
        Await.until(() -> exchange.stats().connectionsOpen() == 0, MockTestSupport.WAIT_MS, "no connection open");
        assertThat(exchange.connections()).isEmpty();
    }

    @Test
    void shouldResetConnections() throws InterruptedException
    {
        assertThat(exchange.resetConnections()).isEqualTo(1);

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat(client.closeCode).isEqualTo(1006);
    }

    @Test
    void shouldCloseAllWithTheGivenCodeAndReason() throws InterruptedException
    {
        assertThat(exchange.closeAll(4000, "going for lunch")).isEqualTo(1);

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat(client.closeCode).isEqualTo(4000);
        assertThat(client.closeReason).isEqualTo("going for lunch");
        assertThat(client.closedRemotely).isTrue();
    }

    @Test
    void shouldSendNothingAndIgnoreInputWhileSilent() throws InterruptedException
    {
        client.answerHeartbeats = false;
        result(client.call("public/subscribe", "{\"channels\":[\"quote.BTC-PERPETUAL\"]}"));
        result(client.call("public/set_heartbeat", "{\"interval\":10}"));
        client.nextData("quote.BTC-PERPETUAL");

        exchange.silence(400);
        Thread.sleep(20);
        client.drainNotifications();
        final String ignored = client.send("public/test", "{}");

        assertThat(client.nextNotification(n -> true, 250)).isNull();
        assertThat(exchange.isSilent()).isTrue();
        Await.until(() -> !exchange.isSilent(), MockTestSupport.WAIT_MS, "silence over");
        assertThat(client.nextData("quote.BTC-PERPETUAL")).isNotNull();
        assertThat(result(client.call("public/get_time", "{}"))).isNotNull();
        assertThat(client.nextResponse(100)).isNull();
        assertThat(exchange.stats().inputIgnored()).isEqualTo(1);
        assertThat(ignored).isNotNull();
    }

    @Test
    void shouldRejectRequestsAndUpgradesDuringMaintenance() throws InterruptedException
    {
        exchange.maintenance(10_000);

        assertError(client.call("public/get_time", "{}"), 11051, "system_maintenance");
        assertThat(path(client.call("public/test", "{}"), "result", "version")).isEqualTo("1.2.26");
        assertThat(upgradeStatus(exchange.uri())).isEqualTo(503);
        assertThat(exchange.stats().upgradesRefused()).isEqualTo(1);

        exchange.maintenance(0);
        assertThat(exchange.isInMaintenance()).isFalse();
        assertThat(result(client.call("public/get_time", "{}"))).isNotNull();
        assertThat(upgradeStatus(exchange.uri())).isEqualTo(101);
    }

    @Test
    void shouldRefuseAnUpgradeOnAnotherPath()
    {
        assertThat(upgradeStatus(URI.create("ws://127.0.0.1:" + exchange.port() + "/ws/api/v1"))).isEqualTo(404);
        assertThat(upgradeStatus(URI.create(exchange.uri() + "?x=1"))).isEqualTo(101);
    }

    @Test
    void shouldInjectMalformedFramesIntoTheStream() throws InterruptedException
    {
        result(client.call("public/subscribe", "{\"channels\":[\"quote.BTC-PERPETUAL\"]}"));

        exchange.injectMalformed(4);

        Await.until(() -> client.unparseable.size() == 4, MockTestSupport.WAIT_MS, "four malformed frames");
        assertThat(client.isOpen()).isTrue();
        Await.until(() -> exchange.stats().malformedSent() == 4, MockTestSupport.WAIT_MS, "four counted");
        assertThat(client.nextData("quote.BTC-PERPETUAL")).isNotNull();
    }

    @Test
    void shouldInjectNotificationsWithAnUnknownMethod() throws InterruptedException
    {
        exchange.injectUnknownMethods(2);

        Await.until(() -> client.unknownMethods.size() == 2, MockTestSupport.WAIT_MS, "two unknown methods");
        final Map<?, ?> notification = client.unknownMethods.get(0);
        assertThat(notification.get("method")).isEqualTo("mock/unknown_method");
        assertThat(notification.containsKey("id")).isFalse();
        Await.until(() -> exchange.stats().unknownMethodsSent() == 2, MockTestSupport.WAIT_MS, "two counted");
    }

    @Test
    void shouldStopAndRestartOnTheSamePortKeepingTheState() throws InterruptedException
    {
        final int port = exchange.port();
        final Object auth = result(client.call("public/auth", "{\"grant_type\":\"client_credentials\"," +
            "\"client_id\":\"" + MockTestSupport.CLIENT_ID + "\",\"client_secret\":\"" + MockTestSupport.CLIENT_SECRET +
            "\"}"));
        final long changeId = exchange.book("BTC-PERPETUAL").changeId();

        exchange.stop();

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat(client.closeCode).isEqualTo(1001);
        assertThat(exchange.isRunning()).isFalse();
        assertThat(exchange.connections()).isEmpty();

        exchange.restart();

        assertThat(exchange.port()).isEqualTo(port);
        final MockClient again = MockClient.open(exchange);
        try
        {
            assertThat(path(result(again.call("public/auth", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" +
                path(auth, "refresh_token") + "\"}")), "token_type")).isEqualTo("bearer");
            assertThat(exchange.book("BTC-PERPETUAL").changeId()).isGreaterThanOrEqualTo(changeId);
            assertThat(exchange.stats().connectionsAccepted()).isEqualTo(2);
        }
        finally
        {
            again.closeQuietly();
        }
    }

    @Test
    void shouldCloseWithinItsBoundAndStopItsThreads() throws InterruptedException
    {
        result(client.call("public/subscribe", "{\"channels\":[\"book.BTC-PERPETUAL.100ms\"]}"));
        result(client.call("public/set_heartbeat", "{\"interval\":10}"));
        final long startNs = System.nanoTime();

        exchange.close();

        // the contract: four steps (server, hostile server, generator, timer), each bounded by the close timeout;
        // on a loaded machine a step may use its whole bound, so the test holds close() to the sum (plus a second
        // of scheduling), not to a quiet machine's time: it proves close() is bounded, not fast
        final long boundMs = 4 * exchange.config().closeTimeoutMs() + 1_000;
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThanOrEqualTo(boundMs);
        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        Await.until(() -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(thread -> thread.getName().startsWith("mock-deribit")), MockTestSupport.WAIT_MS,
                "mock threads gone");
        assertThatThrownBy(exchange::start).isInstanceOf(IllegalStateException.class);
    }
}
