package io.wsnova.engine.jsonrpc;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.RequestIds;

import java.nio.charset.StandardCharsets;

/**
 * The JSON-RPC 2.0 message behaviour that venue adapters reuse: responses matched by {@code id} (the engine
 * generates the ids; a number, or a string that is an id's decimal text, see
 * {@link io.wsnova.engine.behaviour.RequestIds}), {@code subscription} notifications routed by channel prefix to a
 * {@link ChannelHandler}, {@code heartbeat} notifications to {@link #onHeartbeat}, and error objects turned into
 * typed errors by the engine ({@link io.wsnova.engine.api.Response#errorCode()}). Messages on channels nobody
 * registered are delivered raw to {@link #onUnknownChannel}, never dropped silently.
 * <p>
 * One instance per connection, used by the message thread only. Allocation-free after warm-up: names are matched
 * as bytes, the channel is routed by prefix bytes, and the data value is decoded in place when the channel comes
 * first (the usual order); when {@code data} precedes {@code channel}, the data range is re-parsed once by a
 * second parser.
 */
public class JsonRpcMessageHandler implements MessageHandler
{
    private static final byte[] ID = bytes("id");
    private static final byte[] METHOD = bytes("method");
    private static final byte[] PARAMS = bytes("params");
    private static final byte[] RESULT = bytes("result");
    private static final byte[] ERROR = bytes("error");
    private static final byte[] CHANNEL = bytes("channel");
    private static final byte[] DATA = bytes("data");
    private static final byte[] SUBSCRIPTION = bytes("subscription");
    private static final byte[] HEARTBEAT = bytes("heartbeat");

    private final JsonParser parser = new JsonParser();
    private final TopicRouter router = new TopicRouter();

    private int kind;
    private long id;
    private ChannelHandler routed;
    private long unknownChannelMessages;

    /**
     * Creates a handler with no channel routes.
     */
    public JsonRpcMessageHandler()
    {
    }

    /**
     * Routes every channel starting with {@code prefix} to {@code handler}; the first matching route wins.
     *
     * @param prefix  e.g. {@code "ticker."}.
     * @param handler decodes and handles those notifications.
     * @return this.
     */
    public JsonRpcMessageHandler route(final String prefix, final ChannelHandler handler)
    {
        router.route(prefix, handler);
        return this;
    }

    @Override
    public boolean decode(final InboundMessage message)
    {
        kind = KIND_DATA;
        id = NO_ID;
        routed = null;
        if (message.type() != InboundMessage.TEXT)
        {
            return true;
        }
        final JsonParser parser = this.parser;
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return false;
        }
        boolean hasOutcome = false;
        boolean hasId = false;
        boolean isSubscription = false;
        boolean isHeartbeat = false;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(ID))
            {
                final long value = RequestIds.read(parser);
                if (value != RequestIds.NOT_AN_ID)
                {
                    id = value;
                    hasId = true;
                }
            }
            else if (parser.nameEquals(METHOD))
            {
                parser.nextToken();
                isSubscription = parser.stringEquals(SUBSCRIPTION);
                isHeartbeat = !isSubscription && parser.stringEquals(HEARTBEAT);
            }
            else if (parser.nameEquals(PARAMS))
            {
                if (parser.nextToken() == JsonParser.START_OBJECT)
                {
                    if (!decodeParams(parser))
                    {
                        return false;
                    }
                }
                else
                {
                    parser.skipValue();
                }
            }
            else
            {
                hasOutcome |= parser.nameEquals(RESULT) || parser.nameEquals(ERROR);
                parser.skipValue();
            }
        }
        if (parser.hasError() || parser.token() != JsonParser.END_OBJECT)
        {
            return false;
        }
        if (hasOutcome && hasId)
        {
            kind = KIND_RESPONSE;
        }
        else if (isHeartbeat)
        {
            kind = KIND_HEARTBEAT;
        }
        else if (!isSubscription)
        {
            routed = null;
        }
        return true;
    }

    /**
     * Reads a {@code params} object: finds the channel, and decodes {@code data} with the channel's handler, in
     * either order. A routed channel whose handler did not decode a {@code data} value (none, or one sent before a
     * second {@code channel}) is malformed: its {@code handle} would act on the previous message's data.
     */
    private boolean decodeParams(final JsonParser parser)
    {
        final TopicRouter router = this.router;
        router.begin();
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(CHANNEL))
            {
                router.onTopic(parser);
            }
            else if (parser.nameEquals(DATA))
            {
                if (!router.onData(parser))
                {
                    return false;
                }
            }
            else
            {
                parser.skipValue();
            }
        }
        final boolean decoded = router.finish(parser);
        routed = router.routed();
        return decoded;
    }

    @Override
    public int classify(final InboundMessage message)
    {
        return kind;
    }

    @Override
    public long responseId(final InboundMessage message)
    {
        return id;
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        if (kind == KIND_HEARTBEAT)
        {
            onHeartbeat(message, context);
        }
        else if (routed != null)
        {
            routed.handle(message, context);
        }
        else
        {
            onUnknownChannel(message, context);
        }
    }

    /**
     * A {@code heartbeat} notification arrived. The default does nothing; venues that ask for an answer override.
     *
     * @param message the message (parse it again if its params matter).
     * @param context what the handler may do.
     */
    protected void onHeartbeat(final InboundMessage message, final MessageContext context)
    {
    }

    /**
     * A notification on a channel no route matches, or a message that is neither response, heartbeat nor
     * subscription: delivered raw. The default counts it.
     *
     * @param message the raw message, valid during the call.
     * @param context what the handler may do.
     */
    protected void onUnknownChannel(final InboundMessage message, final MessageContext context)
    {
        unknownChannelMessages++;
    }

    /**
     * Messages delivered to {@link #onUnknownChannel} by this default.
     *
     * @return the count (written by the message thread).
     */
    public long unknownChannelMessages()
    {
        return unknownChannelMessages;
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
