package io.wsnova.engine.jsonrpc;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.RequestIds;

import java.nio.charset.StandardCharsets;

/**
 * The plain-JSON (not JSON-RPC) message behaviour for venues that tag each push with a top-level topic member and
 * carry its payload in a data member: Bybit ({@code {"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":...,
 * "data":{...}}}, responses {@code {"success":true,"ret_msg":"","req_id":"7","op":"subscribe"}}), Coinbase
 * ({@code channel} / {@code events}). The member names are given at construction. In any key order, with any
 * other members between them:
 * <ul>
 * <li>a message with a topic is routed by topic prefix ({@link #route}) to a {@link ChannelHandler}, which decodes
 * the data value in place (or, when the data came before the topic, after one re-parse of its range by a second
 * parser); a topic no route matches goes raw to {@link #onUnknownTopic};</li>
 * <li>a message without a topic that has the id member is a response, matched by that id: a number, or a string
 * that is a request number's decimal text ({@link RequestIds}); any other id is counted as unmatched by the engine,
 * never as malformed. Requests are encoded by {@link #encodeRequest}, which the adapter overrides for the venue's
 * shape;</li>
 * <li>anything else (another JSON value, a message without topic or id, a binary message) goes raw to
 * {@link #onUnknownTopic}. Only text that is not JSON, or a routed message whose data its handler refuses, is
 * malformed.</li>
 * </ul>
 * One instance per connection, used by the message thread only; allocation-free after the routes are set.
 */
public class TopicMessageHandler implements MessageHandler
{
    private final byte[] topicName;
    private final byte[] dataName;
    private final byte[] idName;
    private final JsonParser parser = new JsonParser();
    private final TopicRouter router = new TopicRouter();

    private int kind;
    private long id;
    private ChannelHandler routed;
    private long unknownTopicMessages;

    /**
     * Creates a handler with no routes.
     *
     * @param topicName the member that names the topic, e.g. {@code "topic"} (Bybit) or {@code "channel"}.
     * @param dataName  the member holding the payload, e.g. {@code "data"} or {@code "events"}.
     * @param idName    the member holding a response's request id, e.g. {@code "req_id"} (Bybit) or {@code "id"}.
     */
    public TopicMessageHandler(final String topicName, final String dataName, final String idName)
    {
        this.topicName = topicName.getBytes(StandardCharsets.UTF_8);
        this.dataName = dataName.getBytes(StandardCharsets.UTF_8);
        this.idName = idName.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Routes every topic starting with {@code prefix} to {@code handler}; the first matching route wins.
     *
     * @param prefix  e.g. {@code "orderbook."}.
     * @param handler decodes and handles those messages; its {@code channel} arguments name the topic.
     * @return this.
     */
    public TopicMessageHandler route(final String prefix, final ChannelHandler handler)
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
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE)
        {
            return false;
        }
        if (parser.nextToken() != JsonParser.START_OBJECT)
        {
            parser.skipValue();
            return !parser.hasError();
        }
        final TopicRouter router = this.router;
        router.begin();
        boolean hasId = false;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(topicName))
            {
                router.onTopic(parser);
            }
            else if (parser.nameEquals(dataName))
            {
                if (!router.onData(parser))
                {
                    return false;
                }
            }
            else if (parser.nameEquals(idName))
            {
                final long value = RequestIds.read(parser);
                if (value != RequestIds.NOT_AN_ID)
                {
                    id = value;
                    hasId = true;
                }
            }
            else
            {
                parser.skipValue();
            }
        }
        if (parser.hasError() || parser.token() != JsonParser.END_OBJECT || !router.finish(parser))
        {
            return false;
        }
        routed = router.routed();
        if (!router.topicSeen() && hasId)
        {
            kind = KIND_RESPONSE;
        }
        return true;
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
        final ChannelHandler routed = this.routed;
        if (routed != null)
        {
            routed.handle(message, context);
        }
        else
        {
            onUnknownTopic(message, context);
        }
    }

    /**
     * A message no route matches (unknown topic, no topic and no id, not an object, binary): delivered raw. The
     * default counts it.
     *
     * @param message the raw message, valid during the call.
     * @param context what the handler may do.
     */
    protected void onUnknownTopic(final InboundMessage message, final MessageContext context)
    {
        unknownTopicMessages++;
    }

    /**
     * Messages delivered to {@link #onUnknownTopic} by this default.
     *
     * @return the count (written by the message thread).
     */
    public long unknownTopicMessages()
    {
        return unknownTopicMessages;
    }
}
