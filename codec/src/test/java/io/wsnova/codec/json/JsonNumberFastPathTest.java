package io.wsnova.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tokenizer parses the usual number form inline and leaves everything else to {@link JsonNumber#parse}: both
 * must give the same value, text length and error offset for any input.
 */
class JsonNumberFastPathTest
{
    @ParameterizedTest
    @ValueSource(strings = {
        "0", "-0", "7", "-7", "36442.5", "0.7229", "-0.5", "100", "502097590", "1623060194301",
        "1.7362511643080387", "123456789012345678", "1234567890123456789", "0.000000000000000001",
        "999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "12345678901234567.8", "1.23456789012345678", "2.11e-05", "1E+3", "1e400", "0.1e1",
        "01", "-", "1.", "1.2.3", "12abc", "1e", "--1", "-a", "00", "0x1", "1 ", "1 2", "1\t",
    })
    void shouldMatchGeneralParserWhenNumberIs(final String number)
    {
        assertSameAsGeneralParser(number);
    }

    @Test
    void shouldMatchGeneralParserOnRandomNumbers()
    {
        final long seed = System.nanoTime();
        System.out.println("JsonNumberFastPathTest seed=" + seed);
        final Random random = new Random(seed);
        final byte[] alphabet = "0123456789012345678901234567890123456789-.eE+ ".getBytes(StandardCharsets.US_ASCII);
        final StringBuilder number = new StringBuilder();

        for (int i = 0; i < 50_000; i++)
        {
            number.setLength(0);
            if (random.nextBoolean())
            {
                number.append('-');
            }
            final int length = 1 + random.nextInt(22);
            for (int j = 0; j < length; j++)
            {
                final boolean plain = random.nextInt(8) != 0;
                number.append((char) alphabet[random.nextInt(plain ? 40 : alphabet.length)]);
                if (j == length / 2 && random.nextBoolean())
                {
                    number.append('.');
                }
            }
            assertSameAsGeneralParser(number.toString());
        }
    }

    private static void assertSameAsGeneralParser(final String number)
    {
        final char first = number.charAt(0);
        if (first != '-' && (first < '0' || first > '9'))
        {
            return; // not a number token (an unexpected token, see JsonParserMalformedTest)
        }
        final String json = "[" + number + "]";
        final byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        final JsonParser parser = new JsonParser();
        parser.wrap(bytes, 0, bytes.length);
        parser.nextToken();
        final int token = parser.nextToken();

        final JsonNumber general = new JsonNumber();
        final int bad = general.parse(bytes, 1, bytes.length - 1);

        if (bad >= 0)
        {
            assertThat(token).as(number).isEqualTo(JsonParser.ERROR);
            assertThat(parser.errorCode()).as(number).isEqualTo(JsonParser.ERROR_INVALID_NUMBER);
            assertThat(parser.errorOffset()).as(number).isEqualTo(bad);
            return;
        }
        assertThat(token).as(number).isEqualTo(JsonParser.NUMBER);
        assertThat(parser.tokenOffset()).as(number).isEqualTo(1);
        assertThat(parser.tokenLength()).as(number).isEqualTo(general.textEnd - 1);

        final Decimal expected = new Decimal();
        final boolean isExact = general.toDecimal(expected, bytes);
        final Decimal actual = new Decimal();
        final JsonParser decimalParser = parserOn(bytes);
        assertThat(decimalParser.readDecimal(actual)).as(number).isTrue();
        assertThat(actual.isExact()).as(number).isEqualTo(isExact);
        assertThat(actual.mantissa()).as(number).isEqualTo(expected.mantissa());
        assertThat(actual.scale()).as(number).isEqualTo(expected.scale());
        assertThat(actual).as(number).isEqualTo(expected);

        final boolean isLong = general.toLong();
        final JsonParser longParser = parserOn(bytes);
        final long value = longParser.readLong();
        assertThat(longParser.hasError()).as(number).isEqualTo(!isLong);
        if (isLong)
        {
            assertThat(value).as(number).isEqualTo(general.longValue);
        }

        final double generalDouble = general.toDouble();
        final double parserDouble = parserOn(bytes).readDouble();
        if (Double.doubleToLongBits(parserDouble) != Double.doubleToLongBits(generalDouble))
        {
            assertThat(Math.abs(parserDouble - generalDouble)).as(number)
                .isLessThanOrEqualTo(2 * Math.ulp(generalDouble));
        }
    }

    private static JsonParser parserOn(final byte[] bytes)
    {
        final JsonParser parser = new JsonParser();
        parser.wrap(bytes, 0, bytes.length);
        parser.nextToken();
        parser.nextToken();
        return parser;
    }
}
