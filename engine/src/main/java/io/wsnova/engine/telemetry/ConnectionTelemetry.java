package io.wsnova.engine.telemetry;

import io.wsnova.engine.api.ConnectionCounters;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.Operation;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Arrays;

/**
 * The telemetry of one connection: its {@link Counter}s, its {@link StageRecorder} (when stage timing is on) and
 * the latency summaries the reporter publishes. It is also the connection's {@link MetricsCollector}: every event
 * is counted here, then passed on to the collector the adapter or the options chose.
 * <p>
 * Threads: the event methods run where the events happen (see {@link MetricsCollector}); counters with one writer
 * use ordered stores, counters with several (sends, errors, rate-limit events) atomic adds. The transport's
 * counters are copied in by the reporter under {@link Telemetry}'s lock. Queries may come from any thread.
 */
public final class ConnectionTelemetry implements MetricsCollector
{
    private static final MetricsCollector NONE = new MetricsCollector()
    {
    };
    private static final Counter[] TRANSPORT = {Counter.SOCKET_BYTES_RECEIVED, Counter.FRAMES_RECEIVED,
        Counter.PINGS_RECEIVED, Counter.PONGS_RECEIVED, Counter.DROPPED_MESSAGES};
    private static final LatencyStats[] NO_STATS = emptyStats();

    private final Telemetry telemetry;
    private final long connectionId;
    private final MetricsCollector delegate;
    private final CounterStore store;
    private final AtomicCounter[] counters;
    private final AtomicCounter messagesReceived;
    private final AtomicCounter bytesReceived;
    private final AtomicCounter messagesSent;
    private final AtomicCounter bytesSent;
    private final AtomicCounter errors;
    private final AtomicCounter sequenceGaps;
    private final StageRecorder stages;

    private volatile WebSocket webSocket;
    private volatile boolean closed;
    /** Reporter state, under the telemetry lock. */
    private WebSocket copiedWebSocket;
    private final long[] copiedTransport = new long[TRANSPORT.length];
    private AbstractHistogram[] cumulative;
    private volatile LatencyStats[] intervalStats = NO_STATS;
    private volatile LatencyStats[] cumulativeStats = NO_STATS;

    ConnectionTelemetry(
        final Telemetry telemetry,
        final long connectionId,
        final MetricsCollector delegate,
        final CounterStore store,
        final AtomicCounter[] counters,
        final int stageSampleInterval)
    {
        this.telemetry = telemetry;
        this.connectionId = connectionId;
        this.delegate = delegate != null ? delegate : NONE;
        this.store = store;
        this.counters = counters;
        this.messagesReceived = counters[Counter.MESSAGES_RECEIVED.ordinal()];
        this.bytesReceived = counters[Counter.BYTES_RECEIVED.ordinal()];
        this.messagesSent = counters[Counter.MESSAGES_SENT.ordinal()];
        this.bytesSent = counters[Counter.BYTES_SENT.ordinal()];
        this.errors = counters[Counter.ERRORS.ordinal()];
        this.sequenceGaps = counters[Counter.SEQUENCE_GAPS.ordinal()];
        this.stages = stageSampleInterval > 0 ?
            new StageRecorder(stageSampleInterval, counters[Counter.LATENCY_CLAMPED.ordinal()],
                telemetry.wallClock()) : null;
    }

    private static LatencyStats[] emptyStats()
    {
        final LatencyStats[] stats = new LatencyStats[Stage.values().length];
        Arrays.fill(stats, LatencyStats.EMPTY);
        return stats;
    }

    /**
     * The connection.
     *
     * @return its id.
     */
    public long connectionId()
    {
        return connectionId;
    }

    /**
     * The collector events are passed on to.
     *
     * @return the adapter's or the options' collector.
     */
    public MetricsCollector delegate()
    {
        return delegate;
    }

    /**
     * The stage recorder. Engine-internal: for the message path.
     *
     * @return the recorder, or null when stage timing is off.
     */
    public StageRecorder stages()
    {
        return stages;
    }

    /**
     * A counter's current value (the transport's counters as of the reporter's last tick).
     *
     * @param counter the counter.
     * @return the value.
     */
    public long counter(final Counter counter)
    {
        return counters[counter.ordinal()].get();
    }

    /**
     * A stage's latency, as of the reporter's last interval.
     *
     * @param stage  the stage.
     * @param window the last interval, or since the connection started.
     * @return the summary; {@link LatencyStats#EMPTY} when stage timing is off or nothing was recorded.
     */
    public LatencyStats latency(final Stage stage, final Window window)
    {
        return (window == Window.INTERVAL ? intervalStats : cumulativeStats)[stage.ordinal()];
    }

    /**
     * Whether the connection has ended and left the telemetry.
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * A new WebSocket of the connection opened: its transport counters are copied from now on. Engine-internal:
     * the connecting thread, before the WebSocket's reader starts.
     *
     * @param webSocket the WebSocket.
     */
    public void onWebSocketOpen(final WebSocket webSocket)
    {
        telemetry.onWebSocketOpen(this, webSocket);
    }

    /**
     * The connection ended: its counters go into the totals and are freed. Engine-internal. Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            telemetry.retire(this);
        }
    }

    /**
     * The adapter reported a gap in the venue's sequence numbers. Message thread.
     */
    public void recordSequenceGap()
    {
        sequenceGaps.incrementRelease();
    }

    @Override
    public void onConnectionEvent(final long connectionId, final ConnectionEvent event, final long value)
    {
        delegate.onConnectionEvent(connectionId, event, value);
    }

    @Override
    public void onConnectionOpened(final long connectionId, final long connectDurationNs)
    {
        delegate.onConnectionOpened(connectionId, connectDurationNs);
    }

    @Override
    public void onConnectionClosed(final long connectionId, final DisconnectReason reason, final int closeCode)
    {
        delegate.onConnectionClosed(connectionId, reason, closeCode);
    }

    @Override
    public void onReconnected(final long connectionId, final int attempt, final long downtimeNs)
    {
        counters[Counter.RECONNECTS.ordinal()].increment();
        delegate.onReconnected(connectionId, attempt, downtimeNs);
    }

    @Override
    public void onAuthenticated(final long connectionId, final long roundTripNs)
    {
        delegate.onAuthenticated(connectionId, roundTripNs);
    }

    @Override
    public void onMessageReceived(final long connectionId, final int length)
    {
        messagesReceived.incrementRelease();
        bytesReceived.getAndAddRelease(length);
        delegate.onMessageReceived(connectionId, length);
    }

    @Override
    public void onMessageSent(final long connectionId, final int length)
    {
        messagesSent.increment();
        bytesSent.getAndAdd(length);
        delegate.onMessageSent(connectionId, length);
    }

    @Override
    public void onSubscriptionEvent(final long connectionId, final SubscriptionEvent event, final String channel)
    {
        counters[(event == SubscriptionEvent.RESTORED ? Counter.SUBSCRIPTIONS_RESTORED :
            Counter.SUBSCRIPTIONS_FAILED).ordinal()].increment();
        delegate.onSubscriptionEvent(connectionId, event, channel);
    }

    @Override
    public void onRateLimitEvent(final long connectionId, final RateLimitEvent event, final Operation operation)
    {
        final Counter counter = switch (event)
        {
            case QUEUED -> Counter.RATE_LIMIT_QUEUED;
            case WAITED -> Counter.RATE_LIMIT_WAITS;
            case REJECTED -> Counter.RATE_LIMIT_REJECTED;
        };
        counters[counter.ordinal()].increment();
        delegate.onRateLimitEvent(connectionId, event, operation);
    }

    @Override
    public void onError(final long connectionId, final FailurePolicy.Category category)
    {
        errors.increment();
        delegate.onError(connectionId, category);
    }

    // ---- reporter side: called under the telemetry lock ----

    AtomicCounter[] counters()
    {
        return counters;
    }

    CounterStore store()
    {
        return store;
    }

    void webSocket(final WebSocket webSocket)
    {
        copyTransportCounters();
        this.webSocket = webSocket;
    }

    /**
     * Adds what the transport counted since the last copy. A WebSocket that was replaced contributes its final
     * values first (it has ended, so they no longer change).
     */
    void copyTransportCounters()
    {
        final WebSocket current = webSocket;
        if (current != copiedWebSocket)
        {
            if (copiedWebSocket != null)
            {
                addTransportDeltas(copiedWebSocket.counters());
            }
            copiedWebSocket = current;
            Arrays.fill(copiedTransport, 0L);
        }
        if (current != null)
        {
            addTransportDeltas(current.counters());
        }
    }

    private void addTransportDeltas(final ConnectionCounters transport)
    {
        for (int i = 0; i < TRANSPORT.length; i++)
        {
            final long value = switch (TRANSPORT[i])
            {
                case SOCKET_BYTES_RECEIVED -> transport.bytesReceived();
                case FRAMES_RECEIVED -> transport.framesReceived();
                case PINGS_RECEIVED -> transport.pingsReceived();
                case PONGS_RECEIVED -> transport.pongsReceived();
                default -> transport.droppedMessages();
            };
            final long delta = value - copiedTransport[i];
            if (delta != 0)
            {
                copiedTransport[i] = value;
                final AtomicCounter counter = counters[TRANSPORT[i].ordinal()];
                counter.setRelease(counter.get() + delta);
            }
        }
    }

    /**
     * Ends an interval: swaps the recorder, adds the interval into this connection's cumulative histograms and
     * into {@code totals}, and publishes the summaries.
     */
    void onInterval(final Histogram[] totals)
    {
        if (stages == null)
        {
            return;
        }
        final Histogram[] interval = stages.swap();
        if (cumulative == null)
        {
            cumulative = new AbstractHistogram[interval.length];
            for (int i = 0; i < cumulative.length; i++)
            {
                cumulative[i] = new PackedHistogram(1, StageRecorder.HIGHEST_TRACKABLE_NS,
                    StageRecorder.SIGNIFICANT_DIGITS);
            }
        }
        final LatencyStats[] intervalStats = new LatencyStats[interval.length];
        final LatencyStats[] cumulativeStats = new LatencyStats[interval.length];
        for (int i = 0; i < interval.length; i++)
        {
            if (interval[i].getTotalCount() > 0)
            {
                cumulative[i].add(interval[i]);
                totals[i].add(interval[i]);
            }
            intervalStats[i] = LatencyStats.of(interval[i]);
            cumulativeStats[i] = LatencyStats.of(cumulative[i]);
        }
        this.intervalStats = intervalStats;
        this.cumulativeStats = cumulativeStats;
    }
}
