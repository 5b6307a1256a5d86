package io.wsnova.engine.client;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.DefaultAuthHandler;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;
import io.wsnova.engine.behaviour.DefaultLoggingHandler;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.behaviour.DefaultMetricsCollector;
import io.wsnova.engine.behaviour.DefaultRateLimitHandler;
import io.wsnova.engine.behaviour.DefaultSubscriptionHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.telemetry.ConnectionTelemetry;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default implementation of each behaviour does what its Javadoc says.
 */
@Timeout(30)
class BehaviourDefaultsTest
{
    private static final long WAIT_MS = 5_000;

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "LOCAL_CLOSE, 1000, false", "LOCAL_CLOSE, 1001, false", "LOCAL_CLOSE, 1012, false",
        "REMOTE_CLOSE, 1001, true", "REMOTE_CLOSE, 1006, true", "REMOTE_CLOSE, 1011, true",
        "REMOTE_CLOSE, 1012, true", "REMOTE_CLOSE, 1013, true", "REMOTE_CLOSE, 1014, true",
        "REMOTE_CLOSE, 1000, false", "REMOTE_CLOSE, 1002, false", "REMOTE_CLOSE, 1008, false",
        "REMOTE_CLOSE, 1015, false", "REMOTE_CLOSE, 4000, false", "REMOTE_CLOSE, 4999, false",
        "EOF, 1006, true", "IO_ERROR, 1006, true", "IDLE_TIMEOUT, 1006, true", "PONG_TIMEOUT, 1006, true",
        "SEND_TIMEOUT, 1006, true", "PROTOCOL_ERROR, 1002, true", "SLOW_CONSUMER, 1008, true",
        "HANDLER_ERROR, 1011, false"
    })
    void shouldDecideReconnectionByReasonAndCloseCode(
        final DisconnectReason reason, final int closeCode, final boolean expected)
    {
        final DefaultFailurePolicy handler = new DefaultFailurePolicy();
        final CloseStatus status = new CloseStatus(reason, closeCode, "", null);

        assertThat(handler.shouldReconnect(status, 1)).isEqualTo(expected);
        assertThat(handler.shouldReconnect(status, 1_000)).as("the attempt limit is the engine's").isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "LOCAL_CLOSE, LOCAL", "REMOTE_CLOSE, SERVER_CLOSE", "PROTOCOL_ERROR, PROTOCOL", "TLS_ERROR, PROTOCOL",
        "HANDLER_ERROR, APPLICATION", "EOF, TRANSIENT", "IO_ERROR, TRANSIENT", "IDLE_TIMEOUT, TRANSIENT",
        "PONG_TIMEOUT, TRANSIENT", "SEND_TIMEOUT, TRANSIENT", "SLOW_CONSUMER, TRANSIENT"
    })
    void shouldClassifyEveryDisconnectReason(final DisconnectReason reason, final FailurePolicy.Category expected)
    {
        assertThat(new DefaultFailurePolicy().classify(new CloseStatus(reason, 1006, "", null))).isEqualTo(expected);
    }

    @Test
    void shouldCountErrorsPerHandlerInstance()
    {
        final DefaultFailurePolicy handler = new DefaultFailurePolicy();
        handler.onError(FailurePolicy.Category.PROTOCOL, "malformed", null);
        handler.onError(FailurePolicy.Category.APPLICATION, "listener", new IllegalStateException());

        assertThat(handler.errorCount()).isEqualTo(2);
        assertThat(new DefaultFailurePolicy().errorCount()).isZero();
    }

    private static Map<String, Object> secretFields()
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user", "bob");
        fields.put("client_secret", "S3CR3T-A");
        fields.put("access_token", "S3CR3T-B");
        fields.put("refreshToken", "S3CR3T-C");
        fields.put("signature", "S3CR3T-D");
        fields.put("PASSWORD", "S3CR3T-E");
        fields.put("count", 7);
        return fields;
    }

    @ParameterizedTest
    @EnumSource(LoggingHandler.Format.class)
    void shouldRedactSecretFieldsInEveryFormat(final LoggingHandler.Format format)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final DefaultLoggingHandler handler = new DefaultLoggingHandler(LoggingHandler.Level.DEBUG, format,
            new PrintStream(out, true, StandardCharsets.UTF_8));

        handler.log(LoggingHandler.Level.INFO, "authenticated", secretFields());

        final String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line).doesNotContain("S3CR3T").contains("authenticated").contains("bob").contains("7");
        if (format == LoggingHandler.Format.JSON)
        {
            assertThat(line.trim()).startsWith("{").endsWith("}")
                .contains("\"client_secret\":\"***\"", "\"access_token\":\"***\"", "\"refreshToken\":\"***\"",
                    "\"signature\":\"***\"", "\"PASSWORD\":\"***\"", "\"user\":\"bob\"", "\"level\":\"INFO\"",
                    "\"event\":\"authenticated\"");
        }
        else
        {
            assertThat(line).contains("INFO authenticated", "client_secret=***", "access_token=***",
                "refreshToken=***", "signature=***", "PASSWORD=***", "user=bob", "count=7");
        }
        assertThat(line.trim().lines()).hasSize(1);
    }

    @Test
    void shouldEscapeJsonStringsInJsonFormat()
    {
        final DefaultLoggingHandler handler = new DefaultLoggingHandler(LoggingHandler.Level.DEBUG,
            LoggingHandler.Format.JSON, System.err);

        final String line = handler.format(LoggingHandler.Level.WARN, "odd\"event", Map.of("why", "a\\b\nc"));

        assertThat(line).contains("\"event\":\"odd\\\"event\"", "\"why\":\"a\\\\b\\u000ac\"");
    }

    @ParameterizedTest
    @EnumSource(LoggingHandler.Level.class)
    void shouldPrintOnlyEventsAtOrAboveItsLevel(final LoggingHandler.Level threshold)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final DefaultLoggingHandler handler = new DefaultLoggingHandler(threshold, LoggingHandler.Format.PLAIN,
            new PrintStream(out, true, StandardCharsets.UTF_8));

        for (final LoggingHandler.Level level : LoggingHandler.Level.values())
        {
            handler.log(level, "event_" + level, Map.of());
        }

        final String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(handler.level()).isEqualTo(threshold);
        for (final LoggingHandler.Level level : LoggingHandler.Level.values())
        {
            assertThat(printed.contains("event_" + level)).as(level.toString())
                .isEqualTo(level.compareTo(threshold) >= 0);
        }
    }

    @Test
    void shouldCountMessagesBytesEventsAndErrorsInTheDefaultMetricsCollector()
    {
        final DefaultMetricsCollector metrics = new DefaultMetricsCollector();

        metrics.onMessageReceived(1, 10);
        metrics.onMessageReceived(1, 5);
        metrics.onMessageSent(1, 7);
        metrics.onConnectionEvent(1, MetricsCollector.ConnectionEvent.OPENED, 123);
        metrics.onConnectionEvent(1, MetricsCollector.ConnectionEvent.RECONNECTED, 5);
        metrics.onConnectionEvent(1, MetricsCollector.ConnectionEvent.RECONNECTED, 6);
        metrics.onError(1, FailurePolicy.Category.AUTH);

        assertThat(metrics.messagesReceived()).isEqualTo(2);
        assertThat(metrics.bytesReceived()).isEqualTo(15);
        assertThat(metrics.messagesSent()).isEqualTo(1);
        assertThat(metrics.bytesSent()).isEqualTo(7);
        assertThat(metrics.connectionEvents(MetricsCollector.ConnectionEvent.OPENED)).isEqualTo(1);
        assertThat(metrics.connectionEvents(MetricsCollector.ConnectionEvent.RECONNECTED)).isEqualTo(2);
        assertThat(metrics.connectionEvents(MetricsCollector.ConnectionEvent.CLOSED)).isZero();
        assertThat(metrics.errors(FailurePolicy.Category.AUTH)).isEqualTo(1);
        assertThat(metrics.errors(FailurePolicy.Category.PROTOCOL)).isZero();
    }

    @Test
    void shouldCountARealConnectionsTrafficInTheDefaultMetricsCollector() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(),
                NovaOptions.builder().url(server.url()).build());
            final DefaultMetricsCollector metrics =
                (DefaultMetricsCollector)((ConnectionTelemetry)((ClientConnection)connection).metrics).delegate();

            for (int i = 0; i < 3; i++)
            {
                connection.request("public/get_time", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            connection.authenticate(new Credentials("id", "secret")).get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(metrics.messagesSent()).isEqualTo(4);
            assertThat(metrics.messagesReceived()).isEqualTo(4);
            assertThat(metrics.bytesSent()).isPositive();
            assertThat(metrics.bytesReceived()).isPositive();
            assertThat(metrics.connectionEvents(MetricsCollector.ConnectionEvent.OPENED)).isEqualTo(1);
            assertThat(metrics.connectionEvents(MetricsCollector.ConnectionEvent.AUTHENTICATED)).isEqualTo(1);

            connection.close();
            connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(metrics.connectionEvents(MetricsCollector.ConnectionEvent.CLOSED)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void shouldAllowEveryOperationAtCostOne(final Operation operation)
    {
        final RateLimitHandler limiter = DefaultRateLimitHandler.INSTANCE;
        for (int i = 0; i < 100_000; i++)
        {
            assertThat(limiter.check(operation, i)).isEqualTo(RateLimitHandler.ALLOW);
        }
        limiter.tick(0);
        assertThat(limiter.cost(operation)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":1550147385946}| 1 | 5",
        "{\"jsonrpc\":\"2.0\",\"result\":[\"a\"],\"id\":7}| 1 | 7",
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":10028,\"message\":\"too_many\"}}| 1 | 9",
        "{\"id\":0,\"result\":null}| 1 | 0",
        "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":1}| 1 | -9223372036854775808",
        "{\"jsonrpc\":\"2.0\",\"id\":\"12\",\"result\":1}| 1 | 12",
        "{\"jsonrpc\":\"2.0\",\"result\":1}| 0 | -",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"public/test\",\"params\":{}}| 0 | -",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"t\",\"data\":{\"id\":1}}}|0|-",
        "[1,2,3]| 0 | -",
        "not json at all| 0 | -",
        "{\"id\":4,\"result\":1| 0 | -"
    })
    void shouldClassifyResponsesAndDataInTheDefaultMessageHandler(
        final String json, final int expectedKind, final String expectedId)
    {
        final DefaultMessageHandler handler = new DefaultMessageHandler();
        final InboundMessage message = text(json);

        assertThat(handler.decode(message)).isTrue();
        assertThat(handler.validate(message)).isTrue();
        assertThat(handler.classify(message)).isEqualTo(expectedKind);
        if (expectedKind == MessageHandler.KIND_RESPONSE)
        {
            assertThat(handler.responseId(message)).isEqualTo(Long.parseLong(expectedId));
        }
        else
        {
            handler.handle(message, null);
            assertThat(handler.dataMessages()).isEqualTo(1);
        }
    }

    @Test
    void shouldTreatABinaryMessageAsDataInTheDefaultMessageHandler()
    {
        final DefaultMessageHandler handler = new DefaultMessageHandler();
        final byte[] bytes = "{\"id\":1,\"result\":1}".getBytes(StandardCharsets.UTF_8);
        final InboundMessage message = new InboundMessage().wrap(InboundMessage.BINARY, new UnsafeBuffer(bytes), 0,
            bytes.length, 0);

        assertThat(handler.decode(message)).isTrue();
        assertThat(handler.classify(message)).isEqualTo(MessageHandler.KIND_DATA);
    }

    @Test
    void shouldResetItsStateBetweenMessagesInTheDefaultMessageHandler()
    {
        final DefaultMessageHandler handler = new DefaultMessageHandler();
        handler.decode(text("{\"id\":5,\"result\":1}"));
        final InboundMessage data = text("{\"x\":1}");

        handler.decode(data);

        assertThat(handler.classify(data)).isEqualTo(MessageHandler.KIND_DATA);
        assertThat(handler.responseId(data)).isEqualTo(MessageHandler.NO_ID);
    }

    private static final Pattern REQUEST_ID = Pattern.compile("\"id\":(\\d+)");

    @Test
    void shouldEncodeTheDocumentedJsonInTheDefaultSubscriptionAndAuthHandlers() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard);
            Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(),
                NovaOptions.builder().url(server.url()).build()))
        {
            final Map<String, Object> params = new LinkedHashMap<>();
            params.put("interval", "100ms");
            params.put("depth", 10);
            connection.authenticate(new Credentials("my-id", "my-secret")).get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.subscribe("ticker.BTC-PERPETUAL.100ms", params).get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.unsubscribe("ticker.BTC-PERPETUAL.100ms").get(WAIT_MS, TimeUnit.MILLISECONDS);

            final TestServer.Request auth = server.next(WAIT_MS);
            final TestServer.Request subscribe = server.next(WAIT_MS);
            final TestServer.Request unsubscribe = server.next(WAIT_MS);
            assertThat(auth.text()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + auth.id() +
                ",\"method\":\"auth\",\"params\":{\"client_id\":\"my-id\",\"client_secret\":\"my-secret\"}}");
            // the extra params follow the channels; JSON object members have no order (the engine copies params
            // into an immutable map), so accept either
            assertThat(subscribe.text()).isIn("{\"jsonrpc\":\"2.0\",\"id\":" + subscribe.id() +
                ",\"method\":\"subscribe\",\"params\":{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"]," +
                "\"interval\":\"100ms\",\"depth\":10}}", "{\"jsonrpc\":\"2.0\",\"id\":" + subscribe.id() +
                ",\"method\":\"subscribe\",\"params\":{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"]," +
                "\"depth\":10,\"interval\":\"100ms\"}}");
            assertThat(unsubscribe.text()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + unsubscribe.id() +
                ",\"method\":\"unsubscribe\",\"params\":{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"]}}");
            assertThat(REQUEST_ID.matcher(auth.text()).find()).isTrue();
            assertThat(auth.id()).isNotEqualTo(subscribe.id()).isNotEqualTo(unsubscribe.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"id\":1,\"result\":[\"ch.a\"]}| true",
        "{\"id\":1,\"result\":[\"ch.a\",\"other\"]}| true",
        "{\"id\":1,\"result\":true}| true",
        "{\"id\":1,\"result\":\"ok\"}| true",
        "{\"id\":1}| true",
        "{\"id\":1,\"result\":[]}| false",
        "{\"id\":1,\"result\":[\"ch.ab\"]}| false",
        "{\"id\":1,\"result\":false}| false",
        "{\"id\":1,\"error\":{\"code\":11,\"message\":\"no\"}}| false",
        "{\"success\":false,\"ret_msg\":\"error:handler not found\",\"op\":\"subscribe\"}| false",
        "{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\"}| true",
        "{\"id\":1,\"code\":\"60012\",\"msg\":\"Invalid request\"}| false",
        "{\"id\":1,\"code\":0,\"result\":[\"ch.a\"]}| true",
        "{\"event\":\"error\",\"msg\":\"bad\"}| false",
        "{\"method\":\"subscribe\",\"success\":false,\"error\":\"Currency pair not supported\"}| false",
        "{\"id\":1,\"retCode\":10001,\"retMsg\":\"param error\"}| false"
    })
    void shouldConfirmOnlyResponsesThatNameTheChannelInTheDefaultSubscriptionHandler(
        final String json, final boolean confirmed)
    {
        final Response response = response(json);

        assertThat(DefaultSubscriptionHandler.INSTANCE.isConfirmed("ch.a", response)).isEqualTo(confirmed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"success\":false,\"ret_msg\":\"error:handler not found\"}| error:handler not found",
        "{\"id\":1,\"error\":{\"code\":11,\"message\":\"no such channel\"}}| no such channel",
        "{\"code\":\"60012\",\"msg\":\"Invalid request\"}| Invalid request",
        "{\"success\":false,\"error\":\"Currency pair not supported\"}| Currency pair not supported",
        "{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}| Invalid request"
    })
    void shouldKeepTheVenuesOwnMessageOfARefusal(final String json, final String message)
    {
        assertThat(SubscriptionHandler.refusalMessage(response(json))).isEqualTo(message);
    }

    @Test
    void shouldInterpretAuthResponsesInTheDefaultAuthHandler()
    {
        final AuthHandler.AuthResult ok = DefaultAuthHandler.INSTANCE.onAuthResponse(
            response("{\"id\":1,\"result\":{\"access_token\":\"x\"}}"));
        final AuthHandler.AuthResult refused = DefaultAuthHandler.INSTANCE.onAuthResponse(
            response("{\"id\":1,\"error\":{\"code\":13004,\"message\":\"invalid_credentials\"}}"));

        assertThat(ok.success()).isTrue();
        assertThat(refused.success()).isFalse();
        assertThat(refused.errorCode()).isEqualTo(13004);
        assertThat(refused.errorMessage()).isEqualTo("invalid_credentials");
        assertThat(DefaultAuthHandler.INSTANCE.authMethod()).isEqualTo("auth");
        assertThat(DefaultAuthHandler.INSTANCE.refreshParams(ok)).isNull();
        assertThat(new Credentials("id", "top-secret").toString()).doesNotContain("top-secret");
        assertThat(new AuthHandler.AuthResult(true, "refresh-secret", 1, 0, null).toString())
            .doesNotContain("refresh-secret");
    }

    private static InboundMessage text(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new InboundMessage().wrap(InboundMessage.TEXT, new UnsafeBuffer(bytes), 0, bytes.length, 0);
    }

    private static Response response(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Response.fromJson(1, new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
