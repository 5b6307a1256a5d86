package io.wsnova.engine.behaviour;

import io.wsnova.codec.json.JsonParser;

import java.nio.charset.StandardCharsets;

/**
 * The default {@link MessageHandler}: a text message that is a JSON object with an {@code id} and a
 * {@code result} or {@code error} is a response (matched to its request); everything else is data, which this
 * default only counts. Applications give their own handler in the options (or an adapter's) to act on data.
 * One instance per connection: it owns its parser.
 */
public class DefaultMessageHandler implements MessageHandler
{
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT = "result".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);

    private final JsonParser parser = new JsonParser();
    private long id;
    private boolean response;
    private long dataMessages;

    /**
     * Creates a handler with its own parser.
     */
    public DefaultMessageHandler()
    {
    }

    @Override
    public boolean decode(final InboundMessage message)
    {
        response = false;
        id = NO_ID;
        if (message.type() != InboundMessage.TEXT)
        {
            return true;
        }
        final JsonParser parser = this.parser;
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return true;
        }
        boolean hasOutcome = false;
        boolean hasId = false;
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
            else
            {
                hasOutcome |= parser.nameEquals(RESULT) || parser.nameEquals(ERROR);
                parser.skipValue();
            }
        }
        response = hasOutcome && hasId && !parser.hasError();
        return true;
    }

    @Override
    public int classify(final InboundMessage message)
    {
        return response ? KIND_RESPONSE : KIND_DATA;
    }

    @Override
    public long responseId(final InboundMessage message)
    {
        return id;
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        dataMessages++;
    }

    /**
     * Data messages this default received and did nothing with.
     *
     * @return the count (written by the message thread).
     */
    public long dataMessages()
    {
        return dataMessages;
    }
}
