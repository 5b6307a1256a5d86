package io.wsnova.engine;

import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.api.WebSocketConnectException.Kind;
import io.wsnova.engine.testing.RecordingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;
import io.wsnova.testkit.Frames;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.wsnova.testkit.Frames.BINARY;
import static io.wsnova.testkit.Frames.PING;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.concat;
import static io.wsnova.testkit.Frames.frame;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every connect failure is typed, bounded by its timeout, and leaves no socket open; invalid options fail before
 * any I/O.
 */
@Timeout(value = 20)
class ConnectFailureTest
{
    private static final long SLACK_MS = 1_500;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldReportRefusedWhenNothingListens(final boolean async) throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket())
        {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }

        final long startNs = System.nanoTime();
        final WebSocketConnectException failure =
            connectExpectingFailure(async, "ws://127.0.0.1:" + port + "/", NovaOptions.empty());

        assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.REFUSED);
        assertThat(failure.statusCode()).isZero();
        assertThat(elapsedMs(startNs)).isLessThan(SLACK_MS);
    }

    @Test
    void shouldTimeOutWithinUpgradeTimeoutWhenServerNeverAnswersTheUpgrade() throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            connection.readRequest();
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final long startNs = System.nanoTime();
            final WebSocketConnectException failure = connectExpectingFailure(
                false, server.url("/"), NovaOptions.builder().upgradeTimeoutMs(300).build());

            assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.TIMEOUT);
            assertThat(elapsedMs(startNs)).isBetween(290L, 300 + SLACK_MS);
            assertThat(clientClosed.get(WAIT_MS, TimeUnit.MILLISECONDS)).as("client closed the socket").isTrue();
        }
    }

    @Test
    void shouldTimeOutWhenServerStallsInTheMiddleOfTheResponseHead() throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            connection.readRequest();
            connection.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: webso".getBytes(StandardCharsets.US_ASCII));
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final long startNs = System.nanoTime();
            final WebSocketConnectException failure = connectExpectingFailure(
                true, server.url("/"), NovaOptions.builder().upgradeTimeoutMs(300).build());

            assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.TIMEOUT);
            assertThat(elapsedMs(startNs)).isBetween(290L, 300 + SLACK_MS);
            assertThat(clientClosed.get(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void shouldTimeOutWithinTotalConnectTimeoutWhenItIsShorterThanTheUpgradeTimeout() throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            connection.readRequest();
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final long startNs = System.nanoTime();
            final WebSocketConnectException failure = connectExpectingFailure(false, server.url("/"),
                NovaOptions.builder().upgradeTimeoutMs(10_000).totalConnectTimeoutMs(300).build());

            assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.TIMEOUT);
            assertThat(elapsedMs(startNs)).isLessThan(300 + SLACK_MS);
        }
    }

    @Test
    void shouldTimeOutWithinUpgradeTimeoutWhenServerTricklesTheResponseHead() throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            final byte[] head = Frames.switchingProtocols(connection.readRequest());
            for (final byte b : head)
            {
                connection.write(new byte[]{b});
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return true;
        }))
        {
            final long startNs = System.nanoTime();
            final WebSocketConnectException failure = connectExpectingFailure(
                false, server.url("/"), NovaOptions.builder().upgradeTimeoutMs(300).build());

            assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.TIMEOUT);
            assertThat(elapsedMs(startNs)).isBetween(290L, 300 + SLACK_MS);
        }
    }

    /**
     * A 101 whose head is larger than the initial receive buffer but within the 16 KiB head limit (CDNs add
     * cookies) must connect; one over the limit must fail as invalid at once, not spin until the timeout.
     */
    @ParameterizedTest
    @ValueSource(ints = {6_000, 12_000, 20_000})
    void shouldHandleLargeResponseHeadsWithASmallReceiveBuffer(final int cookieLength) throws Exception
    {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            final String request = connection.readRequest();
            final String head = new String(Frames.switchingProtocols(request), StandardCharsets.ISO_8859_1);
            final String withCookie = head.substring(0, head.length() - 2) + "Set-Cookie: c=" +
                "x".repeat(cookieLength) + "\r\n\r\n";
            connection.write(concat(withCookie.getBytes(StandardCharsets.ISO_8859_1), frame(TEXT, utf8("hi"))));
            return true;
        }))
        {
            final NovaOptions options = NovaOptions.builder().receiveBufferLength(4096)
                .upgradeTimeoutMs(WAIT_MS).build();
            final long startNs = System.nanoTime();
            if (cookieLength < 16 * 1024)
            {
                try (HostileSupport.Client client = HostileSupport.connect(server.url("/"), options, handler))
                {
                    assertThat(handler.next(WAIT_MS).text()).isEqualTo("hi");
                    assertThat(client.webSocket().state()).isEqualTo(WebSocket.State.OPEN);
                }
            }
            else
            {
                final WebSocketConnectException failure = connectExpectingFailure(false, server.url("/"), options);
                assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.HANDSHAKE_INVALID);
                assertThat(elapsedMs(startNs)).isLessThan(SLACK_MS);
            }
        }
    }

    static Stream<Arguments> rejections()
    {
        return Stream.of(
            Arguments.of("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", 503,
                "HTTP/1.1 503 Service Unavailable"),
            Arguments.of("HTTP/1.1 301 Moved Permanently\r\nLocation: wss://elsewhere.example/ws/v2\r\n" +
                "Content-Length: 0\r\n\r\n", 301, "wss://elsewhere.example/ws/v2"),
            Arguments.of("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\n\r\n", 429, "429 Too Many Requests"),
            Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, "200 OK"));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void shouldReportRejectedWithStatusWhenServerAnswersOtherThan101(
        final String response, final int status, final String expectedInMessage) throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            connection.readRequest();
            connection.write(response.getBytes(StandardCharsets.ISO_8859_1));
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final WebSocketConnectException failure =
                connectExpectingFailure(false, server.url("/"), NovaOptions.empty());

            assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.HANDSHAKE_REJECTED);
            assertThat(failure.statusCode()).isEqualTo(status);
            assertThat(failure.getMessage()).contains(expectedInMessage);
            assertThat(clientClosed.get(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    /**
     * A bad 101, built from the request (so that everything but the tested defect is right).
     */
    record BadResponse(String name, Function<String, String> response, String offeredSubprotocol)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    static Stream<BadResponse> invalidResponses()
    {
        final UnaryOperator<String> accept = request -> Frames.acceptKey(Frames.header(request,
            "Sec-WebSocket-Key"));
        return Stream.of(
            new BadResponse("wrong Sec-WebSocket-Accept", request -> "HTTP/1.1 101 Switching Protocols\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                Frames.acceptKey("dGhlIHNhbXBsZSBub25jZQ==") + "\r\n\r\n", null),
            new BadResponse("missing Sec-WebSocket-Accept", request -> "HTTP/1.1 101 Switching Protocols\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n", null),
            new BadResponse("missing Upgrade", request -> "HTTP/1.1 101 Switching Protocols\r\n" +
                "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept.apply(request) + "\r\n\r\n", null),
            new BadResponse("Upgrade: h2c", request -> "HTTP/1.1 101 Switching Protocols\r\n" +
                "Upgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept.apply(request) +
                "\r\n\r\n", null),
            new BadResponse("missing Connection", request -> "HTTP/1.1 101 Switching Protocols\r\n" +
                "Upgrade: websocket\r\nSec-WebSocket-Accept: " + accept.apply(request) + "\r\n\r\n", null),
            new BadResponse("subprotocol not offered", request -> "HTTP/1.1 101 Switching Protocols\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept.apply(request) +
                "\r\nSec-WebSocket-Protocol: chat\r\n\r\n", null),
            new BadResponse("subprotocol other than the offered one", request -> "HTTP/1.1 101 Switching " +
                "Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                accept.apply(request) + "\r\nSec-WebSocket-Protocol: v2.feed\r\n\r\n", "v1.feed"),
            new BadResponse("extension although none offered", request -> "HTTP/1.1 101 Switching Protocols\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept.apply(request) +
                "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", null),
            new BadResponse("101 over HTTP/1.0", request -> "HTTP/1.0 101 Switching Protocols\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept.apply(request) +
                "\r\n\r\n", null),
            new BadResponse("not HTTP at all", request -> "SSH-2.0-OpenSSH_9.6\r\n\r\n", null));
    }

    @ParameterizedTest
    @MethodSource("invalidResponses")
    void shouldReportHandshakeInvalidWhenThe101IsWrong(final BadResponse bad) throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            final String request = connection.readRequest();
            connection.write(bad.response().apply(request).getBytes(StandardCharsets.ISO_8859_1));
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final NovaOptions.Builder options = NovaOptions.builder();
            if (bad.offeredSubprotocol() != null)
            {
                options.subprotocols(List.of(bad.offeredSubprotocol()));
            }
            final WebSocketConnectException failure = connectExpectingFailure(false, server.url("/"), options.build());

            assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.HANDSHAKE_INVALID);
            assertThat(clientClosed.get(WAIT_MS, TimeUnit.MILLISECONDS)).as("client closed the socket").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldReportIoWhenServerDropsTheConnectionDuringTheUpgrade(final boolean reset) throws Exception
    {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.readRequest();
            if (reset)
            {
                connection.reset();
            }
            else
            {
                connection.socket().shutdownOutput();
                connection.awaitEof(WAIT_MS);
            }
            return true;
        }))
        {
            final WebSocketConnectException failure =
                connectExpectingFailure(false, server.url("/"), NovaOptions.empty());

            assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.IO);
        }
    }

    /**
     * An invalid option or URL: the URL is built from the listening server's port unless it is the defect.
     */
    record InvalidOption(
        String expectedName, Function<Integer, String> url, UnaryOperator<NovaOptions.Builder> options)
    {
        @Override
        public String toString()
        {
            return expectedName;
        }
    }

    static Stream<InvalidOption> invalidOptions()
    {
        final Function<Integer, String> good = port -> "ws://127.0.0.1:" + port + "/";
        return Stream.of(
            new InvalidOption("connectTimeoutMs", good, b -> b.connectTimeoutMs(-1)),
            new InvalidOption("tlsHandshakeTimeoutMs", good, b -> b.tlsHandshakeTimeoutMs(0)),
            new InvalidOption("upgradeTimeoutMs", good, b -> b.upgradeTimeoutMs(-10)),
            new InvalidOption("totalConnectTimeoutMs", good, b -> b.totalConnectTimeoutMs(0)),
            new InvalidOption("sendTimeoutMs", good, b -> b.sendTimeoutMs(-1)),
            new InvalidOption("closeTimeoutMs", good, b -> b.closeTimeoutMs(-1)),
            new InvalidOption("idleTimeoutMs", good, b -> b.idleTimeoutMs(-1)),
            new InvalidOption("pingIntervalMs", good, b -> b.keepalive(-1, 100)),
            new InvalidOption("pongTimeoutMs", good, b -> b.keepalive(100, 0)),
            new InvalidOption("maxFrameLength", good, b -> b.maxFrameLength(2048).maxMessageLength(1024)),
            new InvalidOption("maxMessageLength", good, b -> b.maxMessageLength(-1)),
            new InvalidOption("receiveBufferLength", good, b -> b.receiveBufferLength(100)),
            new InvalidOption("socketReceiveBufferBytes", good, b -> b.socketBuffers(-1, 0)),
            new InvalidOption("queueCapacity", good, b -> b.pipelineMode(PipelineMode.QUEUED).queueCapacity(0)),
            new InvalidOption("queueFullPolicy", good, b -> b.queueFullPolicy(QueueFullPolicy.DROP_NEWEST)),
            new InvalidOption("readerIdleStrategy", good, b -> b.readerIdleStrategy(IdleStrategySpec.BUSY_SPIN)),
            new InvalidOption("handlerIdleStrategy", good, b -> b.pipelineMode(PipelineMode.QUEUED)
                .handlerIdleStrategy(IdleStrategySpec.park(0))),
            new InvalidOption("requestTimeoutMs", good, b -> b.requestTimeoutMs(0)),
            new InvalidOption("url", port -> null, b -> b),
            new InvalidOption("scheme", port -> "http://127.0.0.1:" + port + "/", b -> b),
            new InvalidOption("port", port -> "ws://127.0.0.1:0/", b -> b),
            new InvalidOption("port", port -> "ws://127.0.0.1:70000/", b -> b),
            new InvalidOption("fragment", port -> "ws://127.0.0.1:" + port + "/feed#top", b -> b),
            new InvalidOption("resource", port -> "ws://127.0.0.1:" + port + "/caf\u00e9", b -> b),
            new InvalidOption("extra header", good, b -> b.headers(Map.of("Bad Name", "v"))),
            new InvalidOption("X-Injected", good, b -> b.headers(Map.of("X-Injected", "a\r\nX-Evil: 1"))),
            new InvalidOption("Sec-WebSocket-Protocol", good, b -> b.subprotocols(List.of("not a token"))));
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void shouldReportInvalidOptionsBeforeAnyConnectionAttempt(final InvalidOption invalid) throws Exception
    {
        final CompletableFuture<Boolean> accepted = new CompletableFuture<>();
        try (TestServer server = HostileSupport.server(accepted, connection -> true))
        {
            final String url = invalid.url().apply(server.port());
            final NovaOptions options = invalid.options().apply(NovaOptions.builder()).build();
            for (final boolean async : new boolean[]{false, true})
            {
                final WebSocketConnectException failure = connectExpectingFailure(async, url, options);
                assertThat(failure.kind()).as(failure.toString()).isEqualTo(Kind.INVALID_OPTIONS);
                assertThat(failure.getMessage()).containsIgnoringCase(invalid.expectedName());
            }
            TimeUnit.MILLISECONDS.sleep(50);
            assertThat(server.connections()).as("no TCP connection was attempted").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldDeliverFramesThatArriveInTheSameWriteAsThe101(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Frame> pong = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(pong, connection ->
        {
            final String request = connection.readRequest();
            connection.write(concat(Frames.switchingProtocols(request), frame(TEXT, utf8("first")),
                frame(PING, utf8("hb")), frame(BINARY, new byte[]{1, 2, 3}), frame(0x01, utf8("frag")),
                frame(0x80, utf8("mented"))));
            final Frame frame = connection.readFrame();
            connection.writeFrame(TEXT, utf8("later"));
            return frame;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            assertThat(handler.next(WAIT_MS).text()).isEqualTo("first");
            final RecordingHandler.Message binary = handler.next(WAIT_MS);
            assertThat(binary.type()).isEqualTo(WebSocketHandler.BINARY);
            assertThat(binary.payload()).containsExactly(1, 2, 3);
            assertThat(handler.next(WAIT_MS).text()).isEqualTo("fragmented");
            assertThat(handler.next(WAIT_MS).text()).isEqualTo("later");

            final Frame atServer = pong.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(atServer.opcode()).isEqualTo(0xA);
            assertThat(atServer.masked()).isTrue();
            assertThat(atServer.text()).isEqualTo("hb");
            assertThat(client.webSocket().state()).isEqualTo(WebSocket.State.OPEN);
        }
    }

    private static WebSocketConnectException connectExpectingFailure(
        final boolean async, final String url, final NovaOptions options) throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        if (async)
        {
            final CompletableFuture<WebSocket> future = WebSocketClient.connect(url, options, handler);
            final ExecutionException failure = catchThrowableOfType(ExecutionException.class,
                () -> future.get(WAIT_MS, TimeUnit.MILLISECONDS));
            assertThat(failure).as("connect must fail").isNotNull();
            assertThat(failure.getCause()).isInstanceOf(WebSocketConnectException.class);
            return (WebSocketConnectException)failure.getCause();
        }
        final WebSocketConnectException failure = catchThrowableOfType(WebSocketConnectException.class,
            () -> WebSocketClient.connectBlocking(url, options, handler).close());
        assertThat(failure).as("connect must fail").isNotNull();
        return failure;
    }

    private static long elapsedMs(final long startNs)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }
}
