package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;

/**
 * Decodes the {@code data} object of a ticker notification into a {@link DeribitTicker}: one pass, fields in any
 * order, one {@link JsonParser#nextField} call per field (the name looked up in a hash table on the hash DSL-JSON
 * computed while scanning, the value scanned), unknown fields (option greeks, future additions) skipped. Stateless;
 * reader thread only (through its parser).
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
        int field;
        while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS)
        {
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
        int field;
        while ((field = parser.nextField(STATS_FIELDS)) != JsonParser.END_OF_FIELDS)
        {
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
}
