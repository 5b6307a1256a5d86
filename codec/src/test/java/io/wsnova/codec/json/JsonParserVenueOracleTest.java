package io.wsnova.codec.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential oracle for the scanner under every venue decoder: each venue's main messages, rewritten at random the
 * ways the JSON grammar allows (keys shuffled, whitespace between every token, unknown keys holding nested objects
 * and arrays, numbers spelled with exponents, trailing zeros and either case, strings partly escaped), are read by
 * {@link JsonParser} and by Jackson (exact {@code BigDecimal} numbers); both must give the same tree, and every
 * string that holds a number must read as the same decimal. Seeded: prints its seed, {@code -Dwsnova.seed=N}
 * replays a run; bounded in count.
 */
class JsonParserVenueOracleTest
{
    private static final int VARIANTS_PER_MESSAGE = 400;

    static final List<String> MESSAGES = List.of(
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"," +
            "\"data\":{\"best_ask_amount\":100,\"best_ask_price\":36443,\"best_bid_amount\":5000," +
            "\"best_bid_price\":36442.5,\"current_funding\":0,\"estimated_delivery_price\":36441.64," +
            "\"funding_8h\":2.11e-05,\"index_price\":36441.64,\"instrument_name\":\"BTC-PERPETUAL\"," +
            "\"interest_value\":1.7362511643080387,\"last_price\":36457.5,\"mark_price\":36446.51," +
            "\"max_price\":36991.72,\"min_price\":35898.37,\"open_interest\":502097590,\"settlement_price\":36169.49," +
            "\"state\":\"open\",\"stats\":{\"high\":36824.5,\"low\":35213.5,\"price_change\":0.7229," +
            "\"volume\":7871.02139035,\"volume_usd\":284061480},\"timestamp\":1623060194301}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"book.BTC-PERPETUAL.100ms\"," +
            "\"data\":{\"type\":\"change\",\"timestamp\":1554373911330,\"prev_change_id\":297217," +
            "\"instrument_name\":\"BTC-PERPETUAL\",\"change_id\":297218,\"bids\":[[\"delete\",5041.94,0]," +
            "[\"change\",5042.34,30]],\"asks\":[[\"new\",5042.64,40]]}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.BTC-PERPETUAL.100ms\"," +
            "\"data\":[{\"trade_seq\":30289442,\"trade_id\":\"48079269\",\"timestamp\":1590484512188," +
            "\"tick_direction\":2,\"price\":8950,\"mark_price\":8948.9,\"instrument_name\":\"BTC-PERPETUAL\"," +
            "\"index_price\":8955.88,\"direction\":\"sell\",\"amount\":10,\"liquidation\":null,\"iv\":-0.0}]}}",
        "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"BTCUSDT\"," +
            "\"U\":1000000001,\"u\":1000000001,\"b\":[[\"64980.50000000\",\"1.10000000\"]],\"a\":[[" +
            "\"64981.00000000\",\"0.50000000\"],[\"64983.00000000\",\"0.00000000\"]]}}",
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BTCUSDT\"," +
            "\"t\":1000000000,\"p\":\"64980.50000000\",\"q\":\"0.00100000\",\"T\":1672515782136," +
            "\"m\":true,\"M\":false}}",
        "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1687940967466,\"data\":{\"s\":\"BTCUSDT\"," +
            "\"b\":[[\"30247.20\",\"30.028\"],[\"30240.00\",\"0\"]],\"a\":[[\"30248.70\",\"0\"]],\"u\":177400507," +
            "\"seq\":66544703342},\"cts\":1687940967464}",
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"price24hPcnt\":" +
            "\"-0.158315\",\"lastPrice\":\"66666.60\",\"openInterestValue\":\"32824881841.75\",\"fundingRate\":" +
            "\"-0.005\",\"preOpenPrice\":\"\",\"nextFundingTime\":\"1760342400000\"},\"cs\":9532239429," +
            "\"ts\":1760325052630}",
        "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[" +
            "\"41006.8\",\"0.60038921\",\"0\",\"1\"]],\"bids\":[[\"41006.3\",\"0.30178218\",\"0\",\"2\"]],\"ts\":" +
            "\"1629966436396\",\"checksum\":-1234,\"prevSeqId\":123456,\"seqId\":123470}]}",
        "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\"," +
            "\"sequence_num\":1,\"events\":[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":" +
            "\"bid\",\"event_time\":\"2023-02-09T20:32:50.714964855Z\",\"price_level\":\"21921.73\"," +
            "\"new_quantity\":\"0.06317902\"}]}]}");

    private final ObjectMapper jackson = new ObjectMapper()
        .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
        .configure(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS, true);

    @Test
    void shouldReadEveryVariantOfEveryVenueMessageAsJacksonDoes() throws IOException
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("JsonParserVenueOracleTest seed=" + seed + " (rerun with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final JsonParser parser = new JsonParser(64, 1 << 20, 64);
        final StringBuilder text = new StringBuilder();
        for (final String message : MESSAGES)
        {
            final JsonNode original = jackson.readTree(message);
            for (int v = 0; v < VARIANTS_PER_MESSAGE; v++)
            {
                text.setLength(0);
                write(original, random, text, 0);
                ws(random, text);
                final String variant = text.toString();
                final Object expected = canonical(jackson.readTree(variant));
                final byte[] bytes = variant.getBytes(StandardCharsets.UTF_8);
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 32]);
                final int offset = 1 + random.nextInt(16);
                buffer.putBytes(offset, bytes);
                parser.wrap(buffer, offset, bytes.length);
                parser.nextToken();
                final Object actual = read(parser);
                assertThat(parser.nextToken()).as("seed=%d variant %s", seed, variant)
                    .isEqualTo(JsonParser.END_OF_INPUT);
                assertThat(actual).as("seed=%d variant %s", seed, variant).isEqualTo(expected);
            }
        }
    }

    /** The parser's tree from the current token: sorted maps, lists, BigDecimal, String (+ its decimal), Boolean. */
    private static Object read(final JsonParser parser)
    {
        switch (parser.token())
        {
            case JsonParser.START_OBJECT:
            {
                final Map<String, Object> map = new TreeMap<>();
                while (parser.nextToken() == JsonParser.FIELD_NAME)
                {
                    final StringBuilder name = new StringBuilder();
                    assertThat(parser.readString(name)).isTrue();
                    parser.nextToken();
                    map.put(name.toString(), read(parser));
                }
                assertThat(parser.token()).as(parser.errorDescription()).isEqualTo(JsonParser.END_OBJECT);
                return map;
            }
            case JsonParser.START_ARRAY:
            {
                final List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonParser.END_ARRAY)
                {
                    assertThat(parser.token()).as(parser.errorDescription()).isNotEqualTo(JsonParser.ERROR);
                    list.add(read(parser));
                }
                return list;
            }
            case JsonParser.NUMBER:
            {
                final Decimal decimal = new Decimal();
                assertThat(parser.readDecimal(decimal)).isTrue();
                return exact(parser, decimal);
            }
            case JsonParser.STRING:
            {
                final StringBuilder value = new StringBuilder();
                assertThat(parser.readString(value)).isTrue();
                final String s = value.toString();
                final Decimal decimal = new Decimal();
                final int status = parser.tryReadDecimal(decimal);
                if (isNumber(s))
                {
                    assertThat(status).as(s).isIn(JsonParser.VALUE_EXACT, JsonParser.VALUE_INEXACT);
                    assertThat(exact(parser, decimal)).as(s).isEqualTo(new BigDecimal(s).stripTrailingZeros());
                }
                else
                {
                    assertThat(status).as(s).isEqualTo(JsonParser.VALUE_INVALID);
                }
                return "s:" + s;
            }
            case JsonParser.TRUE:
                return Boolean.TRUE;
            case JsonParser.FALSE:
                return Boolean.FALSE;
            case JsonParser.NULL:
                return "null";
            default:
                throw new AssertionError("token " + parser.token() + ": " + parser.errorDescription());
        }
    }

    private static BigDecimal exact(final JsonParser parser, final Decimal decimal)
    {
        final BigDecimal value = decimal.isExact() ?
            BigDecimal.valueOf(decimal.mantissa(), decimal.scale()) :
            new BigDecimal(new String(parser.buffer(), parser.tokenOffset(), parser.tokenLength(),
                StandardCharsets.US_ASCII));
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    private static boolean isNumber(final String s)
    {
        return s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }

    private static Object canonical(final JsonNode node)
    {
        if (node.isObject())
        {
            final Map<String, Object> map = new TreeMap<>();
            for (final Map.Entry<String, JsonNode> field : node.properties())
            {
                map.put(field.getKey(), canonical(field.getValue()));
            }
            return map;
        }
        if (node.isArray())
        {
            final List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(canonical(element)));
            return list;
        }
        if (node.isNumber())
        {
            final BigDecimal value = node.decimalValue();
            return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        }
        if (node.isTextual())
        {
            return "s:" + node.textValue();
        }
        if (node.isBoolean())
        {
            return node.booleanValue();
        }
        return "null";
    }

    /** Writes the node in a random valid spelling; objects get their keys shuffled and sometimes unknown keys. */
    private static void write(final JsonNode node, final SplittableRandom random, final StringBuilder out,
        final int depth)
    {
        ws(random, out);
        if (node.isObject())
        {
            final List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            fields.addAll(node.properties());
            final List<Object[]> entries = new ArrayList<>();
            for (final Map.Entry<String, JsonNode> field : fields)
            {
                entries.add(new Object[] {field.getKey(), field.getValue()});
            }
            if (depth < 4 && random.nextInt(3) == 0)
            {
                entries.add(new Object[] {"x_unknown_" + random.nextInt(1000), unknownValue(random)});
            }
            Collections.shuffle(entries, new java.util.Random(random.nextLong()));
            out.append('{');
            for (int i = 0; i < entries.size(); i++)
            {
                if (i > 0)
                {
                    ws(random, out);
                    out.append(',');
                }
                ws(random, out);
                string((String)entries.get(i)[0], random, out);
                ws(random, out);
                out.append(':');
                final Object value = entries.get(i)[1];
                if (value instanceof JsonNode child)
                {
                    write(child, random, out, depth + 1);
                }
                else
                {
                    ws(random, out);
                    out.append(value);
                }
                ws(random, out);
            }
            out.append('}');
        }
        else if (node.isArray())
        {
            out.append('[');
            for (int i = 0; i < node.size(); i++)
            {
                if (i > 0)
                {
                    ws(random, out);
                    out.append(',');
                }
                write(node.get(i), random, out, depth + 1);
                ws(random, out);
            }
            out.append(']');
        }
        else if (node.isNumber())
        {
            out.append(spell(node.decimalValue(), random));
        }
        else if (node.isTextual())
        {
            final String value = node.textValue();
            string(isNumber(value) && random.nextBoolean() ? spellQuoted(new BigDecimal(value), random) : value,
                random, out);
        }
        else
        {
            out.append(node.toString());
        }
    }

    private static String unknownValue(final SplittableRandom random)
    {
        return switch (random.nextInt(5))
        {
            case 0 -> "{\"a\":[1,2.5e3,{\"b\":null}],\"c\":\"}]\\\"\",\"d\":{}}";
            case 1 -> "[[],[[true,false]],\"x\",-0.0E-0]";
            case 2 -> "\"\\u0041\\n\"";
            case 3 -> "123456789012345678901234567890";
            default -> "null";
        };
    }

    /** A random JSON spelling of the same value: trailing zeros, exponent forms of either case and sign. */
    static String spell(final BigDecimal value, final SplittableRandom random)
    {
        switch (random.nextInt(5))
        {
            case 0:
            {
                final BigDecimal padded = value.setScale(Math.max(value.scale(), 0) + random.nextInt(25));
                return padded.toPlainString();
            }
            case 1:
            {
                final int shift = random.nextInt(6);
                final String mantissa = value.movePointLeft(shift).toPlainString();
                return mantissa + (random.nextBoolean() ? "e" : "E") + (random.nextBoolean() ? "+" : "") + shift;
            }
            case 2:
            {
                final int shift = random.nextInt(6);
                return value.movePointRight(shift).toPlainString() + "e-" + (random.nextBoolean() ? "0" : "") + shift;
            }
            default:
                return value.toPlainString();
        }
    }

    /** Spellings of a quoted number that keep it a decimal string a venue might send. */
    private static String spellQuoted(final BigDecimal value, final SplittableRandom random)
    {
        return random.nextBoolean() ? value.setScale(Math.max(value.scale(), 0) + random.nextInt(12)).toPlainString() :
            spell(value, random);
    }

    private static void string(final String value, final SplittableRandom random, final StringBuilder out)
    {
        out.append('"');
        final boolean escape = random.nextInt(8) == 0;
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (escape && random.nextInt(3) == 0)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void ws(final SplittableRandom random, final StringBuilder out)
    {
        if (random.nextInt(4) != 0)
        {
            return;
        }
        final String spaces = " \t\n\r";
        for (int i = random.nextInt(3); i >= 0; i--)
        {
            out.append(spaces.charAt(random.nextInt(spaces.length())));
        }
    }
}
