package io.wsnova.codec.json;

import static io.wsnova.codec.json.JsonParser.END_ARRAY;
import static io.wsnova.codec.json.JsonParser.END_OBJECT;
import static io.wsnova.codec.json.JsonParser.END_OF_INPUT;
import static io.wsnova.codec.json.JsonParser.ERROR;
import static io.wsnova.codec.json.JsonParser.FALSE;
import static io.wsnova.codec.json.JsonParser.FIELD_NAME;
import static io.wsnova.codec.json.JsonParser.NULL;
import static io.wsnova.codec.json.JsonParser.NUMBER;
import static io.wsnova.codec.json.JsonParser.START_ARRAY;
import static io.wsnova.codec.json.JsonParser.START_OBJECT;
import static io.wsnova.codec.json.JsonParser.STRING;
import static io.wsnova.codec.json.JsonParser.TRUE;
import static io.wsnova.codec.json.JsonTestSupport.parserOver;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest
{
    private static final byte[] RESULT = "result".getBytes(StandardCharsets.US_ASCII);

    static List<String> deribitExamples()
    {
        return JsonTestSupport.deribitExamples();
    }

    @ParameterizedTest
    @MethodSource("deribitExamples")
    void shouldWalkAndReencodeEveryDeribitReferenceExampleExactly(final String example)
    {
        final JsonParser parser = parserOver(example);

        final String reencoded = JsonTestSupport.reencode(parser);

        assertThat(parser.errorDescription()).isNull();
        assertThat(reencoded).isEqualTo(JsonTestSupport.minify(example));
    }

    @Test
    void shouldReadResultOfGetTimeResponse()
    {
        final JsonParser parser = parserOver("{\"jsonrpc\": \"2.0\", \"id\": 7365, \"result\": 1550147385946}");

        assertThat(parser.nextToken()).isEqualTo(START_OBJECT);
        assertThat(nextField(parser, "jsonrpc")).isEqualTo(STRING);
        assertThat(parser.stringEquals("2.0".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(nextField(parser, "id")).isEqualTo(NUMBER);
        assertThat(parser.readLong()).isEqualTo(7365L);
        assertThat(parser.nextToken()).isEqualTo(FIELD_NAME);
        assertThat(parser.nameEquals(RESULT)).isTrue();
        assertThat(parser.nameHash()).isEqualTo(JsonParser.nameHash("result"));
        assertThat(parser.nextToken()).isEqualTo(NUMBER);
        assertThat(parser.readLong()).isEqualTo(1550147385946L);
        assertThat(parser.nextToken()).isEqualTo(END_OBJECT);
        assertThat(parser.nextToken()).isEqualTo(END_OF_INPUT);
        assertThat(parser.hasError()).isFalse();
    }

    @Test
    void shouldReadErrorResponseCodeMessageAndNestedData()
    {
        final JsonParser parser = parserOver(example(3));
        final StringBuilder message = new StringBuilder();
        long code = 0;
        final Decimal usDiff = new Decimal();
        boolean testnet = true;

        parser.nextToken();
        while (parser.nextToken() == FIELD_NAME)
        {
            if (parser.nameHash() == JsonParser.nameHash("error"))
            {
                assertThat(parser.nextToken()).isEqualTo(START_OBJECT);
                while (parser.nextToken() == FIELD_NAME)
                {
                    if (parser.nameHash() == JsonParser.nameHash("message"))
                    {
                        parser.nextToken();
                        parser.readString(message);
                    }
                    else if (parser.nameHash() == JsonParser.nameHash("code"))
                    {
                        parser.nextToken();
                        code = parser.readLong();
                    }
                    else
                    {
                        assertThat(parser.skipValue()).isEqualTo(END_OBJECT);
                    }
                }
            }
            else if (parser.nameHash() == JsonParser.nameHash("usDiff"))
            {
                parser.nextToken();
                parser.readDecimal(usDiff);
            }
            else if (parser.nameHash() == JsonParser.nameHash("testnet"))
            {
                parser.nextToken();
                testnet = parser.readBoolean();
            }
            else
            {
                parser.skipValue();
            }
        }

        assertThat(parser.hasError()).isFalse();
        assertThat(message.toString()).isEqualTo("Invalid params");
        assertThat(code).isEqualTo(-32602L);
        assertThat(usDiff).isEqualTo(new Decimal(56, 0));
        assertThat(testnet).isFalse();
    }

    @Test
    void shouldReadBookSnapshotLevelsAsDecimals()
    {
        final String book = JsonTestSupport.deribitExamples().stream()
            .filter((s) -> s.contains("\"snapshot\"")).findFirst().orElseThrow();
        final JsonParser parser = parserOver(book);
        final Decimal price = new Decimal();
        final Decimal amount = new Decimal();
        final StringBuilder levels = new StringBuilder();

        while (parser.nextToken() != END_OF_INPUT && !parser.hasError())
        {
            if (parser.token() == FIELD_NAME && (parser.nameHash() == JsonParser.nameHash("bids") ||
                parser.nameHash() == JsonParser.nameHash("asks")))
            {
                assertThat(parser.nextToken()).isEqualTo(START_ARRAY);
                while (parser.nextToken() == START_ARRAY)
                {
                    parser.nextToken();
                    parser.readString(levels);
                    parser.nextToken();
                    parser.readDecimal(price);
                    parser.nextToken();
                    parser.readDecimal(amount);
                    assertThat(parser.nextToken()).isEqualTo(END_ARRAY);
                    levels.append(' ').append(price).append('x').append(amount).append(';');
                }
            }
        }

        assertThat(parser.hasError()).isFalse();
        assertThat(levels.toString()).isEqualTo("new 5042.34x30;new 5041.94x20;new 5042.64x40;new 5043.3x40;");
    }

    @Test
    void shouldReadTopLevelScalarsAndEmptyContainers()
    {
        assertThat(tokens("42")).isEqualTo("N$");
        assertThat(tokens(" \"x\" ")).isEqualTo("S$");
        assertThat(tokens("true")).isEqualTo("T$");
        assertThat(tokens("null")).isEqualTo("0$");
        assertThat(tokens("{}")).isEqualTo("{}$");
        assertThat(tokens("[]")).isEqualTo("[]$");
        assertThat(tokens("[1,\"a\",true,false,null,{},[]]")).isEqualTo("[NSTF0{}[]]$");
        assertThat(tokens("{\"a\":{\"b\":[1]}}")).isEqualTo("{:{:[N]}}$");
    }

    @Test
    void shouldExposeRawBytesOfNumbersExactlyAsSent()
    {
        final JsonParser parser = parserOver("[2.11e-05, 1.7362511643080387 ,36442.50]");
        final StringBuilder raw = new StringBuilder();

        while (parser.nextToken() != END_OF_INPUT)
        {
            if (parser.token() == NUMBER)
            {
                raw.append(new String(parser.buffer(), parser.tokenOffset(), parser.tokenLength(),
                    StandardCharsets.US_ASCII)).append('|');
            }
        }

        assertThat(raw.toString()).isEqualTo("2.11e-05|1.7362511643080387|36442.50|");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",
        "-0.5, -5, 1",
        "36442.5, 364425, 1",
        "2.11e-05, 211, 7",
        "2.11E-5, 211, 7",
        "1E+3, 1000, 0",
        "1e3, 1000, 0",
        "1.5e1, 15, 0",
        "1.7362511643080387, 17362511643080387, 16",
        "502097590, 502097590, 0",
        "0.00014757, 14757, 8",
        "36442.50, 3644250, 2",
        "-0, 0, 0",
        "9223372036854775807, 9223372036854775807, 0",
        "0.000000000000000000000000000000000000001, 1, 39",
    })
    void shouldReadDecimalsExactly(final String json, final long mantissa, final int scale)
    {
        final JsonParser parser = parserOver("[" + json + "]");
        final Decimal decimal = new Decimal();
        parser.nextToken();
        parser.nextToken();

        final boolean read = parser.readDecimal(decimal);

        assertThat(read).as(parser.errorDescription()).isTrue();
        assertThat(parser.hasError()).isFalse();
        if (scale > Decimal.MAX_SCALE)
        {
            assertThat(decimal.isExact()).isFalse();
            assertThat(decimal.toString()).isEqualTo(json);
            return;
        }
        assertThat(decimal.isExact()).isTrue();
        assertThat(decimal.mantissa()).isEqualTo(mantissa);
        assertThat(decimal.scale()).isEqualTo(scale);
    }

    @ParameterizedTest
    @CsvSource({
        "1.5000000000000000000000, 15, 1",
        "15E-1, 15, 1",
        "0.15e1, 15, 1",
        "1e3, 1000, 0",
        "5.0E-5, 50, 6",
        "1.0E2, 100, 0",
        "0.000000000000000000000000000000000000000000000000e10, 0, 38",
        "1234567890123456789.000000000000000000000000, 1234567890123456789, 0",
        "-9223372036854775808, -9223372036854775808, 0",
        "0.00000000000000000000000000000000000001000, 1, 38",
        "1E+18, 1000000000000000000, 0",
        "92233720368547758070E-1, 9223372036854775807, 0",
    })
    void shouldReadEveryFormExactlyWhenTheDecimalCanHoldIt(final String json, final long mantissa, final int scale)
    {
        final JsonParser parser = parserOver("[" + json + "]");
        final Decimal decimal = new Decimal();
        parser.nextToken();
        parser.nextToken();

        assertThat(parser.readDecimal(decimal)).isTrue();

        assertThat(decimal.isExact()).as(json).isTrue();
        assertThat(decimal.mantissa()).as(json).isEqualTo(mantissa);
        assertThat(decimal.scale()).as(json).isEqualTo(scale);
        assertThat(parser.inexactNumberCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "92233720368547758070, 9223372036854775807, 0",
        "1.00000000000000000001, 1000000000000000000, 18",
        "-9223372036854775809, -9223372036854775807, 0",
        "1e40, 9223372036854775807, 0",
        "1E+30, 9223372036854775807, 0",
        "1234567890.123456789012345, 1234567890123456789, 9",
        "0.000000000000000000000000000000000000015, 2, 38",
        "0.000000000000000000000000000000000000025, 2, 38",
        "-1e-50, 0, 38",
        "9.9999999999999999999999, 1000000000000000000, 17",
    })
    void shouldReadInexactWithTextKeptWhenTheDecimalCannotHoldIt(
        final String json, final long mantissa, final int scale)
    {
        final JsonParser parser = parserOver(json);
        final Decimal decimal = new Decimal();
        parser.nextToken();

        assertThat(parser.readDecimal(decimal)).isTrue();

        assertThat(parser.hasError()).isFalse();
        assertThat(decimal.isExact()).isFalse();
        assertThat(decimal.mantissa()).as("rounded mantissa").isEqualTo(mantissa);
        assertThat(decimal.scale()).as("rounded scale").isEqualTo(scale);
        assertThat(decimal.toString()).isEqualTo(json);
        assertThat(decimal.appendTo(new StringBuilder("x=")).toString()).isEqualTo("x=" + json);
        assertThat(decimal.toDouble()).isCloseTo(Double.parseDouble(json),
            org.assertj.core.data.Offset.offset(4 * Math.ulp(Double.parseDouble(json))));
        assertThat(parser.inexactNumberCount()).isEqualTo(1L);
        assertThat(parser.nextToken()).isEqualTo(JsonParser.END_OF_INPUT);
    }

    @Test
    void shouldOrderInexactValuesExactlyAgainstExactAndInexactOnes()
    {
        final Decimal one = read("1");
        final Decimal justAboveOne = read("1.00000000000000000001");
        final Decimal evenCloserAboveOne = read("1.000000000000000000001");
        final Decimal sameRespelled = read("100000000000000000001E-20");
        final Decimal huge = read("1E+30");
        final Decimal larger = read("2e30");

        assertThat(justAboveOne.compareTo(one)).isPositive();
        assertThat(one.compareTo(justAboveOne)).isNegative();
        assertThat(evenCloserAboveOne.compareTo(justAboveOne)).isNegative();
        assertThat(evenCloserAboveOne.compareTo(one)).isPositive();
        assertThat(sameRespelled).isEqualTo(justAboveOne).hasSameHashCodeAs(justAboveOne);
        assertThat(huge.compareTo(new Decimal(Long.MAX_VALUE, 0))).isPositive();
        assertThat(larger.compareTo(huge)).isPositive();
        assertThat(new Decimal().set(justAboveOne)).isEqualTo(justAboveOne);
        assertThat(new Decimal().set(justAboveOne).toString()).isEqualTo("1.00000000000000000001");
    }

    @Test
    void shouldReadTryMethodsWithoutPuttingTheParserInError()
    {
        final JsonParser parser = parserOver("[\"abc\",true,2.5,1.0E2,null,\"1e-50\",7]");
        final Decimal decimal = new Decimal(5, 0);
        parser.nextToken();

        parser.nextToken();
        assertThat(parser.tryReadDecimal(decimal)).isEqualTo(JsonParser.VALUE_INVALID);
        assertThat(parser.tryReadLong()).isEqualTo(JsonParser.VALUE_INVALID);
        parser.nextToken();
        assertThat(parser.tryReadDecimal(decimal)).isEqualTo(JsonParser.VALUE_INVALID);
        assertThat(decimal).isEqualTo(new Decimal(5, 0));
        parser.nextToken();
        assertThat(parser.tryReadLong()).isEqualTo(JsonParser.VALUE_INVALID);
        assertThat(parser.tryReadDecimal(decimal)).isEqualTo(JsonParser.VALUE_EXACT);
        assertThat(decimal).isEqualTo(new Decimal(25, 1));
        parser.nextToken();
        assertThat(parser.tryReadLong()).isEqualTo(JsonParser.VALUE_EXACT);
        assertThat(parser.longValue()).isEqualTo(100L);
        parser.nextToken();
        assertThat(parser.tryReadLong()).isEqualTo(JsonParser.VALUE_NULL);
        assertThat(parser.tryReadDecimal(decimal)).isEqualTo(JsonParser.VALUE_NULL);
        assertThat(decimal.isNull()).isTrue();
        parser.nextToken();
        assertThat(parser.tryReadDecimal(decimal)).isEqualTo(JsonParser.VALUE_INEXACT);
        assertThat(decimal.toString()).isEqualTo("1e-50");
        assertThat(parser.inexactNumberCount()).isEqualTo(1L);
        parser.nextToken();
        assertThat(parser.readLong()).isEqualTo(7L);

        assertThat(parser.hasError()).isFalse();
        assertThat(parser.nextToken()).isEqualTo(JsonParser.END_ARRAY);
    }

    @Test
    void shouldSkipAnObjectOrArrayReadByATryMethodSoTheCallerNeverReadsItsFieldsAsItsOwn()
    {
        final JsonFieldTable fields = new JsonFieldTable(4).put("a", 0).put("price", 1).put("b", 2).put("c", 3);
        final JsonParser parser = parserOver("{\"a\":{\"price\":5,\"x\":[1]},\"b\":[[2],{\"price\":6}],\"c\":3}");
        final Decimal decimal = new Decimal(9, 0);
        parser.nextToken();

        assertThat(parser.nextField(fields)).isEqualTo(0);
        assertThat(parser.tryReadDecimal(decimal)).isEqualTo(JsonParser.VALUE_INVALID);
        assertThat(parser.token()).isEqualTo(JsonParser.END_OBJECT);
        assertThat(decimal).isEqualTo(new Decimal(9, 0));
        assertThat(parser.nextField(fields)).isEqualTo(2);
        assertThat(parser.tryReadLong()).isEqualTo(JsonParser.VALUE_INVALID);
        assertThat(parser.token()).isEqualTo(JsonParser.END_ARRAY);
        assertThat(parser.skipValue()).as("harmless after the skip").isEqualTo(JsonParser.END_ARRAY);
        assertThat(parser.nextField(fields)).isEqualTo(3);
        assertThat(parser.readLong()).isEqualTo(3L);
        assertThat(parser.nextField(fields)).isEqualTo(JsonParser.END_OF_FIELDS);
        assertThat(parser.token()).isEqualTo(JsonParser.END_OBJECT);
        assertThat(parser.hasError()).isFalse();
    }

    @Test
    void shouldPutTheParserInErrorWhenAFailingReadMeetsAnObjectSoNothingAfterItIsRead()
    {
        final JsonFieldTable fields = new JsonFieldTable(2).put("a", 0).put("price", 1);
        final JsonParser parser = parserOver("{\"a\":{\"price\":5}}");
        parser.nextToken();

        assertThat(parser.nextField(fields)).isEqualTo(0);
        assertThat(parser.readBoolean()).isFalse();
        assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_TYPE_MISMATCH);
        assertThat(parser.nextField(fields)).isEqualTo(JsonParser.END_OF_FIELDS);
        assertThat(parser.token()).isEqualTo(JsonParser.ERROR);
    }

    private static Decimal read(final String json)
    {
        final JsonParser parser = parserOver(json);
        final Decimal decimal = new Decimal();
        parser.nextToken();
        parser.readDecimal(decimal);
        return decimal;
    }

    @Test
    void shouldReadDoubleOfOverflowingMantissaApproximately()
    {
        final JsonParser parser = parserOver("123456789012345678901234567890.5");
        parser.nextToken();

        assertThat(parser.readDouble()).isCloseTo(1.2345678901234568e29, org.assertj.core.data.Offset.offset(1e15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.5", "36442.5", "2.11e-05", "1E+3", "1.7362511643080387", "8950", "6521.17",
        "0.7229", "7871.02139035", "1e-300", "1.5e300", "123456789.123456789"})
    void shouldReadDoublesAsJavaDoes(final String json)
    {
        final JsonParser parser = parserOver(json);
        parser.nextToken();

        final double value = parser.readDouble();

        final double expected = Double.parseDouble(json);
        assertThat(Math.abs(value - expected)).isLessThanOrEqualTo(2 * Math.ulp(expected));
        if (json.length() <= 16 && !json.contains("300"))
        {
            assertThat(value).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({"1550147385946, 1550147385946", "-32602, -32602", "1E+3, 1000", "2.0, 2", "1.0E2, 100",
        "0.5e1, 5", "100.000, 100", "1623060194301.000000000000000000, 1623060194301",
        "1.623060194301e12, 1623060194301",
        "-9223372036854775808, -9223372036854775808", "922337203685477580.7E1, 9223372036854775807", "0e999, 0",
        "9223372036854775807, 9223372036854775807", "-9223372036854775807, -9223372036854775807"})
    void shouldReadLongs(final String json, final long expected)
    {
        final JsonParser parser = parserOver(json);
        parser.nextToken();

        assertThat(parser.readLong()).isEqualTo(expected);
        assertThat(parser.hasError()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "9223372036854775808", "1e19", "1e-5", "1.00000000000000000001", "1e400",
        "-9223372036854775809"})
    void shouldReportOutOfRangeWhenNumberIsNotALong(final String json)
    {
        final JsonParser parser = parserOver(json);
        parser.nextToken();

        assertThat(parser.readLong()).isZero();
        assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_NUMBER_OUT_OF_RANGE);
    }

    @Test
    void shouldReadQuotedNumbersAsSomeVenuesSendThem()
    {
        final JsonParser parser = parserOver("[\"1655393625889396\",\"36442.5\"]");
        final Decimal decimal = new Decimal();
        parser.nextToken();
        parser.nextToken();
        assertThat(parser.readLong()).isEqualTo(1655393625889396L);
        parser.nextToken();
        assertThat(parser.readDecimal(decimal)).isTrue();
        assertThat(decimal).isEqualTo(new Decimal(364425, 1));
    }

    @Test
    void shouldSetDecimalNullAndDoubleNaNForNull()
    {
        final JsonParser parser = parserOver("{\"last_price\":null}");
        final Decimal decimal = new Decimal(5, 0);
        parser.nextToken();
        parser.nextToken();
        assertThat(parser.nextToken()).isEqualTo(NULL);

        assertThat(parser.readDecimal(decimal)).isFalse();
        assertThat(decimal.isNull()).isTrue();
        assertThat(parser.readDouble()).isNaN();
        assertThat(parser.hasError()).isFalse();
    }

    @Test
    void shouldReportTypeMismatchWhenReadingWrongType()
    {
        final JsonParser parser = parserOver("[\"open\"]");
        parser.nextToken();
        parser.nextToken();

        assertThat(parser.readBoolean()).isFalse();
        assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_TYPE_MISMATCH);
        assertThat(parser.errorOffset()).isEqualTo(2);
    }

    @Test
    void shouldDecodeEscapesAndUtf8IntoStringBuilderAndBuffer()
    {
        final String json = "\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\u00fc\u20ac\"";
        final String expected = "a\"b\\c/d\n\t\u00e9\ud83d\ude00\u00fc\u20ac";
        final JsonParser parser = parserOver(json);
        parser.nextToken();
        final StringBuilder text = new StringBuilder();
        final ExpandableArrayBuffer utf8 = new ExpandableArrayBuffer(8);

        assertThat(parser.readString(text)).isTrue();
        final int length = parser.readString(utf8, 0);

        assertThat(text.toString()).isEqualTo(expected);
        assertThat(utf8.getStringWithoutLengthUtf8(0, length)).isEqualTo(expected);
        assertThat(length).isLessThanOrEqualTo(parser.tokenLength());
    }

    @Test
    void shouldReportInvalidEscape()
    {
        final JsonParser parser = parserOver("\"ab\\x\"");
        parser.nextToken();

        assertThat(parser.readString(new StringBuilder())).isFalse();
        assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_INVALID_ESCAPE);
        assertThat(parser.errorOffset()).isEqualTo(3);
    }

    @Test
    void shouldSkipNestedValuesOfUnknownFields()
    {
        final JsonParser parser = parserOver("{\"a\":{\"b\":[1,{\"c\":[[],{}]},\"x\"]},\"d\":7}");
        parser.nextToken();
        parser.nextToken();

        assertThat(parser.skipValue()).isEqualTo(END_OBJECT);
        assertThat(parser.depth()).isEqualTo(1);
        assertThat(parser.nextToken()).isEqualTo(FIELD_NAME);
        parser.nextToken();
        assertThat(parser.readLong()).isEqualTo(7L);
    }

    @Test
    void shouldMatchNamesThroughFieldTable()
    {
        final JsonFieldTable table = new JsonFieldTable(3).put("channel", 0).put("data", 1).put("method", 2);
        final JsonParser parser = parserOver("{\"data\":1,\"datum\":2,\"channel\":3,\"method\":\"data\"}");
        final StringBuilder ids = new StringBuilder();

        parser.nextToken();
        while (parser.nextToken() == FIELD_NAME)
        {
            ids.append(table.lookupName(parser)).append(',');
            parser.nextToken();
            ids.append(table.lookupString(parser)).append(';');
        }

        assertThat(ids.toString()).isEqualTo("1,-1;-1,-1;0,-1;2,1;");
    }

    @Test
    void shouldReuseParserAcrossMessagesOfGrowingLength()
    {
        final JsonParser parser = new JsonParser(8, 1 << 20, 8);
        for (int n = 1; n < 2000; n *= 3)
        {
            final String json = "[\"" + "x".repeat(n) + "\"]";
            final UnsafeBuffer buffer = JsonTestSupport.offHeap(json, 0);
            assertThat(parser.wrap(buffer, 0, json.length())).isEqualTo(JsonParser.ERROR_NONE);
            assertThat(tokens(parser)).isEqualTo("[S]$");
        }
    }

    @Test
    void shouldRejectMessageLongerThanMaximum()
    {
        final JsonParser parser = new JsonParser(8, 16, 8);
        final String json = "[1,2,3,4,5,6,7,8,9]";

        assertThat(parser.wrap(json.getBytes(StandardCharsets.US_ASCII), 0, json.length()))
            .isEqualTo(JsonParser.ERROR_MESSAGE_TOO_LONG);
        assertThat(parser.nextToken()).isEqualTo(ERROR);
    }

    static String tokens(final String json)
    {
        return tokens(parserOver(json));
    }

    static String tokens(final JsonParser parser)
    {
        final StringBuilder out = new StringBuilder();
        int token;
        do
        {
            token = parser.nextToken();
            out.append(switch (token)
            {
                case START_OBJECT -> '{';
                case END_OBJECT -> '}';
                case START_ARRAY -> '[';
                case END_ARRAY -> ']';
                case FIELD_NAME -> ':';
                case STRING -> 'S';
                case NUMBER -> 'N';
                case TRUE -> 'T';
                case FALSE -> 'F';
                case NULL -> '0';
                case END_OF_INPUT -> '$';
                default -> '!';
            });
        }
        while (token != END_OF_INPUT && token != ERROR);
        return out.toString();
    }

    private static int nextField(final JsonParser parser, final String name)
    {
        assertThat(parser.nextToken()).isEqualTo(FIELD_NAME);
        assertThat(parser.nameHash()).isEqualTo(JsonParser.nameHash(name));
        assertThat(parser.nameEquals(name.getBytes(StandardCharsets.US_ASCII))).isTrue();
        return parser.nextToken();
    }

    private static String example(final int index)
    {
        return JsonTestSupport.deribitExamples().get(index);
    }
}
