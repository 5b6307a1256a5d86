package io.wsnova.codec.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import org.agrona.concurrent.UnsafeBuffer;
import io.wsnova.testkit.Allocation;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link JsonParser} (docs/FUZZING.md): any bytes as one message.
 * <ul>
 *     <li>Token walk ({@code nextToken}): no exception; ends in {@link JsonParser#END_OF_INPUT} or a sticky
 *     {@link JsonParser#ERROR} with a code and an offset inside the message; at most one token per byte plus one
 *     (progress); every token's bytes inside the message; depth within maxDepth; the copy buffer never beyond
 *     maxMessageLength; allocation bounded by the message, not by what it claims.</li>
 *     <li>The same verdict through {@code skipValue} (every other container skipped) and through
 *     {@code nextField} (objects walked field by field).</li>
 *     <li>Every read kind on every scalar: {@code readDecimal} and {@code readLong} are exact when they succeed
 *     ({@link BigDecimal}), {@code readDouble} close, {@code readString} (both forms) equal to Jackson's text.</li>
 *     <li>Differential against Jackson (the structural grammar, RFC 8259): a message Jackson accepts is accepted,
 *     and one we accept is accepted by Jackson unless its only fault is one the parser documents it does not check
 *     (raw control characters or invalid UTF-8 inside strings, bad escapes until the string is read) or a bound
 *     (maxDepth).</li>
 * </ul>
 */
class JsonParserFuzzTest
{
    static final int MAX_MESSAGE_LENGTH = 1 << 16;
    static final int MAX_DEPTH = 64;
    private static final JsonFactory JACKSON = new JsonFactory();
    private static final JsonFieldTable FIELDS = new JsonFieldTable(8)
        .put("a", 0).put("price", 1).put("type", 2).put("channel", 3).put("data", 4);

    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] json)
    {
        final JsonParser parser = new JsonParser(8, MAX_MESSAGE_LENGTH, MAX_DEPTH);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(json.length + 3));
        buffer.putBytes(3, json);

        long before = Allocation.currentThreadBytes();
        List<int[]> tokens = walk(parser, buffer, json.length);
        long allocated = Allocation.currentThreadBytes() - before;
        if (allocated >= 16L * json.length + (1 << 20))
        {
            // The first walk of a run also pays for class loading: measure again, warm.
            before = Allocation.currentThreadBytes();
            tokens = walk(new JsonParser(8, MAX_MESSAGE_LENGTH, MAX_DEPTH), buffer, json.length);
            allocated = Allocation.currentThreadBytes() - before;
            assertThat(allocated).as("bytes allocated by the walk").isLessThan(16L * json.length + (1 << 20));
        }
        final boolean accepted = parser.token() == JsonParser.END_OF_INPUT;
        final int errorCode = parser.errorCode();

        assertThat(skipWalk(parser, json)).as("verdict with skipValue").isEqualTo(accepted);
        assertThat(fieldWalk(parser, json)).as("verdict with nextField").isEqualTo(accepted);
        for (final int[] token : tokens)
        {
            checkScalar(json, token[0], token[1], token[2]);
        }
        compareWithJackson(json, accepted, errorCode);
    }

    private static List<int[]> walk(final JsonParser parser, final UnsafeBuffer buffer, final int length)
    {
        final List<int[]> scalars = new ArrayList<>();
        assertThat(parser.wrap(buffer, 3, length)).isEqualTo(JsonParser.ERROR_NONE);
        int count = 0;
        int token;
        while ((token = parser.nextToken()) != JsonParser.END_OF_INPUT && token != JsonParser.ERROR)
        {
            count++;
            assertThat(count).as("tokens in %s bytes", length).isLessThanOrEqualTo(length + 1);
            assertThat(parser.depth()).isBetween(0, MAX_DEPTH);
            assertThat(parser.tokenOffset()).isBetween(0, length);
            assertThat(parser.tokenOffset() + parser.tokenLength()).isBetween(0, length);
            if (token == JsonParser.NUMBER || token == JsonParser.STRING)
            {
                scalars.add(new int[] {token, parser.tokenOffset(), parser.tokenLength()});
            }
        }
        assertThat(parser.buffer().length).isLessThanOrEqualTo(Math.max(8, MAX_MESSAGE_LENGTH) + 2);
        if (token == JsonParser.ERROR)
        {
            assertThat(parser.hasError()).isTrue();
            assertThat(parser.errorCode()).isBetween(JsonParser.ERROR_SYNTAX, JsonParser.ERROR_EMPTY_INPUT);
            assertThat(parser.errorOffset()).isBetween(0, length);
            assertThat(parser.errorDescription()).isNotNull();
            assertThat(parser.nextToken()).as("sticky error").isEqualTo(JsonParser.ERROR);
        }
        else
        {
            assertThat(parser.hasError()).isFalse();
            assertThat(parser.depth()).isZero();
        }
        return scalars;
    }

    private static boolean skipWalk(final JsonParser parser, final byte[] json)
    {
        parser.wrap(json, 0, json.length);
        int count = 0;
        boolean skip = false;
        int token;
        while ((token = parser.nextToken()) != JsonParser.END_OF_INPUT && token != JsonParser.ERROR)
        {
            assertThat(++count).isLessThanOrEqualTo(json.length + 1);
            if (token == JsonParser.START_OBJECT || token == JsonParser.START_ARRAY || token == JsonParser.FIELD_NAME)
            {
                skip = !skip;
                if (skip)
                {
                    final int depth = token == JsonParser.FIELD_NAME ? parser.depth() : parser.depth() - 1;
                    final int last = parser.skipValue();
                    if (last == JsonParser.ERROR)
                    {
                        break;
                    }
                    assertThat(parser.depth()).as("depth after skipValue").isEqualTo(depth);
                }
            }
        }
        return parser.token() == JsonParser.END_OF_INPUT;
    }

    private static boolean fieldWalk(final JsonParser parser, final byte[] json)
    {
        parser.wrap(json, 0, json.length);
        final int first = parser.nextToken();
        if (first == JsonParser.ERROR || !value(parser, first, 0))
        {
            return false;
        }
        return parser.nextToken() == JsonParser.END_OF_INPUT;
    }

    private static boolean value(final JsonParser parser, final int token, final int depth)
    {
        if (depth > MAX_DEPTH + 1)
        {
            throw new AssertionError("recursed deeper than maxDepth");
        }
        if (token == JsonParser.START_OBJECT)
        {
            int field;
            while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS)
            {
                assertThat(field).isBetween(JsonFieldTable.NOT_FOUND, 4);
                if (!value(parser, parser.token(), depth + 1))
                {
                    return false;
                }
            }
            return parser.token() == JsonParser.END_OBJECT;
        }
        if (token == JsonParser.START_ARRAY)
        {
            int next;
            while ((next = parser.nextToken()) != JsonParser.END_ARRAY)
            {
                if (next == JsonParser.ERROR || !value(parser, next, depth + 1))
                {
                    return false;
                }
            }
            return true;
        }
        return token != JsonParser.ERROR;
    }

    /**
     * Re-parses one scalar on its own and reads it every way.
     */
    private static void checkScalar(final byte[] json, final int token, final int offset, final int length)
    {
        final JsonParser parser = new JsonParser(8, MAX_MESSAGE_LENGTH, MAX_DEPTH);
        if (token == JsonParser.NUMBER)
        {
            final String text = new String(json, offset, length, StandardCharsets.ISO_8859_1);
            final BigDecimal exact = bigDecimalOrNull(text);
            if (exact == null)
            {
                readEveryWay(parser, json, offset, length);
                return;
            }
            final Decimal decimal = new Decimal();
            parser.wrap(json, offset, length);
            assertThat(parser.nextToken()).isEqualTo(JsonParser.NUMBER);
            if (parser.readDecimal(decimal))
            {
                // docs/NUMBERS.md: exact where the fixed-point value holds it, else delivered inexact with the
                // venue's text kept exactly.
                if (decimal.isExact())
                {
                    assertThat(BigDecimal.valueOf(decimal.mantissa(), decimal.scale()))
                        .as("readDecimal(%s)", text).isEqualByComparingTo(exact);
                }
                else
                {
                    assertThat(new BigDecimal(decimal.toString())).as("readDecimal(%s) text", text)
                        .isEqualByComparingTo(exact);
                }
            }
            else
            {
                assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_NUMBER_OUT_OF_RANGE);
            }
            parser.wrap(json, offset, length);
            parser.nextToken();
            final long longValue = parser.readLong();
            if (!parser.hasError())
            {
                assertThat(BigDecimal.valueOf(longValue)).as("readLong(%s)", text).isEqualByComparingTo(exact);
            }
            parser.wrap(json, offset, length);
            parser.nextToken();
            final double doubleValue = parser.readDouble();
            final double expected = Double.parseDouble(text);
            if (Double.isInfinite(expected) || expected == 0.0d)
            {
                assertThat(doubleValue).as("readDouble(%s)", text).isNotNaN();
            }
            else
            {
                assertThat(Math.abs(doubleValue - expected) / Math.abs(expected)).as("readDouble(%s)", text)
                    .isLessThanOrEqualTo(1e-9);
            }
        }
        else
        {
            parser.wrap(json, offset - 1, length + 2);
            assertThat(parser.nextToken()).isEqualTo(JsonParser.STRING);
            final StringBuilder text = new StringBuilder();
            final boolean read = parser.readString(text);
            parser.wrap(json, offset - 1, length + 2);
            parser.nextToken();
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[4 * length + 8]);
            final int written = parser.readString(copy, 1);
            assertThat(written >= 0).as("both readString forms agree on validity").isEqualTo(read);
            final String jackson = jacksonString(json, offset - 1, length + 2);
            final byte[] quoted = Arrays.copyOfRange(json, offset - 1, offset + length + 1);
            if (jackson != null && isUtf8(json, offset, length) && !hasRawControlCharacter(quoted))
            {
                assertThat(read).as("readString of a string Jackson accepts").isTrue();
                assertThat(text.toString()).isEqualTo(jackson);
                if (isWellFormed(jackson))
                {
                    final byte[] utf8 = new byte[written];
                    copy.getBytes(1, utf8);
                    assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(jackson);
                }
            }
        }
    }

    /**
     * The exact value, or null when {@link BigDecimal} cannot hold it (an exponent beyond an int).
     */
    private static BigDecimal bigDecimalOrNull(final String text)
    {
        try
        {
            return new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    /**
     * Reads a number every way without an oracle: only "no exception, a documented outcome".
     */
    private static void readEveryWay(final JsonParser parser, final byte[] json, final int offset, final int length)
    {
        parser.wrap(json, offset, length);
        parser.nextToken();
        if (!parser.readDecimal(new Decimal()))
        {
            assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_NUMBER_OUT_OF_RANGE);
        }
        parser.wrap(json, offset, length);
        parser.nextToken();
        parser.readLong();
        parser.wrap(json, offset, length);
        parser.nextToken();
        assertThat(parser.readDouble()).isNotNaN();
    }

    private static void compareWithJackson(final byte[] json, final boolean accepted, final int errorCode)
    {
        final String jacksonError = jacksonError(json);
        if (jacksonError == null)
        {
            if (!accepted && errorCode != JsonParser.ERROR_TOO_DEEP && !isOtherEncodingToJackson(json))
            {
                throw new AssertionError("Jackson accepts, JsonParser rejects with error " + errorCode + ": " +
                    printable(json));
            }
        }
        else if (accepted && !isDocumentedLenience(jacksonError) && isUtf8(json, 0, json.length) &&
            !hasRawControlCharacter(json))
        {
            throw new AssertionError("JsonParser accepts, Jackson rejects (" + jacksonError + "): " + printable(json));
        }
    }

    /**
     * A byte below 0x20 other than JSON whitespace: the parser only accepts one inside a string (documented), and
     * Jackson's message for it depends on what follows.
     */
    private static boolean hasRawControlCharacter(final byte[] json)
    {
        for (final byte b : json)
        {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r')
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Jackson guesses the encoding from the first bytes (a NUL among the first two: UTF-16 or UTF-32) and skips a
     * byte order mark; the parser reads UTF-8 only, as RFC 8259 requires between systems, and takes a BOM as data.
     */
    private static boolean isOtherEncodingToJackson(final byte[] json)
    {
        final boolean nulFirst = json.length >= 2 && (json[0] == 0 || json[1] == 0);
        final boolean bom = (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB) ||
            (json.length >= 2 && ((json[0] & 0xFF) == 0xFE || (json[0] & 0xFF) == 0xFF));
        return nulFirst || bom;
    }

    private static boolean isDocumentedLenience(final String jacksonError)
    {
        return jacksonError.contains("Illegal unquoted character") ||
            jacksonError.contains("Invalid UTF-8") ||
            jacksonError.contains("Unrecognized character escape") ||
            jacksonError.contains("Unexpected end-of-input in character escape") ||
            jacksonError.contains("expected a hex-digit for character escape") ||
            jacksonError.contains("nesting depth");
    }

    /**
     * Jackson's verdict on the whole message: null if it is exactly one valid JSON value, else the error.
     */
    private static String jacksonError(final byte[] json)
    {
        try (com.fasterxml.jackson.core.JsonParser jackson = JACKSON.createParser(json))
        {
            int depth = 0;
            JsonToken token = jackson.nextToken();
            if (token == null)
            {
                return "empty";
            }
            do
            {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
                {
                    depth++;
                }
                else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY)
                {
                    depth--;
                }
                else if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME)
                {
                    jackson.getText();
                }
                if (depth > 0)
                {
                    token = jackson.nextToken();
                }
            }
            while (depth > 0);
            return jackson.nextToken() == null ? null : "trailing data";
        }
        catch (final IOException | RuntimeException ex)
        {
            return String.valueOf(ex.getMessage());
        }
    }

    private static String jacksonString(final byte[] json, final int offset, final int length)
    {
        try (com.fasterxml.jackson.core.JsonParser jackson = JACKSON.createParser(json, offset, length))
        {
            return jackson.nextToken() == JsonToken.VALUE_STRING ? jackson.getText() : null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    private static boolean isUtf8(final byte[] bytes, final int offset, final int length)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        }
        catch (final CharacterCodingException ex)
        {
            return false;
        }
    }

    private static boolean isWellFormed(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c))
            {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                {
                    return false;
                }
                i++;
            }
            else if (Character.isLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    static String printable(final byte[] bytes)
    {
        final byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 200));
        final StringBuilder text = new StringBuilder();
        for (final byte b : head)
        {
            final int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\')
            {
                text.append((char)c);
            }
            else
            {
                text.append(String.format("\\x%02x", c));
            }
        }
        return text.toString();
    }
}
