package io.wsnova.codec.json;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable, allocation-free JSON writer into an Agrona {@link MutableDirectBuffer}, e.g. straight into the
 * payload area of an outgoing frame. Commas and colons are inserted from a nesting state, so
 * <pre>{@code
 * encoder.wrap(buffer, offset).startObject()
 *     .name(JSONRPC).string(V2).name(ID).number(42).name(METHOD).string(SUBSCRIBE)
 *     .name(PARAMS).startObject().name(CHANNELS).startArray().string(channel).endArray().endObject()
 *     .endObject();
 * int length = encoder.length();
 * }</pre>
 * writes {@code {"jsonrpc":"2.0","id":42,"method":"public/subscribe","params":{"channels":["..."]}}}.
 * <p>
 * Strings are escaped: {@code "} and {@code \} with a backslash, control characters below 0x20 as
 * <code>&#92;u00XX</code>, non-ASCII as UTF-8 (a lone surrogate as <code>&#92;uXXXX</code>).
 * Pre-encode constant names and values once with {@link #encodeName(String)}. An expandable buffer grows;
 * a fixed one that runs out of room puts the encoder in overflow, every later write is ignored and
 * {@link #length()} returns {@link #OVERFLOW}. Nesting deeper than {@link #MAX_DEPTH} or unbalanced ends are
 * programming errors and throw {@link IllegalStateException}.
 * <p>
 * One encoder per sending thread (or use it under the connection's send lock); not thread-safe.
 */
public final class JsonEncoder
{
    /** Returned by {@link #length()} when the buffer was too small. */
    public static final int OVERFLOW = -1;
    /** Deepest nesting supported. */
    public static final int MAX_DEPTH = 64;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BYTES = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE_BYTES = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE_BYTES = "false".getBytes(StandardCharsets.US_ASCII);

    private MutableDirectBuffer buffer;
    private int startOffset;
    private int position;
    private int capacity;
    private int depth;
    private long hasElementMask;
    private boolean afterName;
    private boolean overflow;

    /**
     * Creates an encoder; call {@link #wrap(MutableDirectBuffer, int)} before writing.
     */
    public JsonEncoder()
    {
    }

    /**
     * Escapes and UTF-8 encodes a name or string constant once, for {@link #name(byte[])} and
     * {@link #stringEncoded(byte[])}. Allocates: start-up only.
     *
     * @param text the text.
     * @return the encoded bytes, without quotes.
     */
    public static byte[] encodeName(final String text)
    {
        final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(text.length() * 6 + 2);
        final int length = new JsonEncoder().wrap(scratch, 0).string(text).length();
        final byte[] bytes = new byte[length - 2];
        scratch.getBytes(1, bytes);
        return bytes;
    }

    /**
     * Starts a new document at {@code offset}, forgetting all previous state.
     *
     * @param buffer the destination.
     * @param offset where the document starts.
     * @return this.
     */
    public JsonEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.startOffset = offset;
        this.position = offset;
        this.capacity = buffer.capacity();
        this.depth = 0;
        this.hasElementMask = 0L;
        this.afterName = false;
        this.overflow = false;
        return this;
    }

    /**
     * Bytes written since the wrap.
     *
     * @return the length, or {@link #OVERFLOW} if the buffer was too small.
     */
    public int length()
    {
        return overflow ? OVERFLOW : position - startOffset;
    }

    /**
     * Writes <code>&#123;</code>.
     *
     * @return this.
     */
    public JsonEncoder startObject()
    {
        return startContainer((byte) '{');
    }

    /**
     * Writes <code>&#125;</code>.
     *
     * @return this.
     */
    public JsonEncoder endObject()
    {
        return endContainer((byte) '}');
    }

    /**
     * Writes {@code [}.
     *
     * @return this.
     */
    public JsonEncoder startArray()
    {
        return startContainer((byte) '[');
    }

    /**
     * Writes {@code ]}.
     *
     * @return this.
     */
    public JsonEncoder endArray()
    {
        return endContainer((byte) ']');
    }

    /**
     * Writes a field name pre-encoded with {@link #encodeName(String)}, its quotes and the colon.
     *
     * @param encodedName the escaped UTF-8 name without quotes.
     * @return this.
     */
    public JsonEncoder name(final byte[] encodedName)
    {
        stringEncoded(encodedName);
        if (reserve(1))
        {
            buffer.putByte(position++, (byte) ':');
        }
        afterName = true;
        return this;
    }

    /**
     * Writes a field name, escaping it, its quotes and the colon.
     *
     * @param name the name.
     * @return this.
     */
    public JsonEncoder name(final CharSequence name)
    {
        string(name);
        if (reserve(1))
        {
            buffer.putByte(position++, (byte) ':');
        }
        afterName = true;
        return this;
    }

    /**
     * Writes a string value, escaping it.
     *
     * @param value the text.
     * @return this.
     */
    public JsonEncoder string(final CharSequence value)
    {
        beforeValue();
        putByte((byte) '"');
        final int length = value.length();
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                putAscii(c);
            }
            else if (c < 0x800)
            {
                if (reserve(2))
                {
                    position += JsonStrings.putUtf8(buffer, position, c);
                }
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                if (reserve(4))
                {
                    position += JsonStrings.putUtf8(buffer, position, Character.toCodePoint(c, value.charAt(i + 1)));
                }
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                putUnicodeEscape(c);
            }
            else if (reserve(3))
            {
                position += JsonStrings.putUtf8(buffer, position, c);
            }
        }
        putByte((byte) '"');
        return this;
    }

    /**
     * Writes a string value given as UTF-8 bytes, escaping quotes, backslashes and control characters.
     *
     * @param src    the source buffer.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this.
     */
    public JsonEncoder string(final DirectBuffer src, final int offset, final int length)
    {
        beforeValue();
        putByte((byte) '"');
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final byte b = src.getByte(i);
            if (b < 0)
            {
                putByte(b);
            }
            else
            {
                putAscii((char) b);
            }
        }
        putByte((byte) '"');
        return this;
    }

    /**
     * Writes a string value pre-encoded with {@link #encodeName(String)}, adding only the quotes.
     *
     * @param encoded escaped UTF-8 bytes without quotes.
     * @return this.
     */
    public JsonEncoder stringEncoded(final byte[] encoded)
    {
        beforeValue();
        if (reserve(encoded.length + 2))
        {
            final MutableDirectBuffer buffer = this.buffer;
            buffer.putByte(position++, (byte) '"');
            buffer.putBytes(position, encoded);
            position += encoded.length;
            buffer.putByte(position++, (byte) '"');
        }
        return this;
    }

    /**
     * Writes an integer.
     *
     * @param value the value.
     * @return this.
     */
    public JsonEncoder number(final long value)
    {
        beforeValue();
        putLong(value, 0);
        return this;
    }

    /**
     * Writes a decimal exactly, in plain notation ({@code 0.0000211}, never an exponent); an inexact decimal
     * ({@link Decimal#isExact()} false) as the exact text it was read from (which may have an exponent);
     * {@code null} if the decimal is null.
     *
     * @param value the value.
     * @return this.
     */
    public JsonEncoder number(final Decimal value)
    {
        if (value.isNull())
        {
            return nullValue();
        }
        beforeValue();
        if (!value.isExact())
        {
            final int length = value.textLength();
            if (reserve(length))
            {
                buffer.putBytes(position, value.textBytes(), 0, length);
                position += length;
            }
            return this;
        }
        putLong(value.mantissa(), value.scale());
        return this;
    }

    /**
     * Writes {@code true} or {@code false}.
     *
     * @param value the value.
     * @return this.
     */
    public JsonEncoder bool(final boolean value)
    {
        beforeValue();
        putBytes(value ? TRUE_BYTES : FALSE_BYTES);
        return this;
    }

    /**
     * Writes {@code null}.
     *
     * @return this.
     */
    public JsonEncoder nullValue()
    {
        beforeValue();
        putBytes(NULL_BYTES);
        return this;
    }

    /**
     * Writes a pre-encoded JSON value (e.g. a constant {@code params} object) as one value: a comma is inserted
     * before it if needed.
     *
     * @param json a complete JSON value.
     * @return this.
     */
    public JsonEncoder rawValue(final byte[] json)
    {
        beforeValue();
        putBytes(json);
        return this;
    }

    /**
     * Writes a JSON value held in a buffer verbatim as one value, e.g. a number exactly as a venue sent it
     * ({@link JsonParser#tokenOffset()}, {@link JsonParser#tokenLength()}): a comma is inserted before it if needed.
     *
     * @param src    the source buffer.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this.
     */
    public JsonEncoder rawValue(final DirectBuffer src, final int offset, final int length)
    {
        beforeValue();
        return raw(src, offset, length);
    }

    /**
     * Writes bytes verbatim, without touching the comma state (the caller keeps the document valid).
     *
     * @param src    the source buffer.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this.
     */
    public JsonEncoder raw(final DirectBuffer src, final int offset, final int length)
    {
        if (reserve(length))
        {
            buffer.putBytes(position, src, offset, length);
            position += length;
        }
        return this;
    }

    private JsonEncoder startContainer(final byte open)
    {
        if (depth == MAX_DEPTH)
        {
            throw new IllegalStateException("nesting deeper than " + MAX_DEPTH);
        }
        beforeValue();
        putByte(open);
        depth++;
        hasElementMask &= ~(1L << (depth - 1));
        return this;
    }

    private JsonEncoder endContainer(final byte close)
    {
        if (depth == 0 || afterName)
        {
            throw new IllegalStateException("end of container without a matching start or after a name");
        }
        depth--;
        putByte(close);
        return this;
    }

    private void beforeValue()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (depth > 0)
        {
            final long bit = 1L << (depth - 1);
            if ((hasElementMask & bit) != 0L)
            {
                putByte((byte) ',');
            }
            else
            {
                hasElementMask |= bit;
            }
        }
    }

    private void putAscii(final char c)
    {
        if (c == '"' || c == '\\')
        {
            if (reserve(2))
            {
                buffer.putByte(position++, (byte) '\\');
                buffer.putByte(position++, (byte) c);
            }
        }
        else if (c < 0x20)
        {
            putUnicodeEscape(c);
        }
        else
        {
            putByte((byte) c);
        }
    }

    private void putUnicodeEscape(final char c)
    {
        if (reserve(6))
        {
            final MutableDirectBuffer buffer = this.buffer;
            buffer.putByte(position++, (byte) '\\');
            buffer.putByte(position++, (byte) 'u');
            buffer.putByte(position++, HEX[(c >>> 12) & 0xF]);
            buffer.putByte(position++, HEX[(c >>> 8) & 0xF]);
            buffer.putByte(position++, HEX[(c >>> 4) & 0xF]);
            buffer.putByte(position++, HEX[c & 0xF]);
        }
    }

    /**
     * Writes {@code mantissa * 10^-scale} in plain notation. Digits are produced in negative space so that
     * {@code Long.MIN_VALUE} needs no special case.
     */
    private void putLong(final long mantissa, final int scale)
    {
        final boolean negative = mantissa < 0L;
        long n = negative ? mantissa : -mantissa;
        int digits = 1;
        for (long t = n / 10L; t != 0L; t /= 10L)
        {
            digits++;
        }
        final int integerDigits = digits > scale ? digits - scale : 1;
        final int total = (negative ? 1 : 0) + integerDigits + (scale > 0 ? 1 + scale : 0);
        if (!reserve(total))
        {
            return;
        }
        final MutableDirectBuffer buffer = this.buffer;
        final int start = position;
        int index = start + total - 1;
        int written = 0;
        while (written < scale)
        {
            buffer.putByte(index--, (byte) ('0' - (n % 10L)));
            n /= 10L;
            written++;
        }
        if (scale > 0)
        {
            buffer.putByte(index--, (byte) '.');
        }
        do
        {
            buffer.putByte(index--, (byte) ('0' - (n % 10L)));
            n /= 10L;
        }
        while (n != 0L);
        if (negative)
        {
            buffer.putByte(index, (byte) '-');
        }
        position = start + total;
    }

    private void putByte(final byte b)
    {
        if (reserve(1))
        {
            buffer.putByte(position++, b);
        }
    }

    private void putBytes(final byte[] bytes)
    {
        if (reserve(bytes.length))
        {
            buffer.putBytes(position, bytes);
            position += bytes.length;
        }
    }

    private boolean reserve(final int count)
    {
        if (overflow)
        {
            return false;
        }
        final int required = position + count;
        if (required > capacity)
        {
            if (buffer.isExpandable() && required > 0)
            {
                buffer.checkLimit(required);
                capacity = buffer.capacity();
                return true;
            }
            overflow = true;
            return false;
        }
        return true;
    }
}
