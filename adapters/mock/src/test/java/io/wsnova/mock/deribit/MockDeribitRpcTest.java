package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.Await;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.wsnova.mock.deribit.MockTestSupport.assertError;
import static io.wsnova.mock.deribit.MockTestSupport.authenticate;
import static io.wsnova.mock.deribit.MockTestSupport.number;
import static io.wsnova.mock.deribit.MockTestSupport.path;
import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

class MockDeribitRpcTest
{
    private MockDeribitExchange exchange;
    private MockClient client;

    @BeforeEach
    void setUp() throws InterruptedException
    {
        exchange = MockTestSupport.started(MockTestSupport.config().messagesPerSecond(0).build());
        client = MockClient.open(exchange);
    }

    @AfterEach
    void tearDown()
    {
        client.closeQuietly();
        exchange.close();
    }

    @Test
    void shouldListenOnLoopbackWithTheVenuePath()
    {
        assertThat(exchange.port()).isPositive();
        assertThat(exchange.uri().toString()).isEqualTo("ws://127.0.0.1:" + exchange.port() + "/ws/api/v2");
        assertThat(exchange.isRunning()).isTrue();
        assertThat(exchange.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void shouldAnswerGetTimeWithMillisecondsAndTheVenueExtensions() throws InterruptedException
    {
        final long before = System.currentTimeMillis();

        final Map<?, ?> response = client.call("public/get_time", "{}");

        assertThat(response.get("jsonrpc")).isEqualTo("2.0");
        assertThat(number(response, "id")).isEqualTo(1);
        assertThat(number(response, "result")).isBetween(before, System.currentTimeMillis());
        assertThat(number(response, "usOut") - number(response, "usIn")).isEqualTo(number(response, "usDiff"));
        assertThat(response.get("testnet")).isEqualTo(Boolean.TRUE);
    }

    @Test
    void shouldAnswerTestAndHelloWithTheVersion() throws InterruptedException
    {
        assertThat(path(client.call("public/test", "{}"), "result", "version")).isEqualTo("1.2.26");
        assertThat(path(client.call("public/hello", "{\"client_name\":\"t\",\"client_version\":\"1\"}"),
            "result", "version")).isEqualTo("1.2.26");
    }

    @Test
    void shouldEchoAStringId() throws InterruptedException
    {
        client.send("{\"jsonrpc\":\"2.0\",\"id\":\"auth_42\",\"method\":\"public/test\",\"params\":{}}");

        assertThat(client.awaitResponse("auth_42").get("id")).isEqualTo("auth_42");
    }

    @Test
    void shouldAcceptARequestWithoutParams() throws InterruptedException
    {
        client.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"public/get_time\"}");

        assertThat(result(client.awaitResponse("5"))).isInstanceOf(BigDecimal.class);
    }

    @Test
    void shouldRejectAnUnknownMethod() throws InterruptedException
    {
        assertError(client.call("public/no_such_method", "{}"), -32601, "Method not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"id\":1,}", "[1,2", "\"unterminated", "{\"a\":01}", "1e"})
    void shouldAnswerMalformedJsonWithAParseErrorAndANullId(final String text) throws InterruptedException
    {
        client.send(text);

        final Map<?, ?> response = client.nextResponse(MockClient.TIMEOUT_MS);
        assertThat(response.get("id")).isSameAs(MockJson.NULL);
        assertError(response, -32700, "Parse error");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/test\",\"params\":{}}]",
        "{\"jsonrpc\":\"2.0\",\"method\":\"public/test\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"public/test\"}",
        "42"})
    void shouldRejectBatchesAndRequestsWithoutAnId(final String text) throws InterruptedException
    {
        client.send(text);

        final Map<?, ?> response = client.nextResponse(MockClient.TIMEOUT_MS);
        assertThat(response.get("id")).isSameAs(MockJson.NULL);
        assertError(response, -32600, "Invalid Request");
    }

    @Test
    void shouldRejectParamsThatAreNotAnObject() throws InterruptedException
    {
        final Map<?, ?> response = client.call("public/test", "[1]");

        assertError(response, -32602, "Invalid params");
        assertThat(path(response, "error", "data", "param")).isEqualTo("params");
    }

    @Test
    void shouldSubscribeAndUnsubscribeReturningTheChannelsDone() throws InterruptedException
    {
        final Object subscribed = result(client.call("public/subscribe",
            "{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\",\"no.such.channel\",\"quote.ETH-PERPETUAL\"]}"));

        assertThat(subscribed).isEqualTo(List.of("ticker.BTC-PERPETUAL.100ms", "quote.ETH-PERPETUAL"));
        Await.until(() -> exchange.connections().get(0).subscriptions().size() == 2, MockTestSupport.WAIT_MS,
            "two subscriptions");
        assertThat(exchange.connections().get(0).subscriptions())
            .containsExactlyInAnyOrder("ticker.BTC-PERPETUAL.100ms", "quote.ETH-PERPETUAL");

        final Object unsubscribed = result(client.call("public/unsubscribe",
            "{\"channels\":[\"quote.ETH-PERPETUAL\",\"book.BTC-PERPETUAL.100ms\"]}"));

        assertThat(unsubscribed).isEqualTo(List.of("quote.ETH-PERPETUAL"));
        assertThat(exchange.connections().get(0).subscriptions()).containsExactly("ticker.BTC-PERPETUAL.100ms");
    }

    @Test
    void shouldUnsubscribeAll() throws InterruptedException
    {
        result(client.call("public/subscribe", "{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"]}"));
        Await.until(() -> exchange.connections().get(0).subscriptions().size() == 1, MockTestSupport.WAIT_MS,
            "one subscription");

        assertThat(result(client.call("public/unsubscribe_all", "{}"))).isEqualTo("ok");
        assertThat(exchange.connections().get(0).subscriptions()).isEmpty();
    }

    @Test
    void shouldRejectSubscribeWithoutAChannelArray() throws InterruptedException
    {
        final Map<?, ?> response = client.call("public/subscribe", "{\"channels\":\"ticker.BTC-PERPETUAL.100ms\"}");

        assertError(response, -32602, "Invalid params");
        assertThat(path(response, "error", "data", "param")).isEqualTo("channels");
    }

    @Test
    void shouldRequireAuthenticationForRawChannels() throws InterruptedException
    {
        assertError(client.call("public/subscribe", "{\"channels\":[\"book.BTC-PERPETUAL.raw\"]}"),
            13778, "raw_subscriptions_not_available_for_unauthorized");

        authenticate(client);

        assertThat(result(client.call("public/subscribe", "{\"channels\":[\"book.BTC-PERPETUAL.raw\"]}")))
            .isEqualTo(List.of("book.BTC-PERPETUAL.raw"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"private/subscribe", "private/buy", "private/sell", "private/cancel",
        "private/cancel_all", "private/unsubscribe", "private/logout"})
    void shouldRejectPrivateMethodsWithoutAuthentication(final String method) throws InterruptedException
    {
        assertError(client.call(method, "{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"]}"), 13009, "unauthorized");
    }

    @Test
    void shouldSubscribePrivatelyOnceAuthenticated() throws InterruptedException
    {
        authenticate(client);

        assertThat(result(client.call("private/subscribe", "{\"channels\":[\"trades.ETH-PERPETUAL.raw\"]}")))
            .isEqualTo(List.of("trades.ETH-PERPETUAL.raw"));
        assertThat(result(client.call("private/unsubscribe", "{\"channels\":[\"trades.ETH-PERPETUAL.raw\"]}")))
            .isEqualTo(List.of("trades.ETH-PERPETUAL.raw"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "0", "-1", "\"30\"", "10.5", "3601"})
    void shouldRejectAHeartbeatIntervalBelowTheMinimum(final String interval) throws InterruptedException
    {
        final Map<?, ?> response = client.call("public/set_heartbeat", "{\"interval\":" + interval + "}");

        assertError(response, -32602, "Invalid params");
        assertThat(path(response, "error", "data", "param")).isEqualTo("interval");
    }

    @Test
    void shouldAcceptAHeartbeatIntervalAndDisableIt() throws InterruptedException
    {
        assertThat(result(client.call("public/set_heartbeat", "{\"interval\":10}"))).isEqualTo("ok");
        assertThat(result(client.call("public/disable_heartbeat", "{}"))).isEqualTo("ok");
    }

    @Test
    void shouldAnswerABinaryFrameWithAParseError() throws InterruptedException
    {
        client.send(new byte[]{1, 2, 3});

        assertError(client.nextResponse(MockClient.TIMEOUT_MS), -32700, "Parse error");
    }

    @Test
    void shouldAnswerEveryRequestOnManyFreshConnections() throws InterruptedException
    {
        for (int i = 0; i < 200; i++)
        {
            final MockClient fresh = MockClient.open(exchange);
            try
            {
                result(fresh.call("public/subscribe", "{\"channels\":[\"quote.BTC-PERPETUAL\"]}"));
                result(fresh.call("public/unsubscribe_all", "{}"));
            }
            finally
            {
                fresh.closeQuietly();
            }
        }
    }

    @Test
    void shouldSurviveHostileInput() throws InterruptedException
    {
        client.send("[".repeat(100_000));
        client.send("{\"id\":1,\"method\":\"public/test\",\"params\":{\"x\":" + "9".repeat(10_000) + "}}");
        client.send("{\"id\":2,\"method\":\"private/buy\",\"params\":{\"price\":1e999}}");
        client.send("{\"id\":\"\\ud800\",\"method\":" + "\"x\\u0000\"" + ",\"params\":{}}");

        assertError(client.nextResponse(MockClient.TIMEOUT_MS), -32700, "Parse error");
        assertError(client.nextResponse(MockClient.TIMEOUT_MS), -32700, "Parse error");
        assertError(client.nextResponse(MockClient.TIMEOUT_MS), 13009, "unauthorized");
        assertError(client.nextResponse(MockClient.TIMEOUT_MS), -32601, "Method not found");
        assertThat(path(client.call("public/test", "{}"), "result", "version")).isEqualTo("1.2.26");
        assertThat(exchange.stats().callbackErrors()).isZero();
    }
}
