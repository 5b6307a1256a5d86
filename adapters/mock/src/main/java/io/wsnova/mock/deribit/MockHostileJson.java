package io.wsnova.mock.deribit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Rewrites one canonical JSON text of the mock into another text of the same JSON value, in the unusual but valid
 * forms RFC 8259 allows: numbers with exponents, trailing zeros and many digits, members in any order, unknown
 * members at every level, unicode escapes, whitespace between tokens. The JSON-RPC {@code id} of a response is
 * kept as written (a client matches it to its request).
 * <p>
 * Thread use: one instance per hostile writer thread (its random is not shared).
 */
final class MockHostileJson
{
    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final String[] WHITESPACE = {" ", "\t", "\n", "\r", "  ", "\r\n", " \t "};
    private static final int LONG_DIGITS = 26;
    private static final String[] EXTRA_VALUES = {
        "{\"note\":\"caf\\u00e9 \\/ \u00e9\u20ac\uD834\uDD1E\",\"list\":[1,2.5e-3,{\"deep\":[[],{}]}],\"n\":null}",
        "[]",
        "{}",
        "\"tab\\tquote\\\"back\\\\slash\\/ \\u00E9\\uD83D\\uDE00 \u00fc\u4e2d\"",
        "1.234567890123456789012345678E-7",
        "-0.0",
        "123456789012345678901234567890",
        "[\"new\",1e400,-1E-400,true,false,null]",
        "{\"price\":\"36000.5\",\"amount\":[1,2,3],\"change_id\":{\"nested\":true}}",
        "0.000000000000000000000000001",
    };

    private final SplittableRandom random;
    private final Set<MockHostileFeature> features;
    private final boolean numbers;
    private final boolean integers;
    private final boolean keyOrder;
    private final boolean extraFields;
    private final boolean escapes;
    private final boolean whitespace;
    private final StringBuilder out = new StringBuilder(4096);
    private int extraCount;

    MockHostileJson(final SplittableRandom random, final Set<MockHostileFeature> features)
    {
        this.random = random;
        this.features = features;
        numbers = features.contains(MockHostileFeature.NUMBER_FORMS);
        integers = features.contains(MockHostileFeature.INTEGER_FORMS);
        keyOrder = features.contains(MockHostileFeature.KEY_ORDER);
        extraFields = features.contains(MockHostileFeature.EXTRA_FIELDS);
        escapes = features.contains(MockHostileFeature.STRING_ESCAPES);
        whitespace = features.contains(MockHostileFeature.WHITESPACE);
    }

    /**
     * Whether any JSON feature is on (else {@link #rewrite} is the identity and need not be called).
     */
    boolean isActive()
    {
        return numbers || integers || keyOrder || extraFields || escapes || whitespace;
    }

    /**
     * The features this rewriter was made with.
     */
    Set<MockHostileFeature> features()
    {
        return features;
    }

    /**
     * Rewrites a JSON text; a text that does not parse is returned unchanged.
     *
     * @param text one JSON value, as the mock writes it.
     * @return the same value in other valid forms.
     */
    String rewrite(final String text)
    {
        final Object value = MockJson.parse(text);
        if (value == MockJson.INVALID)
        {
            return text;
        }
        out.setLength(0);
        extraCount = 0;
        space();
        value(value, true, false);
        space();
        return out.toString();
    }

    private void value(final Object value, final boolean top, final boolean keepNumber)
    {
        if (value instanceof Map<?, ?> map)
        {
            object(map, top);
        }
        else if (value instanceof List<?> list)
        {
            out.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                if (i > 0)
                {
                    space();
                    out.append(',');
                }
                space();
                value(list.get(i), false, false);
                space();
            }
            if (list.isEmpty())
            {
                space();
            }
            out.append(']');
        }
        else if (value instanceof BigDecimal number)
        {
            if (keepNumber)
            {
                out.append(number.toString());
            }
            else
            {
                number(number);
            }
        }
        else if (value instanceof String text)
        {
            string(text);
        }
        else if (value instanceof Boolean flag)
        {
            out.append(flag.booleanValue());
        }
        else
        {
            out.append("null");
        }
    }

    private void object(final Map<?, ?> map, final boolean top)
    {
        final List<Map.Entry<?, ?>> members = new ArrayList<>(map.entrySet());
        if (keyOrder)
        {
            for (int i = members.size() - 1; i > 0; i--)
            {
                Collections.swap(members, i, random.nextInt(i + 1));
            }
        }
        int extras = 0;
        if (extraFields && random.nextInt(100) < 35)
        {
            extras = 1 + random.nextInt(2);
        }
        out.append('{');
        space();
        final int total = members.size() + extras;
        int memberIndex = 0;
        for (int i = 0; i < total; i++)
        {
            if (i > 0)
            {
                space();
                out.append(',');
                space();
            }
            final int membersLeft = members.size() - memberIndex;
            final int slotsLeft = total - i;
            final boolean extra = memberIndex >= members.size() || (slotsLeft > membersLeft &&
                random.nextInt(slotsLeft) < slotsLeft - membersLeft);
            if (extra)
            {
                MockJsonText.appendString(out, "x_mock_extra_" + extraCount++);
                space();
                out.append(':');
                space();
                out.append(EXTRA_VALUES[random.nextInt(EXTRA_VALUES.length)]);
            }
            else
            {
                final Map.Entry<?, ?> member = members.get(memberIndex++);
                final String key = String.valueOf(member.getKey());
                string(key);
                space();
                out.append(':');
                space();
                value(member.getValue(), false, top && "id".equals(key));
            }
        }
        space();
        out.append('}');
    }

    private void number(final BigDecimal number)
    {
        final BigDecimal stripped = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
        final boolean integral = stripped.scale() <= 0;
        if (integral ? !integers : !numbers)
        {
            out.append(number.toString());
            return;
        }
        final int roll = random.nextInt(100);
        if (roll < 30)
        {
            out.append(number.toString());
        }
        else if (roll < 50)
        {
            trailingZeros(stripped, 1 + random.nextInt(6));
        }
        else if (roll < 85)
        {
            exponent(stripped, random.nextInt(-4, 8));
        }
        else if (roll < 95)
        {
            final int digits = stripped.precision();
            trailingZeros(stripped, Math.max(1, LONG_DIGITS - digits + random.nextInt(4)));
        }
        else
        {
            exponent(stripped, -random.nextInt(1, 4));
        }
    }

    private void trailingZeros(final BigDecimal value, final int zeros)
    {
        final String plain = value.toPlainString();
        out.append(plain);
        if (plain.indexOf('.') < 0)
        {
            out.append('.');
        }
        for (int i = 0; i < zeros; i++)
        {
            out.append('0');
        }
    }

    /**
     * {@code value} as {@code (value * 10^-shift)} in plain text, then {@code e|E}, an optional {@code +}, and
     * {@code shift} with optional leading zeros: {@code 3.64425E4}, {@code 364425e-01}, {@code 0.05E+0}.
     */
    private void exponent(final BigDecimal value, final int shift)
    {
        final BigDecimal mantissa = value.movePointLeft(shift);
        out.append(mantissa.toPlainString());
        if (random.nextBoolean() && mantissa.scale() > 0 && random.nextInt(3) == 0)
        {
            out.append('0');
        }
        out.append(random.nextBoolean() ? 'e' : 'E');
        if (shift < 0)
        {
            out.append('-');
        }
        else if (random.nextBoolean())
        {
            out.append('+');
        }
        final int magnitude = Math.abs(shift);
        if (random.nextInt(3) == 0)
        {
            out.append('0');
        }
        out.append(magnitude);
    }

    private void string(final String text)
    {
        if (!escapes || random.nextInt(100) >= 40)
        {
            MockJsonText.appendString(out, text);
            return;
        }
        final char[] hex = random.nextBoolean() ? HEX_LOWER : HEX_UPPER;
        out.append('"');
        for (int i = 0, length = text.length(); i < length; i++)
        {
            final char c = text.charAt(i);
            if (c == '/')
            {
                out.append("\\/");
            }
            else if (c == '"' || c == '\\' || c < 0x20 || random.nextInt(100) < 30)
            {
                out.append("\\u").append(hex[(c >> 12) & 0xF]).append(hex[(c >> 8) & 0xF])
                    .append(hex[(c >> 4) & 0xF]).append(hex[c & 0xF]);
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }

    private void space()
    {
        if (whitespace && random.nextInt(100) < 15)
        {
            out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
        }
    }
}
