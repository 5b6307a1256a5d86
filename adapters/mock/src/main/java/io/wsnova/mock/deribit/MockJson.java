package io.wsnova.mock.deribit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON reader for the mock's request path (control plane, allocation is fine here): objects
 * become {@code Map<String, Object>} in member order, arrays {@code List<Object>}, strings {@code String},
 * numbers {@code BigDecimal} (exactly as written), {@code true}/{@code false} {@code Boolean} and
 * {@code null} the {@link #NULL} marker. Hostile input never throws: depth, number length and exponent are
 * bounded and any error returns {@link #INVALID}.
 * <p>
 * One instance parses one text on one thread.
 */
final class MockJson
{
    /** JSON {@code null} (a map cannot hold a Java {@code null} value unambiguously). */
    static final Object NULL = new Object();

    /** Returned by {@link #parse(String)} when the text is not exactly one JSON value. */
    static final Object INVALID = new Object();

    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER_LENGTH = 64;

    private final String text;
    private int position;
    private boolean failed;

    private MockJson(final String text)
    {
        this.text = text;
    }

    /**
     * Parses one JSON text.
     *
     * @param text the text.
     * @return the value, or {@link #INVALID} if the text is not one well-formed JSON value.
     */
    static Object parse(final String text)
    {
        if (text == null)
        {
            return INVALID;
        }
        final MockJson parser = new MockJson(text);
        final Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.failed || parser.position != text.length())
        {
            return INVALID;
        }
        return value;
    }

    private Object fail()
    {
        failed = true;
        return INVALID;
    }

    private Object value(final int depth)
    {
        if (depth >= MAX_DEPTH)
        {
            return fail();
        }
        skipWhitespace();
        if (position >= text.length())
        {
            return fail();
        }
        final char c = text.charAt(position);
        switch (c)
        {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                return number();
        }
    }

    private Object object(final int depth)
    {
        position++;
        final Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == '}')
        {
            position++;
            return members;
        }
        while (!failed)
        {
            skipWhitespace();
            if (position >= text.length() || text.charAt(position) != '"')
            {
                return fail();
            }
            final Object name = string();
            skipWhitespace();
            if (failed || !expect(':'))
            {
                return fail();
            }
            final Object member = value(depth + 1);
            if (failed)
            {
                return INVALID;
            }
            members.put((String)name, member);
            skipWhitespace();
            if (expect(','))
            {
                continue;
            }
            if (expect('}'))
            {
                return members;
            }
            return fail();
        }
        return INVALID;
    }

    private Object array(final int depth)
    {
        position++;
        final List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == ']')
        {
            position++;
            return elements;
        }
        while (!failed)
        {
            final Object element = value(depth + 1);
            if (failed)
            {
                return INVALID;
            }
            elements.add(element);
            skipWhitespace();
            if (expect(','))
            {
                continue;
            }
            if (expect(']'))
            {
                return elements;
            }
            return fail();
        }
        return INVALID;
    }

    private Object string()
    {
        position++;
        final StringBuilder builder = new StringBuilder();
        while (position < text.length())
        {
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return builder.toString();
            }
            if (c < 0x20)
            {
                return fail();
            }
            if (c != '\\')
            {
                builder.append(c);
                continue;
            }
            if (position >= text.length())
            {
                return fail();
            }
            final char escaped = text.charAt(position++);
            switch (escaped)
            {
                case '"', '\\', '/' -> builder.append(escaped);
                case 'b' -> builder.append('\b');
                case 'f' -> builder.append('\f');
                case 'n' -> builder.append('\n');
                case 'r' -> builder.append('\r');
                case 't' -> builder.append('\t');
                case 'u' ->
                {
                    final int code = hex4();
                    if (code < 0)
                    {
                        return fail();
                    }
                    builder.append((char)code);
                }
                default ->
                {
                    return fail();
                }
            }
        }
        return fail();
    }

    private int hex4()
    {
        if (position + 4 > text.length())
        {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 4; i++)
        {
            final int digit = Character.digit(text.charAt(position++), 16);
            if (digit < 0)
            {
                return -1;
            }
            code = (code << 4) | digit;
        }
        return code;
    }

    private Object number()
    {
        final int start = position;
        if (peek() == '-')
        {
            position++;
        }
        if (peek() == '0')
        {
            position++;
        }
        else if (digits() == 0)
        {
            return fail();
        }
        if (peek() == '.')
        {
            position++;
            if (digits() == 0)
            {
                return fail();
            }
        }
        if (peek() == 'e' || peek() == 'E')
        {
            position++;
            if (peek() == '+' || peek() == '-')
            {
                position++;
            }
            final int exponentDigits = digits();
            if (exponentDigits == 0 || exponentDigits > 3)
            {
                return fail();
            }
        }
        if (position - start > MAX_NUMBER_LENGTH)
        {
            return fail();
        }
        return new BigDecimal(text.substring(start, position));
    }

    private int digits()
    {
        int count = 0;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9')
        {
            position++;
            count++;
        }
        return count;
    }

    private Object literal(final String word, final Object value)
    {
        if (text.startsWith(word, position))
        {
            position += word.length();
            return value;
        }
        return fail();
    }

    private char peek()
    {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private boolean expect(final char c)
    {
        if (position < text.length() && text.charAt(position) == c)
        {
            position++;
            return true;
        }
        return false;
    }

    private void skipWhitespace()
    {
        while (position < text.length())
        {
            final char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }
            position++;
        }
    }
}
