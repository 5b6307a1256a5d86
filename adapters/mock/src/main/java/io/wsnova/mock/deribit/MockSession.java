package io.wsnova.mock.deribit;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mock's state of one WebSocket connection.
 * <p>
 * Thread use: requests of one connection are handled on the Java-WebSocket worker thread the library pins the
 * connection to, which alone touches the credit bucket ({@link #tryConsume}). The generator thread sends
 * notifications, the timer thread heartbeats, any thread may close; fields they share are volatile or atomic, and
 * Java-WebSocket's {@code send} is thread-safe.
 */
final class MockSession implements MockConnectionStats
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_REFILL_NS = 1_000_000_000_000L;
    private static final long NONE_OUTSTANDING = Long.MIN_VALUE;

    final long connectionId;
    final WebSocket connection;
    final MockHostileConnection hostile;
    final ConcurrentHashMap<String, MockSubscription> subscriptionByChannelMap = new ConcurrentHashMap<>();
    volatile String clientId;
    volatile long authExpiresAtMs;
    int violations;

    private final MockDeribitExchange exchange;
    private final MockDeribitStats stats;
    private final AtomicLong testRequestSentNs = new AtomicLong(NONE_OUTSTANDING);
    private final AtomicLong requestsReceived = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong notificationsSkipped = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong heartbeatsAnswered = new AtomicLong();
    private final AtomicLong tooManyRequests = new AtomicLong();
    private volatile ScheduledFuture<?> heartbeatTask;
    private volatile long heartbeatPeriodNs;
    private volatile boolean open = true;
    private long nanoCredits;
    private long lastRefillNs;

    MockSession(final long connectionId, final WebSocket connection, final MockDeribitExchange exchange,
        final long nowNs)
    {
        this(connectionId, connection, null, exchange, nowNs);
    }

    MockSession(final long connectionId, final WebSocket connection, final MockHostileConnection hostile,
        final MockDeribitExchange exchange, final long nowNs)
    {
        this.connectionId = connectionId;
        this.connection = connection;
        this.hostile = hostile;
        this.exchange = exchange;
        this.stats = exchange.stats();
        this.nanoCredits = exchange.config().maxCredits() * NANOS_PER_SECOND;
        this.lastRefillNs = nowNs;
    }

    /**
     * Takes {@code cost} credits after refilling for the time passed. Request thread only.
     *
     * @return true if the credits were there.
     */
    boolean tryConsume(final long cost, final long nowNs)
    {
        final MockDeribitConfig config = exchange.config();
        final long elapsedNs = Math.min(MAX_REFILL_NS, Math.max(0, nowNs - lastRefillNs));
        lastRefillNs = nowNs;
        final long maxNanoCredits = config.maxCredits() * NANOS_PER_SECOND;
        final long refillPerSecond = config.refillCreditsPerSecond();
        final long room = maxNanoCredits - nanoCredits;
        if (refillPerSecond > 0 && elapsedNs > room / refillPerSecond)
        {
            nanoCredits = maxNanoCredits;
        }
        else
        {
            nanoCredits += elapsedNs * refillPerSecond;
        }
        final long costNanoCredits = cost * NANOS_PER_SECOND;
        if (nanoCredits < costNanoCredits)
        {
            return false;
        }
        nanoCredits -= costNanoCredits;
        return true;
    }

    void onRequest()
    {
        requestsReceived.incrementAndGet();
    }

    void onTooManyRequests()
    {
        tooManyRequests.incrementAndGet();
    }

    /**
     * Sends a response, heartbeat or injected frame, unless the exchange is silent.
     *
     * @return true if handed to the connection.
     */
    boolean send(final String text)
    {
        if (!open || exchange.isSilent())
        {
            return false;
        }
        if (hostile != null)
        {
            if (hostile.send(text))
            {
                messagesSent.incrementAndGet();
                return true;
            }
            return false;
        }
        try
        {
            connection.send(text);
            messagesSent.incrementAndGet();
            return true;
        }
        catch (final WebsocketNotConnectedException ex)
        {
            return false;
        }
    }

    /**
     * Sends a JSON-RPC response unless the exchange is silent; in hostile mode it may be duplicated, and if
     * {@code delayable} ({@code public/test}) sent late.
     *
     * @return true if handed to the connection.
     */
    boolean sendResponse(final String text, final boolean delayable)
    {
        if (hostile == null)
        {
            return send(text);
        }
        if (!open || exchange.isSilent())
        {
            return false;
        }
        if (hostile.sendResponse(text, delayable))
        {
            messagesSent.incrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Sends a notification unless the connection's outgoing queue is above its bound (skipped and counted). The
     * channel's {@code messagesSent} counts it when handed to Java-WebSocket, or in hostile mode once written.
     *
     * @param text      the notification.
     * @param channel   its channel.
     * @param tradeSeqs the trade sequence numbers it carries (trades), else null.
     * @param changeId  its change id (book).
     * @return true if handed to the connection.
     */
    boolean sendNotification(final String text, final MockChannel channel, final long[] tradeSeqs,
        final long changeId)
    {
        if (!open)
        {
            return false;
        }
        if (hostile != null)
        {
            final int queued = hostile.sendNotification(text, channel, tradeSeqs, changeId);
            if (queued == 0)
            {
                notificationsSkipped.incrementAndGet();
                stats.notificationsSkipped.incrementAndGet();
            }
            if (queued == 1)
            {
                messagesSent.incrementAndGet();
            }
            return queued == 1;
        }
        if (connection instanceof WebSocketImpl impl && impl.outQueue.size() >= exchange.config().maxOutboundFrames())
        {
            notificationsSkipped.incrementAndGet();
            stats.notificationsSkipped.incrementAndGet();
            return false;
        }
        try
        {
            connection.send(text);
            messagesSent.incrementAndGet();
            channel.messagesSent.incrementAndGet();
            stats.notificationsSent.incrementAndGet();
            return true;
        }
        catch (final WebsocketNotConnectedException ex)
        {
            return false;
        }
    }

    boolean isAuthorised(final long nowMs)
    {
        return clientId != null && nowMs < authExpiresAtMs;
    }

    void startHeartbeat(final long periodMs)
    {
        stopHeartbeat();
        testRequestSentNs.set(NONE_OUTSTANDING);
        heartbeatPeriodNs = periodMs * 1_000_000L;
        heartbeatTask = exchange.scheduleHeartbeat(this, periodMs);
    }

    void stopHeartbeat()
    {
        final ScheduledFuture<?> task = heartbeatTask;
        heartbeatTask = null;
        if (task != null)
        {
            task.cancel(false);
        }
    }

    /**
     * A heartbeat tick (timer thread, fixed delay of one period): close if a test_request has been unanswered for
     * a whole period, else send one unless one is outstanding. Deadlines are measured from the send, so a late
     * tick never closes a connection early.
     */
    void onHeartbeatTimer(final long nowNs)
    {
        if (!open)
        {
            stopHeartbeat();
            return;
        }
        if (exchange.isSilent())
        {
            testRequestSentNs.set(NONE_OUTSTANDING);
            return;
        }
        final long sentNs = testRequestSentNs.get();
        if (sentNs != NONE_OUTSTANDING)
        {
            if (nowNs - sentNs >= heartbeatPeriodNs)
            {
                stats.heartbeatTimeouts.incrementAndGet();
                stopHeartbeat();
                close(1000, "heartbeat_timeout");
            }
            return;
        }
        testRequestSentNs.set(nowNs);
        if (send(MockNotifications.heartbeat("test_request")))
        {
            heartbeatsSent.incrementAndGet();
            stats.heartbeatsSent.incrementAndGet();
        }
    }

    /**
     * A {@code public/test} arrived: it answers an outstanding test_request, if any.
     */
    void onTest()
    {
        final long sentNs = testRequestSentNs.get();
        if (sentNs != NONE_OUTSTANDING && testRequestSentNs.compareAndSet(sentNs, NONE_OUTSTANDING))
        {
            heartbeatsAnswered.incrementAndGet();
            stats.heartbeatsAnswered.incrementAndGet();
        }
    }

    void close(final int code, final String reason)
    {
        if (hostile != null)
        {
            hostile.close(code, reason);
            return;
        }
        connection.close(code, reason);
    }

    /**
     * Closes the TCP connection without a close frame.
     */
    void drop()
    {
        if (hostile != null)
        {
            hostile.drop();
            return;
        }
        connection.closeConnection(1006, "dropped by the mock");
    }

    /**
     * The connection closed (worker or selector thread): unsubscribe everything, stop heartbeats.
     */
    void onClosed()
    {
        open = false;
        stopHeartbeat();
        unsubscribeAll();
    }

    void unsubscribeAll()
    {
        for (final MockSubscription subscription : subscriptionByChannelMap.values())
        {
            subscription.channel.remove(subscription);
        }
        subscriptionByChannelMap.clear();
    }

    @Override
    public long connectionId()
    {
        return connectionId;
    }

    @Override
    public boolean isOpen()
    {
        return open;
    }

    @Override
    public String clientId()
    {
        return clientId;
    }

    @Override
    public Set<String> subscriptions()
    {
        return Set.copyOf(subscriptionByChannelMap.keySet());
    }

    @Override
    public long requestsReceived()
    {
        return requestsReceived.get();
    }

    @Override
    public long messagesSent()
    {
        return messagesSent.get();
    }

    @Override
    public long notificationsSkipped()
    {
        return notificationsSkipped.get();
    }

    @Override
    public long heartbeatsSent()
    {
        return heartbeatsSent.get();
    }

    @Override
    public long heartbeatsAnswered()
    {
        return heartbeatsAnswered.get();
    }

    @Override
    public long tooManyRequests()
    {
        return tooManyRequests.get();
    }

    @Override
    public String toString()
    {
        return "MockSession{connectionId=" + connectionId + ", open=" + open + ", clientId=" + clientId + '}';
    }
}
