package io.wsnova.mock.binance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Binance mock's own JSON writing (independent of the adapter): objects as ordered field lists, written in
 * Binance's order, or, in the unusual mode, in a random order with unknown fields, numbers in other valid spellings
 * and unicode escapes in the symbol.
 */
final class MockBinanceJson
{
    private final boolean unusual;
    private final SplittableRandom random;

    MockBinanceJson(final boolean unusual, final long seed)
    {
        this.unusual = unusual;
        this.random = new SplittableRandom(seed);
    }

    /** An object being built: names and raw JSON values. */
    final class Fields
    {
        private final List<String[]> fields = new ArrayList<>();

        Fields raw(final String name, final String json)
        {
            fields.add(new String[] {name, json});
            return this;
        }

        Fields number(final String name, final long value)
        {
            return raw(name, Long.toString(value));
        }

        Fields string(final String name, final String value)
        {
            return raw(name, quote(value));
        }

        Fields bool(final String name, final boolean value)
        {
            return raw(name, Boolean.toString(value));
        }

        Fields decimal(final String name, final long units, final int scale)
        {
            return raw(name, decimalText(units, scale));
        }

        Fields symbol(final String name, final String symbol)
        {
            return raw(name, unusual && random.nextInt(4) == 0 ? escapedSymbol(symbol) : quote(symbol));
        }

        String write()
        {
            final List<String[]> ordered = new ArrayList<>(fields);
            if (unusual)
            {
                ordered.add(new String[] {"x" + random.nextInt(100), "{\"n\":[1,2.5e-3,{\"k\":null}],\"t\":true}"});
                if (random.nextBoolean())
                {
                    ordered.add(new String[] {"note", "\"caf\\u00e9 \\\"q\\\"\""});
                }
                for (int i = ordered.size() - 1; i > 0; i--)
                {
                    final int j = random.nextInt(i + 1);
                    final String[] swap = ordered.get(i);
                    ordered.set(i, ordered.get(j));
                    ordered.set(j, swap);
                }
            }
            final StringBuilder text = new StringBuilder(256).append('{');
            for (int i = 0; i < ordered.size(); i++)
            {
                if (i > 0)
                {
                    text.append(',');
                }
                text.append(quote(ordered.get(i)[0])).append(':').append(ordered.get(i)[1]);
            }
            return text.append('}').toString();
        }
    }

    Fields object()
    {
        return new Fields();
    }

    /**
     * Levels as {@code [["price","qty"],...]}.
     */
    String levels(final List<long[]> levels, final int priceScale, final int quantityScale)
    {
        final StringBuilder text = new StringBuilder(32 * levels.size() + 2).append('[');
        for (int i = 0; i < levels.size(); i++)
        {
            if (i > 0)
            {
                text.append(',');
            }
            text.append('[').append(decimalText(levels.get(i)[0], priceScale)).append(',')
                .append(decimalText(levels.get(i)[1], quantityScale)).append(']');
        }
        return text.append(']').toString();
    }

    /**
     * A decimal as Binance writes it: a string with 8 decimals ({@code "0.00100000"}); in the unusual mode also
     * without trailing zeros, with more zeros, in exponent form, or as a JSON number.
     */
    String decimalText(final long units, final int scale)
    {
        final BigDecimal value = BigDecimal.valueOf(units, scale);
        if (!unusual)
        {
            return '"' + value.setScale(8).toPlainString() + '"';
        }
        final String text = switch (random.nextInt(6))
        {
            case 0 -> value.stripTrailingZeros().toPlainString();
            case 1 -> value.setScale(12).toPlainString();
            case 2 -> exponent(value, true);
            case 3 -> exponent(value, false);
            default -> value.setScale(8).toPlainString();
        };
        return random.nextInt(8) == 0 ? text : '"' + text + '"';
    }

    private static String exponent(final BigDecimal value, final boolean upper)
    {
        final BigDecimal stripped = value.stripTrailingZeros();
        final int exponent = stripped.precision() - stripped.scale() - 1;
        final BigDecimal mantissa = stripped.movePointLeft(exponent);
        return mantissa.toPlainString() + (upper ? "E" : "e") + (exponent >= 0 ? "+" : "") + exponent;
    }

    private static String escapedSymbol(final String symbol)
    {
        final StringBuilder text = new StringBuilder().append('"');
        for (int i = 0; i < symbol.length(); i++)
        {
            text.append(String.format("\\u%04X", (int)symbol.charAt(i)));
        }
        return text.append('"').toString();
    }

    static String quote(final String text)
    {
        final StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /**
     * The combined-stream wrapper; in the unusual mode {@code data} may come first and an unknown field is added.
     */
    String wrap(final String stream, final String data)
    {
        if (unusual && random.nextBoolean())
        {
            return "{\"data\":" + data + ",\"extra\":[],\"stream\":" + quote(stream) + "}";
        }
        return "{\"stream\":" + quote(stream) + ",\"data\":" + data + "}";
    }
}
