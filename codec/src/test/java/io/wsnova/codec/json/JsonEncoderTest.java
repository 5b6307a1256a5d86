package io.wsnova.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonEncoderTest
{
    static final byte[] JSONRPC = JsonEncoder.encodeName("jsonrpc");
    static final byte[] V2 = JsonEncoder.encodeName("2.0");
    static final byte[] ID = JsonEncoder.encodeName("id");
    static final byte[] METHOD = JsonEncoder.encodeName("method");
    static final byte[] SUBSCRIBE = JsonEncoder.encodeName("public/subscribe");
    static final byte[] PARAMS = JsonEncoder.encodeName("params");
    static final byte[] CHANNELS = JsonEncoder.encodeName("channels");
    static final String SUBSCRIBE_REQUEST =
        "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"public/subscribe\"," +
        "\"params\":{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"]}}";

    private final JsonEncoder encoder = new JsonEncoder();

    static int encodeSubscribe(final JsonEncoder encoder, final MutableDirectBuffer buffer, final int offset,
        final long id, final CharSequence channel)
    {
        return encoder.wrap(buffer, offset)
            .startObject()
            .name(JSONRPC).stringEncoded(V2)
            .name(ID).number(id)
            .name(METHOD).stringEncoded(SUBSCRIBE)
            .name(PARAMS).startObject()
            .name(CHANNELS).startArray().string(channel).endArray()
            .endObject()
            .endObject()
            .length();
    }

    @Test
    void shouldEncodeSubscribeRequestByteForByteIntoOffHeapBuffer()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));

        final int length = encodeSubscribe(encoder, buffer, 14, 42, "ticker.BTC-PERPETUAL.100ms");

        assertThat(buffer.getStringWithoutLengthAscii(14, length)).isEqualTo(SUBSCRIBE_REQUEST);
    }

    @Test
    void shouldInsertCommasBetweenElementsAtEveryLevel()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);

        final int length = encoder.wrap(buffer, 0).startArray()
            .number(1).startObject().endObject().startArray().endArray().nullValue().bool(true).bool(false)
            .startObject().name("a").startArray().number(-2).number(Long.MIN_VALUE).endArray().name("b").number(0)
            .endObject()
            .endArray().length();

        assertThat(buffer.getStringWithoutLengthUtf8(0, length))
            .isEqualTo("[1,{},[],null,true,false,{\"a\":[-2,-9223372036854775808],\"b\":0}]");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",
        "364425, 1, 36442.5",
        "-5, 1, -0.5",
        "211, 7, 0.0000211",
        "-211, 7, -0.0000211",
        "3644250, 2, 36442.50",
        "17362511643080387, 16, 1.7362511643080387",
        "-9223372036854775808, 3, -9223372036854775.808",
        "5, 0, 5",
        "0, 3, 0.000",
    })
    void shouldEncodeDecimalsExactlyAndAsDecimalPrintsThem(final long mantissa, final int scale, final String text)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final Decimal decimal = new Decimal(mantissa, scale);

        final int length = encoder.wrap(buffer, 0).number(decimal).length();

        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo(text);
        assertThat(decimal.appendTo(new StringBuilder("x")).toString()).isEqualTo("x" + text);
    }

    @Test
    void shouldEncodeInexactDecimalAsTheExactTextItWasReadFrom()
    {
        final byte[] json = "[1.23456789012345678901234E-30]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final JsonParser parser = new JsonParser();
        parser.wrap(json, 0, json.length);
        parser.nextToken();
        parser.nextToken();
        final Decimal decimal = new Decimal();
        parser.readDecimal(decimal);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);

        final int length = encoder.wrap(buffer, 0).startArray().number(decimal).endArray().length();

        assertThat(decimal.isExact()).isFalse();
        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo("[1.23456789012345678901234E-30]");
    }

    @Test
    void shouldEncodeNullDecimalAsNull()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);

        final int length = encoder.wrap(buffer, 0).startArray().number(new Decimal().setNull()).endArray().length();

        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo("[null]");
    }

    @Test
    void shouldEscapeQuotesBackslashesControlCharactersAndEncodeUtf8()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final String text = "q\"b\\s/\n\t\u0001\u001f\u007f \u00e9\u20ac\ud83d\ude00 lone\ud800!";

        final int length = encoder.wrap(buffer, 0).string(text).length();

        final String expected =
            "\"q\\\"b\\\\s/\\u000a\\u0009\\u0001\\u001f\u007f \u00e9\u20ac\ud83d\ude00 lone\\ud800!\"";
        assertThat(buffer.getStringWithoutLengthUtf8(0, length)).isEqualTo(expected);
    }

    @Test
    void shouldEscapeUtf8BufferStrings()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final byte[] utf8 = "a\"\u00e9\n".getBytes(StandardCharsets.UTF_8);

        final int length = encoder.wrap(buffer, 0).string(new UnsafeBuffer(utf8), 0, utf8.length).length();

        assertThat(buffer.getStringWithoutLengthUtf8(0, length)).isEqualTo("\"a\\\"\u00e9\\u000a\"");
    }

    @Test
    void shouldRoundTripEscapedStringsThroughParser()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final String text = "q\"b\\s/\n\t\u0001\u00e9\u20ac\ud83d\ude00";
        final int length = encoder.wrap(buffer, 0).startObject().name("k\"ey").string(text).endObject().length();
        final JsonParser parser = new JsonParser();
        parser.wrap(buffer, 0, length);
        final StringBuilder decoded = new StringBuilder();

        parser.nextToken();
        parser.nextToken();
        parser.nextToken();
        parser.readString(decoded);

        assertThat(decoded.toString()).isEqualTo(text);
        assertThat(parser.nextToken()).isEqualTo(JsonParser.END_OBJECT);
        assertThat(parser.nextToken()).isEqualTo(JsonParser.END_OF_INPUT);
    }

    @Test
    void shouldRoundTripEveryReferenceExampleThroughParserAndEncoder()
    {
        for (final String example : JsonTestSupport.deribitExamples())
        {
            final String once = JsonTestSupport.reencode(JsonTestSupport.parserOver(example));
            final String twice = JsonTestSupport.reencode(JsonTestSupport.parserOver(once));

            assertThat(twice).isEqualTo(once).isEqualTo(JsonTestSupport.minify(example));
        }
    }

    @Test
    void shouldReportOverflowWhenFixedBufferIsTooSmall()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SUBSCRIBE_REQUEST.length() - 1]);

        assertThat(encodeSubscribe(encoder, buffer, 0, 42, "ticker.BTC-PERPETUAL.100ms"))
            .isEqualTo(JsonEncoder.OVERFLOW);
        assertThat(encodeSubscribe(encoder, new UnsafeBuffer(new byte[SUBSCRIBE_REQUEST.length()]), 0, 42,
            "ticker.BTC-PERPETUAL.100ms")).isEqualTo(SUBSCRIBE_REQUEST.length());
    }

    @Test
    void shouldWriteRawValueWithCommaHandling()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final UnsafeBuffer raw = new UnsafeBuffer("2.11e-05".getBytes(StandardCharsets.US_ASCII));

        final int length = encoder.wrap(buffer, 0).startArray().number(1).rawValue(raw, 0, 8)
            .rawValue("{}".getBytes(StandardCharsets.US_ASCII)).endArray().length();

        assertThat(buffer.getStringWithoutLengthAscii(0, length)).isEqualTo("[1,2.11e-05,{}]");
    }

    @Test
    void shouldThrowOnUnbalancedEnd()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);

        assertThatThrownBy(() -> encoder.wrap(buffer, 0).endObject()).isInstanceOf(IllegalStateException.class);
    }
}
