package io.wsnova.engine.client;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON-RPC test server on 127.0.0.1 that records every request with the index of the connection it came on
 * (1 for the first accepted connection), and answers through a replaceable function. Test-only: allocates freely.
 */
final class RpcServer extends WebSocketServer implements AutoCloseable
{
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * One received request.
     *
     * @param connection index of the connection, from 1.
     * @param method     the method, or null.
     * @param id         the id, or -1.
     * @param text       the whole message.
     * @param socket     the server side of the connection, to answer later.
     */
    record Request(int connection, String method, long id, String text, WebSocket socket)
    {
    }

    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicInteger opened = new AtomicInteger();
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final List<Request> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Function<Request, String> answer;

    private RpcServer(final Function<Request, String> answer)
    {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        setReuseAddr(true);
        setTcpNoDelay(true);
        this.answer = answer;
    }

    static RpcServer start(final Function<Request, String> answer) throws InterruptedException
    {
        final RpcServer server = new RpcServer(answer);
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("server did not start");
        }
        return server;
    }

    static String result(final long id, final String resultJson)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + resultJson + "}";
    }

    static String error(final long id, final int code, final String message)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":" + code + ",\"message\":\"" + message +
            "\"}}";
    }

    /**
     * Answers subscribe and unsubscribe with the channel list, auth with a token, everything else with
     * {@code {"id":ID,"method":"METHOD"}}.
     */
    static String standard(final Request request)
    {
        if (request.method() == null)
        {
            return null;
        }
        return switch (request.method())
        {
            case "subscribe", "unsubscribe" -> result(request.id(), channels(request.text()));
            case "auth" -> result(request.id(), "{\"access_token\":\"t\",\"expires_in\":900}");
            default -> result(request.id(), "{\"id\":" + request.id() + ",\"method\":\"" + request.method() + "\"}");
        };
    }

    static String channels(final String text)
    {
        final Matcher matcher = Pattern.compile("\"channels\"\\s*:\\s*(\\[[^\\]]*\\])").matcher(text);
        return matcher.find() ? matcher.group(1) : "[]";
    }

    void answer(final Function<Request, String> answer)
    {
        this.answer = answer;
    }

    String url()
    {
        return "ws://127.0.0.1:" + getPort() + "/";
    }

    int opened()
    {
        return opened.get();
    }

    void push(final String json)
    {
        broadcast(json);
    }

    /**
     * Closes every open connection with a close frame. A client sees its connection open before this server has
     * registered it, so wait (bounded) until there is at least one to close.
     */
    void closeAll(final int code, final String reason)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (getConnections().isEmpty() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
        }
        for (final WebSocket socket : getConnections())
        {
            socket.close(code, reason);
        }
    }

    /**
     * The next request (any connection), or an AssertionError after the timeout.
     */
    Request next(final long timeoutMs) throws InterruptedException
    {
        final Request request = received.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (request == null)
        {
            throw new AssertionError("no request within " + timeoutMs + " ms");
        }
        return request;
    }

    /**
     * The next request with this method, skipping others (they stay in {@link #all()}).
     */
    Request next(final String method, final long timeoutMs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final long leftNs = deadlineNs - System.nanoTime();
            final Request request = received.poll(Math.max(0, leftNs), TimeUnit.NANOSECONDS);
            if (request == null)
            {
                throw new AssertionError("no " + method + " request within " + timeoutMs + " ms; got " + all);
            }
            if (method.equals(request.method()))
            {
                return request;
            }
        }
    }

    List<Request> all()
    {
        return new ArrayList<>(all);
    }

    List<Request> all(final String method)
    {
        final List<Request> matching = new ArrayList<>();
        for (final Request request : all)
        {
            if (method.equals(request.method()))
            {
                matching.add(request);
            }
        }
        return matching;
    }

    @Override
    public void onOpen(final WebSocket conn, final ClientHandshake handshake)
    {
        conn.setAttachment(opened.incrementAndGet());
    }

    @Override
    public void onMessage(final WebSocket conn, final String message)
    {
        final Matcher id = ID.matcher(message);
        final Matcher method = METHOD.matcher(message);
        final Integer index = conn.getAttachment();
        final Request request = new Request(index == null ? 0 : index, method.find() ? method.group(1) : null,
            id.find() ? Long.parseLong(id.group(1)) : -1, message, conn);
        all.add(request);
        received.add(request);
        final String reply = answer.apply(request);
        if (reply != null)
        {
            conn.send(reply);
        }
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
