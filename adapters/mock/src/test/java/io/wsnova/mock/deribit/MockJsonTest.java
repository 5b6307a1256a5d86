package io.wsnova.mock.deribit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MockJsonTest
{
    @Test
    void shouldReadObjectsArraysAndScalarsExactly()
    {
        final Object value = MockJson.parse(
            " {\"a\":[1,-2.50,3e2,true,false,null],\"b\":{\"c\":\"x\\\"\\\\\\/\\n\\u0041\"},\"d\":{}, \"e\":[]} ");

        assertThat(value).isEqualTo(Map.of(
            "a", List.of(new BigDecimal("1"), new BigDecimal("-2.50"), new BigDecimal("3e2"), true, false,
                MockJson.NULL),
            "b", Map.of("c", "x\"\\/\nA"),
            "d", Map.of(),
            "e", List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", "-", "1e",
        "1e1234", "\"\\x\"", "\"\\u12\"", "\"tab\there\"", "tru", "nul", "[1] 2", "{\"a\":1}}"})
    void shouldRejectMalformedText(final String text)
    {
        assertThat(MockJson.parse(text)).isSameAs(MockJson.INVALID);
    }

    @Test
    void shouldBoundNestingAndNumberLength()
    {
        assertThat(MockJson.parse("[".repeat(65) + "]".repeat(65)) == MockJson.INVALID).isTrue();
        assertThat(MockJson.parse("[".repeat(64) + "]".repeat(64)) == MockJson.INVALID).isFalse();
        assertThat(MockJson.parse("1".repeat(65))).isSameAs(MockJson.INVALID);
        assertThat(MockJson.parse("[".repeat(1_000_000))).isSameAs(MockJson.INVALID);
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 0", "5, 1, 0.5", "364505, 1, 36450.5", "364500, 1, 36450", "203300, 3, 203.3",
        "5, 2, 0.05", "-5, 2, -0.05", "2110, 8, 0.0000211", "100, 2, 1", "123456789012345678, 8, 1234567890.12345678"})
    void shouldPrintFixedPointPlainly(final long mantissa, final int scale, final String expected)
    {
        assertThat(MockJsonText.decimal(mantissa, scale)).isEqualTo(expected);
    }

    @Test
    void shouldEscapeStrings()
    {
        assertThat(MockJsonText.appendString(new StringBuilder(), "a\"b\\c\nd\u0001").toString())
            .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
