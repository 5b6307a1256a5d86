package io.wsnova.codec.json;

import java.nio.ByteOrder;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * Eight bytes at a time (SWAR: SIMD within a register) over the parser's copy of a message: runs of digits and the
 * closing quote of a string. Every read is one {@code long} at an index whose eight bytes lie inside the array: the
 * parser pads its copy with {@link #PADDING} bytes after the two sentinels, so a read that starts at or before the
 * last sentinel stays in bounds. Bytes are read little-endian (first byte in the low bits) on every platform.
 */
final class JsonSwar
{
    /** Bytes after the sentinels that only the eight-byte reads touch. */
    static final int PADDING = Long.BYTES;

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long ZEROS = 0x3030303030303030L;
    private static final long SIXES = 0x0606060606060606L;
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** 10^0 .. 10^8. */
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L};

    private JsonSwar()
    {
    }

    /**
     * The eight bytes at {@code index}, first byte in the low bits.
     */
    static long word(final byte[] bytes, final int index)
    {
        // Unchecked: every caller reads at or before the copy's sentinels, which PADDING bytes follow.
        final long word = UnsafeApi.getLong(bytes, BufferUtil.ARRAY_BASE_OFFSET + index);
        return LITTLE_ENDIAN ? word : Long.reverseBytes(word);
    }

    /**
     * One byte of the copy without a bounds check: the tokenizer's scans stop at the sentinels after the message.
     */
    static byte at(final byte[] bytes, final int index)
    {
        return UnsafeApi.getByte(bytes, BufferUtil.ARRAY_BASE_OFFSET + index);
    }

    /**
     * The word with each byte replaced by its value minus {@code '0'} (a digit becomes 0..9).
     */
    static long digitValues(final long word)
    {
        return word ^ ZEROS;
    }

    /**
     * How many of the word's bytes, from the first, are ASCII digits: 0 to 8.
     *
     * @param values the word after {@link #digitValues(long)}.
     */
    static int digitRun(final long values)
    {
        // A byte is a digit when its value is 0..9: high nibble 0, and adding 6 does not carry into the high nibble.
        // A carry out of a non-digit byte can only mark a later byte, which the count never reaches.
        final long nonDigits = (values | (values + SIXES)) & HIGH_NIBBLES;
        return Long.numberOfTrailingZeros(nonDigits) >>> 3;
    }

    /**
     * Appends the first {@code run} digits of the word to {@code magnitude} (base 10).
     *
     * @param magnitude the value of the digits before, at most 10^18 so that the result (for the caller's bound of
     *                  18 digits) fits; larger values wrap and the caller rejects them by their digit count.
     * @param values    the word after {@link #digitValues(long)}.
     * @param run       1 to 8, from {@link #digitRun(long)}.
     */
    static long appendDigits(final long magnitude, final long values, final int run)
    {
        // Move the run to the top bytes: the bytes below become leading zeros, the non-digits after it leave.
        long x = values << (Long.SIZE - Byte.SIZE * run);
        x = (x * 10L + (x >>> 8)) & 0x00FF00FF00FF00FFL;
        x = (x * 100L + (x >>> 16)) & 0x0000FFFF0000FFFFL;
        x = (x * 10_000L + (x >>> 32)) & 0xFFFFFFFFL;
        return magnitude * POW10[run] + x;
    }

    /**
     * 10 to the power {@code run}, for a run of 0 to 8 digits.
     */
    static long pow10(final int run)
    {
        return POW10[run];
    }

    /**
     * Index in the word (0 to 7) of its first {@code '"'} or backslash, or 8 if none.
     */
    static int quoteOrBackslash(final long word)
    {
        final long quotes = word ^ QUOTES;
        final long backslashes = word ^ BACKSLASHES;
        // A zero byte of either gets its high bit set; only bytes after the first zero can be false positives.
        final long found = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes) & HIGHS;
        return Long.numberOfTrailingZeros(found) >>> 3;
    }
}
