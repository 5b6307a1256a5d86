package io.wsnova.engine;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;

import io.wsnova.engine.testing.RecordingHandler;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.Frames;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.TestConnection;
import io.wsnova.testkit.Frame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.wsnova.testkit.Frames.CLOSE;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.closePayload;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The close handshake of RFC 6455 section 7 from both sides, against a server that follows it and one that
 * does not answer.
 */
@Timeout(value = 20)
class CloseHandshakeTest
{
    private static final long CLOSE_TIMEOUT_MS = 300;
    private static final long SLACK_MS = 1_500;

    private record Observed(Frame closeFrame, boolean eofWithoutMoreBytes, long eofAfterMs)
    {
    }

    static Stream<Arguments> serverCloseCodes()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final IoMode ioMode : IoMode.values())
        {
            for (final int code : new int[]{1000, 1001, 1012, 1013, 4000})
            {
                arguments.add(Arguments.of(ioMode, code));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} close {1}")
    @MethodSource("serverCloseCodes")
    void shouldEchoCodeAndReportRemoteCloseWhenServerCloses(final IoMode ioMode, final int code) throws Exception
    {
        final CompletableFuture<Observed> observed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(observed, connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(CLOSE, closePayload(code, utf8("restart in 5s \u00e9")));
            final Frame echo = connection.readFrame();
            connection.socket().close();
            return new Observed(echo, false, 0);
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
            assertThat(status.reason().isFailure()).isFalse();
            assertThat(status.closeCode()).isEqualTo(code);
            assertThat(status.message()).isEqualTo("restart in 5s \u00e9");
            assertThat(client.awaitClosed(WAIT_MS)).isSameAs(status);

            final Frame echo = observed.get(WAIT_MS, TimeUnit.MILLISECONDS).closeFrame();
            assertThat(echo.opcode()).isEqualTo(0x8);
            assertThat(echo.masked()).isTrue();
            assertThat(echo.closeCode()).as("the client echoes the server's code").isEqualTo(code);
            assertThat(handler.poll()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldDeliverNothingThatFollowsTheServersCloseFrame(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Observed> observed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(observed, connection ->
        {
            connection.acceptUpgrade();
            connection.write(Frames.concat(Frames.frame(Frames.TEXT, utf8("before")),
                Frames.frame(CLOSE, closePayload(1000, new byte[0])),
                Frames.frame(Frames.TEXT, utf8("after close")),
                Frames.bytes(0xFF, 0xFF, 0xFF)));
            final Frame echo = connection.readFrame();
            connection.socket().close();
            return new Observed(echo, false, 0);
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final CloseStatus status = client.awaitClosed(WAIT_MS);
            assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
            assertThat(status.closeCode()).isEqualTo(1000);
            assertThat(observed.get(WAIT_MS, TimeUnit.MILLISECONDS).closeFrame().closeCode()).isEqualTo(1000);
            assertThat(handler.next(0).text()).isEqualTo("before");
            assertThat(handler.poll()).isNull();
        }
    }

    /**
     * Documents the engine's answer to a close frame without a status: an empty close frame (not 1000), and the
     * reported code is 1005 (no status received).
     */
    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldAnswerEmptyCloseWithEmptyCloseAndReport1005(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Observed> observed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(observed, connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(CLOSE, new byte[0]);
            final Frame answer = connection.readFrame();
            connection.socket().close();
            return new Observed(answer, false, 0);
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
            assertThat(status.closeCode()).isEqualTo(1005);
            assertThat(client.awaitClosed(WAIT_MS)).isSameAs(status);

            final Frame answer = observed.get(WAIT_MS, TimeUnit.MILLISECONDS).closeFrame();
            assertThat(answer.opcode()).isEqualTo(0x8);
            assertThat(answer.masked()).isTrue();
            assertThat(answer.payload()).as("empty close answered with an empty close").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldCloseTcpWithinCloseTimeoutWhenServerClosesButKeepsTcpOpen(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Observed> observed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(observed, connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(CLOSE, closePayload(1001, utf8("going away")));
            final Frame echo = connection.readFrame();
            final long startNs = System.nanoTime();
            final boolean eof = awaitEofWithoutMoreBytes(connection);
            return new Observed(echo, eof, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).closeTimeoutMs(CLOSE_TIMEOUT_MS).build(), handler))
        {
            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
            assertThat(status.closeCode()).isEqualTo(1001);
            assertThat(client.awaitClosed(WAIT_MS)).isSameAs(status);

            final Observed atServer = observed.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(atServer.closeFrame().closeCode()).isEqualTo(1001);
            assertThat(atServer.eofWithoutMoreBytes()).isTrue();
            assertThat(atServer.eofAfterMs()).isLessThan(CLOSE_TIMEOUT_MS + SLACK_MS);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldSendCloseAndWaitForServersCloseWhenClientCloses(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Frame> closeFromClient = new CompletableFuture<>();
        final CompletableFuture<Boolean> serverAnswers = new CompletableFuture<>();
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.acceptUpgrade();
            closeFromClient.complete(connection.readFrame());
            serverAnswers.get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.writeFrame(CLOSE, closePayload(1000, new byte[0]));
            connection.socket().close();
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).closeTimeoutMs(WAIT_MS).build(), handler))
        {
            final WebSocket webSocket = client.webSocket();
            webSocket.close(1000, "bye");
            assertThat(webSocket.state()).isEqualTo(WebSocket.State.CLOSING);
            assertThat(webSocket.sendText("after close")).isEqualTo(WebSocket.NOT_CONNECTED);
            webSocket.close(4000, "second close is a no-op");

            final Frame close = closeFromClient.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.masked()).isTrue();
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, "UTF-8")).isEqualTo("bye");

            TimeUnit.MILLISECONDS.sleep(100);
            assertThat(webSocket.closeFuture()).as("waits for the server's close frame").isNotDone();
            serverAnswers.complete(true);

            final CloseStatus status = client.awaitClosed(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            assertThat(status.closeCode()).isEqualTo(1000);
            assertThat(handler.awaitClose(WAIT_MS)).isSameAs(status);
            assertThat(webSocket.state()).isEqualTo(WebSocket.State.CLOSED);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldEndWithinCloseTimeoutWhenServerNeverAnswersTheClose(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Observed> observed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(observed, connection ->
        {
            connection.acceptUpgrade();
            final Frame close = connection.readFrame();
            return new Observed(close, awaitEofWithoutMoreBytes(connection), 0);
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).closeTimeoutMs(CLOSE_TIMEOUT_MS).build(), handler))
        {
            final long startNs = System.nanoTime();
            client.webSocket().close(4001, "done");
            final CloseStatus status = client.awaitClosed(WAIT_MS);
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            assertThat(status.closeCode()).isEqualTo(4001);
            assertThat(elapsedMs).isBetween(CLOSE_TIMEOUT_MS - 10, CLOSE_TIMEOUT_MS + SLACK_MS);
            final Observed atServer = observed.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(atServer.closeFrame().closeCode()).isEqualTo(4001);
            assertThat(atServer.eofWithoutMoreBytes()).as("one close frame, then TCP close").isTrue();
        }
    }

    /**
     * Reads the next byte: true when it is the end of the stream (or a reset), false when the client sent more.
     */
    private static boolean awaitEofWithoutMoreBytes(final TestConnection connection) throws IOException
    {
        try
        {
            return connection.socket().getInputStream().read() < 0;
        }
        catch (final java.net.SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldRefuseInvalidCloseCodeAndLeaveTheConnectionOpen(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<List<Frame>> framesAtServer = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(framesAtServer, connection ->
        {
            connection.acceptUpgrade();
            final List<Frame> frames = new ArrayList<>();
            frames.add(connection.readFrame());
            frames.add(connection.readFrame());
            connection.writeFrame(CLOSE, closePayload(1000, new byte[0]));
            connection.socket().close();
            return frames;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).closeTimeoutMs(WAIT_MS).build(), handler))
        {
            final WebSocket webSocket = client.webSocket();
            for (final int invalid : new int[]{-1, 0, 999, 1004, 1005, 1006, 1015, 2999, 5000})
            {
                assertThatThrownBy(() -> webSocket.close(invalid, "bad"))
                    .as("close(%d)", invalid).isInstanceOf(IllegalArgumentException.class);
                assertThat(webSocket.state()).as("after close(%d)", invalid).isEqualTo(WebSocket.State.OPEN);
            }
            assertThat(webSocket.sendText("still open")).as("still usable").isPositive();

            webSocket.close(4002, "now valid");
            final CloseStatus status = client.awaitClosed(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            assertThat(status.closeCode()).as("no status recorded by the refused calls").isEqualTo(4002);

            final List<Frame> frames = framesAtServer.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frames.get(0).text()).isEqualTo("still open");
            assertThat(frames.get(1).opcode()).isEqualTo(0x8);
            assertThat(frames.get(1).closeCode()).as("the valid close frame is sent").isEqualTo(4002);
        }
    }
}
