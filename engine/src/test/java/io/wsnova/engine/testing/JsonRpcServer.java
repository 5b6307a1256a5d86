package io.wsnova.engine.testing;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small JSON-RPC 2.0 server on 127.0.0.1 for client API tests: answers each request with what
 * {@code answer(method, id)} returns (null = no answer), and can push notifications to every client.
 */
public final class JsonRpcServer extends WebSocketServer implements AutoCloseable
{
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");

    private final CountDownLatch started = new CountDownLatch(1);
    private final BiFunction<String, Long, String> answer;

    private JsonRpcServer(final BiFunction<String, Long, String> answer)
    {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        setReuseAddr(true);
        setTcpNoDelay(true);
        this.answer = answer;
    }

    /**
     * Starts a server.
     *
     * @param answer maps (method, id) to the full response JSON, or null for no answer.
     * @return the started server.
     */
    public static JsonRpcServer start(final BiFunction<String, Long, String> answer) throws InterruptedException
    {
        final JsonRpcServer server = new JsonRpcServer(answer);
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("server did not start");
        }
        return server;
    }

    public static String result(final long id, final String resultJson)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + resultJson + "}";
    }

    public static String error(final long id, final int code, final String message)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":" + code + ",\"message\":\"" + message +
            "\"}}";
    }

    public String url()
    {
        return "ws://127.0.0.1:" + getPort() + "/";
    }

    public void push(final String json)
    {
        broadcast(json);
    }

    @Override
    public void onMessage(final WebSocket conn, final String message)
    {
        final Matcher id = ID.matcher(message);
        final Matcher method = METHOD.matcher(message);
        if (id.find() && method.find())
        {
            final String reply = answer.apply(method.group(1), Long.parseLong(id.group(1)));
            if (reply != null)
            {
                conn.send(reply);
            }
        }
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
