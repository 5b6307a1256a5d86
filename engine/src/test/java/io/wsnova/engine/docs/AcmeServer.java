package io.wsnova.engine.docs;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server speaking the fictional Acme protocol of {@link AcmeAdapterExample}: answers subscribe and
 * unsubscribe for {@code ticker.*} channels (anything else is a 404 error), records every message it receives,
 * and pushes what the test asks.
 */
final class AcmeServer extends WebSocketServer implements AutoCloseable
{
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern OP = Pattern.compile("\"op\":\"([^\"]*)\"");
    private static final Pattern CHANNEL = Pattern.compile("\"channel\":\"([^\"]*)\"");

    private final CountDownLatch started = new CountDownLatch(1);
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    private AcmeServer()
    {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        setReuseAddr(true);
        setTcpNoDelay(true);
    }

    static AcmeServer launch() throws InterruptedException
    {
        final AcmeServer server = new AcmeServer();
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("server did not start");
        }
        return server;
    }

    String url()
    {
        return "ws://127.0.0.1:" + getPort() + "/v1/ws";
    }

    String nextReceived() throws InterruptedException
    {
        final String message = received.poll(5, TimeUnit.SECONDS);
        if (message == null)
        {
            throw new AssertionError("nothing received within 5 s");
        }
        return message;
    }

    void push(final String json)
    {
        broadcast(json);
    }

    @Override
    public void onMessage(final WebSocket connection, final String message)
    {
        received.add(message);
        final Matcher id = ID.matcher(message);
        final Matcher op = OP.matcher(message);
        final Matcher channel = CHANNEL.matcher(message);
        if (id.find() && op.find() && channel.find())
        {
            final boolean known = channel.group(1).startsWith("ticker.");
            connection.send("{\"id\":" + id.group(1) + (known ? ",\"result\":\"" + op.group(1) + "d\"}" :
                ",\"error\":{\"code\":404,\"message\":\"unknown channel\"}}"));
        }
    }

    @Override
    public void onOpen(final WebSocket connection, final ClientHandshake handshake)
    {
    }

    @Override
    public void onClose(final WebSocket connection, final int code, final String reason, final boolean remote)
    {
    }

    @Override
    public void onError(final WebSocket connection, final Exception ex)
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
