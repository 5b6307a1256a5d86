package io.wsnova.codec.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * The bytes of JSON strings (between their quotes): finding escapes, decoding them in place, and reading the
 * decoded UTF-8; allocation-free. Malformed UTF-8 becomes U+FFFD (the engine validates UTF-8 of text frames before
 * JSON sees them).
 * <p>
 * Escape policy (RFC 8259 section 7): every escape is decoded, {@code \/} included; a <code>&#92;uD8xx&#92;uDCxx</code>
 * surrogate pair becomes the one code point it encodes; a lone surrogate (a high one not followed by a low one, or
 * a low one alone) cannot be encoded in UTF-8 and becomes U+FFFD, counted by the parser. An escape that is not one
 * of the eight of the grammar, or a <code>&#92;u</code> without four hex digits, is an error.
 */
final class JsonStrings
{
    static final int INVALID_ESCAPE = -1;

    private static final char REPLACEMENT = '\uFFFD';
    private static final VarHandle LONG_VIEW =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private JsonStrings()
    {
    }

    /**
     * Whether {@code bytes[offset, offset + length)} holds a backslash: eight bytes at a time, then a byte tail.
     */
    static boolean hasBackslash(final byte[] bytes, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            final long word = (long)LONG_VIEW.get(bytes, i) ^ BACKSLASHES;
            if (((word - ONES) & ~word & HIGHS) != 0)
            {
                return true;
            }
        }
        for (; i < end; i++)
        {
            if (bytes[i] == '\\')
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes the escapes of {@code bytes[offset, offset + length)} in place, as UTF-8 starting at {@code offset}.
     * The decoded form is never longer than the escaped one (<code>&#92;uXXXX</code>: 6 bytes for at most 3,
     * a surrogate pair: 12 for 4), so the write never overtakes the read.
     *
     * @param replaced one-element counter incremented for each lone surrogate replaced by U+FFFD.
     * @return the decoded length, or {@code -1 - index} of the first invalid escape.
     */
    static int decodeInPlace(final byte[] bytes, final int offset, final int length, final long[] replaced)
    {
        final int end = offset + length;
        int i = offset;
        int out = offset;
        while (i < end)
        {
            final byte b = bytes[i];
            if (b != '\\')
            {
                bytes[out++] = b;
                i++;
                continue;
            }
            int codePoint = unescape(bytes, i, end);
            if (codePoint < 0)
            {
                return -1 - i;
            }
            i += bytes[i + 1] == 'u' ? 6 : 2;
            if (Character.isHighSurrogate((char)codePoint) && i + 1 < end && bytes[i] == '\\' && bytes[i + 1] == 'u')
            {
                final int low = unescape(bytes, i, end);
                if (low >= 0 && Character.isLowSurrogate((char)low))
                {
                    codePoint = Character.toCodePoint((char)codePoint, (char)low);
                    i += 6;
                }
            }
            if (codePoint <= Character.MAX_VALUE && Character.isSurrogate((char)codePoint))
            {
                codePoint = REPLACEMENT;
                replaced[0]++;
            }
            out += putUtf8(bytes, out, codePoint);
        }
        return out - offset;
    }

    /**
     * Appends the characters of the UTF-8 bytes {@code bytes[offset, offset + length)} (already decoded: a
     * backslash here is a character, not an escape).
     */
    static void appendUtf8(final byte[] bytes, final int offset, final int length, final StringBuilder dst)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            final int b = bytes[i];
            if (b >= 0)
            {
                dst.append((char)b);
                i++;
            }
            else
            {
                i = appendMultiByte(bytes, i, end, dst);
            }
        }
    }

    static int unescape(final byte[] bytes, final int i, final int end)
    {
        if (i + 1 >= end)
        {
            return -1;
        }
        switch (bytes[i + 1])
        {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (i + 5 >= end)
                {
                    return -1;
                }
                int unit = 0;
                for (int k = i + 2; k < i + 6; k++)
                {
                    final int digit = Character.digit(bytes[k], 16);
                    if (digit < 0)
                    {
                        return -1;
                    }
                    unit = (unit << 4) | digit;
                }
                return unit;
            default:
                return -1;
        }
    }

    private static int appendMultiByte(final byte[] bytes, final int i, final int end, final StringBuilder dst)
    {
        final int b = bytes[i] & 0xFF;
        final int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
        if (extra < 0 || i + extra >= end)
        {
            dst.append(REPLACEMENT);
            return i + 1;
        }
        int codePoint = b & (0x3F >> extra);
        for (int k = 1; k <= extra; k++)
        {
            final int next = bytes[i + k] & 0xFF;
            if ((next & 0xC0) != 0x80)
            {
                dst.append(REPLACEMENT);
                return i + k;
            }
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        if (codePoint > Character.MAX_CODE_POINT)
        {
            dst.append(REPLACEMENT);
        }
        else if (codePoint >= Character.MIN_SUPPLEMENTARY_CODE_POINT)
        {
            dst.append(Character.highSurrogate(codePoint)).append(Character.lowSurrogate(codePoint));
        }
        else
        {
            dst.append((char)codePoint);
        }
        return i + extra + 1;
    }

    static int putUtf8(final byte[] dst, final int index, final int codePoint)
    {
        if (codePoint < 0x80)
        {
            dst[index] = (byte)codePoint;
            return 1;
        }
        if (codePoint < 0x800)
        {
            dst[index] = (byte)(0xC0 | (codePoint >>> 6));
            dst[index + 1] = (byte)(0x80 | (codePoint & 0x3F));
            return 2;
        }
        if (codePoint < 0x10000)
        {
            dst[index] = (byte)(0xE0 | (codePoint >>> 12));
            dst[index + 1] = (byte)(0x80 | ((codePoint >>> 6) & 0x3F));
            dst[index + 2] = (byte)(0x80 | (codePoint & 0x3F));
            return 3;
        }
        dst[index] = (byte)(0xF0 | (codePoint >>> 18));
        dst[index + 1] = (byte)(0x80 | ((codePoint >>> 12) & 0x3F));
        dst[index + 2] = (byte)(0x80 | ((codePoint >>> 6) & 0x3F));
        dst[index + 3] = (byte)(0x80 | (codePoint & 0x3F));
        return 4;
    }

    static int putUtf8(final MutableDirectBuffer dst, final int index, final int codePoint)
    {
        if (codePoint < 0x80)
        {
            dst.putByte(index, (byte) codePoint);
            return 1;
        }
        if (codePoint < 0x800)
        {
            dst.putByte(index, (byte) (0xC0 | (codePoint >>> 6)));
            dst.putByte(index + 1, (byte) (0x80 | (codePoint & 0x3F)));
            return 2;
        }
        if (codePoint < 0x10000)
        {
            dst.putByte(index, (byte) (0xE0 | (codePoint >>> 12)));
            dst.putByte(index + 1, (byte) (0x80 | ((codePoint >>> 6) & 0x3F)));
            dst.putByte(index + 2, (byte) (0x80 | (codePoint & 0x3F)));
            return 3;
        }
        dst.putByte(index, (byte) (0xF0 | (codePoint >>> 18)));
        dst.putByte(index + 1, (byte) (0x80 | ((codePoint >>> 12) & 0x3F)));
        dst.putByte(index + 2, (byte) (0x80 | ((codePoint >>> 6) & 0x3F)));
        dst.putByte(index + 3, (byte) (0x80 | (codePoint & 0x3F)));
        return 4;
    }
}
