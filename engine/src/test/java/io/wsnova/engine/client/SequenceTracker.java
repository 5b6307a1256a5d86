package io.wsnova.engine.client;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.jsonrpc.ChannelHandler;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client side of the sequence stream of {@link FaultServer#stream}: per channel, the messages received, the last
 * sequence number, the sequence numbers skipped (gaps) and any duplicate or out-of-order one. Written by the reader
 * thread only; read by the test.
 */
final class SequenceTracker implements ChannelHandler
{
    private static final byte[] SEQ = "seq".getBytes(StandardCharsets.US_ASCII);

    static final class Counts
    {
        volatile long received;
        volatile long last;
        volatile long skipped;
        volatile long duplicates;
    }

    final Map<String, Counts> byChannel = new ConcurrentHashMap<>();
    private String channel;
    private long seq;

    @Override
    public boolean decode(final JsonParser parser, final byte[] channelBytes, final int offset, final int length)
    {
        channel = new String(channelBytes, offset, length, StandardCharsets.UTF_8);
        seq = -1;
        if (parser.token() != JsonParser.START_OBJECT)
        {
            return false;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(SEQ))
            {
                parser.nextToken();
                seq = parser.readLong();
            }
            else
            {
                parser.skipValue();
            }
        }
        return seq > 0 && !parser.hasError();
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        final Counts counts = byChannel.computeIfAbsent(channel, c -> new Counts());
        if (seq <= counts.last)
        {
            counts.duplicates++;
            return;
        }
        counts.skipped += seq - counts.last - 1;
        counts.last = seq;
        counts.received++;
    }

    long received(final String channel)
    {
        final Counts counts = byChannel.get(channel);
        return counts == null ? 0 : counts.received;
    }

    /**
     * A plain-ws adapter whose message handler routes channels starting with {@code prefix} to this tracker.
     */
    Adapter adapter(final String prefix)
    {
        final SequenceTracker tracker = this;
        return new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder().secure(false).keepalive(0, 0).build();
            }

            @Override
            public MessageHandler messageHandler()
            {
                return new JsonRpcMessageHandler().route(prefix, tracker);
            }
        };
    }
}
