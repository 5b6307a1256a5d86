package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand concurrent connections (VIRTUAL readers, INLINE handlers) to one loopback server: each echoes one
 * message and closes, and the process does not grow a platform thread per connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyConnectionsTest
{
    private static final int CONNECTIONS = 1_000;
    private static final int CONNECTS_IN_FLIGHT = 64;
    private static final long WAIT_MS = 60_000;
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception
    {
        server = TestServer.builder().echo().backlog(CONNECTIONS).start();
    }

    @AfterAll
    static void stopServer()
    {
        server.close();
    }

    @Test
    void shouldEchoAndCloseThousandConcurrentConnectionsWithoutPlatformThreadPerConnection() throws Exception
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final int platformThreadsBefore = threads.getThreadCount();
        final long startNs = System.nanoTime();
        final NovaOptions options = NovaOptions.builder()
            .ioMode(IoMode.VIRTUAL)
            .pipelineMode(PipelineMode.INLINE)
            .receiveBufferLength(4096)
            .build();

        final List<EchoOnce> handlers = new ArrayList<>(CONNECTIONS);
        final List<CompletableFuture<WebSocket>> connects = new ArrayList<>(CONNECTIONS);
        final Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        for (int i = 0; i < CONNECTIONS; i++)
        {
            assertThat(inFlight.tryAcquire(WAIT_MS, TimeUnit.MILLISECONDS)).as("connect slot").isTrue();
            final EchoOnce handler = new EchoOnce();
            handlers.add(handler);
            connects.add(WebSocketClient.connect(server.url("/many"), options, handler)
                .whenComplete((webSocket, error) -> inFlight.release()));
        }
        CompletableFuture.allOf(connects.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
        final long connectedNs = System.nanoTime();
        final List<WebSocket> webSockets = new ArrayList<>(CONNECTIONS);
        for (final CompletableFuture<WebSocket> connect : connects)
        {
            final WebSocket webSocket = connect.join();
            assertThat(webSocket.state()).isEqualTo(WebSocket.State.OPEN);
            webSockets.add(webSocket);
        }
        final int platformThreadsOpen = threads.getThreadCount();
        server.awaitLive(CONNECTIONS);
        assertThat(server.live()).hasSize(CONNECTIONS);

        for (int i = 0; i < CONNECTIONS; i++)
        {
            assertThat(webSockets.get(i).sendText("hello-" + i)).isPositive();
        }
        for (int i = 0; i < CONNECTIONS; i++)
        {
            assertThat(handlers.get(i).echo.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("hello-" + i);
        }
        final long echoedNs = System.nanoTime();

        for (final WebSocket webSocket : webSockets)
        {
            webSocket.close();
        }
        final List<CompletableFuture<CloseStatus>> closes = new ArrayList<>(CONNECTIONS);
        for (final WebSocket webSocket : webSockets)
        {
            closes.add(webSocket.closeFuture());
        }
        CompletableFuture.allOf(closes.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
        final long closedNs = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++)
        {
            final CloseStatus status = closes.get(i).join();
            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            assertThat(handlers.get(i).closed.getNow(null)).isEqualTo(status);
            assertThat(webSockets.get(i).state()).isEqualTo(WebSocket.State.CLOSED);
        }

        System.out.printf("%d connections: connect %d ms, echo %d ms, close %d ms; platform threads %d -> %d%n",
            CONNECTIONS, TimeUnit.NANOSECONDS.toMillis(connectedNs - startNs),
            TimeUnit.NANOSECONDS.toMillis(echoedNs - connectedNs), TimeUnit.NANOSECONDS.toMillis(closedNs - echoedNs),
            platformThreadsBefore, platformThreadsOpen);
        assertThat(platformThreadsOpen - platformThreadsBefore)
            .as("platform threads added for %d open connections", CONNECTIONS)
            .isLessThan(100);
    }

    /**
     * Records the first message as text and the close status.
     */
    private static final class EchoOnce implements WebSocketHandler
    {
        final CompletableFuture<String> echo = new CompletableFuture<>();
        final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            echo.complete(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(final WebSocket webSocket, final CloseStatus status)
        {
            closed.complete(status);
        }
    }
}
