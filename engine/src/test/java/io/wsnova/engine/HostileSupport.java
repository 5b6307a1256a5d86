package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.TestConnection;
import io.wsnova.testkit.Frame;
import io.wsnova.testkit.Frames;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shared given/when helpers of the hostile-server tests: connecting in every IO mode (driving the poll agent in
 * POLL) and testkit server scripts that report their findings (or their failure) through a future; the raw frames
 * come from the testkit's {@code Frames}.
 */
final class HostileSupport
{
    static final long WAIT_MS = 5_000;

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
        T run(TestConnection connection) throws Exception;
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
    static <T> TestServer server(final CompletableFuture<T> result, final Body<T> body) throws Exception
    {
        return new TestServer(connection ->
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

    private static void answerCloseUntilEof(final TestConnection connection) throws IOException
    {
        while (true)
        {
            final Frame frame = connection.readFrame();
            if (frame.opcode() == 0x8)
            {
                connection.writeFrame(Frames.CLOSE, frame.payload().length >= 2 ?
                    java.util.Arrays.copyOf(frame.payload(), 2) : new byte[0]);
                return;
            }
        }
    }

    static byte[] filled(final int length, final char c)
    {
        final byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte)c);
        return bytes;
    }
}
