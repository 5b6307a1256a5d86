package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.wsnova.testkit.Await;

import java.util.Map;

import static io.wsnova.mock.deribit.MockTestSupport.path;
import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

class MockDeribitHeartbeatTest
{
    private static final long PERIOD_MS = 200;

    private MockDeribitExchange exchange;
    private MockClient client;

    @BeforeEach
    void setUp() throws InterruptedException
    {
        exchange = MockTestSupport.started(MockTestSupport.config().messagesPerSecond(0)
            .heartbeatPeriodMs(PERIOD_MS).methodCost("public/test", 0).build());
        client = MockClient.open(exchange);
    }

    @AfterEach
    void tearDown()
    {
        client.closeQuietly();
        exchange.close();
    }

    private static boolean isTestRequest(final Map<?, ?> notification)
    {
        return "heartbeat".equals(notification.get("method")) &&
            "test_request".equals(path(notification, "params", "type"));
    }

    @Test
    void shouldSendTestRequestsInTheVenueShapeAndCountTheAnswers() throws InterruptedException
    {
        client.answerHeartbeats = true;

        assertThat(result(client.call("public/set_heartbeat", "{\"interval\":10}"))).isEqualTo("ok");
        final Map<?, ?> first = client.nextNotification(MockDeribitHeartbeatTest::isTestRequest);
        client.nextNotification(MockDeribitHeartbeatTest::isTestRequest);
        client.nextNotification(MockDeribitHeartbeatTest::isTestRequest);

        assertThat(first).isEqualTo(Map.of("jsonrpc", "2.0", "method", "heartbeat",
            "params", Map.of("type", "test_request")));
        // the connection's count and the exchange's total move one after the other on the mock's thread
        Await.until(() -> exchange.connections().get(0).heartbeatsAnswered() >= 3 &&
            exchange.stats().heartbeatsAnswered() >= 3, MockTestSupport.WAIT_MS, "answers counted");
        final MockConnectionStats connection = exchange.connections().get(0);
        assertThat(connection.heartbeatsSent()).isGreaterThanOrEqualTo(3);
        assertThat(exchange.stats().heartbeatsAnswered()).isGreaterThanOrEqualTo(3);
        assertThat(connection.isOpen()).isTrue();
        assertThat(exchange.stats().heartbeatTimeouts()).isZero();
    }

    @Test
    void shouldCloseTheConnectionWhenATestRequestIsNotAnswered() throws InterruptedException
    {
        client.answerHeartbeats = false;
        final long startNs = System.nanoTime();

        result(client.call("public/set_heartbeat", "{\"interval\":10}"));

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat((System.nanoTime() - startNs) / 1_000_000).isGreaterThanOrEqualTo(2 * PERIOD_MS - 20);
        assertThat(client.testRequests.get()).isEqualTo(1);
        assertThat(client.closeCode).isEqualTo(1000);
        assertThat(client.closedRemotely).isTrue();
        assertThat(exchange.stats().heartbeatTimeouts()).isEqualTo(1);
        assertThat(exchange.stats().heartbeatsAnswered()).isZero();
    }

    @Test
    void shouldStopHeartbeatsWhenDisabled() throws InterruptedException
    {
        result(client.call("public/set_heartbeat", "{\"interval\":10}"));
        result(client.call("public/disable_heartbeat", "{}"));
        final int sent = client.testRequests.get();

        Thread.sleep(3 * PERIOD_MS);

        assertThat(client.testRequests.get()).isEqualTo(sent);
        assertThat(client.isOpen()).isTrue();
    }
}
