package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link DeribitOrder} from the result of {@code private/buy} and {@code private/sell}
 * ({@code {"trades":[...],"order":{...}}}) or {@code private/cancel} (the order object itself): one walk over the
 * response, fields in any order, unknown fields skipped. Control plane: one parser per response.
 */
final class DeribitOrderParser
{
    private static final int ORDER_ID = 0;
    private static final int INSTRUMENT_NAME = 1;
    private static final int ORDER_STATE = 2;
    private static final int DIRECTION = 3;
    private static final int ORDER_TYPE = 4;
    private static final int TIME_IN_FORCE = 5;
    private static final int LABEL = 6;
    private static final int PRICE = 7;
    private static final int AMOUNT = 8;
    private static final int FILLED_AMOUNT = 9;
    private static final int AVERAGE_PRICE = 10;
    private static final int POST_ONLY = 11;
    private static final int REDUCE_ONLY = 12;
    private static final int CREATION_TIMESTAMP = 13;
    private static final int LAST_UPDATE_TIMESTAMP = 14;
    private static final int ORDER = 15;
    private static final int TRADES = 16;

    private static final JsonFieldTable ORDER_FIELDS = new JsonFieldTable(17)
        .put("order_id", ORDER_ID)
        .put("instrument_name", INSTRUMENT_NAME)
        .put("order_state", ORDER_STATE)
        .put("direction", DIRECTION)
        .put("order_type", ORDER_TYPE)
        .put("time_in_force", TIME_IN_FORCE)
        .put("label", LABEL)
        .put("price", PRICE)
        .put("amount", AMOUNT)
        .put("filled_amount", FILLED_AMOUNT)
        .put("average_price", AVERAGE_PRICE)
        .put("post_only", POST_ONLY)
        .put("reduce_only", REDUCE_ONLY)
        .put("creation_timestamp", CREATION_TIMESTAMP)
        .put("last_update_timestamp", LAST_UPDATE_TIMESTAMP)
        .put("order", ORDER)
        .put("trades", TRADES);

    private static final int TRADE_ID = 0;
    private static final int TRADE_SEQ = 1;
    private static final int TIMESTAMP = 2;
    private static final int TRADE_PRICE = 3;
    private static final int TRADE_AMOUNT = 4;
    private static final int FEE = 5;
    private static final int FEE_CURRENCY = 6;
    private static final int LIQUIDITY = 7;

    private static final JsonFieldTable FILL_FIELDS = new JsonFieldTable(8)
        .put("trade_id", TRADE_ID)
        .put("trade_seq", TRADE_SEQ)
        .put("timestamp", TIMESTAMP)
        .put("price", TRADE_PRICE)
        .put("amount", TRADE_AMOUNT)
        .put("fee", FEE)
        .put("fee_currency", FEE_CURRENCY)
        .put("liquidity", LIQUIDITY);

    private static final JsonFieldTable STATES = new JsonFieldTable(5)
        .put("open", DeribitOrder.State.OPEN.ordinal())
        .put("filled", DeribitOrder.State.FILLED.ordinal())
        .put("rejected", DeribitOrder.State.REJECTED.ordinal())
        .put("cancelled", DeribitOrder.State.CANCELLED.ordinal())
        .put("untriggered", DeribitOrder.State.UNTRIGGERED.ordinal());

    private static final DeribitOrder.State[] STATE_BY_ORDINAL = DeribitOrder.State.values();
    private static final JsonFieldTable RESULT = new JsonFieldTable(1).put("result", 0);

    String orderId;
    String instrumentName;
    DeribitOrder.State state = DeribitOrder.State.UNKNOWN;
    DeribitDirection direction = DeribitDirection.UNKNOWN;
    String orderType;
    String timeInForce;
    String label;
    final Decimal price = new Decimal().setNull();
    final Decimal amount = new Decimal().setNull();
    final Decimal filledAmount = new Decimal().setNull();
    final Decimal averagePrice = new Decimal().setNull();
    boolean postOnly;
    boolean reduceOnly;
    long creationTimestampMs;
    long lastUpdateTimestampMs;
    final List<DeribitOrder.Fill> fills = new ArrayList<>();
    private boolean malformed;

    private DeribitOrderParser()
    {
    }

    /**
     * Parses a success response.
     *
     * @param response the response of {@code private/buy}, {@code private/sell} or {@code private/cancel}.
     * @return the order, or null when the result is not an order (malformed: a {@code direction},
     * {@code post_only} or {@code reduce_only} of the wrong type, a {@code trades} element that is not an object,
     * a number field that is not a number...; or no {@code order_id}).
     */
    static DeribitOrder parse(final Response response)
    {
        final JsonParser parser = response.parse(new JsonParser(1024, 1 << 24, JsonParser.DEFAULT_MAX_DEPTH));
        if (parser.nextToken() != JsonParser.START_OBJECT)
        {
            return null;
        }
        final DeribitOrderParser order = new DeribitOrderParser();
        int field;
        while ((field = parser.nextField(RESULT)) != JsonParser.END_OF_FIELDS)
        {
            if (field == 0 && parser.token() == JsonParser.START_OBJECT)
            {
                order.readOrderFields(parser);
            }
            else
            {
                parser.skipValue();
            }
        }
        if (parser.hasError() || order.malformed || order.orderId == null)
        {
            return null;
        }
        return new DeribitOrder(order);
    }

    /**
     * The fields of an object holding order fields, an {@code order} object, or {@code trades}.
     */
    private void readOrderFields(final JsonParser parser)
    {
        int field;
        while ((field = parser.nextField(ORDER_FIELDS)) != JsonParser.END_OF_FIELDS)
        {
            switch (field)
            {
                case ORDER_ID -> orderId = text(parser);
                case INSTRUMENT_NAME -> instrumentName = text(parser);
                case ORDER_STATE -> state = state(parser);
                case DIRECTION -> direction = direction(parser);
                case ORDER_TYPE -> orderType = text(parser);
                case TIME_IN_FORCE -> timeInForce = text(parser);
                case LABEL -> label = emptyToNull(text(parser));
                case PRICE -> decimal(parser, price);
                case AMOUNT -> decimal(parser, amount);
                case FILLED_AMOUNT -> decimal(parser, filledAmount);
                case AVERAGE_PRICE -> decimal(parser, averagePrice);
                case POST_ONLY -> postOnly = flag(parser);
                case REDUCE_ONLY -> reduceOnly = flag(parser);
                case CREATION_TIMESTAMP -> creationTimestampMs = parser.readLong();
                case LAST_UPDATE_TIMESTAMP -> lastUpdateTimestampMs = parser.readLong();
                case ORDER ->
                {
                    if (parser.token() == JsonParser.START_OBJECT)
                    {
                        readOrderFields(parser);
                    }
                    else
                    {
                        parser.skipValue();
                    }
                }
                case TRADES -> readFills(parser);
                default -> parser.skipValue();
            }
        }
    }

    private void readFills(final JsonParser parser)
    {
        if (parser.token() != JsonParser.START_ARRAY)
        {
            parser.skipValue();
            return;
        }
        int token;
        while ((token = parser.nextToken()) != JsonParser.END_ARRAY && token != JsonParser.ERROR)
        {
            if (token != JsonParser.START_OBJECT)
            {
                // Skipped whole: stopping inside the array would read what follows as the order's own fields.
                malformed = true;
                parser.skipValue();
                continue;
            }
            String tradeId = null;
            long tradeSeq = 0;
            long timestampMs = 0;
            String fillPrice = null;
            String fillAmount = null;
            String fee = null;
            String feeCurrency = null;
            String liquidity = null;
            int field;
            while ((field = parser.nextField(FILL_FIELDS)) != JsonParser.END_OF_FIELDS)
            {
                switch (field)
                {
                    case TRADE_ID -> tradeId = text(parser);
                    case TRADE_SEQ -> tradeSeq = parser.readLong();
                    case TIMESTAMP -> timestampMs = parser.readLong();
                    case TRADE_PRICE -> fillPrice = text(parser);
                    case TRADE_AMOUNT -> fillAmount = text(parser);
                    case FEE -> fee = text(parser);
                    case FEE_CURRENCY -> feeCurrency = text(parser);
                    case LIQUIDITY -> liquidity = text(parser);
                    default -> parser.skipValue();
                }
            }
            fills.add(new DeribitOrder.Fill(tradeId, tradeSeq, timestampMs, fillPrice, fillAmount, fee, feeCurrency,
                liquidity));
        }
    }

    /**
     * A direction string (unknown text is {@link DeribitDirection#UNKNOWN}), or null; another type is skipped whole
     * and makes the order malformed.
     */
    private DeribitDirection direction(final JsonParser parser)
    {
        final int token = parser.token();
        if (token == JsonParser.STRING)
        {
            return DeribitTradesDecoder.direction(parser);
        }
        if (token != JsonParser.NULL)
        {
            malformed = true;
            parser.skipValue();
        }
        return DeribitDirection.UNKNOWN;
    }

    /**
     * {@code true}, {@code false} or null (false); another type is skipped whole and makes the order malformed.
     */
    private boolean flag(final JsonParser parser)
    {
        final int token = parser.token();
        if (token != JsonParser.TRUE && token != JsonParser.FALSE && token != JsonParser.NULL)
        {
            malformed = true;
            parser.skipValue();
        }
        return token == JsonParser.TRUE;
    }

    private static DeribitOrder.State state(final JsonParser parser)
    {
        final int ordinal = STATES.lookupString(parser);
        if (ordinal < 0)
        {
            parser.skipValue();
            return DeribitOrder.State.UNKNOWN;
        }
        return STATE_BY_ORDINAL[ordinal];
    }

    /**
     * A number in any form of the JSON grammar (inexact when no decimal holds it, text kept), or a string holding
     * one; another string (Deribit sends {@code "market_price"} as the price of some market orders), another type
     * or null is a null decimal.
     */
    private static void decimal(final JsonParser parser, final Decimal dst)
    {
        if (parser.tryReadDecimal(dst) == JsonParser.VALUE_INVALID)
        {
            dst.setNull();
            parser.skipValue();
        }
    }

    /**
     * A string, or a number as sent; null for anything else.
     */
    private static String text(final JsonParser parser)
    {
        final int token = parser.token();
        if (token == JsonParser.NUMBER)
        {
            return new String(parser.buffer(), parser.tokenOffset(), parser.tokenLength(), StandardCharsets.US_ASCII);
        }
        if (token == JsonParser.STRING)
        {
            final StringBuilder text = new StringBuilder(parser.tokenLength());
            parser.readString(text);
            return text.toString();
        }
        parser.skipValue();
        return null;
    }

    private static String emptyToNull(final String text)
    {
        return text == null || text.isEmpty() ? null : text;
    }
}
