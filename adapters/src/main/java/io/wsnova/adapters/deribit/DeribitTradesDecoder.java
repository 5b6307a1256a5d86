package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;

import java.util.Arrays;

/**
 * Decodes the {@code data} array of a {@code trades.*} notification into pooled {@link DeribitTrade}s: one per
 * element, fields in any order, unknown fields skipped. The pool grows only when a notification carries more
 * trades than ever before. Message thread only.
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

    /**
     * Decodes the array at the parser's current {@link JsonParser#START_ARRAY} token, leaving the parser on its
     * {@link JsonParser#END_ARRAY}.
     *
     * @return true if decoded; false on a parse error or a value of the wrong type.
     */
    boolean decode(final JsonParser parser)
    {
        count = 0;
        if (parser.token() != JsonParser.START_ARRAY)
        {
            return false;
        }
        int token;
        while ((token = parser.nextToken()) == JsonParser.START_OBJECT)
        {
            if (count == trades.length)
            {
                trades = newTrades(trades, trades.length * 2);
            }
            if (!decodeTrade(parser, trades[count]))
            {
                return false;
            }
            count++;
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

    private static boolean decodeTrade(final JsonParser parser, final DeribitTrade trade)
    {
        trade.reset();
        int field;
        while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS)
        {
            switch (field)
            {
                case TRADE_SEQ -> trade.tradeSeq = parser.readLong();
                case TRADE_ID -> readText(parser, trade.tradeId);
                case TIMESTAMP -> trade.timestampMs = parser.readLong();
                case TICK_DIRECTION -> trade.tickDirection = (int)parser.readLong();
                case PRICE -> parser.readDecimal(trade.price);
                case MARK_PRICE -> parser.readDecimal(trade.markPrice);
                case INSTRUMENT_NAME -> parser.readString(trade.instrumentName);
                case INDEX_PRICE -> parser.readDecimal(trade.indexPrice);
                case DIRECTION -> trade.direction = direction(parser);
                case AMOUNT -> parser.readDecimal(trade.amount);
                case LIQUIDATION -> parser.readString(trade.liquidation);
                case IV -> parser.readDecimal(trade.iv);
                case BLOCK_TRADE_ID -> readText(parser, trade.blockTradeId);
                default -> parser.skipValue();
            }
        }
        return parser.token() == JsonParser.END_OBJECT;
    }

    /**
     * A string, or a number sent where a string id was expected (copied as sent).
     */
    private static void readText(final JsonParser parser, final StringBuilder dst)
    {
        if (parser.token() == JsonParser.NUMBER)
        {
            final byte[] bytes = parser.buffer();
            for (int i = parser.tokenOffset(), end = i + parser.tokenLength(); i < end; i++)
            {
                dst.append((char)bytes[i]);
            }
            return;
        }
        parser.readString(dst);
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
