package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.ErrorHandler;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.telemetry.ConnectionTelemetry;
import io.wsnova.engine.telemetry.StageRecorder;
import org.agrona.DirectBuffer;

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

    private final ClientConnection connection;
    private final long connectionId;
    private final ConnectionHandler connectionHandler;
    private final MessageHandler messageHandler;
    private final ErrorHandler errorHandler;
    private final MetricsCollector metrics;
    private final ConnectionTelemetry telemetry;
    private final StageRecorder stages;
    private final AppHeartbeatRunner appHeartbeat;
    private final InboundMessage message = new InboundMessage();
    private final EventCounter malformedMessages = new EventCounter();
    private long ignoredMessages;

    MessagePath(final ClientConnection connection)
    {
        this.connection = connection;
        this.connectionId = connection.id();
        this.connectionHandler = connection.connectionHandler;
        this.messageHandler = connection.messageHandler;
        this.errorHandler = connection.errorHandler;
        this.metrics = connection.metrics;
        this.telemetry = connection.metrics instanceof ConnectionTelemetry connectionTelemetry ?
            connectionTelemetry : null;
        this.stages = telemetry == null ? null : telemetry.stages();
        this.appHeartbeat = connection.appHeartbeat;
        if (telemetry != null)
        {
            connection.addListener(new SubscriptionTelemetry(connectionId, telemetry));
            connection.closeFuture().whenComplete((status, error) -> telemetry.close());
        }
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        if (telemetry != null)
        {
            telemetry.onWebSocketOpen(webSocket);
        }
        connection.onWebSocketOpen(webSocket);
    }

    @Override
    public void onMessage(
        final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!connection.delivers(webSocket))
        {
            // The connection ended, or this socket opened after close() and is closing: nothing reaches handlers.
            return;
        }
        // The reader stamped the read that brought these bytes; reading it costs a load, not a clock call.
        final long readNs = webSocket.messageReadNs();
        final InboundMessage message = this.message.wrap(type, buffer, offset, length, readNs);
        final MessageHandler messageHandler = this.messageHandler;
        final StageRecorder stages = this.stages;
        final boolean timed = stages != null && stages.sample();
        final long frameNs = timed ? System.nanoTime() : 0L;
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
            metrics.onError(connectionId, ErrorHandler.Category.PROTOCOL);
            errorHandler.onError(ErrorHandler.Category.PROTOCOL, MALFORMED, null);
            return;
        }

        final int kind = messageHandler.classify(message);
        final long decodedNs = timed ? System.nanoTime() : 0L;
        if (timed)
        {
            stages.onDecoded(decodedNs);
        }
        switch (kind)
        {
            case MessageHandler.KIND_RESPONSE:
                connection.onResponse(messageHandler.responseId(message), message);
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
            stages.record(readNs, frameNs, decodedNs, System.nanoTime());
        }
    }
    @Override
    public void onPong(final WebSocket webSocket, final long pingId, final long roundTripNs)
    {
        connection.onPong(pingId, roundTripNs);
    }

    @Override
    public void onClose(final WebSocket webSocket, final CloseStatus status)
    {
        connection.onWebSocketClosed(webSocket, status);
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
        return connection;
    }

    @Override
    public int reply(final CharSequence text)
    {
        return connection.sendText(text);
    }

    @Override
    public int reply(final DirectBuffer buffer, final int offset, final int length)
    {
        final WebSocket webSocket = connection.webSocket();
        return webSocket == null ? WebSocket.NOT_CONNECTED : webSocket.sendText(buffer, offset, length);
    }

    @Override
    public int replyJson(final JsonPayload payload)
    {
        return connection.sendJson(payload);
    }

    @Override
    public long request(final String method, final JsonPayload params)
    {
        return connection.sendFireAndForget(method, params);
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
        connection.close(code, reason);
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
