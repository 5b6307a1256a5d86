package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;

/**
 * Decodes the {@code data} object of a ticker notification into a {@link DeribitTicker}: one pass, fields in any
 * order. A decimal field where the usual order puts it, in the plain number form, is read by
 * {@link JsonParser#nextDecimalField} (name compared as words, number read straight into the ticker); anything else
 * takes one {@link JsonParser#nextField} call (the predicted name, or a hash lookup) and the general readers.
 * Unknown fields (option greeks, future additions) are skipped. Stateless; reader thread only (through its parser).
 */
final class DeribitTickerDecoder
{
    private static final int BEST_ASK_AMOUNT = 0;
    private static final int BEST_ASK_PRICE = 1;
    private static final int BEST_BID_AMOUNT = 2;
    private static final int BEST_BID_PRICE = 3;
    private static final int CURRENT_FUNDING = 4;
    private static final int ESTIMATED_DELIVERY_PRICE = 5;
    private static final int FUNDING_8H = 6;
    private static final int INDEX_PRICE = 7;
    private static final int INSTRUMENT_NAME = 8;
    private static final int INTEREST_VALUE = 9;
    private static final int LAST_PRICE = 10;
    private static final int MARK_PRICE = 11;
    private static final int MAX_PRICE = 12;
    private static final int MIN_PRICE = 13;
    private static final int OPEN_INTEREST = 14;
    private static final int SETTLEMENT_PRICE = 15;
    private static final int STATE = 16;
    private static final int STATS = 17;
    private static final int TIMESTAMP = 18;

    private static final JsonFieldTable FIELDS = new JsonFieldTable(19)
        .put("best_ask_amount", BEST_ASK_AMOUNT)
        .put("best_ask_price", BEST_ASK_PRICE)
        .put("best_bid_amount", BEST_BID_AMOUNT)
        .put("best_bid_price", BEST_BID_PRICE)
        .put("current_funding", CURRENT_FUNDING)
        .put("estimated_delivery_price", ESTIMATED_DELIVERY_PRICE)
        .put("funding_8h", FUNDING_8H)
        .put("index_price", INDEX_PRICE)
        .put("instrument_name", INSTRUMENT_NAME)
        .put("interest_value", INTEREST_VALUE)
        .put("last_price", LAST_PRICE)
        .put("mark_price", MARK_PRICE)
        .put("max_price", MAX_PRICE)
        .put("min_price", MIN_PRICE)
        .put("open_interest", OPEN_INTEREST)
        .put("settlement_price", SETTLEMENT_PRICE)
        .put("state", STATE)
        .put("stats", STATS)
        .put("timestamp", TIMESTAMP);

    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final int PRICE_CHANGE = 2;
    private static final int VOLUME = 3;
    private static final int VOLUME_USD = 4;

    private static final JsonFieldTable STATS_FIELDS = new JsonFieldTable(5)
        .put("high", HIGH)
        .put("low", LOW)
        .put("price_change", PRICE_CHANGE)
        .put("volume", VOLUME)
        .put("volume_usd", VOLUME_USD);

    private static final JsonFieldTable STATES = new JsonFieldTable(2)
        .put("open", DeribitTicker.STATE_OPEN)
        .put("closed", DeribitTicker.STATE_CLOSED);

    private DeribitTickerDecoder()
    {
    }

    /**
     * Fills the ticker from the object at the parser's current {@link JsonParser#START_OBJECT} token and leaves
     * the parser on its {@link JsonParser#END_OBJECT}.
     *
     * @return true if decoded; false on a parse error or when the value is not an object.
     */
    static boolean decode(final JsonParser parser, final DeribitTicker ticker)
    {
        ticker.reset();
        if (parser.token() != JsonParser.START_OBJECT)
        {
            return false;
        }
        int order = 0;
        while (true)
        {
            // The usual message: the fields in the table's order, prices in the plain form, read straight into the
            // ticker; anything else (and every non-decimal field) takes nextField, which predicts the next one again.
            final Decimal fast = decimalAt(ticker, order);
            if (fast != null && parser.nextDecimalField(FIELDS, order, fast))
            {
                order++;
                continue;
            }
            final int field = parser.nextField(FIELDS);
            if (field == JsonParser.END_OF_FIELDS)
            {
                break;
            }
            order = field + 1;
            switch (field)
            {
                case BEST_ASK_AMOUNT -> parser.readDecimal(ticker.bestAskAmount);
                case BEST_ASK_PRICE -> parser.readDecimal(ticker.bestAskPrice);
                case BEST_BID_AMOUNT -> parser.readDecimal(ticker.bestBidAmount);
                case BEST_BID_PRICE -> parser.readDecimal(ticker.bestBidPrice);
                case CURRENT_FUNDING -> parser.readDecimal(ticker.currentFunding);
                case ESTIMATED_DELIVERY_PRICE -> parser.readDecimal(ticker.estimatedDeliveryPrice);
                case FUNDING_8H -> parser.readDecimal(ticker.funding8h);
                case INDEX_PRICE -> parser.readDecimal(ticker.indexPrice);
                case INSTRUMENT_NAME -> parser.readString(ticker.instrumentName);
                case INTEREST_VALUE -> parser.readDecimal(ticker.interestValue);
                case LAST_PRICE -> parser.readDecimal(ticker.lastPrice);
                case MARK_PRICE -> parser.readDecimal(ticker.markPrice);
                case MAX_PRICE -> parser.readDecimal(ticker.maxPrice);
                case MIN_PRICE -> parser.readDecimal(ticker.minPrice);
                case OPEN_INTEREST -> parser.readDecimal(ticker.openInterest);
                case SETTLEMENT_PRICE -> parser.readDecimal(ticker.settlementPrice);
                case STATE -> ticker.state = decodeState(parser);
                case STATS -> decodeStats(parser, ticker);
                case TIMESTAMP -> ticker.timestampMs = parser.readLong();
                default -> parser.skipValue();
            }
        }
        return parser.token() == JsonParser.END_OBJECT;
    }

    private static int decodeState(final JsonParser parser)
    {
        if (parser.token() != JsonParser.STRING)
        {
            parser.skipValue();
            return DeribitTicker.STATE_UNKNOWN;
        }
        return Math.max(DeribitTicker.STATE_UNKNOWN, STATES.lookupString(parser));
    }

    private static void decodeStats(final JsonParser parser, final DeribitTicker ticker)
    {
        if (parser.token() != JsonParser.START_OBJECT)
        {
            parser.skipValue();
            return;
        }
        int order = 0;
        while (true)
        {
            final Decimal fast = statsDecimalAt(ticker, order);
            if (fast != null && parser.nextDecimalField(STATS_FIELDS, order, fast))
            {
                order++;
                continue;
            }
            final int field = parser.nextField(STATS_FIELDS);
            if (field == JsonParser.END_OF_FIELDS)
            {
                break;
            }
            order = field + 1;
            switch (field)
            {
                case HIGH -> parser.readDecimal(ticker.statsHigh);
                case LOW -> parser.readDecimal(ticker.statsLow);
                case PRICE_CHANGE -> parser.readDecimal(ticker.statsPriceChange);
                case VOLUME -> parser.readDecimal(ticker.statsVolume);
                case VOLUME_USD -> parser.readDecimal(ticker.statsVolumeUsd);
                default -> parser.skipValue();
            }
        }
    }

    /**
     * The decimal of the field at {@code order} in {@link #FIELDS} (ids are put orders), or null.
     */
    private static Decimal decimalAt(final DeribitTicker ticker, final int order)
    {
        return switch (order)
        {
            case BEST_ASK_AMOUNT -> ticker.bestAskAmount;
            case BEST_ASK_PRICE -> ticker.bestAskPrice;
            case BEST_BID_AMOUNT -> ticker.bestBidAmount;
            case BEST_BID_PRICE -> ticker.bestBidPrice;
            case CURRENT_FUNDING -> ticker.currentFunding;
            case ESTIMATED_DELIVERY_PRICE -> ticker.estimatedDeliveryPrice;
            case FUNDING_8H -> ticker.funding8h;
            case INDEX_PRICE -> ticker.indexPrice;
            case INTEREST_VALUE -> ticker.interestValue;
            case LAST_PRICE -> ticker.lastPrice;
            case MARK_PRICE -> ticker.markPrice;
            case MAX_PRICE -> ticker.maxPrice;
            case MIN_PRICE -> ticker.minPrice;
            case OPEN_INTEREST -> ticker.openInterest;
            case SETTLEMENT_PRICE -> ticker.settlementPrice;
            default -> null;
        };
    }

    /**
     * The decimal of the field at {@code order} in {@link #STATS_FIELDS}, or null.
     */
    private static Decimal statsDecimalAt(final DeribitTicker ticker, final int order)
    {
        return switch (order)
        {
            case HIGH -> ticker.statsHigh;
            case LOW -> ticker.statsLow;
            case PRICE_CHANGE -> ticker.statsPriceChange;
            case VOLUME -> ticker.statsVolume;
            case VOLUME_USD -> ticker.statsVolumeUsd;
            default -> null;
        };
    }
}
