package io.wsnova.engine.transport;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.testing.NodeServer;
import io.wsnova.engine.testing.RecordingHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate against independent implementations that compress: node's {@code ws} (threshold 0, so every
 * message it sends is compressed) and python's {@code websockets}, each with and without context takeover. Many
 * messages of varied sizes, text and binary, through every send path, are echoed and compared byte for byte; the
 * bytes received on the socket show that the echoes really arrived compressed. Skips loudly (never passes) when
 * node or python's websockets is missing. Seeded: {@code -Dwsnova.seed=N} replays a run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeflateInteropTest
{
    private static final long WAIT_MS = 20_000;
    private static final int RANDOM_MESSAGES = 300;
    private static final int[] BOUNDARY_LENGTHS = {0, 1, 5, 124, 125, 126, 127, 1023, 1024, 65535, 65536, 65537,
        1 << 20};

    @ParameterizedTest(name = "{0} contextTakeover={1}")
    @CsvSource({"node, true", "node, false", "python, true", "python, false"})
    void shouldEchoManyMessagesOfVariedSizesBothWaysCompressed(final String peer, final boolean contextTakeover)
        throws Exception
    {
        try (AutoCloseable server = startServer(peer, contextTakeover))
        {
            final String url = server instanceof NodeServer node ? node.url("/echo") :
                ((PythonDeflateServer)server).url("/");
            final RecordingHandler handler = new RecordingHandler();
            final WebSocket webSocket = WebSocketClient.connectBlocking(url,
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), handler);
            final DeflateParameters negotiated = ((WebSocketSession)webSocket).deflateParameters();
            System.out.println(peer + " negotiated " + negotiated);
            assertThat(negotiated).as("the server accepted permessage-deflate").isNotNull();
            assertThat(negotiated.serverNoContextTakeover).isEqualTo(!contextTakeover);
            assertThat(negotiated.clientNoContextTakeover).isEqualTo(!contextTakeover);

            final long seed = Long.getLong("wsnova.seed", System.nanoTime());
            System.out.println("DeflateInteropTest " + peer + " contextTakeover=" + contextTakeover + " seed=" + seed);
            final SplittableRandom random = new SplittableRandom(seed);
            long payloadBytes = 0;
            for (final int length : BOUNDARY_LENGTHS)
            {
                payloadBytes += echo(webSocket, handler, random, length, 0);
                payloadBytes += echo(webSocket, handler, random, length, 1);
                payloadBytes += echo(webSocket, handler, random, length, 2);
            }
            for (int i = 0; i < RANDOM_MESSAGES; i++)
            {
                final int length = random.nextInt(8) == 0 ? random.nextInt(200_000) : random.nextInt(2_000);
                payloadBytes += echo(webSocket, handler, random, length, random.nextInt(3));
            }

            final long received = webSocket.counters().bytesReceived();
            System.out.printf("%s contextTakeover=%s: %d payload bytes echoed in %d bytes received%n",
                peer, contextTakeover, payloadBytes, received);
            assertThat(received).as("compressible echoes arrive compressed").isLessThan(payloadBytes / 2);
            webSocket.close();
            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
        }
    }

    /**
     * Sends one message through a send path (0: text from a String, 1: binary from a buffer, 2: text through a
     * PayloadWriter) and checks its echo.
     *
     * @return the payload length.
     */
    private static int echo(
        final WebSocket webSocket, final RecordingHandler handler, final SplittableRandom random, final int length,
        final int path) throws InterruptedException
    {
        final byte[] payload = compressibleText(random, length);
        final int sent = switch (path)
        {
            case 0 -> webSocket.sendText(new String(payload, StandardCharsets.UTF_8));
            case 1 -> webSocket.sendBinary(new UnsafeBuffer(payload), 0, length);
            default -> webSocket.send(WebSocketHandler.TEXT, (buffer, offset) ->
            {
                buffer.putBytes(offset, payload);
                return length;
            });
        };
        assertThat(sent).as("send of %d bytes on path %d", length, path).isPositive();
        final RecordingHandler.Message echoed = handler.next(WAIT_MS);
        assertThat(echoed).as("echo of %d bytes on path %d", length, path).isNotNull();
        assertThat(echoed.type()).isEqualTo(path == 1 ? WebSocketHandler.BINARY : WebSocketHandler.TEXT);
        assertThat(echoed.payload()).as("echo of %d bytes on path %d", length, path).isEqualTo(payload);
        return length;
    }

    /**
     * Market-data-like text (ASCII JSON fragments with random numbers, now and then a multi-byte character) of
     * exactly {@code length} UTF-8 bytes.
     */
    private static byte[] compressibleText(final SplittableRandom random, final int length)
    {
        final StringBuilder text = new StringBuilder(length + 64);
        while (text.length() < length)
        {
            text.append("{\"price\":\"").append(36_000 + random.nextInt(1000)).append('.').append(random.nextInt(10))
                .append("\",\"amount\":").append(random.nextInt(100_000)).append(random.nextInt(50) == 0 ? "é" : "")
                .append("},");
        }
        final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        final byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, 0, length);
        // A cut may split a two-byte character: replace a dangling lead byte with ASCII.
        if (length > 0 && (out[length - 1] & 0xE0) == 0xC0)
        {
            out[length - 1] = 'x';
        }
        return out;
    }

    private static AutoCloseable startServer(final String peer, final boolean contextTakeover) throws Exception
    {
        if ("node".equals(peer))
        {
            return NodeServer.startPlainWith(contextTakeover ? "--deflate" : "--deflate-no-context");
        }
        return PythonDeflateServer.start(!contextTakeover);
    }
}
