package io.wsnova.codec.json;

import static io.wsnova.codec.json.JsonTestSupport.parserOver;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Escaped strings (RFC 8259 section 7) are the same strings: names and values match, hash, look up and read as
 * their decoded value, whatever characters are written as <code>&#92;uXXXX</code> or <code>&#92;/</code>.
 */
class JsonParserEscapeTest
{
    private static final int ACCESS_TOKEN = 0;
    private static final int CHANNEL = 1;
    private static final JsonFieldTable FIELDS = new JsonFieldTable(4)
        .put("access_token", ACCESS_TOKEN)
        .put("channel", CHANNEL);
    private static final byte[] ACCESS_TOKEN_BYTES = "access_token".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TICKER = "ticker.BTC-PERPETUAL.raw".getBytes(StandardCharsets.UTF_8);

    /** Every character written as a backslash-u escape, in either hex case. */
    static String escapeAll(final String text, final boolean upper)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final String hex = String.format(upper ? "%04X" : "%04x", (int)text.charAt(i));
            out.append("\\u").append(hex);
        }
        return out.toString();
    }

    @Test
    void shouldMatchNameWhenEveryCharacterIsEscaped()
    {
        for (final boolean upper : new boolean[] {false, true})
        {
            final String json = "{\"" + escapeAll("access_token", upper) + "\":\"x\"}";
            JsonParser parser = parserOver(json);
            parser.nextToken();
            assertThat(parser.nextToken()).isEqualTo(JsonParser.FIELD_NAME);
            assertThat(parser.nameEquals(ACCESS_TOKEN_BYTES)).isTrue();
            assertThat(parser.nameHash()).isEqualTo(JsonParser.nameHash("access_token"));
            assertThat(FIELDS.lookupName(parser)).isEqualTo(ACCESS_TOKEN);

            parser = parserOver(json);
            parser.nextToken();
            assertThat(parser.nextField(FIELDS)).isEqualTo(ACCESS_TOKEN);
            assertThat(parser.token()).isEqualTo(JsonParser.STRING);
            assertThat(parser.nextField(FIELDS)).isEqualTo(JsonParser.END_OF_FIELDS);
            assertThat(parser.hasError()).isFalse();
        }
    }

    @Test
    void shouldCompareValuesDecodedWhenEscapedOrSlashEscaped()
    {
        final String[] forms = {
            "ticker.BTC-PERPETUAL.raw",
            escapeAll("ticker.BTC-PERPETUAL.raw", false),
            "ticker\\u002EBTC-PERPETUAL\\u002eraw",
            "\\u0074icker.BTC-PERPETUAL.ra\\u0077"};
        for (final String form : forms)
        {
            final JsonParser parser = parserOver("{\"channel\":\"" + form + "\"}");
            parser.nextToken();
            assertThat(parser.nextField(FIELDS)).isEqualTo(CHANNEL);
            assertThat(parser.stringEquals(TICKER)).as(form).isTrue();
            assertThat(parser.stringLength()).isEqualTo(TICKER.length);
            final StringBuilder text = new StringBuilder();
            assertThat(parser.readString(text)).isTrue();
            assertThat(text.toString()).isEqualTo("ticker.BTC-PERPETUAL.raw");
        }
        final JsonParser parser = parserOver("[\"a\\/b\",\"\\\\\\\"\\n\"]");
        parser.nextToken();
        parser.nextToken();
        assertThat(parser.stringEquals("a/b".getBytes(StandardCharsets.UTF_8))).isTrue();
        parser.nextToken();
        final StringBuilder text = new StringBuilder();
        parser.readString(text);
        assertThat(text.toString()).isEqualTo("\\\"\n");
        assertThat(parser.nextToken()).isEqualTo(JsonParser.END_ARRAY);
    }

    @Test
    void shouldDecodeSurrogatePairAndReplaceLoneSurrogate()
    {
        final JsonParser parser = parserOver("[\"\\uD83D\\uDE00\",\"a\\uD83Db\",\"\\uDE00\",\"\u00e9\\u00E9\"]");
        parser.nextToken();
        parser.nextToken();
        assertThat(parser.stringEquals("\uD83D\uDE00".getBytes(StandardCharsets.UTF_8))).isTrue();
        final StringBuilder text = new StringBuilder();
        parser.readString(text);
        assertThat(text.toString()).isEqualTo("\uD83D\uDE00");
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(16);
        assertThat(parser.readString(out, 0)).isEqualTo(4);
        assertThat(out.getStringWithoutLengthUtf8(0, 4)).isEqualTo("\uD83D\uDE00");

        parser.nextToken();
        text.setLength(0);
        parser.readString(text);
        assertThat(text.toString()).isEqualTo("a\uFFFDb");
        parser.nextToken();
        text.setLength(0);
        parser.readString(text);
        assertThat(text.toString()).isEqualTo("\uFFFD");
        assertThat(parser.replacedSurrogateCount()).isEqualTo(2);
        parser.nextToken();
        assertThat(parser.stringEquals("\u00e9\u00e9".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(parser.nextToken()).isEqualTo(JsonParser.END_ARRAY);
        assertThat(parser.hasError()).isFalse();
    }

    @Test
    void shouldReadEscapedNumberInString()
    {
        final JsonParser parser = parserOver("[\"\\u0033\\u0036.5\"]");
        parser.nextToken();
        parser.nextToken();
        final Decimal value = new Decimal();
        assertThat(parser.readDecimal(value)).isTrue();
        assertThat(value.toString()).isEqualTo("36.5");
    }

    @Test
    void shouldReportInvalidEscapeWhenStringIsUsed()
    {
        final JsonParser parser = parserOver("{\"a\":\"b\\x\"}");
        parser.nextToken();
        parser.nextToken();
        parser.nextToken();
        assertThat(parser.stringEquals("b".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(parser.readString(new StringBuilder())).isFalse();
        assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_INVALID_ESCAPE);
    }

    @Test
    void shouldLeaveSkippedRegionRawSoItCanBeParsedAgain()
    {
        final String json = "{\"data\":{\"k\":\"a\\\"b\\u0041\"},\"channel\":\"x\"}";
        final JsonParser parser = parserOver(json);
        parser.nextToken();
        parser.nextToken();
        parser.nextToken();
        final int start = parser.tokenOffset();
        parser.skipValue();
        final int end = parser.tokenOffset() + parser.tokenLength();
        final JsonParser again = new JsonParser();
        again.wrap(parser.buffer(), start, end - start);
        assertThat(JsonTestSupport.reencode(again)).isEqualTo("{\"k\":\"a\\\"bA\"}");
    }

    /**
     * Property: escaping random characters of the names and values of a random document never changes what the
     * parser reports (the oracle is the same document unescaped).
     */
    @Test
    void shouldReportSameWhenRandomCharactersAreEscaped()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("JsonParserEscapeTest seed=" + seed + " (rerun with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final JsonFieldTable table = new JsonFieldTable(64);
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            final String name = randomText(random, 1 + random.nextInt(12));
            if (!names.contains(name))
            {
                table.put(name, names.size());
                names.add(name);
            }
        }
        for (int doc = 0; doc < 2000; doc++)
        {
            final List<String[]> fields = new ArrayList<>();
            final int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++)
            {
                final String name = random.nextInt(4) == 0 ? randomText(random, 1 + random.nextInt(6)) :
                    names.get(random.nextInt(names.size()));
                fields.add(new String[] {name, randomText(random, random.nextInt(16))});
            }
            final String plain = document(fields, random, 0);
            final String escaped = document(fields, random, 1 + random.nextInt(3));
            final List<String> expected = report(plain, table);
            final List<String> actual = report(escaped, table);
            int first = 0;
            while (first < Math.min(expected.size(), actual.size()) && expected.get(first).equals(actual.get(first)))
            {
                first++;
            }
            assertThat(actual).as("seed=%d first difference at %d: %s instead of %s, document %s", seed, first,
                    printable(actual, first), printable(expected, first), printable(List.of(escaped), 0))
                .isEqualTo(expected);
        }
    }

    private static String printable(final List<String> report, final int index)
    {
        if (index >= report.size())
        {
            return "(none)";
        }
        final StringBuilder out = new StringBuilder();
        for (final char c : report.get(index).toCharArray())
        {
            out.append(c < 0x20 || c > 0x7E ? String.format("<%04x>", (int)c) : String.valueOf(c));
        }
        return out.toString();
    }

    private static String randomText(final SplittableRandom random, final int length)
    {
        final String alphabet = "abcdefgxyz_.-ABCXYZ0123456789 /\u00e9\u20ac";
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            final int kind = random.nextInt(20);
            if (kind == 0)
            {
                text.append("\uD83D\uDE00");
            }
            else if (kind == 1)
            {
                text.append(random.nextBoolean() ? '"' : '\\');
            }
            else if (kind == 2)
            {
                text.append((char)random.nextInt(0x20));
            }
            else
            {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }

    /** Writes the text as a JSON string; escapeOneIn 0 escapes only what must be, else about one char in n. */
    private static String quote(final String text, final SplittableRandom random, final int escapeOneIn)
    {
        final StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final boolean must = c == '"' || c == '\\' || c < 0x20;
            if (Character.isHighSurrogate(c))
            {
                // A pair is escaped as a pair or sent as it is (UTF-8 has no lone surrogates).
                final char low = text.charAt(++i);
                out.append(escapeOneIn > 0 && random.nextInt(escapeOneIn) == 0 ?
                    String.format("\\u%04X\\u%04x", (int)c, (int)low) : String.valueOf(c) + low);
            }
            else if (escapeOneIn > 0 && random.nextInt(escapeOneIn) == 0)
            {
                if (c == '/' && random.nextBoolean())
                {
                    out.append("\\/");
                }
                else
                {
                    out.append(String.format(random.nextBoolean() ? "\\u%04X" : "\\u%04x", (int)c));
                }
            }
            else if (must)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String document(final List<String[]> fields, final SplittableRandom random, final int escapeOneIn)
    {
        final StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < fields.size(); i++)
        {
            out.append(i == 0 ? "" : ",").append(quote(fields.get(i)[0], random, escapeOneIn)).append(':');
            if (i % 3 == 2)
            {
                out.append("[").append(quote(fields.get(i)[1], random, escapeOneIn)).append(",1.5]");
            }
            else
            {
                out.append(quote(fields.get(i)[1], random, escapeOneIn));
            }
        }
        return out.append('}').toString();
    }

    /** Everything the parser reports: tokens, names, lookups, values, lengths and hashes, two ways. */
    private static List<String> report(final String json, final JsonFieldTable table)
    {
        final List<String> report = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        JsonParser parser = parserOver(json);
        int token;
        while ((token = parser.nextToken()) != JsonParser.END_OF_INPUT && token != JsonParser.ERROR)
        {
            if (token == JsonParser.FIELD_NAME || token == JsonParser.STRING)
            {
                text.setLength(0);
                parser.readString(text);
                report.add(token + ":" + text + ":" + table.lookupName(parser) + ":" + table.lookupString(parser) +
                    ":" + parser.stringLength() + ":" + parser.nameHash() + ":" +
                    parser.stringEquals(text.toString().getBytes(StandardCharsets.UTF_8)) + ":" +
                    parser.nameEquals(text.toString().getBytes(StandardCharsets.UTF_8)));
            }
            else
            {
                report.add(String.valueOf(token));
            }
        }
        report.add("end:" + token + ":" + parser.errorCode());
        parser = parserOver(json);
        parser.nextToken();
        int field;
        while ((field = parser.nextField(table)) != JsonParser.END_OF_FIELDS)
        {
            report.add("field:" + field);
            parser.skipValue();
        }
        report.add("fields-end:" + parser.token() + ":" + parser.errorCode());
        return report;
    }
}
