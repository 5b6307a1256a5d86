package io.wsnova.mock.deribit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Appends JSON text to a {@code StringBuilder}: escaped strings, fixed-point decimals printed plainly (no exponent,
 * no trailing zeros after the point, as Deribit prints {@code 203.3} and {@code 36443}) and echoed values.
 */
final class MockJsonText
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        long power = 1L;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10L;
        }
    }

    private MockJsonText()
    {
    }

    /**
     * Appends a quoted, escaped JSON string.
     */
    static StringBuilder appendString(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /**
     * Appends {@code mantissa * 10^-scale} as a plain JSON number without trailing zeros after the point.
     *
     * @param scale 0 to 18.
     */
    static StringBuilder appendDecimal(final StringBuilder out, final long mantissa, final int scale)
    {
        if (scale == 0)
        {
            return out.append(mantissa);
        }
        final long unit = POWERS_OF_TEN[scale];
        final long magnitude = Math.abs(mantissa);
        if (mantissa < 0)
        {
            out.append('-');
        }
        out.append(magnitude / unit);
        long fraction = magnitude % unit;
        if (fraction == 0)
        {
            return out;
        }
        int digits = scale;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        out.append('.');
        final String fractionText = Long.toString(fraction);
        for (int i = fractionText.length(); i < digits; i++)
        {
            out.append('0');
        }
        return out.append(fractionText);
    }

    /**
     * The decimal text {@link #appendDecimal} prints.
     */
    static String decimal(final long mantissa, final int scale)
    {
        return appendDecimal(new StringBuilder(24), mantissa, scale).toString();
    }

    /**
     * Appends a value read by {@link MockJson} (used to echo a request id and the shape of params).
     */
    static StringBuilder appendValue(final StringBuilder out, final Object value)
    {
        if (value instanceof String text)
        {
            return appendString(out, text);
        }
        if (value instanceof BigDecimal number)
        {
            return out.append(number.toPlainString());
        }
        if (value instanceof Boolean flag)
        {
            return out.append(flag.booleanValue());
        }
        if (value instanceof Long || value instanceof Integer)
        {
            return out.append(value);
        }
        if (value instanceof List<?> list)
        {
            out.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                if (i > 0)
                {
                    out.append(',');
                }
                appendValue(out, list.get(i));
            }
            return out.append(']');
        }
        if (value instanceof Map<?, ?> map)
        {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                if (!first)
                {
                    out.append(',');
                }
                first = false;
                appendString(out, String.valueOf(entry.getKey())).append(':');
                appendValue(out, entry.getValue());
            }
            return out.append('}');
        }
        return out.append("null");
    }
}
