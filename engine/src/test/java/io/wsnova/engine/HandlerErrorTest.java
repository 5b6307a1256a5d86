package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;

import io.wsnova.engine.testing.RecordingHandler;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.Frames;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.concat;
import static io.wsnova.testkit.Frames.frame;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A handler that throws fails its own connection with HANDLER_ERROR (close 1011 sent, TCP closed, onClose once)
 * and nothing else: other connections keep working.
 */
@Timeout(value = 20)
class HandlerErrorTest
{
    private static TestServer echoServer;

    @BeforeAll
    static void startEchoServer() throws Exception
    {
        echoServer = TestServer.echo();
    }

    @AfterAll
    static void stopEchoServer() throws Exception
    {
        echoServer.close();
    }

    /**
     * Records messages and throws on "boom"; counts onClose calls.
     */
    static final class ThrowingHandler extends RecordingHandler
    {
        final RuntimeException thrown = new IllegalStateException("handler bug on purpose");
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            if (length == 4 && buffer.getStringWithoutLengthAscii(offset, length).equals("boom"))
            {
                throw thrown;
            }
            super.onMessage(webSocket, type, buffer, offset, length);
        }

        @Override
        public void onClose(final WebSocket webSocket, final CloseStatus status)
        {
            closes.incrementAndGet();
            super.onClose(webSocket, status);
        }
    }

    private record Observed(Frame closeFrame, boolean eof)
    {
    }

    static Stream<Arguments> modes()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final IoMode ioMode : IoMode.values())
        {
            for (final PipelineMode pipelineMode : PipelineMode.values())
            {
                arguments.add(Arguments.of(ioMode, pipelineMode, false));
                arguments.add(Arguments.of(ioMode, pipelineMode, true));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1}, in the 101 write: {2}")
    @MethodSource("modes")
    void shouldFailOnlyTheThrowingConnectionWithHandlerError(
        final IoMode ioMode, final PipelineMode pipelineMode, final boolean withThe101) throws Exception
    {
        final CompletableFuture<Observed> observed = new CompletableFuture<>();
        final ThrowingHandler throwing = new ThrowingHandler();
        final RecordingHandler healthy = new RecordingHandler();
        final NovaOptions options = HostileSupport.options(ioMode).pipelineMode(pipelineMode).build();
        try (TestServer server = HostileSupport.server(observed, connection ->
        {
            final byte[] frames = concat(frame(TEXT, utf8("ok")), frame(TEXT, utf8("boom")));
            if (withThe101)
            {
                connection.write(concat(Frames.switchingProtocols(connection.readRequest()), frames));
            }
            else
            {
                connection.acceptUpgrade();
                connection.write(frames);
            }
            final Frame close = connection.readFrame();
            return new Observed(close, connection.awaitEof(WAIT_MS));
        });
            HostileSupport.Client other = HostileSupport.connect(echoServer.url("/"), options, healthy);
            HostileSupport.Client client = HostileSupport.connect(server.url("/"), options, throwing))
        {
            final CloseStatus status = throwing.awaitClose(WAIT_MS);
            assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.HANDLER_ERROR);
            assertThat(status.cause()).isSameAs(throwing.thrown);
            assertThat(status.closeCode()).isEqualTo(1011);
            assertThat(client.awaitClosed(WAIT_MS)).isSameAs(status);
            assertThat(throwing.next(0).text()).isEqualTo("ok");

            final Observed atServer = observed.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(atServer.closeFrame().opcode()).isEqualTo(0x8);
            assertThat(atServer.closeFrame().masked()).isTrue();
            assertThat(atServer.closeFrame().closeCode()).isEqualTo(1011);
            assertThat(atServer.eof()).isTrue();
            TimeUnit.MILLISECONDS.sleep(20);
            assertThat(throwing.closes.get()).as("onClose exactly once").isEqualTo(1);

            assertThat(other.webSocket().sendText("still alive")).isPositive();
            assertThat(healthy.next(WAIT_MS).text()).isEqualTo("still alive");
            assertThat(other.webSocket().state()).isEqualTo(WebSocket.State.OPEN);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldCompleteCloseFutureWhenOnCloseThrows(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler()
        {
            @Override
            public void onClose(final WebSocket webSocket, final CloseStatus status)
            {
                throw new IllegalStateException("onClose bug on purpose");
            }
        };
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.acceptUpgrade();
            connection.socket().close();
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            assertThat(client.awaitClosed(WAIT_MS).reason()).isEqualTo(DisconnectReason.EOF);
        }
    }

    /**
     * onOpen throws: either the connect fails, or the connection ends with HANDLER_ERROR; in both cases the
     * socket is closed and no engine thread is left behind.
     */
    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void shouldCloseAndLeakNothingWhenOnOpenThrows(final PipelineMode pipelineMode) throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        final IllegalStateException thrown = new IllegalStateException("onOpen bug on purpose");
        final RecordingHandler handler = new RecordingHandler()
        {
            @Override
            public void onOpen(final WebSocket webSocket)
            {
                throw thrown;
            }
        };
        final Set<Thread> before = engineThreads();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            connection.acceptUpgrade();
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final NovaOptions options = HostileSupport.options(IoMode.VIRTUAL).pipelineMode(pipelineMode).build();
            final WebSocketConnectException failure = catchThrowableOfType(WebSocketConnectException.class,
                () -> HostileSupport.connect(server.url("/"), options, handler));
            if (failure == null)
            {
                final CloseStatus status = handler.awaitClose(WAIT_MS);
                assertThat(status.reason()).isEqualTo(DisconnectReason.HANDLER_ERROR);
                assertThat(status.cause()).isSameAs(thrown);
            }
            assertThat(clientClosed.get(WAIT_MS, TimeUnit.MILLISECONDS)).as("socket closed").isTrue();

            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            Set<Thread> leaked = engineThreads();
            while (!before.containsAll(leaked) && System.nanoTime() - deadlineNs < 0)
            {
                TimeUnit.MILLISECONDS.sleep(10);
                leaked = engineThreads();
            }
            leaked.removeAll(before);
            assertThat(leaked).as("engine threads left running").isEmpty();
        }
    }

    private static Set<Thread> engineThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("wsnova-handler-") ||
                thread.getName().startsWith("wsnova-reader-"))
            .collect(Collectors.toSet());
    }
}
