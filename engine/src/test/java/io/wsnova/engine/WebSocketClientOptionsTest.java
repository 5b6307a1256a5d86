package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.TestServer;
import io.wsnova.engine.testing.RecordingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The low-level client takes the same {@link NovaOptions} as {@code Nova}: the URL from the options or from its
 * argument (which wins), and the transport options, a busy-spin SPIN reader included.
 */
@Timeout(30)
class WebSocketClientOptionsTest
{
    private static final long WAIT_MS = 5_000;

    @Test
    void shouldConnectToTheUrlTheOptionsGive() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final RecordingHandler handler = new RecordingHandler();
            final WebSocket webSocket = WebSocketClient.connect(NovaOptions.builder().url(server.url("/"))
                .ioMode(IoMode.SPIN).readerIdleStrategy(IdleStrategySpec.BUSY_SPIN).build(), handler)
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
            thenEchoes(webSocket, handler);
        }
    }

    @Test
    void shouldLetTheUrlArgumentWinOverTheHostTheOptionsSet() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final RecordingHandler handler = new RecordingHandler();
            // Nothing listens on 127.0.0.2:1: the connect succeeds only with the argument's host and port.
            final NovaOptions options = NovaOptions.builder().host("127.0.0.2").port(1).secure(true).path("/x")
                .build();
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/"), options, handler);
            thenEchoes(webSocket, handler);
        }
    }

    private static void thenEchoes(final WebSocket webSocket, final RecordingHandler handler) throws Exception
    {
        try
        {
            assertThat(webSocket.sendText("hello")).isGreaterThanOrEqualTo(0);
            assertThat(handler.next(WAIT_MS).text()).isEqualTo("hello");
        }
        finally
        {
            webSocket.close();
            webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }
}
