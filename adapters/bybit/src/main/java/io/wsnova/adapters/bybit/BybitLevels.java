package io.wsnova.adapters.bybit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;

/**
 * Reads Bybit's level arrays {@code b} and {@code a} ({@code [["price","size"],...]}, numbers as strings or JSON
 * numbers, extra elements skipped; size {@code "0"} deletes) into a {@link BookUpdate}. Allocation-free.
 */
final class BybitLevels
{
    private BybitLevels()
    {
    }

    /**
     * Reads the array whose {@link JsonParser#START_ARRAY} is the current token.
     *
     * @return false when a level is malformed (not an array, a price or quantity that is not a number, or null):
     * the message must be dropped, applying the rest would corrupt the book.
     */
    static boolean read(final JsonParser parser, final BookSide side, final BookUpdate update, final Decimal price,
        final Decimal size)
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
