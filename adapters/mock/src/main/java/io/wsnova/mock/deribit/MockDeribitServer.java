package io.wsnova.mock.deribit;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Java-WebSocket server of one run of the exchange (a server instance starts once; a restart makes a new one).
 * <p>
 * Thread use: the library's selector thread accepts connections and runs the handshake hook (path check, 503 during
 * maintenance); its worker threads call {@code onOpen}, {@code onMessage}, {@code onClose} and {@code onError},
 * one connection always on the same worker. Every callback catches what it could throw: a library worker that
 * sees an exception logs it, and an {@code Error} would stop the whole server.
 */
final class MockDeribitServer extends WebSocketServer
{
    private static final byte[] SERVICE_UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\n" +
        "Content-Type: application/json\r\nContent-Length: 54\r\nConnection: close\r\n\r\n" +
        "{\"error\":{\"code\":11051,\"message\":\"system_maintenance\"}}").getBytes(StandardCharsets.US_ASCII);

    private final MockDeribitExchange exchange;
    private final MockDeribitStats stats;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    MockDeribitServer(final InetSocketAddress address, final MockDeribitExchange exchange)
    {
        super(address);
        this.exchange = exchange;
        this.stats = exchange.stats();
        setReuseAddr(true);
        setTcpNoDelay(true);
        setConnectionLostTimeout(0);
        setDaemon(true);
    }

    /**
     * Waits until the server listens.
     *
     * @return null when listening, else the failure (bind error, or a timeout).
     */
    Exception awaitStarted(final long timeoutMs) throws InterruptedException
    {
        if (!started.await(timeoutMs, TimeUnit.MILLISECONDS))
        {
            return new IllegalStateException("the mock server did not start within " + timeoutMs + " ms");
        }
        return startFailure;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
        final WebSocket connection, final Draft draft, final ClientHandshake request) throws InvalidDataException
    {
        if (exchange.isInMaintenance())
        {
            stats.upgradesRefused.incrementAndGet();
            writeServiceUnavailable(connection);
            throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "system_maintenance");
        }
        final String resource = request.getResourceDescriptor();
        final int query = resource.indexOf('?');
        final String path = query < 0 ? resource : resource.substring(0, query);
        if (!MockDeribitExchange.PATH.equals(path) && !(MockDeribitExchange.PATH + "/").equals(path))
        {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no such endpoint");
        }
        return super.onWebsocketHandshakeReceivedAsServer(connection, draft, request);
    }

    /**
     * The library answers a refused upgrade with 404 or 500 only: the 503 goes straight to the socket first (a
     * small write on a fresh, empty socket buffer) and the client reads it as the response.
     */
    private static void writeServiceUnavailable(final WebSocket connection)
    {
        if (connection instanceof WebSocketImpl impl)
        {
            try
            {
                impl.getChannel().write(ByteBuffer.wrap(SERVICE_UNAVAILABLE));
            }
            catch (final IOException | RuntimeException ex)
            {
                // the client is gone already; the library closes the socket next
            }
        }
    }

    @Override
    public void onOpen(final WebSocket connection, final ClientHandshake handshake)
    {
        try
        {
            exchange.onOpen(connection);
        }
        catch (final RuntimeException ex)
        {
            stats.callbackErrors.incrementAndGet();
        }
    }

    @Override
    public void onMessage(final WebSocket connection, final String message)
    {
        try
        {
            if (connection.getAttachment() instanceof MockSession session)
            {
                exchange.rpc().onMessage(session, message);
            }
        }
        catch (final RuntimeException ex)
        {
            stats.callbackErrors.incrementAndGet();
        }
    }

    @Override
    public void onMessage(final WebSocket connection, final ByteBuffer message)
    {
        try
        {
            if (connection.getAttachment() instanceof MockSession session)
            {
                exchange.rpc().onBinary(session);
            }
        }
        catch (final RuntimeException ex)
        {
            stats.callbackErrors.incrementAndGet();
        }
    }

    @Override
    public void onClose(final WebSocket connection, final int code, final String reason, final boolean remote)
    {
        try
        {
            if (connection.getAttachment() instanceof MockSession session)
            {
                exchange.onClosed(session);
            }
        }
        catch (final RuntimeException ex)
        {
            stats.callbackErrors.incrementAndGet();
        }
    }

    @Override
    public void onError(final WebSocket connection, final Exception ex)
    {
        if (connection == null)
        {
            startFailure = ex;
            started.countDown();
        }
    }

    @Override
    public void onStart()
    {
        started.countDown();
    }
}
