package io.wsnova.engine.transport;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;

import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;
import io.wsnova.engine.testing.RecordingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server's answer to {@code permessage-deflate; client_max_window_bits}: every form RFC 7692 section 7.1
 * allows is accepted with its parameters, every other form is refused with a reason, and over loopback a refused
 * answer fails the connect clearly after a close frame with 1010.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeflateNegotiationTest
{
    private static final long WAIT_MS = 10_000;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate|false|false|15|15",
        "PerMessage-Deflate|false|false|15|15",
        "permessage-deflate; server_no_context_takeover|true|false|15|15",
        "permessage-deflate;client_no_context_takeover|false|true|15|15",
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover|true|true|15|15",
        "permessage-deflate; server_max_window_bits=8|false|false|8|15",
        "permessage-deflate; server_max_window_bits=10; client_max_window_bits=15|false|false|10|15",
        "permessage-deflate; client_max_window_bits=9|false|false|15|9",
        "permessage-deflate; client_max_window_bits=\"12\"|false|false|15|12",
        "permessage-deflate ; server_max_window_bits = 15 |false|false|15|15",
        ", permessage-deflate,|false|false|15|15",
    })
    void shouldAcceptEveryValidResponse(
        final String header, final boolean serverNoContext, final boolean clientNoContext, final int serverBits,
        final int clientBits)
    {
        final DeflateParameters parameters = DeflateParameters.negotiate(List.of(header));

        assertThat(parameters).isNotNull();
        assertThat(parameters.error).isNull();
        assertThat(parameters.serverNoContextTakeover).isEqualTo(serverNoContext);
        assertThat(parameters.clientNoContextTakeover).isEqualTo(clientNoContext);
        assertThat(parameters.serverMaxWindowBits).isEqualTo(serverBits);
        assertThat(parameters.clientMaxWindowBits).isEqualTo(clientBits);
        assertThat(parameters.compressOutbound()).isEqualTo(clientBits == 15);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "x-webkit-deflate-frame|extension the client did not offer",
        "permessage-deflate, x-custom|extension the client did not offer",
        "permessage-deflate, permessage-deflate|more than once",
        "permessage-deflate; mystery|unknown permessage-deflate parameter mystery",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover|duplicate",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover|duplicate",
        "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10|duplicate",
        "permessage-deflate; client_max_window_bits=10; client_max_window_bits=11|duplicate",
        "permessage-deflate; server_no_context_takeover=1|must have no value",
        "permessage-deflate; client_no_context_takeover=true|must have no value",
        "permessage-deflate; server_max_window_bits|8 to 15",
        "permessage-deflate; server_max_window_bits=7|8 to 15",
        "permessage-deflate; server_max_window_bits=16|8 to 15",
        "permessage-deflate; server_max_window_bits=010|8 to 15",
        "permessage-deflate; server_max_window_bits=1a|8 to 15",
        "permessage-deflate; client_max_window_bits|8 to 15",
        "permessage-deflate; client_max_window_bits=\"\"|malformed value",
        "permessage-deflate; client_max_window_bits=\"10|malformed value",
        "permessage-deflate; ;|malformed permessage-deflate parameter",
        "permessage-deflate x|malformed",
        "@|malformed",
    })
    void shouldRefuseEveryInvalidResponseWithAReason(final String header, final String reason)
    {
        final DeflateParameters parameters = DeflateParameters.negotiate(List.of(header));

        assertThat(parameters).isNotNull();
        assertThat(parameters.error).contains(reason);
    }

    @Test
    void shouldCarryTheOptionFromNovaOptionsToTheTransportOffDefault()
    {
        assertThat(Option.PERMESSAGE_DEFLATE.defaultValue()).isFalse();
        assertThat(WebSocketOptions.from(NovaOptions.builder().host("example.com").build()).perMessageDeflate())
            .isFalse();
        assertThat(WebSocketOptions.from(NovaOptions.builder().host("example.com").perMessageDeflate(true).build())
            .perMessageDeflate()).isTrue();
        assertThat(WebSocketOptions.from(NovaOptions.empty()).perMessageDeflate()).isFalse();
    }

    @Test
    void shouldTreatNoFieldOrEmptyElementsAsDeclined()
    {
        assertThat(DeflateParameters.negotiate(List.of())).isNull();
        assertThat(DeflateParameters.negotiate(List.of(" , "))).isNull();
    }

    @Test
    void shouldRefusePermessageDeflateRepeatedAcrossTwoFields()
    {
        final DeflateParameters parameters = DeflateParameters.negotiate(
            List.of("permessage-deflate", "permessage-deflate; server_no_context_takeover"));

        assertThat(parameters.error).contains("more than once");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "permessage-deflate; unknown_parameter",
        "permessage-deflate; server_max_window_bits=20",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "deflate-frame",
    })
    void shouldFailConnectAndSend1010WhenServerAnswerIsInvalid(final String header) throws Exception
    {
        final CompletableFuture<Frame> close = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade("Sec-WebSocket-Extensions: " + header + "\r\n");
            close.complete(connection.readFrame());
        }))
        {
            assertThatThrownBy(() -> WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), new RecordingHandler()))
                .isInstanceOfSatisfying(WebSocketConnectException.class, ex ->
                {
                    assertThat(ex.kind()).isEqualTo(WebSocketConnectException.Kind.HANDSHAKE_INVALID);
                    assertThat(ex.getMessage()).contains("permessage-deflate negotiation failed").contains("1010");
                });
            final Frame frame = close.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frame.opcode()).isEqualTo(0x8);
            assertThat(frame.closeCode()).isEqualTo(1010);
        }
    }

    @Test
    void shouldStillRefuseAnExtensionWhenNoneWasOffered() throws Exception
    {
        try (TestServer server = new TestServer(connection ->
            connection.acceptUpgrade("Sec-WebSocket-Extensions: permessage-deflate\r\n")))
        {
            assertThatThrownBy(() -> WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).build(), new RecordingHandler()))
                .isInstanceOfSatisfying(WebSocketConnectException.class, ex ->
                    assertThat(ex.kind()).isEqualTo(WebSocketConnectException.Kind.HANDSHAKE_INVALID));
        }
    }

    @Test
    void shouldNotOfferWhenOptionIsOffAndConnectUncompressedWhenServerDeclines() throws Exception
    {
        final CompletableFuture<String> offRequest = new CompletableFuture<>();
        final CompletableFuture<String> onRequest = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade();
            final String request = connection.request();
            (request.contains("Sec-WebSocket-Extensions") ? onRequest : offRequest).complete(request);
            connection.readFrame();
        }))
        {
            final WebSocket off = WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).build(), new RecordingHandler());
            assertThat(offRequest.get(WAIT_MS, TimeUnit.MILLISECONDS)).doesNotContainIgnoringCase("extensions");
            off.close();
            final WebSocket on = WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), new RecordingHandler());
            assertThat(onRequest.get(WAIT_MS, TimeUnit.MILLISECONDS))
                .contains("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
            assertThat(((WebSocketSession)on).deflateParameters()).as("server declined").isNull();
            on.close();
        }
    }

    @Test
    void shouldSendUncompressedWhenServerDemandsASmallerClientWindow() throws Exception
    {
        final CompletableFuture<Frame> frame = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n");
            frame.complete(connection.readFrame());
            connection.readFrame();
        }))
        {
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), new RecordingHandler());
            assertThat(webSocket.sendText("Hello Hello Hello")).isPositive();
            final Frame sent = frame.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(sent.firstByte()).as("FIN + TEXT, RSV1 clear").isEqualTo(0x81);
            assertThat(sent.text()).isEqualTo("Hello Hello Hello");
            webSocket.close();
        }
    }
}
