package io.wsnova.adapters.bybit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.LevelArrays;
import io.wsnova.market.Side;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code data} part of Bybit's topic messages, decoded into pooled state that the message handler then
 * delivers: a book's levels, {@code u} and {@code seq}; every trade of a {@code publicTrade} array ({@code T},
 * {@code S}, {@code v}, {@code p}, {@code i}); the ticker fields the model maps ({@code lastPrice},
 * {@code markPrice}, {@code indexPrice}, {@code openInterest}, {@code fundingRate}, {@code nextFundingTime}; an empty
 * string or an absent field is "no value", which for a linear delta means unchanged). A trade element missing its
 * price, size or id is dropped alone and counted malformed. Message thread only; pools grow to the largest message
 * (cold), then nothing is allocated.
 */
abstract class BybitDataDecoder
{
    static final long NONE = Long.MIN_VALUE;
    static final int TOPIC_NONE = -1;
    static final int TOPIC_UNKNOWN = 0;
    static final int TOPIC_BOOK = 1;
    static final int TOPIC_TRADE = 2;
    static final int TOPIC_TICKER = 3;
    static final int TYPE_NONE = 0;
    static final int TYPE_SNAPSHOT = 1;
    static final int TYPE_DELTA = 2;
    static final int TYPE_OTHER = 3;

    private static final byte[] SEQ = ascii("seq");
    private static final byte[] BUY = ascii("Buy");
    private static final byte[] SELL = ascii("Sell");
    private static final byte[] LAST_PRICE = ascii("lastPrice");
    private static final byte[] MARK_PRICE = ascii("markPrice");
    private static final byte[] INDEX_PRICE = ascii("indexPrice");
    private static final byte[] OPEN_INTEREST = ascii("openInterest");
    private static final byte[] FUNDING_RATE = ascii("fundingRate");
    private static final byte[] NEXT_FUNDING_TIME = ascii("nextFundingTime");

    final BookUpdate update = new BookUpdate();
    final Decimal lastPrice = new Decimal();
    final Decimal markPrice = new Decimal();
    final Decimal indexPrice = new Decimal();
    final Decimal openInterest = new Decimal();
    final Decimal fundingRate = new Decimal();
    long nextFundingTimeMs;
    int type;
    long tsMs;
    long u;
    long seq;

    int tradeCount;
    Decimal[] tradePrices = decimals(new Decimal[0], 4);
    Decimal[] tradeSizes = decimals(new Decimal[0], 4);
    long[] tradeTimesMs = new long[4];
    Side[] tradeSides = new Side[4];
    int[] tradeIdOffsets = new int[4];
    int[] tradeIdLengths = new int[4];
    byte[] tradeIdBytes = new byte[256];

    private final BybitCounters counters;
    private final Decimal levelPrice = new Decimal();
    private final Decimal levelSize = new Decimal();
    private int tradeIdEnd;

    BybitDataDecoder(final BybitCounters counters)
    {
        this.counters = counters;
    }

    /**
     * Decodes the data value that starts at the parser's next token.
     *
     * @param parser    on the {@code data} name (or freshly wrapped over the data's bytes).
     * @param topicKind the topic's kind.
     * @return false when the data is malformed for its topic (the message is dropped).
     */
    final boolean decodeData(final JsonParser parser, final int topicKind)
    {
        final int token = parser.nextToken();
        switch (topicKind)
        {
            case TOPIC_BOOK ->
            {
                return token == JsonParser.START_OBJECT && book(parser);
            }
            case TOPIC_TRADE ->
            {
                return token == JsonParser.START_ARRAY && trades(parser);
            }
            case TOPIC_TICKER ->
            {
                return token == JsonParser.START_OBJECT && ticker(parser);
            }
            default ->
            {
                parser.skipValue();
                return !parser.hasError();
            }
        }
    }

    private boolean book(final JsonParser parser)
    {
        final BookUpdate update = this.update.reset(type == TYPE_SNAPSHOT);
        u = NONE;
        seq = NONE;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.stringLength() == 1)
            {
                switch (parser.buffer()[parser.tokenOffset()])
                {
                    case 'b' ->
                    {
                        if (parser.nextToken() != JsonParser.START_ARRAY ||
                            !LevelArrays.read(parser, BookSide.BID, update, levelPrice, levelSize))
                        {
                            return false;
                        }
                    }
                    case 'a' ->
                    {
                        if (parser.nextToken() != JsonParser.START_ARRAY ||
                            !LevelArrays.read(parser, BookSide.ASK, update, levelPrice, levelSize))
                        {
                            return false;
                        }
                    }
                    case 'u' -> u = readLong(parser);
                    default -> parser.skipValue();
                }
            }
            else if (parser.nameEquals(SEQ))
            {
                seq = readLong(parser);
            }
            else
            {
                parser.skipValue();
            }
        }
        return !parser.hasError() && u != NONE;
    }

    private boolean trades(final JsonParser parser)
    {
        tradeCount = 0;
        tradeIdEnd = 0;
        int token = parser.nextToken();
        while (token == JsonParser.START_OBJECT)
        {
            if (!trade(parser))
            {
                return false;
            }
            token = parser.nextToken();
        }
        return token == JsonParser.END_ARRAY && !parser.hasError();
    }

    private boolean trade(final JsonParser parser)
    {
        final int index = tradeCount;
        if (index == tradePrices.length)
        {
            growTrades();
        }
        final Decimal price = tradePrices[index].setNull();
        final Decimal size = tradeSizes[index].setNull();
        tradeTimesMs[index] = NONE;
        tradeSides[index] = Side.UNKNOWN;
        tradeIdLengths[index] = -1;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.stringLength() != 1)
            {
                parser.skipValue();
                continue;
            }
            switch (parser.buffer()[parser.tokenOffset()])
            {
                case 'p' -> readDecimal(parser, price);
                case 'v' -> readDecimal(parser, size);
                case 'T' -> tradeTimesMs[index] = readLong(parser);
                case 'S' ->
                {
                    if (parser.nextToken() == JsonParser.STRING)
                    {
                        tradeSides[index] = parser.stringEquals(BUY) ? Side.BUY : parser.stringEquals(SELL) ?
                            Side.SELL : Side.UNKNOWN;
                    }
                    else
                    {
                        parser.skipValue();
                    }
                }
                case 'i' ->
                {
                    final int token = parser.nextToken();
                    if (token == JsonParser.STRING || token == JsonParser.NUMBER)
                    {
                        copyId(parser, index);
                    }
                    else
                    {
                        parser.skipValue();
                    }
                }
                default -> parser.skipValue();
            }
        }
        if (parser.hasError())
        {
            return false;
        }
        if (price.isNull() || size.isNull() || tradeIdLengths[index] <= 0)
        {
            counters.malformedMessages.incrementAndGet();
            return true;
        }
        tradeCount = index + 1;
        return true;
    }

    private void copyId(final JsonParser parser, final int index)
    {
        final int length = parser.stringLength();
        if (length <= 0)
        {
            return;
        }
        if (tradeIdEnd + length > tradeIdBytes.length)
        {
            tradeIdBytes = Arrays.copyOf(tradeIdBytes, Math.max(tradeIdBytes.length * 2, tradeIdEnd + length));
        }
        System.arraycopy(parser.buffer(), parser.tokenOffset(), tradeIdBytes, tradeIdEnd, length);
        tradeIdOffsets[index] = tradeIdEnd;
        tradeIdLengths[index] = length;
        tradeIdEnd += length;
    }

    private boolean ticker(final JsonParser parser)
    {
        lastPrice.setNull();
        markPrice.setNull();
        indexPrice.setNull();
        openInterest.setNull();
        fundingRate.setNull();
        nextFundingTimeMs = NONE;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(LAST_PRICE))
            {
                tryDecimal(parser, lastPrice);
            }
            else if (parser.nameEquals(MARK_PRICE))
            {
                tryDecimal(parser, markPrice);
            }
            else if (parser.nameEquals(INDEX_PRICE))
            {
                tryDecimal(parser, indexPrice);
            }
            else if (parser.nameEquals(OPEN_INTEREST))
            {
                tryDecimal(parser, openInterest);
            }
            else if (parser.nameEquals(FUNDING_RATE))
            {
                tryDecimal(parser, fundingRate);
            }
            else if (parser.nameEquals(NEXT_FUNDING_TIME))
            {
                parser.nextToken();
                nextFundingTimeMs = parser.tryReadLong() == JsonParser.VALUE_EXACT ? parser.longValue() : NONE;
            }
            else
            {
                parser.skipValue();
            }
        }
        return !parser.hasError();
    }

    private static void tryDecimal(final JsonParser parser, final Decimal dst)
    {
        parser.nextToken();
        if (parser.tryReadDecimal(dst) == JsonParser.VALUE_INVALID)
        {
            dst.setNull();
        }
    }

    private static void readDecimal(final JsonParser parser, final Decimal dst)
    {
        parser.nextToken();
        if (parser.tryReadDecimal(dst) == JsonParser.VALUE_INVALID)
        {
            dst.setNull();
        }
    }

    private static long readLong(final JsonParser parser)
    {
        parser.nextToken();
        return parser.tryReadLong() == JsonParser.VALUE_EXACT ? parser.longValue() : NONE;
    }

    private void growTrades()
    {
        final int capacity = tradePrices.length * 2;
        tradePrices = decimals(tradePrices, capacity);
        tradeSizes = decimals(tradeSizes, capacity);
        tradeTimesMs = Arrays.copyOf(tradeTimesMs, capacity);
        tradeSides = Arrays.copyOf(tradeSides, capacity);
        tradeIdOffsets = Arrays.copyOf(tradeIdOffsets, capacity);
        tradeIdLengths = Arrays.copyOf(tradeIdLengths, capacity);
    }

    private static Decimal[] decimals(final Decimal[] old, final int capacity)
    {
        final Decimal[] grown = Arrays.copyOf(old, capacity);
        for (int i = old.length; i < capacity; i++)
        {
            grown[i] = new Decimal();
        }
        return grown;
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
