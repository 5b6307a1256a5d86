package io.wsnova.mock.deribit;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import io.wsnova.testkit.Await;

import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A plain Java-WebSocket test client (not the wsnova engine): records every frame, routes responses by id and
 * queues notifications; optionally answers heartbeat test_requests.
 */
final class MockClient extends WebSocketClient
{
    static final long TIMEOUT_MS = 5_000;

    final List<String> frames = new CopyOnWriteArrayList<>();
    final List<String> unparseable = new CopyOnWriteArrayList<>();
    final List<Map<?, ?>> unknownMethods = new CopyOnWriteArrayList<>();
    final AtomicInteger testRequests = new AtomicInteger();
    volatile boolean answerHeartbeats;
    volatile int closeCode = Integer.MIN_VALUE;
    volatile String closeReason;
    volatile boolean closedRemotely;

    private final BlockingQueue<Map<?, ?>> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Map<?, ?>> notifications = new LinkedBlockingQueue<>();
    private final Map<String, Map<?, ?>> stashedResponseById = new HashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger nextId = new AtomicInteger(1);

    private MockClient(final URI uri)
    {
        super(uri);
        setConnectionLostTimeout(0);
    }

    static MockClient open(final URI uri) throws InterruptedException
    {
        final MockClient client = new MockClient(uri);
        if (!client.connectBlocking(TIMEOUT_MS, TimeUnit.MILLISECONDS))
        {
            throw new AssertionError("could not connect to " + uri + ": " + client.closeReason);
        }
        return client;
    }

    /**
     * Connects and waits until the exchange has registered the connection (its onOpen runs on a server worker
     * after the handshake response is written, so it can trail the client's open).
     */
    static MockClient open(final MockDeribitExchange exchange) throws InterruptedException
    {
        final long accepted = exchange.stats().connectionsAccepted();
        final MockClient client = open(exchange.uri());
        Await.until(() -> exchange.stats().connectionsAccepted() > accepted, MockTestSupport.WAIT_MS,
            "the exchange registered the connection");
        return client;
    }

    /**
     * Sends a request with the next numeric id and waits for its response.
     */
    Map<?, ?> call(final String method, final String paramsJson) throws InterruptedException
    {
        return awaitResponse(send(method, paramsJson));
    }

    /**
     * Sends a request with the next numeric id.
     *
     * @return the id as text.
     */
    String send(final String method, final String paramsJson)
    {
        final int id = nextId.getAndIncrement();
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
        return Integer.toString(id);
    }

    Map<?, ?> awaitResponse(final String id) throws InterruptedException
    {
        final Map<?, ?> stashed = stashedResponseById.remove(id);
        if (stashed != null)
        {
            return stashed;
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true)
        {
            final long leftNs = Math.max(0, deadlineNs - System.nanoTime());
            final Map<?, ?> response = responses.poll(leftNs, TimeUnit.NANOSECONDS);
            if (response == null)
            {
                throw new AssertionError("no response to id " + id + " within " + TIMEOUT_MS + " ms");
            }
            final String responseId = idText(response.get("id"));
            if (id.equals(responseId))
            {
                return response;
            }
            stashedResponseById.put(responseId, response);
        }
    }

    /**
     * The next response of any id (e.g. with a null id), or null after the timeout.
     */
    Map<?, ?> nextResponse(final long timeoutMs) throws InterruptedException
    {
        return responses.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    Map<?, ?> nextNotification(final Predicate<Map<?, ?>> filter) throws InterruptedException
    {
        final Map<?, ?> notification = nextNotification(filter, TIMEOUT_MS);
        if (notification == null)
        {
            throw new AssertionError("no matching notification within " + TIMEOUT_MS + " ms");
        }
        return notification;
    }

    Map<?, ?> nextNotification(final Predicate<Map<?, ?>> filter, final long timeoutMs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final long leftNs = deadlineNs - System.nanoTime();
            final Map<?, ?> notification = notifications.poll(Math.max(0, leftNs), TimeUnit.NANOSECONDS);
            if (notification == null || filter.test(notification))
            {
                return notification;
            }
        }
    }

    /**
     * The next subscription notification on a channel; returns its {@code params.data}.
     */
    Object nextData(final String channel) throws InterruptedException
    {
        return MockTestSupport.path(nextNotification(n -> channel.equals(MockTestSupport.path(n, "params", "channel"))),
            "params", "data");
    }

    void drainNotifications()
    {
        notifications.clear();
    }

    boolean awaitClosed(final long timeoutMs) throws InterruptedException
    {
        return closed.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    static String idText(final Object id)
    {
        if (id instanceof BigDecimal number)
        {
            return number.toPlainString();
        }
        return id == MockJson.NULL || id == null ? "null" : id.toString();
    }

    @Override
    public void onOpen(final ServerHandshake handshake)
    {
    }

    @Override
    public void onMessage(final String message)
    {
        frames.add(message);
        final Object parsed = MockJson.parse(message);
        if (!(parsed instanceof Map<?, ?> map))
        {
            unparseable.add(message);
            return;
        }
        if (map.containsKey("id"))
        {
            responses.add(map);
            return;
        }
        final Object method = map.get("method");
        if ("heartbeat".equals(method))
        {
            if ("test_request".equals(MockTestSupport.path(map, "params", "type")))
            {
                testRequests.incrementAndGet();
                if (answerHeartbeats)
                {
                    send("{\"jsonrpc\":\"2.0\",\"id\":\"hb-" + nextId.getAndIncrement() +
                        "\",\"method\":\"public/test\",\"params\":{}}");
                }
            }
            notifications.add(map);
            return;
        }
        if (!"subscription".equals(method))
        {
            unknownMethods.add(map);
        }
        notifications.add(map);
    }

    @Override
    public void onClose(final int code, final String reason, final boolean remote)
    {
        closeCode = code;
        closeReason = reason;
        closedRemotely = remote;
        closed.countDown();
    }

    @Override
    public void onError(final Exception ex)
    {
    }

    /**
     * Closes with a close frame and waits (bounded) for the close handshake.
     */
    void closeQuietly()
    {
        close();
        try
        {
            if (!awaitClosed(TIMEOUT_MS))
            {
                throw new AssertionError("close handshake did not complete within " + TIMEOUT_MS + " ms");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
