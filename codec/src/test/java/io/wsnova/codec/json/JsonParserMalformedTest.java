package io.wsnova.codec.json;

import static io.wsnova.codec.json.JsonParser.END_OF_INPUT;
import static io.wsnova.codec.json.JsonParser.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonParserMalformedTest
{
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // json | expected error code | expected error offset
        "``                        | 11 | 0",
        "`   `                     | 11 | 3",
        "{                         | 1  | 1",
        "{\"a\":1                  | 1  | 6",
        "{\"a\":                   | 1  | 5",
        "[1,2                      | 1  | 4",
        "{\"abc                    | 3  | 1",
        "[\"abc                    | 3  | 1",
        "[\"ab\\                   | 3  | 1",
        "{\"a\" 1}                 | 2  | 5",
        "{\"a\":1,}                | 2  | 7",
        "[1,]                      | 2  | 3",
        "{\"a\":1]                 | 2  | 6",
        "[1}                       | 2  | 2",
        "{1:2}                     | 2  | 1",
        "[tru]                     | 1  | 2",
        "[nul                      | 1  | 2",
        "[falsy]                   | 1  | 2",
        "[x]                       | 2  | 1",
        "[+1]                      | 2  | 1",
        "[01]                      | 4  | 2",
        "[1.]                      | 4  | 3",
        "[.5]                      | 2  | 1",
        "[1e]                      | 4  | 3",
        "[-]                       | 4  | 2",
        "[1.2.3]                   | 4  | 4",
        "[12abc]                   | 4  | 3",
        "{\"a\":1}x                | 7  | 7",
        "{\"a\":1} {}              | 7  | 8",
        "[1] ]                     | 7  | 4",
        "1 2                       | 4  | 2",
        "[\"a\" \"b\"]             | 2  | 5",
        "[[[[[[[[[[]]]]]]]]]]      | 8  | 8",
    })
    void shouldReportErrorWithOffsetWhenJsonIsMalformed(final String json, final int code, final int offset)
    {
        final JsonParser parser = new JsonParser(16, 1024, 8);
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        parser.wrap(bytes, 0, bytes.length);

        final int last = walk(parser);

        assertThat(last).isEqualTo(ERROR);
        assertThat(parser.errorCode()).as(parser.errorDescription()).isEqualTo(code);
        assertThat(parser.errorOffset()).as(parser.errorDescription()).isEqualTo(offset);
        assertThat(parser.errorDescription()).isNotBlank();
        assertThat(parser.nextToken()).isEqualTo(ERROR);
    }

    @Test
    void shouldNotOverflowStackWhenNestingIsVeryDeep()
    {
        final String json = "[".repeat(100_000) + "]".repeat(100_000);
        final JsonParser parser = new JsonParser(16, 1 << 20, JsonParser.DEFAULT_MAX_DEPTH);
        parser.wrap(json.getBytes(StandardCharsets.US_ASCII), 0, json.length());

        assertThat(walk(parser)).isEqualTo(ERROR);
        assertThat(parser.errorCode()).isEqualTo(JsonParser.ERROR_TOO_DEEP);
        assertThat(parser.errorOffset()).isEqualTo(JsonParser.DEFAULT_MAX_DEPTH);
    }

    @Test
    void shouldAcceptNestingUpToMaximumDepth()
    {
        final String json = "[".repeat(8) + "]".repeat(8);
        final JsonParser parser = new JsonParser(16, 1024, 8);
        parser.wrap(json.getBytes(StandardCharsets.US_ASCII), 0, json.length());

        assertThat(walk(parser)).isEqualTo(END_OF_INPUT);
    }

    @Test
    void shouldReportErrorForEveryTruncationOfEveryReferenceExample()
    {
        final JsonParser parser = new JsonParser();
        for (final String example : JsonTestSupport.deribitExamples())
        {
            final byte[] bytes = example.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < bytes.length; length++)
            {
                parser.wrap(bytes, 0, length);
                final int last = walk(parser);
                if (last != ERROR)
                {
                    // A prefix may itself be valid JSON only if it is a complete top-level value: never here.
                    assertThat(last).as("prefix %d of %s", length, example).isEqualTo(ERROR);
                }
                assertThat(parser.errorOffset()).isBetween(0, length);
            }
        }
    }

    @Test
    void shouldNeverThrowOnRandomlyCorruptedReferenceExamples()
    {
        final long seed = System.nanoTime();
        System.out.println("JsonParserMalformedTest seed=" + seed);
        final Random random = new Random(seed);
        final List<String> examples = JsonTestSupport.deribitExamples();
        final byte[] alphabet = "{}[],:\"\\ -+.eE0123456789truefalsn\u00e9".getBytes(StandardCharsets.UTF_8);
        final JsonParser parser = new JsonParser(64, 1 << 16, 16);
        final Decimal decimal = new Decimal();
        final StringBuilder text = new StringBuilder();

        for (int i = 0; i < 20_000; i++)
        {
            final byte[] bytes = examples.get(random.nextInt(examples.size())).getBytes(StandardCharsets.UTF_8);
            final int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++)
            {
                bytes[random.nextInt(bytes.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            final int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            parser.wrap(bytes, 0, length);

            int token;
            do
            {
                token = parser.nextToken();
                if (token == JsonParser.NUMBER)
                {
                    parser.readDecimal(decimal);
                    parser.readDouble();
                }
                else if (token == JsonParser.STRING)
                {
                    text.setLength(0);
                    parser.readString(text);
                }
            }
            while (token != ERROR && token != END_OF_INPUT);
            assertThat(parser.errorOffset()).isBetween(-1, length);
        }
    }

    private static int walk(final JsonParser parser)
    {
        int token;
        do
        {
            token = parser.nextToken();
        }
        while (token != ERROR && token != END_OF_INPUT);
        return token;
    }
}
