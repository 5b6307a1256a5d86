package io.wsnova.engine.behaviour;

import io.wsnova.codec.json.JsonParser;
import org.agrona.DirectBuffer;

/**
 * Request ids for venues whose ids are strings (Bybit's {@code req_id}, OKX's {@code id}). The engine numbers a
 * connection's requests 1, 2, 3...; a venue with string ids gets the request's number as its decimal text
 * ({@code "42"}), written by {@link MessageHandler#encodeRequest} (e.g. {@code encoder.string(scratch.append(id))}
 * with a {@code StringBuilder} the handler owns: no allocation). A response's string id is turned back into the
 * number by {@link #parse}: it matches a pending request exactly when its bytes equal that request's text, so
 * {@code "042"}, {@code " 42"}, {@code "+42"}, {@code ""} or {@code "abc"} match nothing. The message handler still
 * classifies such a message as a {@link MessageHandler#KIND_RESPONSE} with {@link MessageHandler#NO_ID}: the engine
 * counts it as an unmatched response and drops it, never as a malformed message. Allocation-free.
 */
public final class RequestIds
{
    /** The longest decimal text of a positive {@code long}. */
    public static final int MAX_DIGITS = 19;
    /** {@link #read} result when the value is neither a number nor a string (skipped): not an id. */
    public static final long NOT_AN_ID = Long.MIN_VALUE + 1;

    private RequestIds()
    {
    }

    /**
     * The request number whose decimal text these bytes are.
     *
     * @param bytes  holds the id's text (unquoted, escapes decoded).
     * @param offset where it starts.
     * @param length its length in bytes.
     * @return the positive number, or {@link MessageHandler#NO_ID} when the text is not the canonical decimal
     *         form of a positive {@code long} (no sign, no leading zero, no spaces, at most {@link #MAX_DIGITS}
     *         digits, no overflow).
     */
    public static long parse(final byte[] bytes, final int offset, final int length)
    {
        if (length <= 0 || length > MAX_DIGITS || bytes[offset] == '0')
        {
            return MessageHandler.NO_ID;
        }
        long value = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return MessageHandler.NO_ID;
            }
            value = value * 10 + digit;
            if (value < 0)
            {
                return MessageHandler.NO_ID; // past Long.MAX_VALUE
            }
        }
        return value;
    }

    /**
     * Reads an id member's value (the parser is on the member's name): a JSON number as is, a string through
     * {@link #parse(byte[], int, int)}.
     *
     * @param parser positioned on the id member's name; left after its value.
     * @return the id; {@link MessageHandler#NO_ID} for a string that is no request number of ours (the message is
     *         still a response: the engine counts it unmatched); {@link #NOT_AN_ID} when the value is neither a
     *         number nor a string.
     */
    public static long read(final JsonParser parser)
    {
        final int token = parser.nextToken();
        if (token == JsonParser.NUMBER)
        {
            return parser.readLong();
        }
        if (token == JsonParser.STRING)
        {
            final int length = parser.stringLength();
            return length < 0 ? MessageHandler.NO_ID : parse(parser.buffer(), parser.tokenOffset(), length);
        }
        parser.skipValue();
        return NOT_AN_ID;
    }

    /**
     * As {@link #parse(byte[], int, int)} over a {@link DirectBuffer}.
     *
     * @param buffer holds the id's text.
     * @param offset where it starts.
     * @param length its length in bytes.
     * @return the positive number, or {@link MessageHandler#NO_ID}.
     */
    public static long parse(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0 || length > MAX_DIGITS || buffer.getByte(offset) == '0')
        {
            return MessageHandler.NO_ID;
        }
        long value = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return MessageHandler.NO_ID;
            }
            value = value * 10 + digit;
            if (value < 0)
            {
                return MessageHandler.NO_ID;
            }
        }
        return value;
    }
}
