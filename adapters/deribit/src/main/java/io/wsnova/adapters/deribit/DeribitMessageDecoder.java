package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * Classifies a whole Deribit JSON-RPC message and decodes ticker notifications
 * ({@code {"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker...","data":{...}}}}) into a pooled
 * {@link DeribitTicker}, without allocation.
 * <p>
 * Field order does not matter. The usual order ({@code method} before {@code params}, {@code channel} before
 * {@code data}) is decoded in one pass. When {@code data} arrives before the channel is known, its byte range is
 * remembered and skipped, and decoded by a second parser once the channel says it is a ticker (the parser reads a
 * copy of each message and only forwards, so the range is re-wrapped into the second parser: one extra copy of
 * {@code data}, only in that unusual order). The ticker's fields are read in their usual order with
 * {@link JsonParser#nextDecimalField} (a word compare of the name and a direct number read) and fall back to
 * {@link JsonParser#nextField} on anything else; both give the same result.
 * <p>
 * Reader thread only; not thread-safe. The ticker is valid until the next call.
 */
public final class DeribitMessageDecoder
{
    /** The message was a ticker notification, now in {@link #ticker()}. */
    public static final int TICKER = 1;
    /** The message was a subscription notification for a channel this decoder does not decode. */
    public static final int OTHER_CHANNEL = 2;
    /** The message was valid JSON but not a subscription notification (a response, a heartbeat...). */
    public static final int NOT_A_SUBSCRIPTION = 3;
    /** The message was malformed; see {@link #errorOffset()} and {@link #errorDescription()}. */
    public static final int ERROR = -1;

    private static final int JSONRPC_METHOD = 0;
    private static final int JSONRPC_PARAMS = 1;
    private static final JsonFieldTable ENVELOPE_FIELDS = new JsonFieldTable(2)
        .put("method", JSONRPC_METHOD)
        .put("params", JSONRPC_PARAMS);

    private static final int PARAMS_CHANNEL = 0;
    private static final int PARAMS_DATA = 1;
    private static final JsonFieldTable PARAMS_FIELDS = new JsonFieldTable(2)
        .put("channel", PARAMS_CHANNEL)
        .put("data", PARAMS_DATA);

    private static final byte[] SUBSCRIPTION = "subscription".getBytes(StandardCharsets.US_ASCII);

    private final JsonParser parser;
    private final JsonParser deferredParser;
    private final DeribitTicker ticker;
    private boolean isSubscription;
    private int channel;
    private boolean dataDecoded;
    private int deferredDataOffset;
    private int deferredDataLength;
    private boolean errorInDeferred;

    /**
     * Creates a decoder with its own parsers and ticker.
     */
    public DeribitMessageDecoder()
    {
        this(new DeribitTicker());
    }

    /**
     * Creates a decoder that fills the given (pooled) ticker.
     *
     * @param ticker the ticker to fill.
     */
    public DeribitMessageDecoder(final DeribitTicker ticker)
    {
        this.ticker = ticker;
        this.parser = new JsonParser();
        this.deferredParser = new JsonParser();
    }

    /**
     * Decodes one whole message.
     *
     * @param buffer the buffer holding the message, e.g. the engine's receive buffer (copied, see
     *               {@link JsonParser}).
     * @param offset index of the first byte.
     * @param length length in bytes.
     * @return {@link #TICKER}, {@link #OTHER_CHANNEL}, {@link #NOT_A_SUBSCRIPTION} or {@link #ERROR}.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final JsonParser parser = this.parser;
        isSubscription = false;
        channel = DeribitChannel.UNKNOWN;
        dataDecoded = false;
        deferredDataLength = 0;
        errorInDeferred = false;
        if (parser.wrap(buffer, offset, length) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return ERROR;
        }
        int field;
        while ((field = parser.nextField(ENVELOPE_FIELDS)) != JsonParser.END_OF_FIELDS)
        {
            switch (field)
            {
                case JSONRPC_METHOD ->
                {
                    isSubscription = parser.stringEquals(SUBSCRIPTION);
                    parser.skipValue();
                }
                case JSONRPC_PARAMS -> decodeParams(parser);
                default -> parser.skipValue();
            }
        }
        if (parser.token() != JsonParser.END_OBJECT || parser.nextToken() != JsonParser.END_OF_INPUT)
        {
            return ERROR;
        }
        if (!isSubscription)
        {
            return NOT_A_SUBSCRIPTION;
        }
        if (channel != DeribitChannel.TICKER)
        {
            return OTHER_CHANNEL;
        }
        if (!dataDecoded)
        {
            return decodeDeferredData();
        }
        return TICKER;
    }

    /**
     * The ticker filled by the last decode that returned {@link #TICKER}.
     *
     * @return the pooled ticker.
     */
    public DeribitTicker ticker()
    {
        return ticker;
    }

    /**
     * Numbers this decoder delivered inexact (a {@link io.wsnova.codec.json.Decimal} whose {@code isExact()} is
     * false: rounded value, exact text kept; see {@code docs/NUMBERS.md}) since it was created.
     *
     * @return the count.
     */
    public long inexactNumberCount()
    {
        return parser.inexactNumberCount() + deferredParser.inexactNumberCount();
    }

    /**
     * Byte offset from the message start of the error of the last decode that returned {@link #ERROR}.
     *
     * @return the offset, or -1.
     */
    public int errorOffset()
    {
        return errorInDeferred ? deferredDataOffset + deferredParser.errorOffset() : parser.errorOffset();
    }

    /**
     * Description of the error of the last decode that returned {@link #ERROR}, for the control plane.
     *
     * @return the description, or null.
     */
    public String errorDescription()
    {
        if (errorInDeferred)
        {
            return deferredParser.hasError() ? deferredParser.errorDescription() : "ticker data is not an object";
        }
        return parser.hasError() ? parser.errorDescription() : "not a JSON-RPC object";
    }

    private void decodeParams(final JsonParser parser)
    {
        if (parser.token() != JsonParser.START_OBJECT)
        {
            parser.skipValue();
            return;
        }
        int field;
        while ((field = parser.nextField(PARAMS_FIELDS)) != JsonParser.END_OF_FIELDS)
        {
            switch (field)
            {
                case PARAMS_CHANNEL ->
                {
                    channel = parser.token() == JsonParser.STRING && parser.stringLength() >= 0 ?
                        DeribitChannel.classify(parser.buffer(), parser.tokenOffset(), parser.stringLength()) :
                        DeribitChannel.OTHER;
                    parser.skipValue();
                }
                case PARAMS_DATA -> decodeData(parser);
                default -> parser.skipValue();
            }
        }
    }

    private void decodeData(final JsonParser parser)
    {
        if (channel == DeribitChannel.TICKER)
        {
            dataDecoded = DeribitTickerDecoder.decode(parser, ticker);
            if (!dataDecoded)
            {
                parser.skipValue();
            }
        }
        else if (channel == DeribitChannel.UNKNOWN)
        {
            final int start = parser.tokenOffset();
            parser.skipValue();
            deferredDataOffset = start;
            deferredDataLength = parser.tokenOffset() + parser.tokenLength() - start;
        }
        else
        {
            parser.skipValue();
        }
    }

    private int decodeDeferredData()
    {
        errorInDeferred = true;
        final JsonParser deferredParser = this.deferredParser;
        if (deferredDataLength <= 0 ||
            deferredParser.wrap(parser.buffer(), deferredDataOffset, deferredDataLength) != JsonParser.ERROR_NONE)
        {
            return ERROR;
        }
        deferredParser.nextToken();
        if (!DeribitTickerDecoder.decode(deferredParser, ticker) ||
            deferredParser.nextToken() != JsonParser.END_OF_INPUT)
        {
            return ERROR;
        }
        return TICKER;
    }
}
