package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.testing.RawServer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shared given/when helpers of the hostile-server tests: connecting in every IO mode (driving the poll agent in
 * POLL), scripts that report their findings (or their failure) through a future, and raw frame builders.
 */
final class HostileSupport
{
    static final long WAIT_MS = 5_000;
    static final int TEXT = 0x81;
    static final int BINARY = 0x82;
    static final int CLOSE = 0x88;
    static final int PING = 0x89;
    static final int PONG = 0x8A;

    private HostileSupport()
    {
    }

    /**
     * A connection and, in POLL mode, the runner that drives its reader agent.
     */
    record Client(WebSocket webSocket, AgentRunner poller) implements AutoCloseable
    {
        CloseStatus awaitClosed(final long timeoutMs) throws Exception
        {
            return webSocket.closeFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws ExecutionException, TimeoutException
        {
            try
            {
                webSocket.close();
                webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            finally
            {
                if (poller != null)
                {
                    poller.close();
                }
            }
        }
    }

    /**
     * A server script that may throw checked exceptions and whose failure is reported to the test.
     */
    @FunctionalInterface
    interface Body<T>
    {
        T run(RawServer.Connection connection) throws Exception;
    }

    /**
     * Options for a scripted server: keepalive off (the system default pings every 15 s, which a script reading
     * frames in order would not expect), short close timeout.
     */
    static NovaOptions.Builder options(final IoMode ioMode)
    {
        return NovaOptions.builder().ioMode(ioMode).keepalive(0, 0).closeTimeoutMs(1_000).upgradeTimeoutMs(WAIT_MS);
    }

    static Client connect(final String url, final NovaOptions options, final WebSocketHandler handler)
        throws WebSocketConnectException
    {
        final WebSocket webSocket = WebSocketClient.connectBlocking(url, options, handler);
        AgentRunner poller = null;
        if (options.get(Option.IO_MODE) == IoMode.POLL)
        {
            poller = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null,
                webSocket.pollAgent());
            AgentRunner.startOnThread(poller);
        }
        return new Client(webSocket, poller);
    }

    /**
     * A server whose single script result (or failure) completes {@code result}; reads time out after WAIT_MS.
     * After the script the server keeps TCP open and answers a close frame from the client (then closes TCP),
     * until the client closes or WAIT_MS passes: a script that wants the server to close first closes the socket
     * itself.
     */
    static <T> RawServer server(final CompletableFuture<T> result, final Body<T> body) throws Exception
    {
        return new RawServer(connection ->
        {
            try
            {
                connection.socket().setSoTimeout((int)WAIT_MS);
                result.complete(body.run(connection));
                answerCloseUntilEof(connection);
            }
            catch (final Throwable error)
            {
                result.completeExceptionally(error);
                throw error;
            }
        });
    }

    private static void answerCloseUntilEof(final RawServer.Connection connection) throws IOException
    {
        while (true)
        {
            final RawServer.Frame frame = connection.readFrame();
            if (frame.opcode() == 0x8)
            {
                connection.writeFrame(CLOSE, frame.payload().length >= 2 ?
                    java.util.Arrays.copyOf(frame.payload(), 2) : new byte[0]);
                return;
            }
        }
    }

    static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] frame(final int firstByte, final byte[] payload)
    {
        return RawServer.frame(firstByte, payload);
    }

    static byte[] closePayload(final int code, final byte[] reason)
    {
        return concat(bytes(code >>> 8, code & 0xFF), reason);
    }

    static byte[] filled(final int length, final char c)
    {
        final byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte)c);
        return bytes;
    }

    /**
     * The 101 response for the request just read, so that frames can follow in the same write.
     */
    static byte[] switchingProtocols(final String request)
    {
        final String key = RawServer.header(request, "Sec-WebSocket-Key");
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: " + RawServer.acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
