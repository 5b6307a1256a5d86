package io.wsnova.codec.json;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential property test of the parser's fast paths against its slow paths and against independent oracles:
 * <ul>
 *     <li>the predicted field name of {@link JsonParser#nextField} (a word compare of the name the table lists next)
 *     against {@link JsonParser#nextToken()} + {@link JsonFieldTable#lookupName} (the byte scan, hash and probe),
 *     on objects whose fields come in table order, shuffled, with unknown names (prefixes and extensions of known
 *     ones, escaped spellings), whitespace anywhere, nested objects decoded with the same table or skipped;</li>
 *     <li>the eight-bytes-at-a-time string scan against the generated value (escapes at every offset, raw non-ASCII
 *     and invalid UTF-8 bytes, long strings);</li>
 *     <li>the number fast path (SWAR digits, short exponents) against {@code new BigDecimal(text)} and against the
 *     general parser (the same number followed by a space goes there);</li>
 *     <li>{@link JsonParser#nextDecimalField} (the schema fast path, tried before every field at the predicted or a
 *     random order) against {@link JsonParser#nextField} + {@link JsonParser#readDecimal};</li>
 *     <li>every message cut at a random point: both parsers report the same error at the same offset.</li>
 * </ul>
 * Seeded: prints its seed, {@code -Dwsnova.seed=N} replays a run; bounded in count.
 */
class JsonParserPredictionTest
{
    private static final int MESSAGES = 3_000;
    private static final String[] KNOWN = {
        "a", "ab", "abc", "price", "price_change", "best_ask_amount", "best_ask_price", "estimated_delivery_price",
        "x1234567", "x12345678", "y123456789012345", "timestamp", "instrument_name_that_is_quite_long_indeed"};
    private static final String[] UNKNOWN = {
        "b", "abcd", "pric", "price_", "best_ask_amoun", "best_ask_amount_", "x1234568", "y12345678901234",
        "y1234567890123456", "timestamq", "", "\u00e9t\u00e9"};
    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "12345678", "123456789", "123456789012345678", "1234567890123456789", "0.5", "-0.0",
        "36442.5", "1.7362511643080387", "0.00000001", "2.11e-05", "2.11E-05", "2.11e+05", "2.11e5", "1e0", "1E+3",
        "1.5e2", "1.50e2", "7e-18", "7e-19", "1e-999", "5e100", "0.1e1", "2.1100000000000000000000e-0005",
        "502097590.000000000000000001", "1.623060194301E12", "99999999999999999.9", "01", "1.", ".5", "-", "1e",
        "1e+", "--1", "1.2.3", "0x10"};

    private final JsonFieldTable table = table();
    // No whitespace between tokens (the usual message, which the decimal-field fast path reads).
    private boolean compact;

    @Test
    void shouldDecodeLikeTheSlowPathsForGeneratedObjects()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("JsonParserPredictionTest seed=" + seed + " (rerun with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final JsonParser fast = new JsonParser(16, 1 << 20, 16);
        final JsonParser slow = new JsonParser(16, 1 << 20, 16);
        for (int m = 0; m < MESSAGES; m++)
        {
            final List<Object> expected = new ArrayList<>();
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            object(random, out, expected, 0);
            final byte[] message = out.toByteArray();
            final int length = random.nextInt(4) == 0 ? random.nextInt(message.length + 1) : message.length;
            final String context = "seed=" + seed + " message=" + m + " length=" + length + " json=" +
                new String(message, 0, length, StandardCharsets.ISO_8859_1);

            fast.wrap(message, 0, length);
            slow.wrap(message, 0, length);
            final List<Object> fastEvents = new ArrayList<>();
            final List<Object> slowEvents = new ArrayList<>();
            if (fast.nextToken() == JsonParser.START_OBJECT)
            {
                readWithNextField(fast, fastEvents);
                fast.nextToken();
            }
            if (slow.nextToken() == JsonParser.START_OBJECT)
            {
                readWithNextToken(slow, slowEvents);
                slow.nextToken();
            }
            assertThat(fastEvents).as(context).isEqualTo(slowEvents);
            assertThat(fast.errorCode()).as(context).isEqualTo(slow.errorCode());
            assertThat(fast.errorOffset()).as(context).isEqualTo(slow.errorOffset());
            if (length == message.length && !hasInvalidNumber(expected))
            {
                assertThat(fast.hasError()).as(context + " " + fast.errorDescription()).isFalse();
                assertThat(fast.token()).as(context).isEqualTo(JsonParser.END_OF_INPUT);
                assertThat(fastEvents).as(context).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldReadDecimalFieldsLikeNextFieldForGeneratedObjects()
    {
        // nextDecimalField (the schema fast path) tried before every field, at the order after the last field (the
        // usual message) or at a random order, against nextField + readDecimal: same events, errors and offsets.
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("JsonParserPredictionTest decimal fields seed=" + seed + " (rerun with -Dwsnova.seed=" +
            seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final JsonParser fast = new JsonParser(16, 1 << 20, 16);
        final JsonParser general = new JsonParser(16, 1 << 20, 16);
        int fastReads = 0;
        for (int m = 0; m < MESSAGES; m++)
        {
            final List<Object> expected = new ArrayList<>();
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            compact = random.nextBoolean();
            object(random, out, expected, 0);
            compact = false;
            final byte[] message = out.toByteArray();
            final int length = random.nextInt(4) == 0 ? random.nextInt(message.length + 1) : message.length;
            final String context = "seed=" + seed + " message=" + m + " length=" + length + " json=" +
                new String(message, 0, length, StandardCharsets.ISO_8859_1);

            fast.wrap(message, 0, length);
            general.wrap(message, 0, length);
            final List<Object> fastEvents = new ArrayList<>();
            final List<Object> generalEvents = new ArrayList<>();
            if (fast.nextToken() == JsonParser.START_OBJECT)
            {
                fastReads += readWithNextDecimalField(fast, fastEvents, random);
                fast.nextToken();
            }
            if (general.nextToken() == JsonParser.START_OBJECT)
            {
                readWithNextField(general, generalEvents);
                general.nextToken();
            }
            assertThat(fastEvents).as(context).isEqualTo(generalEvents);
            assertThat(fast.errorCode()).as(context).isEqualTo(general.errorCode());
            assertThat(fast.errorOffset()).as(context).isEqualTo(general.errorOffset());
            assertThat(fast.inexactNumberCount()).as(context).isEqualTo(general.inexactNumberCount());
            if (length == message.length && !hasInvalidNumber(expected))
            {
                assertThat(fastEvents).as(context).isEqualTo(expected);
            }
        }
        // About one field in 25 is a plain number under its predicted name in a compact object.
        assertThat(fastReads).as("fields read by the fast path").isGreaterThan(MESSAGES / 100);
    }

    @Test
    void shouldReadDecimalFieldsOnlyInThePlainForm()
    {
        final JsonFieldTable fields = new JsonFieldTable(2).put("p", 0).put("q", 1);
        final String[] fastForms = {"{\"p\":1}", "{\"p\":-0.5,\"q\":2}", "{\"p\":123456789012345678}"};
        final String[] otherForms = {"{ \"p\":1}", "{\"p\" :1}", "{\"p\": 1}", "{\"p\":1 }", "{\"p\":1e3}",
            "{\"p\":01}", "{\"p\":1.}", "{\"p\":-}", "{\"p\":\"1\"}", "{\"p\":null}", "{\"\\u0070\":1}",
            "{\"q\":1}", "{\"p\":1234567890123456789}", "{\"p\":1]", "{\"p\":1", "{\"p\":{}}", "{\"pp\":1}"};
        final JsonParser parser = new JsonParser();
        for (final String json : fastForms)
        {
            final Decimal value = new Decimal();
            parser.wrap(json.getBytes(StandardCharsets.US_ASCII), 0, json.length());
            parser.nextToken();
            assertThat(parser.nextDecimalField(fields, 0, value)).as(json).isTrue();
            assertThat(parser.token()).as(json).isEqualTo(JsonParser.NUMBER);
            final Decimal again = new Decimal();
            assertThat(parser.readDecimal(again)).as(json).isTrue();
            assertThat(again).as(json).isEqualTo(value);
            assertThat(parser.nextField(fields)).as(json).isIn(1, JsonParser.END_OF_FIELDS);
        }
        for (final String json : otherForms)
        {
            final Decimal value = new Decimal().set(7, 0);
            parser.wrap(json.getBytes(StandardCharsets.US_ASCII), 0, json.length());
            parser.nextToken();
            assertThat(parser.nextDecimalField(fields, 0, value)).as(json).isFalse();
            assertThat(value).as(json).isEqualTo(new Decimal().set(7, 0));
            assertThat(parser.token()).as(json).isEqualTo(JsonParser.START_OBJECT);
        }
    }

    @Test
    void shouldReadTheFastAndGeneralNumberPathsAlike()
    {
        final JsonParser parser = new JsonParser();
        for (final String number : NUMBERS)
        {
            final Decimal fastValue = new Decimal();
            final Decimal generalValue = new Decimal();
            final boolean fastRead = readNumber(parser, "[" + number + "]", fastValue);
            final int fastError = parser.errorCode();
            final boolean generalRead = readNumber(parser, "[" + number + " ]", generalValue);
            assertThat(fastRead).as(number).isEqualTo(generalRead);
            assertThat(fastError).as(number).isEqualTo(parser.errorCode());
            if (fastRead)
            {
                assertThat(fastValue.mantissa()).as(number).isEqualTo(generalValue.mantissa());
                assertThat(fastValue.scale()).as(number).isEqualTo(generalValue.scale());
                assertThat(fastValue.isExact()).as(number).isEqualTo(generalValue.isExact());
                if (fastValue.isExact())
                {
                    assertThat(BigDecimal.valueOf(fastValue.mantissa(), fastValue.scale()))
                        .as(number).isEqualByComparingTo(new BigDecimal(number));
                }
            }
        }
    }

    private static boolean readNumber(final JsonParser parser, final String json, final Decimal dst)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        parser.wrap(bytes, 0, bytes.length);
        parser.nextToken();
        parser.nextToken();
        return !parser.hasError() && parser.readDecimal(dst);
    }

    private void readWithNextField(final JsonParser parser, final List<Object> events)
    {
        int id;
        while ((id = parser.nextField(table)) != JsonParser.END_OF_FIELDS)
        {
            events.add(id);
            value(parser, events, true);
        }
        events.add(parser.token() == JsonParser.END_OBJECT ? "}" : "error");
    }

    private int readWithNextDecimalField(final JsonParser parser, final List<Object> events,
        final SplittableRandom random)
    {
        int fastReads = 0;
        int order = 0;
        while (true)
        {
            // The predicted order, then (a failed try changes nothing) a random one, sometimes out of range.
            int guess = order;
            final Decimal decimal = new Decimal();
            boolean read = parser.nextDecimalField(table, guess, decimal);
            if (!read && random.nextBoolean())
            {
                guess = random.nextInt(-1, KNOWN.length + 2);
                read = parser.nextDecimalField(table, guess, decimal);
            }
            if (read)
            {
                fastReads++;
                events.add(guess);
                events.add(decimal.isExact() ? BigDecimal.valueOf(decimal.mantissa(), decimal.scale()) :
                    "inexact " + decimal);
                order = guess + 1;
                continue;
            }
            final int id = parser.nextField(table);
            if (id == JsonParser.END_OF_FIELDS)
            {
                break;
            }
            events.add(id);
            if (parser.token() == JsonParser.START_OBJECT)
            {
                fastReads += readWithNextDecimalField(parser, events, random);
            }
            else
            {
                value(parser, events, true);
            }
            order = id + 1;
        }
        events.add(parser.token() == JsonParser.END_OBJECT ? "}" : "error");
        return fastReads;
    }

    private void readWithNextToken(final JsonParser parser, final List<Object> events)
    {
        while (true)
        {
            final int token = parser.nextToken();
            if (token != JsonParser.FIELD_NAME)
            {
                events.add(token == JsonParser.END_OBJECT ? "}" : "error");
                return;
            }
            final int id = table.lookupName(parser);
            if (parser.nextToken() == JsonParser.ERROR)
            {
                events.add("error");
                return;
            }
            events.add(id);
            value(parser, events, false);
        }
    }

    private void value(final JsonParser parser, final List<Object> events, final boolean withNextField)
    {
        switch (parser.token())
        {
            case JsonParser.NUMBER ->
            {
                final Decimal decimal = new Decimal();
                parser.readDecimal(decimal);
                events.add(decimal.isExact() ? BigDecimal.valueOf(decimal.mantissa(), decimal.scale()) :
                    "inexact " + decimal);
            }
            case JsonParser.STRING ->
            {
                final int length = parser.stringLength();
                final int offset = parser.tokenOffset();
                events.add(length < 0 ? "error" :
                    Arrays.toString(Arrays.copyOfRange(parser.buffer(), offset, offset + length)));
            }
            case JsonParser.START_OBJECT ->
            {
                if (withNextField)
                {
                    readWithNextField(parser, events);
                }
                else
                {
                    readWithNextToken(parser, events);
                }
            }
            case JsonParser.START_ARRAY ->
            {
                parser.skipValue();
                events.add(parser.token() == JsonParser.END_ARRAY ? "]" : "error");
            }
            case JsonParser.ERROR -> events.add("error");
            default -> events.add(parser.token());
        }
    }

    /**
     * Writes an object and the events a reader must see for it (ids, values, "}"), for the valid whole message.
     */
    private void object(final SplittableRandom random, final ByteArrayOutputStream out, final List<Object> expected,
        final int depth)
    {
        final List<String> names = new ArrayList<>();
        final int count = random.nextInt(8);
        final boolean inOrder = random.nextBoolean();
        int next = random.nextInt(KNOWN.length);
        for (int i = 0; i < count; i++)
        {
            if (random.nextInt(5) == 0)
            {
                names.add(UNKNOWN[random.nextInt(UNKNOWN.length)]);
            }
            else if (inOrder)
            {
                names.add(KNOWN[next++ % KNOWN.length]);
            }
            else
            {
                names.add(KNOWN[random.nextInt(KNOWN.length)]);
            }
        }
        write(out, "{");
        for (int i = 0; i < names.size(); i++)
        {
            if (i > 0)
            {
                space(random, out);
                write(out, ",");
            }
            space(random, out);
            final String name = names.get(i);
            write(out, "\"");
            writeEscaped(random, out, name.getBytes(StandardCharsets.UTF_8));
            write(out, "\"");
            space(random, out);
            write(out, ":");
            space(random, out);
            expected.add(idOf(name));
            valueText(random, out, expected, depth);
            space(random, out);
        }
        write(out, "}");
        expected.add("}");
    }

    private void valueText(final SplittableRandom random, final ByteArrayOutputStream out, final List<Object> expected,
        final int depth)
    {
        switch (random.nextInt(depth < 3 ? 7 : 5))
        {
            case 0, 1 ->
            {
                final String number = NUMBERS[random.nextInt(NUMBERS.length)];
                write(out, number);
                expected.add(numberEvent(number));
            }
            case 2, 3 ->
            {
                final byte[] raw = randomString(random);
                write(out, "\"");
                writeEscaped(random, out, raw);
                write(out, "\"");
                expected.add(Arrays.toString(raw));
            }
            case 4 ->
            {
                final String[] literals = {"true", "false", "null"};
                final int which = random.nextInt(3);
                write(out, literals[which]);
                expected.add(JsonParser.TRUE + which);
            }
            case 5 -> object(random, out, expected, depth + 1);
            default ->
            {
                write(out, "[1, {\"a\": \"]}\\\"\"}, [\"\\\\\", []], \"x\"]");
                expected.add("]");
            }
        }
    }

    private static Object numberEvent(final String number)
    {
        final BigDecimal value;
        try
        {
            value = new BigDecimal(number);
        }
        catch (final NumberFormatException ex)
        {
            return "invalid";
        }
        if (number.startsWith("0") && number.length() > 1 && Character.isDigit(number.charAt(1)) ||
            number.endsWith(".") || number.startsWith(".") || number.startsWith("+"))
        {
            return "invalid";
        }
        final Decimal decimal = new Decimal();
        final JsonParser parser = new JsonParser();
        readNumber(parser, "[" + number + " ]", decimal);
        if (!decimal.isExact())
        {
            return "inexact " + decimal;
        }
        assertThat(BigDecimal.valueOf(decimal.mantissa(), decimal.scale())).isEqualByComparingTo(value);
        return BigDecimal.valueOf(decimal.mantissa(), decimal.scale());
    }

    private static boolean hasInvalidNumber(final List<Object> expected)
    {
        return expected.contains("invalid");
    }

    private int idOf(final String name)
    {
        for (int i = 0; i < KNOWN.length; i++)
        {
            if (KNOWN[i].equals(name))
            {
                return i;
            }
        }
        return JsonFieldTable.NOT_FOUND;
    }

    private static JsonFieldTable table()
    {
        final JsonFieldTable table = new JsonFieldTable(KNOWN.length);
        for (int i = 0; i < KNOWN.length; i++)
        {
            table.put(KNOWN[i], i);
        }
        return table;
    }

    private static byte[] randomString(final SplittableRandom random)
    {
        final int length = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(10);
        final byte[] raw = new byte[length];
        for (int i = 0; i < length; i++)
        {
            final int kind = random.nextInt(20);
            raw[i] = (byte)(kind == 0 ? '"' : kind == 1 ? '\\' : kind == 2 ? 0x80 + random.nextInt(0x80) :
                'a' + random.nextInt(26));
        }
        return raw;
    }

    /**
     * Writes the bytes as a JSON string body: quote and backslash always escaped, other ASCII letters sometimes as
     * <code>&#92;uXXXX</code>, bytes of 0x80 and above raw (valid or not as UTF-8: the parser does not check).
     */
    private static void writeEscaped(final SplittableRandom random, final ByteArrayOutputStream out, final byte[] raw)
    {
        for (final byte b : raw)
        {
            if (b == '"' || b == '\\')
            {
                out.write('\\');
                out.write(b);
            }
            else if (b > 0 && random.nextInt(12) == 0)
            {
                write(out, String.format("\\u%04x", b));
            }
            else
            {
                out.write(b);
            }
        }
    }

    private void space(final SplittableRandom random, final ByteArrayOutputStream out)
    {
        if (!compact && random.nextInt(6) == 0)
        {
            write(out, " \t\r\n".substring(random.nextInt(4)));
        }
    }

    private static void write(final ByteArrayOutputStream out, final String text)
    {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
