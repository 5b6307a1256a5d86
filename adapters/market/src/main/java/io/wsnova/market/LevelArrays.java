package io.wsnova.market;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;

/**
 * Reads a venue's array of price levels, {@code [["price","size"],...]} (Binance {@code b}/{@code a} and its REST
 * depth, Bybit {@code b}/{@code a}; numbers as strings or JSON numbers; extra elements of a level, such as OKX's
 * order counts, skipped), into a {@link BookUpdate}, one level per element; a size of zero is the venue's delete
 * and the book applies it as one. Allocation-free.
 */
public final class LevelArrays
{
    private LevelArrays()
    {
    }

    /**
     * Reads the array whose {@link JsonParser#START_ARRAY} is the parser's current token, up to and including its
     * {@link JsonParser#END_ARRAY}.
     *
     * @param parser the parser, on the array's start.
     * @param side   the side the levels belong to.
     * @param update where each level is added.
     * @param price  scratch for a level's price.
     * @param size   scratch for a level's size.
     * @return false when a level is malformed (not an array, a price or size that is not a number, or null): the
     * message must be dropped, applying the rest would corrupt the book.
     */
    public static boolean read(final JsonParser parser, final BookSide side, final BookUpdate update,
        final Decimal price, final Decimal size)
    {
        while (true)
        {
            final int token = parser.nextToken();
            if (token == JsonParser.END_ARRAY)
            {
                return true;
            }
            if (token != JsonParser.START_ARRAY)
            {
                return false;
            }
            parser.nextToken();
            if (!parser.readDecimal(price))
            {
                return false;
            }
            parser.nextToken();
            if (!parser.readDecimal(size))
            {
                return false;
            }
            int next = parser.nextToken();
            while (next != JsonParser.END_ARRAY)
            {
                if (next == JsonParser.ERROR || next == JsonParser.END_OF_INPUT || parser.skipValue() < 0)
                {
                    return false;
                }
                next = parser.nextToken();
            }
            update.addLevel(side, price, size);
        }
    }
}
