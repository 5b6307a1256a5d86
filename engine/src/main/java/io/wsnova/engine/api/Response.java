package io.wsnova.engine.api;

import io.wsnova.codec.json.JsonParser;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A response to a request, matched by id: an immutable copy of the message (it crosses from the reader to the
 * caller's future), with its JSON-RPC parts picked out. Control plane: created once per response.
 */
public final class Response
{
    private static final byte[] RESULT = "result".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CODE = "code".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);

    private final long id;
    private final byte[] json;
    private final boolean error;
    private final long errorCode;
    private final String errorMessage;
    private final int resultOffset;
    private final int resultLength;

    private Response(
        final long id,
        final byte[] json,
        final boolean error,
        final long errorCode,
        final String errorMessage,
        final int resultOffset,
        final int resultLength)
    {
        this.id = id;
        this.json = json;
        this.error = error;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.resultOffset = resultOffset;
        this.resultLength = resultLength;
    }

    /**
     * Builds a response from a JSON message: {@code result} is kept as raw JSON, {@code error.code} and
     * {@code error.message} are read. A message that is not a JSON object is a success with no result.
     *
     * @param id     the request id it answers.
     * @param buffer the message.
     * @param offset start.
     * @param length length.
     * @return the response.
     */
    public static Response fromJson(final long id, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] json = new byte[length];
        buffer.getBytes(offset, json);
        final int capacity = Math.max(64, length);
        final JsonParser parser = new JsonParser(capacity, capacity, JsonParser.DEFAULT_MAX_DEPTH);
        if (parser.wrap(json, 0, length) != JsonParser.ERROR_NONE || parser.nextToken() != JsonParser.START_OBJECT)
        {
            return new Response(id, json, false, 0, null, -1, 0);
        }
        boolean isError = false;
        long code = 0;
        String message = null;
        int resultOffset = -1;
        int resultLength = 0;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(RESULT))
            {
                final int t = parser.nextToken();
                final int start = t == JsonParser.STRING ? parser.tokenOffset() - 1 : parser.tokenOffset();
                parser.skipValue();
                final int end = t == JsonParser.STRING ?
                    parser.tokenOffset() + parser.tokenLength() + 1 : parser.tokenOffset() + parser.tokenLength();
                resultOffset = start;
                resultLength = end - start;
            }
            else if (parser.nameEquals(ERROR))
            {
                isError = true;
                if (parser.nextToken() == JsonParser.START_OBJECT)
                {
                    while (parser.nextToken() == JsonParser.FIELD_NAME)
                    {
                        if (parser.nameEquals(CODE))
                        {
                            parser.nextToken();
                            code = parser.readLong();
                        }
                        else if (parser.nameEquals(MESSAGE))
                        {
                            parser.nextToken();
                            final StringBuilder text = new StringBuilder();
                            parser.readString(text);
                            message = text.toString();
                        }
                        else
                        {
                            parser.skipValue();
                        }
                    }
                }
                else
                {
                    parser.skipValue();
                }
            }
            else
            {
                parser.skipValue();
            }
        }
        return new Response(id, json, isError, code, message, resultOffset, resultLength);
    }

    /**
     * The id of the request this answers.
     *
     * @return the id.
     */
    public long id()
    {
        return id;
    }

    /**
     * Whether the venue answered with an error object.
     *
     * @return true for an error.
     */
    public boolean isError()
    {
        return error;
    }

    /**
     * The venue's error code.
     *
     * @return the code, 0 when not an error.
     */
    public long errorCode()
    {
        return errorCode;
    }

    /**
     * The venue's error message.
     *
     * @return the message, or null.
     */
    public String errorMessage()
    {
        return errorMessage;
    }

    /**
     * The {@code result} value as raw JSON text.
     *
     * @return e.g. {@code ["ticker.BTC-PERPETUAL.100ms"]}, {@code "ok"} (with quotes), or null when absent.
     */
    public String resultJson()
    {
        return resultOffset < 0 ? null : new String(json, resultOffset, resultLength, StandardCharsets.UTF_8);
    }

    /**
     * The whole message as text.
     *
     * @return the JSON.
     */
    public String json()
    {
        return new String(json, StandardCharsets.UTF_8);
    }

    /**
     * Starts a parser over a copy-free view of the whole message, for typed decoding.
     *
     * @param parser a parser to reuse.
     * @return the parser, wrapped and positioned before the first token.
     */
    public JsonParser parse(final JsonParser parser)
    {
        parser.wrap(json, 0, json.length);
        return parser;
    }

    @Override
    public String toString()
    {
        // The result is not printed: it may hold tokens (an auth response), and responses end up in logs.
        return "Response{id=" + id + (error ? ", error=" + errorCode + " " + errorMessage :
            ", result=" + (resultOffset < 0 ? "none" : resultLength + " bytes")) + "}";
    }
}
