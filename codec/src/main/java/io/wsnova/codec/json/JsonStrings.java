package io.wsnova.codec.json;

import org.agrona.MutableDirectBuffer;

/**
 * Decoding of the raw bytes of a JSON string (between its quotes): escapes and UTF-8, allocation-free.
 * Malformed UTF-8 becomes U+FFFD (the engine validates UTF-8 of text frames before JSON sees them).
 */
final class JsonStrings
{
    static final int INVALID_ESCAPE = -1;

    private static final char REPLACEMENT = '\uFFFD';

    private JsonStrings()
    {
    }

    /**
     * Appends the decoded characters.
     *
     * @return the index of the first bad escape, or -1 if valid.
     */
    static int appendTo(final byte[] bytes, final int offset, final int length, final StringBuilder dst)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            final int b = bytes[i];
            if (b == '\\')
            {
                final int escapeStart = i;
                final int unit = unescape(bytes, i, end);
                if (unit < 0)
                {
                    return escapeStart;
                }
                dst.append((char) unit);
                i += bytes[i + 1] == 'u' ? 6 : 2;
            }
            else if (b >= 0)
            {
                dst.append((char) b);
                i++;
            }
            else
            {
                i = appendMultiByte(bytes, i, end, dst);
            }
        }
        return -1;
    }

    /**
     * Writes the decoded UTF-8 bytes into {@code dst} at {@code index}.
     *
     * @return bytes written, or {@link #INVALID_ESCAPE}.
     */
    static int copyTo(final byte[] bytes, final int offset, final int length, final MutableDirectBuffer dst,
        final int index)
    {
        final int end = offset + length;
        int i = offset;
        int out = index;
        while (i < end)
        {
            final byte b = bytes[i];
            if (b != '\\')
            {
                dst.putByte(out++, b);
                i++;
                continue;
            }
            int codePoint = unescape(bytes, i, end);
            if (codePoint < 0)
            {
                return INVALID_ESCAPE;
            }
            i += bytes[i + 1] == 'u' ? 6 : 2;
            if (Character.isHighSurrogate((char) codePoint) && i < end && bytes[i] == '\\')
            {
                final int low = unescape(bytes, i, end);
                if (low >= 0 && Character.isLowSurrogate((char) low))
                {
                    codePoint = Character.toCodePoint((char) codePoint, (char) low);
                    i += 6;
                }
            }
            if (Character.isSurrogate((char) codePoint) && codePoint <= Character.MAX_VALUE)
            {
                codePoint = REPLACEMENT;
            }
            out += putUtf8(dst, out, codePoint);
        }
        return out - index;
    }

    private static int unescape(final byte[] bytes, final int i, final int end)
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
            dst.append((char) codePoint);
        }
        return i + extra + 1;
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
