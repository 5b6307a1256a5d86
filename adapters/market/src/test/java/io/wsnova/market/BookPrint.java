package io.wsnova.market;

/**
 * The canonical text of a book as the OKX mock prints its book at a {@code seqId}
 * ({@code [[price,size],...]|[[price,size],...]}, bids then asks, best first, decimals as received): shared by the
 * OKX and A/B tests through the {@code wsnova-market} test-jar.
 */
public final class BookPrint
{
    private BookPrint()
    {
    }

    /**
     * The book's levels as text.
     *
     * @param book the book.
     * @return bids and asks, each {@code [[price,size],...]}, separated by {@code |}.
     */
    public static String canonical(final OrderBook book)
    {
        final StringBuilder text = new StringBuilder();
        levels(text, book.bids());
        text.append('|');
        levels(text, book.asks());
        return text.toString();
    }

    private static void levels(final StringBuilder text, final PriceLevels levels)
    {
        text.append('[');
        for (int i = 0; i < levels.depth(); i++)
        {
            text.append(i == 0 ? "" : ",").append('[');
            levels.price(i).appendTo(text).append(',');
            levels.size(i).appendTo(text).append(']');
        }
        text.append(']');
    }
}
