package io.wsnova.engine.behaviour;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Response;

import java.nio.charset.StandardCharsets;

/**
 * The failure markers and message of a response's top-level object, for {@link SubscriptionHandler#isRefusal}
 * and {@link SubscriptionHandler#refusalMessage}. Control plane: parses a copy, allocates.
 */
final class ResponseShape
{
    private static final byte[] SUCCESS = ascii("success");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] CODE = ascii("code");
    private static final byte[] RET_CODE_CAMEL = ascii("retCode");
    private static final byte[] RET_CODE = ascii("ret_code");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] STATUS = ascii("status");
    private static final byte[][] MESSAGES = {ascii("ret_msg"), ascii("retMsg"), ascii("msg"), ascii("message"),
        ascii("errorMessage")};
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] MSG = ascii("msg");
    private static final byte[] ZERO = ascii("0");
    private static final byte[] ERROR_VALUE = ascii("error");

    boolean refused;
    String message;
    private int messageRank = Integer.MAX_VALUE;

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static ResponseShape of(final Response response)
    {
        final ResponseShape shape = new ResponseShape();
        final JsonParser parser = response.parse(new JsonParser());
        if (parser.nextToken() != JsonParser.START_OBJECT)
        {
            return shape;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(SUCCESS))
            {
                shape.refused |= parser.nextToken() == JsonParser.FALSE;
                skipIfContainer(parser);
            }
            else if (parser.nameEquals(ERROR))
            {
                shape.onError(parser);
            }
            else if (parser.nameEquals(CODE) || parser.nameEquals(RET_CODE_CAMEL) || parser.nameEquals(RET_CODE))
            {
                final int token = parser.nextToken();
                if (token == JsonParser.NUMBER || token == JsonParser.STRING)
                {
                    shape.refused |= !isZero(parser);
                }
                skipIfContainer(parser);
            }
            else if (parser.nameEquals(EVENT) || parser.nameEquals(STATUS))
            {
                final int token = parser.nextToken();
                shape.refused |= token == JsonParser.STRING && parser.stringEquals(ERROR_VALUE);
                skipIfContainer(parser);
            }
            else
            {
                final int rank = rank(parser);
                final int token = parser.nextToken();
                if (rank < shape.messageRank && token == JsonParser.STRING)
                {
                    shape.setMessage(parser, rank);
                }
                skipIfContainer(parser);
            }
        }
        return shape;
    }

    private static int rank(final JsonParser parser)
    {
        for (int i = 0; i < MESSAGES.length; i++)
        {
            if (parser.nameEquals(MESSAGES[i]))
            {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private void setMessage(final JsonParser parser, final int rank)
    {
        final StringBuilder text = new StringBuilder();
        if (parser.readString(text) && text.length() > 0)
        {
            message = text.toString();
            messageRank = rank;
        }
    }

    private void onError(final JsonParser parser)
    {
        final int token = parser.nextToken();
        switch (token)
        {
            case JsonParser.NULL, JsonParser.FALSE ->
            {
            }
            case JsonParser.STRING ->
            {
                if (parser.tokenLength() > 0)
                {
                    refused = true;
                    setMessage(parser, MESSAGES.length);
                }
            }
            case JsonParser.START_OBJECT ->
            {
                refused = true;
                while (parser.nextToken() == JsonParser.FIELD_NAME)
                {
                    final boolean isMessage = parser.nameEquals(MESSAGE) || parser.nameEquals(MSG);
                    final int value = parser.nextToken();
                    if (isMessage && value == JsonParser.STRING && messageRank > MESSAGES.length)
                    {
                        setMessage(parser, MESSAGES.length + 1);
                    }
                    skipIfContainer(parser);
                }
            }
            default ->
            {
                refused = true;
                skipIfContainer(parser);
            }
        }
    }

    private static boolean isZero(final JsonParser parser)
    {
        return parser.stringEquals(ZERO) || (parser.token() == JsonParser.NUMBER && parser.tokenLength() == 1 &&
            parser.buffer()[parser.tokenOffset()] == '0');
    }

    private static void skipIfContainer(final JsonParser parser)
    {
        final int token = parser.token();
        if (token == JsonParser.START_OBJECT || token == JsonParser.START_ARRAY)
        {
            parser.skipValue();
        }
    }
}
