package io.wsnova.engine.jsonrpc;

import io.wsnova.codec.json.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Routes one JSON object's data member to the {@link ChannelHandler} its topic member names, whatever their order:
 * the data is decoded in place when the topic came first, and re-parsed once by a second parser when the data came
 * first. Shared by {@link JsonRpcMessageHandler} ({@code params.channel} / {@code params.data}) and
 * {@link TopicMessageHandler} (e.g. Bybit's top-level {@code topic} / {@code data}). Message thread only;
 * allocation-free after the routes are set.
 */
final class TopicRouter
{
    static final int MAX_ROUTES = 32;

    private final JsonParser dataParser = new JsonParser();
    private final byte[][] routePrefixes = new byte[MAX_ROUTES][];
    private final ChannelHandler[] routeHandlers = new ChannelHandler[MAX_ROUTES];
    private int routeCount;

    private int topicOffset;
    private int topicLength;
    private int dataStart;
    private int dataEnd;
    private boolean topicSeen;
    private ChannelHandler routed;
    private ChannelHandler decodedBy;

    void route(final String prefix, final ChannelHandler handler)
    {
        if (routeCount == MAX_ROUTES)
        {
            throw new IllegalStateException("route: at most " + MAX_ROUTES + " channel routes");
        }
        routePrefixes[routeCount] = prefix.getBytes(StandardCharsets.UTF_8);
        routeHandlers[routeCount] = handler;
        routeCount++;
    }

    /**
     * Starts an object.
     */
    void begin()
    {
        topicOffset = -1;
        topicLength = 0;
        dataStart = -1;
        dataEnd = -1;
        topicSeen = false;
        routed = null;
        decodedBy = null;
    }

    /**
     * The parser is on a topic member's name: reads its value and routes it (a non-string topic routes nowhere).
     */
    void onTopic(final JsonParser parser)
    {
        topicSeen = true;
        decodedBy = null;
        if (parser.nextToken() == JsonParser.STRING && parser.stringLength() >= 0)
        {
            // The decoded topic (escapes decoded in place), so routing by prefix sees the real name.
            topicOffset = parser.tokenOffset();
            topicLength = parser.stringLength();
            routed = route(parser.buffer(), topicOffset, topicLength);
        }
        else
        {
            topicOffset = -1;
            routed = null;
            parser.skipValue();
        }
    }

    /**
     * The parser is on a data member's name: decodes the value with the routed handler, or remembers where it is
     * when no topic has been routed yet.
     *
     * @return false when the routed handler refused the data.
     */
    boolean onData(final JsonParser parser)
    {
        final int first = parser.nextToken();
        if (topicOffset >= 0 && routed != null)
        {
            if (!routed.decode(parser, parser.buffer(), topicOffset, topicLength))
            {
                return false;
            }
            decodedBy = routed;
            dataStart = -1;
            return true;
        }
        dataStart = first == JsonParser.STRING ? parser.tokenOffset() - 1 : parser.tokenOffset();
        parser.skipValue();
        dataEnd = parser.token() == JsonParser.STRING ?
            parser.tokenOffset() + parser.tokenLength() + 1 : parser.tokenOffset() + parser.tokenLength();
        return true;
    }

    /**
     * Ends the object: decodes data that came before its topic. A routed topic whose handler decoded no data of
     * this object (none, or data before a second topic) is malformed: its handle would act on the previous data.
     *
     * @return false when malformed.
     */
    boolean finish(final JsonParser parser)
    {
        if (dataStart >= 0 && routed != null)
        {
            final JsonParser deferred = dataParser;
            if (deferred.wrap(parser.buffer(), dataStart, dataEnd - dataStart) != JsonParser.ERROR_NONE)
            {
                return false;
            }
            deferred.nextToken();
            if (!routed.decode(deferred, parser.buffer(), topicOffset, topicLength) || deferred.hasError())
            {
                return false;
            }
            decodedBy = routed;
        }
        return !parser.hasError() && decodedBy == routed;
    }

    /**
     * The handler the object's topic routed to.
     *
     * @return the handler, or null (no topic, or no route matched).
     */
    ChannelHandler routed()
    {
        return routed;
    }

    /**
     * Whether the object had a topic member.
     *
     * @return true if it had one.
     */
    boolean topicSeen()
    {
        return topicSeen;
    }

    /**
     * Forgets the route (the object turned out not to be a routed notification).
     */
    void clearRoute()
    {
        routed = null;
    }

    private ChannelHandler route(final byte[] buffer, final int offset, final int length)
    {
        final byte[][] prefixes = routePrefixes;
        for (int i = 0; i < routeCount; i++)
        {
            final byte[] prefix = prefixes[i];
            final int n = prefix.length;
            if (length >= n && Arrays.equals(buffer, offset, offset + n, prefix, 0, n))
            {
                return routeHandlers[i];
            }
        }
        return null;
    }
}
