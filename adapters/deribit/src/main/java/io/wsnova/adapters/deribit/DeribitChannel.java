package io.wsnova.adapters.deribit;

import java.nio.charset.StandardCharsets;

/**
 * Kinds of Deribit subscription channel, classified by the prefix of the channel name without creating a
 * {@code String}. New kinds (book, trades, quote) are decoded by their own data decoders as the adapter grows.
 */
final class DeribitChannel
{
    static final int UNKNOWN = 0;
    static final int TICKER = 1;
    static final int BOOK = 2;
    static final int TRADES = 3;
    static final int QUOTE = 4;
    static final int OTHER = 5;

    private static final byte[] TICKER_PREFIX = ascii("ticker.");
    private static final byte[] BOOK_PREFIX = ascii("book.");
    private static final byte[] TRADES_PREFIX = ascii("trades.");
    private static final byte[] QUOTE_PREFIX = ascii("quote.");

    private DeribitChannel()
    {
    }

    /**
     * Classifies a channel name given as raw bytes.
     *
     * @return {@link #TICKER}, {@link #BOOK}, {@link #TRADES}, {@link #QUOTE} or {@link #OTHER}.
     */
    static int classify(final byte[] bytes, final int offset, final int length)
    {
        if (length > 0)
        {
            switch (bytes[offset])
            {
                case 't':
                    if (startsWith(bytes, offset, length, TICKER_PREFIX))
                    {
                        return TICKER;
                    }
                    return startsWith(bytes, offset, length, TRADES_PREFIX) ? TRADES : OTHER;
                case 'b':
                    return startsWith(bytes, offset, length, BOOK_PREFIX) ? BOOK : OTHER;
                case 'q':
                    return startsWith(bytes, offset, length, QUOTE_PREFIX) ? QUOTE : OTHER;
                default:
                    return OTHER;
            }
        }
        return OTHER;
    }

    private static boolean startsWith(final byte[] bytes, final int offset, final int length, final byte[] prefix)
    {
        if (length < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (bytes[offset + i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
