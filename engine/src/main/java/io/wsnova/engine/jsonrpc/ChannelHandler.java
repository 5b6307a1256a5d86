package io.wsnova.engine.jsonrpc;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;

/**
 * Decodes and handles the notifications of one channel family (for example every {@code ticker.*} channel) on
 * the message path: allocation-free, into objects the handler owns and reuses.
 */
public interface ChannelHandler
{
    /**
     * Decodes the notification's {@code data} value.
     *
     * @param parser        positioned on the first token of the data value; the handler reads the whole value.
     * @param channel       the parser's buffer holding the channel name (valid during the call).
     * @param channelOffset where the channel name starts in it.
     * @param channelLength its length.
     * @return false when the data is malformed (the message is counted and dropped).
     */
    boolean decode(JsonParser parser, byte[] channel, int channelOffset, int channelLength);

    /**
     * Acts on the decoded notification.
     *
     * @param message the raw message, valid during the call.
     * @param context what the handler may do.
     */
    void handle(InboundMessage message, MessageContext context);
}
