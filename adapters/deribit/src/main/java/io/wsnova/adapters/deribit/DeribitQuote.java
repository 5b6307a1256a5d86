package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;

/**
 * A pooled, reusable {@code quote.{instrument}} notification: the best bid and ask, price and amount, as exact
 * {@link Decimal}s (use {@link Decimal#toDouble()} for a double); a side the venue sent as {@code null} or not at
 * all is a null {@code Decimal}.
 * <p>
 * Ownership: written by the connection's message thread; valid during
 * {@link DeribitMarketListener#onQuote} only, then reused. Copy what must outlive the call.
 */
public final class DeribitQuote
{
    private static final int TIMESTAMP = 0;
    private static final int INSTRUMENT_NAME = 1;
    private static final int BEST_BID_PRICE = 2;
    private static final int BEST_BID_AMOUNT = 3;
    private static final int BEST_ASK_PRICE = 4;
    private static final int BEST_ASK_AMOUNT = 5;

    private static final JsonFieldTable FIELDS = new JsonFieldTable(6)
        .put("timestamp", TIMESTAMP)
        .put("instrument_name", INSTRUMENT_NAME)
        .put("best_bid_price", BEST_BID_PRICE)
        .put("best_bid_amount", BEST_BID_AMOUNT)
        .put("best_ask_price", BEST_ASK_PRICE)
        .put("best_ask_amount", BEST_ASK_AMOUNT);

    private final StringBuilder instrumentName = new StringBuilder(64);
    private final Decimal bestBidPrice = new Decimal();
    private final Decimal bestBidAmount = new Decimal();
    private final Decimal bestAskPrice = new Decimal();
    private final Decimal bestAskAmount = new Decimal();
    private long timestampMs;

    /**
     * Creates an empty quote (all values null).
     */
    public DeribitQuote()
    {
        reset();
    }

    /**
     * Clears every field to null / 0; the decoder calls it before each fill.
     */
    public void reset()
    {
        instrumentName.setLength(0);
        timestampMs = 0L;
        bestBidPrice.setNull();
        bestBidAmount.setNull();
        bestAskPrice.setNull();
        bestAskAmount.setNull();
    }

    /**
     * The instrument.
     *
     * @return e.g. {@code BTC-PERPETUAL}; a reused character holder.
     */
    public CharSequence instrumentName()
    {
        return instrumentName;
    }

    /**
     * The venue timestamp of the quote.
     *
     * @return milliseconds since the epoch.
     */
    public long timestampMs()
    {
        return timestampMs;
    }

    /**
     * Best bid price.
     *
     * @return {@code best_bid_price}.
     */
    public Decimal bestBidPrice()
    {
        return bestBidPrice;
    }

    /**
     * Amount at the best bid.
     *
     * @return {@code best_bid_amount}.
     */
    public Decimal bestBidAmount()
    {
        return bestBidAmount;
    }

    /**
     * Best ask price.
     *
     * @return {@code best_ask_price}.
     */
    public Decimal bestAskPrice()
    {
        return bestAskPrice;
    }

    /**
     * Amount at the best ask.
     *
     * @return {@code best_ask_amount}.
     */
    public Decimal bestAskAmount()
    {
        return bestAskAmount;
    }

    /**
     * Fills the quote from the object at the parser's current {@link JsonParser#START_OBJECT} token and leaves
     * the parser on its {@link JsonParser#END_OBJECT}.
     *
     * @return true if decoded; false on a parse error or when the value is not an object.
     */
    boolean decode(final JsonParser parser)
    {
        reset();
        if (parser.token() != JsonParser.START_OBJECT)
        {
            return false;
        }
        int field;
        while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS)
        {
            switch (field)
            {
                case TIMESTAMP -> timestampMs = parser.readLong();
                case INSTRUMENT_NAME -> parser.readString(instrumentName);
                case BEST_BID_PRICE -> parser.readDecimal(bestBidPrice);
                case BEST_BID_AMOUNT -> parser.readDecimal(bestBidAmount);
                case BEST_ASK_PRICE -> parser.readDecimal(bestAskPrice);
                case BEST_ASK_AMOUNT -> parser.readDecimal(bestAskAmount);
                default -> parser.skipValue();
            }
        }
        return parser.token() == JsonParser.END_OBJECT && !parser.hasError();
    }

    /**
     * All fields, for logs and tests. Allocates: not for the hot path.
     *
     * @return a description.
     */
    @Override
    public String toString()
    {
        return "DeribitQuote{instrumentName=" + instrumentName + ", timestampMs=" + timestampMs +
            ", bestBid=" + bestBidAmount + "@" + bestBidPrice + ", bestAsk=" + bestAskAmount + "@" + bestAskPrice + "}";
    }
}
