package io.wsnova.market;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NavigableMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers: decimals from text through the codec's parser (so inexact values keep their text), and the
 * comparison of a book side against a {@code TreeMap<BigDecimal, BigDecimal>} oracle.
 */
final class Decimals
{
    private Decimals()
    {
    }

    static Decimal parse(final String text)
    {
        final byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.US_ASCII);
        final JsonParser parser = new JsonParser();
        parser.wrap(bytes, 0, bytes.length);
        parser.nextToken();
        parser.nextToken();
        final Decimal decimal = new Decimal();
        assertThat(parser.readDecimal(decimal)).as(text).isTrue();
        return decimal;
    }

    static BigDecimal big(final Decimal decimal)
    {
        return new BigDecimal(decimal.toString());
    }

    /**
     * Asserts that a side holds exactly the oracle's levels, best first, with equal values and the last spelling.
     */
    static void assertSide(final PriceLevels levels, final NavigableMap<BigDecimal, BigDecimal> oracle,
        final String context)
    {
        assertThat(levels.depth()).as(context + " depth of " + levels.side()).isEqualTo(oracle.size());
        final NavigableMap<BigDecimal, BigDecimal> bestFirst =
            levels.side() == BookSide.BID ? oracle.descendingMap() : oracle;
        int level = 0;
        for (final Map.Entry<BigDecimal, BigDecimal> entry : bestFirst.entrySet())
        {
            assertThat(levels.price(level).toString()).as(context + " price " + level)
                .isEqualTo(entry.getKey().toPlainString());
            assertThat(levels.size(level).toString()).as(context + " size " + level)
                .isEqualTo(entry.getValue().toPlainString());
            level++;
        }
    }
}
