package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.testing.RecordingHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.TestServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionRoundTripTest
{
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception
    {
        server = TestServer.echo();
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        server.close();
    }

    static Stream<Arguments> modes()
    {
        final List<Arguments> modes = new ArrayList<>();
        for (final IoMode ioMode : IoMode.values())
        {
            for (final PipelineMode pipelineMode : PipelineMode.values())
            {
                modes.add(Arguments.of(ioMode, pipelineMode));
            }
        }
        return modes.stream();
    }

    @ParameterizedTest
    @MethodSource("modes")
    void shouldEchoTextAndBinaryOfEveryLengthBoundary(final IoMode ioMode, final PipelineMode pipelineMode)
        throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final NovaOptions options = NovaOptions.builder()
            .ioMode(ioMode).pipelineMode(pipelineMode).receiveBufferLength(8192).build();
        final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/echo"), options, handler);
        final AgentRunner poller = ioMode == IoMode.POLL ? startPolling(webSocket) : null;
        try
        {
            assertThat(webSocket.state()).isEqualTo(WebSocket.State.OPEN);
            final Random random = new Random(42);
            for (final int length : new int[]{0, 1, 125, 126, 127, 65535, 65536, 1 << 20})
            {
                final byte[] binary = new byte[length];
                random.nextBytes(binary);
                assertThat(webSocket.sendBinary(new UnsafeBuffer(binary), 0, length)).isPositive();
                final RecordingHandler.Message echoed = handler.next(10_000);
                assertThat(echoed.type()).isEqualTo(WebSocketHandler.BINARY);
                assertThat(echoed.payload()).isEqualTo(binary);

                final String text = "é€𝄞x".repeat(length / 10 + 1).substring(0, (length / 10) * 5);
                assertThat(webSocket.sendText(text)).isPositive();
                final RecordingHandler.Message echoedText = handler.next(10_000);
                assertThat(echoedText.type()).isEqualTo(WebSocketHandler.TEXT);
                assertThat(echoedText.text()).isEqualTo(text);
            }
            assertThat(webSocket.ping()).isPositive();
            assertThat(handler.nextPong(10_000)).isPositive();

            webSocket.close();
            final CloseStatus status = handler.awaitClose(10_000);
            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            assertThat(webSocket.closeFuture().get()).isEqualTo(status);
            assertThat(webSocket.state()).isEqualTo(WebSocket.State.CLOSED);
            assertThat(webSocket.sendText("late")).isEqualTo(WebSocket.NOT_CONNECTED);
            assertThat(webSocket.counters().messagesReceived()).isEqualTo(16);
        }
        finally
        {
            if (poller != null)
            {
                poller.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void shouldSendPayloadWrittenInPlace(final IoMode ioMode, final PipelineMode pipelineMode) throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final NovaOptions options = NovaOptions.builder().ioMode(ioMode).pipelineMode(pipelineMode).build();
        final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/"), options, handler);
        final AgentRunner poller = ioMode == IoMode.POLL ? startPolling(webSocket) : null;
        try
        {
            final byte[] json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/test\"}"
                .getBytes(StandardCharsets.UTF_8);
            final WebSocket.PayloadWriter writer = (buffer, offset) ->
            {
                buffer.putBytes(offset, json);
                return json.length;
            };
            assertThat(webSocket.send(WebSocketHandler.TEXT, writer)).isPositive();
            assertThat(handler.next(10_000).payload()).isEqualTo(json);
            webSocket.close();
            handler.awaitClose(10_000);
        }
        finally
        {
            if (poller != null)
            {
                poller.close();
            }
        }
    }

    static AgentRunner startPolling(final WebSocket webSocket)
    {
        final AgentRunner runner = new AgentRunner(new BusySpinIdleStrategy(), Throwable::printStackTrace, null,
            webSocket.pollAgent());
        AgentRunner.startOnThread(runner);
        return runner;
    }
}
