package io.wsnova.adapters.okx;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;

import java.util.zip.CRC32;

/**
 * OKX's book checksum: CRC32 over the top {@link #DEPTH} levels of each side interleaved
 * {@code bid1Px:bid1Sz:ask1Px:ask1Sz:bid2Px:...} (a side with fewer levels is skipped where it ends), prices and
 * sizes as the venue wrote them, compared as a signed 32-bit int. The text is rebuilt from the book's exact
 * decimals, which keep the venue's scale ({@code "0.50"} stays {@code 0.50}); a number the venue wrote in exponent
 * form would print in plain form and fail the check (OKX writes plain decimals).
 * <p>
 * One instance per connection, message thread only: a reused {@link CRC32}, text builder and byte buffer, so a
 * check allocates nothing after warm-up.
 */
final class OkxChecksum
{
    /** Levels per side in the checksum. */
    static final int DEPTH = 25;

    private final CRC32 crc = new CRC32();
    private final StringBuilder text = new StringBuilder(64);
    private byte[] bytes = new byte[2048];
    private int length;

    /**
     * The checksum of a book's top levels.
     *
     * @param book the book.
     * @return the CRC32 as a signed int.
     */
    int compute(final OrderBook book)
    {
        final PriceLevels bids = book.bids();
        final PriceLevels asks = book.asks();
        final int bidLevels = Math.min(DEPTH, bids.depth());
        final int askLevels = Math.min(DEPTH, asks.depth());
        length = 0;
        for (int level = 0, levels = Math.max(bidLevels, askLevels); level < levels; level++)
        {
            if (level < bidLevels)
            {
                append(bids.price(level));
                append(bids.size(level));
            }
            if (level < askLevels)
            {
                append(asks.price(level));
                append(asks.size(level));
            }
        }
        crc.reset();
        // The text is fields joined by ':': every field was appended with a ':' before it, so skip the first byte.
        crc.update(bytes, length == 0 ? 0 : 1, Math.max(0, length - 1));
        return (int)crc.getValue();
    }

    /**
     * The checksum of a text (tests, and the reference example).
     *
     * @param ascii the text.
     * @return the CRC32 as a signed int.
     */
    static int of(final String ascii)
    {
        final CRC32 crc = new CRC32();
        crc.update(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return (int)crc.getValue();
    }

    private void append(final Decimal value)
    {
        final StringBuilder text = this.text;
        text.setLength(0);
        value.appendTo(text);
        final int n = text.length();
        ensure(length + n + 1);
        final byte[] bytes = this.bytes;
        bytes[length++] = ':';
        for (int i = 0; i < n; i++)
        {
            bytes[length++] = (byte)text.charAt(i);
        }
    }

    private void ensure(final int capacity)
    {
        if (capacity > bytes.length)
        {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}
