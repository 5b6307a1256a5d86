package io.wsnova.market;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * A venue's trade (or order) id kept without allocation: the text as the venue sent it in a reusable byte buffer
 * (grown the first time a longer id arrives, then reused), and its value as a {@code long} when the id is a
 * non-negative decimal integer that fits one (Binance {@code t}, Deribit {@code trade_seq}-like ids), else
 * {@link #NOT_NUMERIC} (Bybit's UUIDs, Deribit's {@code "ETH-1234"} style ids).
 */
public final class TradeId
{
    /** {@link #numeric()} of an id that is not a non-negative decimal integer fitting a {@code long}. */
    public static final long NOT_NUMERIC = Long.MIN_VALUE;

    private static final int INITIAL_CAPACITY = 48;
    private static final int MAX_LONG_DIGITS = 19;

    private byte[] text = new byte[INITIAL_CAPACITY];
    private int length;
    private long numeric = NOT_NUMERIC;

    TradeId()
    {
    }

    /**
     * Sets the id from text (ASCII or UTF-8 bytes, unescaped), e.g. a JSON string's content.
     *
     * @param src    the buffer.
     * @param offset first byte.
     * @param length number of bytes.
     */
    public void set(final DirectBuffer src, final int offset, final int length)
    {
        ensureCapacity(length);
        src.getBytes(offset, text, 0, length);
        this.length = length;
        numeric = parse(text, length);
    }

    /**
     * Sets the id from text.
     *
     * @param src    the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     */
    public void set(final byte[] src, final int offset, final int length)
    {
        ensureCapacity(length);
        System.arraycopy(src, offset, text, 0, length);
        this.length = length;
        numeric = parse(text, length);
    }

    /**
     * Sets a numeric id; the text is its decimal digits.
     *
     * @param id the id.
     */
    public void set(final long id)
    {
        ensureCapacity(20);
        final byte[] text = this.text;
        // Digits taken from the negative magnitude, which also holds Long.MIN_VALUE.
        long negative = id < 0L ? id : -id;
        int position = 0;
        if (id < 0L)
        {
            text[position++] = '-';
        }
        final int start = position;
        do
        {
            text[position++] = (byte)('0' - negative % 10L);
            negative /= 10L;
        }
        while (negative != 0L);
        for (int i = start, j = position - 1; i < j; i++, j--)
        {
            final byte swap = text[i];
            text[i] = text[j];
            text[j] = swap;
        }
        length = position;
        numeric = id < 0L ? NOT_NUMERIC : id;
    }

    /**
     * Clears the id (length 0, not numeric).
     */
    public void clear()
    {
        length = 0;
        numeric = NOT_NUMERIC;
    }

    /**
     * The id as a number.
     *
     * @return the value, or {@link #NOT_NUMERIC}.
     */
    public long numeric()
    {
        return numeric;
    }

    /**
     * The length of the text.
     *
     * @return bytes, 0 when the venue sent no id.
     */
    public int length()
    {
        return length;
    }

    /**
     * A byte of the text.
     *
     * @param index 0 to {@link #length()} - 1.
     * @return the byte.
     */
    public byte byteAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + length + ")");
        }
        return text[index];
    }

    /**
     * The buffer holding the text in {@code [0, length())}: read-only, valid until the next {@code set}.
     *
     * @return the internal buffer.
     */
    public byte[] bytes()
    {
        return text;
    }

    /**
     * Whether the text equals the given ASCII text.
     *
     * @param value the text.
     * @return true if equal.
     */
    public boolean contentEquals(final CharSequence value)
    {
        if (value.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (value.charAt(i) != (char)(text[i] & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends the text (as Latin-1 characters; venue ids are ASCII). Allocation-free when {@code dst} has room.
     *
     * @param dst the builder.
     * @return {@code dst}.
     */
    public StringBuilder appendTo(final StringBuilder dst)
    {
        for (int i = 0; i < length; i++)
        {
            dst.append((char)(text[i] & 0xFF));
        }
        return dst;
    }

    @Override
    public String toString()
    {
        return appendTo(new StringBuilder(length)).toString();
    }

    void copyFrom(final TradeId other)
    {
        set(other.text, 0, other.length);
    }

    private void ensureCapacity(final int capacity)
    {
        if (text.length < capacity)
        {
            text = Arrays.copyOf(text, Math.max(capacity, text.length * 2));
        }
    }

    private static long parse(final byte[] text, final int length)
    {
        if (length == 0 || length > MAX_LONG_DIGITS || (length > 1 && text[0] == '0'))
        {
            return NOT_NUMERIC;
        }
        long value = 0L;
        for (int i = 0; i < length; i++)
        {
            final int digit = text[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return NOT_NUMERIC;
            }
            value = value * 10L + digit;
        }
        return value < 0L ? NOT_NUMERIC : value;
    }
}
