package io.wsnova.engine.client;

import io.wsnova.engine.CloseStatus;
import io.wsnova.engine.Connection;
import io.wsnova.engine.WebSocket;
import io.wsnova.engine.WebSocketHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.ErrorHandler;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.JsonPayload;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import org.agrona.DirectBuffer;

/**
 * The message path of one connection: receives every message from the WebSocket (on the reader thread, or the
 * handler thread of a queued pipeline), runs the message behaviour, matches responses to requests, and is the
 * reusable {@link MessageContext} handlers act through. Allocation-free for data messages: one flyweight, one
 * context, counters with a single writer.
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
    private final InboundMessage message = new InboundMessage();
    private long malformedMessages;
    private long ignoredMessages;

    MessagePath(final ClientConnection connection)
    {
        this.connection = connection;
        this.connectionId = connection.id();
        this.connectionHandler = connection.connectionHandler;
        this.messageHandler = connection.messageHandler;
        this.errorHandler = connection.errorHandler;
        this.metrics = connection.metrics;
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        connection.onWebSocketOpen(webSocket);
    }

    @Override
    public void onMessage(
        final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        // The reader stamped the read that brought these bytes; reading it costs a load, not a clock call.
        final InboundMessage message = this.message.wrap(type, buffer, offset, length, webSocket.lastReadNs());
        final MessageHandler messageHandler = this.messageHandler;
        connectionHandler.onFrame(message);
        metrics.onMessageReceived(connectionId, length);

        if (!messageHandler.decode(message) || !messageHandler.validate(message))
        {
            malformedMessages++;
            metrics.onError(connectionId, ErrorHandler.Category.PROTOCOL);
            errorHandler.onError(ErrorHandler.Category.PROTOCOL, MALFORMED, null);
            return;
        }

        switch (messageHandler.classify(message))
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
    }

    @Override
    public void onPong(final WebSocket webSocket, final long roundTripNs)
    {
        connection.onPong(roundTripNs);
    }

    @Override
    public void onClose(final WebSocket webSocket, final CloseStatus status)
    {
        connection.onWebSocketClosed(webSocket, status);
    }

    long malformedMessages()
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
    public void close(final int code, final String reason)
    {
        connection.close(code, reason);
    }
}
