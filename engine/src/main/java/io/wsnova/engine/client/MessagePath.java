package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.telemetry.ConnectionTelemetry;
import io.wsnova.engine.telemetry.StageRecorder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

/**
 * The message path of one connection: receives every message from the WebSocket (on the reader thread, or the
 * handler thread of a queued pipeline), runs the message behaviour, matches responses to requests, and is the
 * reusable {@link MessageContext} handlers act through. Allocation-free for data messages: one flyweight, one
 * context, counters with a single writer, and stage latencies recorded into fixed-range histograms for the
 * sampled messages (three clock reads each: message taken, decoded, handled; the read stamp comes from the
 * reader).
 */
final class MessagePath implements WebSocketHandler, MessageContext
{
    private static final String MALFORMED = "malformed message dropped";

    /**
     * What the message path tells its connection's lifecycle (the {@link ReconnectController}).
     */
    interface Lifecycle
    {
        /**
         * A WebSocket opened (connect thread).
         */
        void onOpen(WebSocket webSocket);

        /**
         * A WebSocket ended (its reader thread).
         */
        void onClosed(WebSocket webSocket, CloseStatus status);

        /**
         * A handler closes the connection.
         */
        void close(int code, String reason);
    }

    private final Connection handle;
    private final long connectionId;
    private final ConnectionState state;
    private final RequestPipeline pipeline;
    private final PingTracker pings;
    private final Lifecycle lifecycle;
    private final ConnectionHandler connectionHandler;
    private final MessageHandler messageHandler;
    private final FailurePolicy failurePolicy;
    private final MetricsCollector metrics;
    private final ConnectionTelemetry telemetry;
    private final StageRecorder stages;
    private final AppHeartbeatRunner appHeartbeat;
    private final NanoClock clock;
    private final InboundMessage message = new InboundMessage();
    private final EventCounter malformedMessages = new EventCounter();
    private long ignoredMessages;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param handle       the connection, handed to handlers through {@link #connection()}.
     * @param connectionId the connection id.
     * @param behaviours   the resolved behaviours (the metrics collector wrapped in the connection's telemetry).
     * @param clock        stamps the stages of sampled messages.
     * @param state        the current socket and whether messages are still delivered.
     * @param pipeline     responses, replies and fire-and-forget requests.
     * @param pings        pongs.
     * @param listeners    where the subscription telemetry listens.
     * @param lifecycle    opens, closes and handler-requested closes.
     * @param appHeartbeat the application heartbeat whose answers are consumed here, or null.
     */
    MessagePath(
        final Connection handle,
        final long connectionId,
        final Behaviours behaviours,
        final NanoClock clock,
        final ConnectionState state,
        final RequestPipeline pipeline,
        final PingTracker pings,
        final Listeners listeners,
        final Lifecycle lifecycle,
        final AppHeartbeatRunner appHeartbeat)
    {
        this.handle = handle;
        this.connectionId = connectionId;
        this.clock = clock;
        this.state = state;
        this.pipeline = pipeline;
        this.pings = pings;
        this.lifecycle = lifecycle;
        this.connectionHandler = behaviours.connectionHandler();
        this.messageHandler = behaviours.messageHandler();
        this.failurePolicy = behaviours.failurePolicy();
        this.metrics = behaviours.metricsCollector();
        this.telemetry = metrics instanceof ConnectionTelemetry connectionTelemetry ? connectionTelemetry : null;
        this.stages = telemetry == null ? null : telemetry.stages();
        this.appHeartbeat = appHeartbeat;
        if (telemetry != null)
        {
            listeners.add(new SubscriptionTelemetry(connectionId, telemetry));
        }
    }

    /**
     * The connection's telemetry, or null when the collector is not wrapped.
     *
     * @return the telemetry.
     */
    ConnectionTelemetry telemetry()
    {
        return telemetry;
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        if (telemetry != null)
        {
            telemetry.onWebSocketOpen(webSocket);
        }
        lifecycle.onOpen(webSocket);
        if (appHeartbeat != null && state.webSocket() == webSocket)
        {
            appHeartbeat.start(webSocket); // only a socket the connection adopted (not one refused after close)
        }
    }

    @Override
    public void onMessage(
        final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!state.delivers(webSocket))
        {
            // The connection ended, or this socket opened after close() and is closing: nothing reaches handlers.
            return;
        }
        // The reader stamped the read that brought these bytes; reading it costs a load, not a clock call.
        final long readNs = webSocket.messageReadNs();
        final InboundMessage message = this.message.wrap(type, buffer, offset, length, readNs);
        final MessageHandler messageHandler = this.messageHandler;
        final StageRecorder stages = this.stages;
        final NanoClock clock = this.clock;
        final boolean timed = stages != null && stages.sample();
        final long frameNs = timed ? clock.nanoTime() : 0L;
        connectionHandler.onFrame(message);
        metrics.onMessageReceived(connectionId, length);
        final AppHeartbeatRunner appHeartbeat = this.appHeartbeat;
        if (appHeartbeat != null && appHeartbeat.onInbound(message))
        {
            return; // an application heartbeat's answer: consumed and counted by the heartbeat
        }

        if (!messageHandler.decode(message) || !messageHandler.validate(message))
        {
            malformedMessages.incrementOrdered();
            metrics.onError(connectionId, FailurePolicy.Category.PROTOCOL);
            failurePolicy.onError(FailurePolicy.Category.PROTOCOL, MALFORMED, null);
            return;
        }

        final int kind = messageHandler.classify(message);
        final long decodedNs = timed ? clock.nanoTime() : 0L;
        if (timed)
        {
            stages.onDecoded(decodedNs);
        }
        switch (kind)
        {
            case MessageHandler.KIND_RESPONSE:
                pipeline.onResponse(messageHandler.responseId(message), message);
                break;

            case MessageHandler.KIND_IGNORE:
                ignoredMessages++;
                break;

            default:
                messageHandler.handle(message, this);
                break;
        }
        if (timed)
        {
            stages.record(readNs, frameNs, decodedNs, clock.nanoTime());
        }
    }

    @Override
    public void onPong(final WebSocket webSocket, final long pingId, final long roundTripNs)
    {
        pings.onPong(pingId, roundTripNs);
    }

    @Override
    public void onClose(final WebSocket webSocket, final CloseStatus status)
    {
        if (appHeartbeat != null)
        {
            appHeartbeat.stop(webSocket);
        }
        lifecycle.onClosed(webSocket, status);
    }

    EventCounter malformedMessages()
    {
        return malformedMessages;
    }

    long ignoredMessages()
    {
        return ignoredMessages;
    }

    @Override
    public Connection connection()
    {
        return handle;
    }

    @Override
    public int reply(final CharSequence text)
    {
        return pipeline.sendText(text);
    }

    @Override
    public int reply(final DirectBuffer buffer, final int offset, final int length)
    {
        final WebSocket webSocket = state.webSocket();
        return webSocket == null ? WebSocket.NOT_CONNECTED : webSocket.sendText(buffer, offset, length);
    }

    @Override
    public int replyJson(final JsonPayload payload)
    {
        return pipeline.sendJson(payload);
    }

    @Override
    public long request(final String method, final JsonPayload params)
    {
        return pipeline.sendFireAndForget(method, params);
    }

    @Override
    public void recordVenueTimestampMs(final long epochMs)
    {
        final StageRecorder stages = this.stages;
        if (stages != null)
        {
            stages.recordVenueTimestampMs(epochMs);
        }
    }

    @Override
    public void recordVenueTimestampUs(final long epochUs)
    {
        final StageRecorder stages = this.stages;
        if (stages != null)
        {
            stages.recordVenueTimestampUs(epochUs);
        }
    }

    @Override
    public void recordSequenceGap()
    {
        if (telemetry != null)
        {
            telemetry.recordSequenceGap();
        }
    }

    @Override
    public void close(final int code, final String reason)
    {
        lifecycle.close(code, reason);
    }

    /**
     * Turns subscription lifecycle events into telemetry events: a confirmation between a drop and the end of the
     * restore is a restore. Event thread only.
     */
    private static final class SubscriptionTelemetry implements ConnectionListener
    {
        private final long connectionId;
        private final MetricsCollector metrics;
        private boolean restoring;

        SubscriptionTelemetry(final long connectionId, final MetricsCollector metrics)
        {
            this.connectionId = connectionId;
            this.metrics = metrics;
        }

        @Override
        public void onDisconnected(final Connection connection, final CloseStatus status)
        {
            restoring = true;
        }

        @Override
        public void onReconnected(final Connection connection)
        {
            restoring = false;
        }

        @Override
        public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
        {
            if (restoring)
            {
                metrics.onSubscriptionEvent(connectionId, MetricsCollector.SubscriptionEvent.RESTORED,
                    subscription.channel());
            }
        }

        @Override
        public void onSubscriptionFailed(final Connection connection, final Subscription subscription)
        {
            metrics.onSubscriptionEvent(connectionId, MetricsCollector.SubscriptionEvent.FAILED,
                subscription.channel());
        }
    }
}
