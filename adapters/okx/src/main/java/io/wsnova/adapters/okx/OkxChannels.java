package io.wsnova.adapters.okx;

import java.nio.charset.StandardCharsets;

/**
 * The OKX v5 public channels the adapter maps, by kind. The first {@link #BOOK_KINDS} kinds are books.
 */
final class OkxChannels
{
    static final int UNKNOWN = -1;
    /** {@code books}: 400 levels, snapshot then updates every 100 ms, seqId/prevSeqId, checksum. */
    static final int BOOKS = 0;
    /** {@code books-l2-tbt}: as {@code books}, tick by tick. */
    static final int BOOKS_L2_TBT = 1;
    /** {@code books50-l2-tbt}: 50 levels tick by tick. */
    static final int BOOKS50_L2_TBT = 2;
    /** {@code books5}: a full 5-level snapshot every push. */
    static final int BOOKS5 = 3;
    /** {@code bbo-tbt}: a full 1-level snapshot every push. */
    static final int BBO_TBT = 4;
    /** Book kinds: 0 to this, exclusive. */
    static final int BOOK_KINDS = 5;
    /** {@code trades} (and {@code trades-all} of the business endpoint, same shape). */
    static final int TRADES = 5;
    /** {@code tickers}. */
    static final int TICKERS = 6;
    /** {@code funding-rate}. */
    static final int FUNDING_RATE = 7;
    /** {@code mark-price}. */
    static final int MARK_PRICE = 8;
    /** {@code open-interest}. */
    static final int OPEN_INTEREST = 9;

    private static final byte[][] NAMES = {
        ascii("books"), ascii("books-l2-tbt"), ascii("books50-l2-tbt"), ascii("books5"), ascii("bbo-tbt"),
        ascii("trades"), ascii("tickers"), ascii("funding-rate"), ascii("mark-price"), ascii("open-interest"),
    };
    private static final byte[] TRADES_ALL = ascii("trades-all");

    private OkxChannels()
    {
    }

    /**
     * The kind of a channel name.
     *
     * @return a kind, or {@link #UNKNOWN}.
     */
    static int kind(final byte[] name, final int length)
    {
        for (int kind = 0; kind < NAMES.length; kind++)
        {
            if (equals(NAMES[kind], name, length))
            {
                return kind;
            }
        }
        return equals(TRADES_ALL, name, length) ? TRADES : UNKNOWN;
    }

    /**
     * Whether a kind's messages carry {@code action} snapshot/update with sequence ids (else every push is a full
     * snapshot).
     */
    static boolean isIncremental(final int kind)
    {
        return kind == BOOKS || kind == BOOKS_L2_TBT || kind == BOOKS50_L2_TBT;
    }

    static String name(final int kind)
    {
        return kind < 0 ? "?" : new String(NAMES[kind], StandardCharsets.US_ASCII);
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean equals(final byte[] expected, final byte[] bytes, final int length)
    {
        return expected.length == length && java.util.Arrays.equals(expected, 0, length, bytes, 0, length);
    }
}
