package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;

import java.util.Arrays;

/**
 * Decodes the {@code data} array of a {@code trades.*} notification into pooled {@link DeribitTrade}s: one per
 * element, fields in any order, unknown fields skipped. Numbers in any form of the JSON grammar are read, exactly
 * whenever a {@link Decimal} can hold them, else inexact (exact text kept, counted): a value
 * is never a reason to drop a trade. A trade that is truly malformed (an element that is not an object, a number
 * field holding another type or a string that is not a number, a {@code trade_seq}, {@code timestamp} or
 * {@code tick_direction} that is not an integer, a text field that is not a string) is skipped and counted
 * ({@link #skippedTrades()}) alone: every valid trade beside it is delivered. Only a message that breaks the JSON
 * grammar (or whose {@code data} is not an array) is refused as a whole. The pool grows only when a notification
 * carries more trades than ever before. Message thread only.
 */
final class DeribitTradesDecoder
{
    private static final int TRADE_SEQ = 0;
    private static final int TRADE_ID = 1;
    private static final int TIMESTAMP = 2;
    private static final int TICK_DIRECTION = 3;
    private static final int PRICE = 4;
    private static final int MARK_PRICE = 5;
    private static final int INSTRUMENT_NAME = 6;
    private static final int INDEX_PRICE = 7;
    private static final int DIRECTION = 8;
    private static final int AMOUNT = 9;
    private static final int LIQUIDATION = 10;
    private static final int IV = 11;
    private static final int BLOCK_TRADE_ID = 12;

    private static final JsonFieldTable FIELDS = new JsonFieldTable(13)
        .put("trade_seq", TRADE_SEQ)
        .put("trade_id", TRADE_ID)
        .put("timestamp", TIMESTAMP)
        .put("tick_direction", TICK_DIRECTION)
        .put("price", PRICE)
        .put("mark_price", MARK_PRICE)
        .put("instrument_name", INSTRUMENT_NAME)
        .put("index_price", INDEX_PRICE)
        .put("direction", DIRECTION)
        .put("amount", AMOUNT)
        .put("liquidation", LIQUIDATION)
        .put("iv", IV)
        .put("block_trade_id", BLOCK_TRADE_ID);

    static final JsonFieldTable DIRECTIONS = new JsonFieldTable(2)
        .put("buy", DeribitDirection.BUY.ordinal())
        .put("sell", DeribitDirection.SELL.ordinal());

    private static final DeribitDirection[] DIRECTION_BY_ORDINAL = DeribitDirection.values();

    private DeribitTrade[] trades = newTrades(new DeribitTrade[0], 8);
    private int count;
    private int skippedInMessage;
    private long skippedTrades;

    /**
     * Decodes the array at the parser's current {@link JsonParser#START_ARRAY} token, leaving the parser on its
     * {@link JsonParser#END_ARRAY}.
     *
     * @return true if decoded (possibly with malformed trades skipped, see {@link #skippedInMessage()}); false
     * when the value is not an array or the message breaks the JSON grammar.
     */
    boolean decode(final JsonParser parser)
    {
        count = 0;
        skippedInMessage = 0;
        if (parser.token() != JsonParser.START_ARRAY)
        {
            return false;
        }
        int token;
        while ((token = parser.nextToken()) != JsonParser.END_ARRAY && token != JsonParser.ERROR)
        {
            if (token != JsonParser.START_OBJECT)
            {
                parser.skipValue();
                skip();
                continue;
            }
            if (count == trades.length)
            {
                trades = newTrades(trades, trades.length * 2);
            }
            if (decodeTrade(parser, trades[count]))
            {
                count++;
            }
            else if (parser.hasError())
            {
                return false;
            }
            else
            {
                skip();
            }
        }
        if (token != JsonParser.END_ARRAY || parser.hasError())
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            trades[i].indexInMessage = i;
            trades[i].tradesInMessage = count;
        }
        return true;
    }

    /**
     * Malformed trades skipped in the last decoded message.
     */
    int skippedInMessage()
    {
        return skippedInMessage;
    }

    /**
     * Malformed trades skipped since creation (message thread).
     */
    long skippedTrades()
    {
        return skippedTrades;
    }

    /**
     * Trades decoded by the last successful {@link #decode}.
     */
    int count()
    {
        return count;
    }

    DeribitTrade trade(final int index)
    {
        return trades[index];
    }

    static DeribitDirection direction(final JsonParser parser)
    {
        final int ordinal = DIRECTIONS.lookupString(parser);
        return ordinal < 0 ? DeribitDirection.UNKNOWN : DIRECTION_BY_ORDINAL[ordinal];
    }

    private void skip()
    {
        skippedInMessage++;
        skippedTrades++;
    }

    /**
     * One trade, the parser on its {@link JsonParser#START_OBJECT}; reads the whole object even when a value is
     * malformed (the parser then stays out of error) and leaves the parser on its {@link JsonParser#END_OBJECT}.
     *
     * @return true when every field was valid.
     */
    private static boolean decodeTrade(final JsonParser parser, final DeribitTrade trade)
    {
        trade.reset();
        boolean valid = true;
        int field;
        while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS)
        {
            switch (field)
            {
                case TRADE_SEQ -> valid &= readLong(parser, trade, TRADE_SEQ);
                case TRADE_ID -> valid &= readText(parser, trade.tradeId);
                case TIMESTAMP -> valid &= readLong(parser, trade, TIMESTAMP);
                case TICK_DIRECTION -> valid &= readLong(parser, trade, TICK_DIRECTION);
                case PRICE -> valid &= readDecimal(parser, trade.price);
                case MARK_PRICE -> valid &= readDecimal(parser, trade.markPrice);
                case INSTRUMENT_NAME -> valid &= readString(parser, trade.instrumentName);
                case INDEX_PRICE -> valid &= readDecimal(parser, trade.indexPrice);
                case DIRECTION -> valid &= readDirection(parser, trade);
                case AMOUNT -> valid &= readDecimal(parser, trade.amount);
                case LIQUIDATION -> valid &= readString(parser, trade.liquidation);
                case IV -> valid &= readDecimal(parser, trade.iv);
                case BLOCK_TRADE_ID -> valid &= readText(parser, trade.blockTradeId);
                default -> parser.skipValue();
            }
        }
        return valid && parser.token() == JsonParser.END_OBJECT;
    }

    private static boolean readDecimal(final JsonParser parser, final Decimal dst)
    {
        if (parser.tryReadDecimal(dst) == JsonParser.VALUE_INVALID)
        {
            parser.skipValue();
            return false;
        }
        return true;
    }

    private static boolean readLong(final JsonParser parser, final DeribitTrade trade, final int field)
    {
        final int status = parser.tryReadLong();
        if (status == JsonParser.VALUE_INVALID)
        {
            parser.skipValue();
            return false;
        }
        if (status == JsonParser.VALUE_EXACT)
        {
            final long value = parser.longValue();
            switch (field)
            {
                case TRADE_SEQ -> trade.tradeSeq = value;
                case TIMESTAMP -> trade.timestampMs = value;
                default ->
                {
                    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
                    {
                        return false;
                    }
                    trade.tickDirection = (int)value;
                }
            }
        }
        return true;
    }

    private static boolean readDirection(final JsonParser parser, final DeribitTrade trade)
    {
        final int token = parser.token();
        if (token == JsonParser.STRING)
        {
            trade.direction = direction(parser);
            return true;
        }
        parser.skipValue();
        return token == JsonParser.NULL;
    }

    private static boolean readString(final JsonParser parser, final StringBuilder dst)
    {
        final int token = parser.token();
        if (token == JsonParser.STRING)
        {
            return parser.readString(dst);
        }
        parser.skipValue();
        return token == JsonParser.NULL;
    }

    /**
     * A string, or a number sent where a string id was expected (copied as sent).
     */
    private static boolean readText(final JsonParser parser, final StringBuilder dst)
    {
        if (parser.token() == JsonParser.NUMBER)
        {
            final byte[] bytes = parser.buffer();
            for (int i = parser.tokenOffset(), end = i + parser.tokenLength(); i < end; i++)
            {
                dst.append((char)bytes[i]);
            }
            return true;
        }
        return readString(parser, dst);
    }

    private static DeribitTrade[] newTrades(final DeribitTrade[] old, final int capacity)
    {
        final DeribitTrade[] grown = Arrays.copyOf(old, capacity);
        for (int i = old.length; i < capacity; i++)
        {
            grown[i] = new DeribitTrade();
        }
        return grown;
    }
}
