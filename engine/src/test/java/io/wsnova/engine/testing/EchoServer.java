package io.wsnova.engine.testing;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A Java-WebSocket TLS server on 127.0.0.1 that echoes every message with its type: the independent implementation
 * the TLS interop test runs against (every other test uses the testkit's raw {@code TestServer}).
 */
public final class EchoServer extends WebSocketServer implements AutoCloseable
{
    private final CountDownLatch started = new CountDownLatch(1);
    private final boolean secure;

    private EchoServer(final SSLContext sslContext)
    {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        setReuseAddr(true);
        setTcpNoDelay(true);
        this.secure = sslContext != null;
        if (sslContext != null)
        {
            setWebSocketFactory(new DefaultSSLWebSocketServerFactory(sslContext));
        }
    }

    public static EchoServer startTls(final SSLContext sslContext) throws InterruptedException
    {
        return startWith(new EchoServer(sslContext));
    }

    private static EchoServer startWith(final EchoServer server) throws InterruptedException
    {
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("echo server did not start");
        }
        return server;
    }

    public String url(final String path)
    {
        return (secure ? "wss" : "ws") + "://127.0.0.1:" + getPort() + path;
    }

    @Override
    public void onOpen(final WebSocket conn, final ClientHandshake handshake)
    {
    }

    @Override
    public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
    {
    }

    @Override
    public void onMessage(final WebSocket conn, final String message)
    {
        conn.send(message);
    }

    @Override
    public void onMessage(final WebSocket conn, final ByteBuffer message)
    {
        conn.send(message);
    }

    @Override
    public void onError(final WebSocket conn, final Exception ex)
    {
    }

    @Override
    public void onStart()
    {
        started.countDown();
    }

    @Override
    public void close()
    {
        try
        {
            stop(1000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
