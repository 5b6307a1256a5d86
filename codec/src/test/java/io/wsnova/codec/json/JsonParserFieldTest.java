package io.wsnova.codec.json;

import static io.wsnova.codec.json.JsonParser.END_OBJECT;
import static io.wsnova.codec.json.JsonParser.END_OF_FIELDS;
import static io.wsnova.codec.json.JsonParser.END_OF_INPUT;
import static io.wsnova.codec.json.JsonParser.ERROR;
import static io.wsnova.codec.json.JsonParser.FIELD_NAME;
import static io.wsnova.codec.json.JsonParser.NUMBER;
import static io.wsnova.codec.json.JsonParser.START_ARRAY;
import static io.wsnova.codec.json.JsonParser.START_OBJECT;
import static io.wsnova.codec.json.JsonParser.STRING;
import static io.wsnova.codec.json.JsonTestSupport.parserOver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JsonParserFieldTest
{
    private static final int ID = 0;
    private static final int PRICE = 1;
    private static final int NAME = 2;
    private static final int NESTED = 3;
    private static final int ESTIMATED_DELIVERY_PRICE = 4;
    private static final JsonFieldTable FIELDS = new JsonFieldTable(5)
        .put("id", ID)
        .put("price", PRICE)
        .put("name", NAME)
        .put("nested", NESTED)
        .put("estimated_delivery_price", ESTIMATED_DELIVERY_PRICE);

    static List<String> deribitExamples()
    {
        return JsonTestSupport.deribitExamples();
    }

    @Test
    void shouldLeaveParserOnValueOfEachFieldWhenReadingByField()
    {
        final JsonParser parser = parserOver(
            "{\"id\":7,\"other\":[1,{\"x\":2}],\"price\":36442.5,\"name\":\"BTC\",\"nested\":{\"id\":8}}");
        final Decimal price = new Decimal();
        final StringBuilder name = new StringBuilder();
        assertThat(parser.nextToken()).isEqualTo(START_OBJECT);

        assertThat(parser.nextField(FIELDS)).isEqualTo(ID);
        assertThat(parser.token()).isEqualTo(NUMBER);
        assertThat(parser.readLong()).isEqualTo(7L);

        assertThat(parser.nextField(FIELDS)).isEqualTo(JsonFieldTable.NOT_FOUND);
        assertThat(parser.token()).isEqualTo(START_ARRAY);
        parser.skipValue();

        assertThat(parser.nextField(FIELDS)).isEqualTo(PRICE);
        assertThat(parser.readDecimal(price)).isTrue();
        assertThat(price).isEqualTo(new Decimal(364425L, 1));

        assertThat(parser.nextField(FIELDS)).isEqualTo(NAME);
        assertThat(parser.token()).isEqualTo(STRING);
        assertThat(parser.readString(name)).isTrue();
        assertThat(name.toString()).isEqualTo("BTC");

        assertThat(parser.nextField(FIELDS)).isEqualTo(NESTED);
        assertThat(parser.token()).isEqualTo(START_OBJECT);
        assertThat(parser.nextField(FIELDS)).isEqualTo(ID);
        assertThat(parser.readLong()).isEqualTo(8L);
        assertThat(parser.nextField(FIELDS)).isEqualTo(END_OF_FIELDS);
        assertThat(parser.token()).isEqualTo(END_OBJECT);
        assertThat(parser.depth()).isEqualTo(1);

        assertThat(parser.nextField(FIELDS)).isEqualTo(END_OF_FIELDS);
        assertThat(parser.token()).isEqualTo(END_OBJECT);
        assertThat(parser.nextToken()).isEqualTo(END_OF_INPUT);
        assertThat(parser.hasError()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // names that collide with a known name's byte-sum hash, or share its length or prefix, are not that name
        "{\"di\":1}",
        "{\"pirce\":1}",
        "{\"estimated_delivery_pricf\":1}",
        "{\"fstimated_delivery_price\":1}",
        "{\"estimated_deliverz_price\":1}",
        "{\"estimated_delivery_price_\":1}",
        "{\"nam\":1}",
        "{\"\":1}",
    })
    void shouldNotFindNameThatIsNotInTable(final String json)
    {
        final JsonParser parser = parserOver(json);
        parser.nextToken();

        assertThat(parser.nextField(FIELDS)).isEqualTo(JsonFieldTable.NOT_FOUND);
        assertThat(parser.token()).isEqualTo(NUMBER);
    }

    @Test
    void shouldFindLongNameThatIsInTable()
    {
        final JsonParser parser = parserOver("{\"estimated_delivery_price\":36441.64}");
        parser.nextToken();

        assertThat(parser.nextField(FIELDS)).isEqualTo(ESTIMATED_DELIVERY_PRICE);
    }

    @Test
    void shouldEndFieldsOfEmptyObject()
    {
        final JsonParser parser = parserOver("{ }");
        parser.nextToken();

        assertThat(parser.nextField(FIELDS)).isEqualTo(END_OF_FIELDS);
        assertThat(parser.token()).isEqualTo(END_OBJECT);
        assertThat(parser.nextToken()).isEqualTo(END_OF_INPUT);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // json | expected error code | expected error offset
        "{\"id\":1                 | 1  | 7",
        "{\"id\":                  | 1  | 6",
        "{\"id\" 1}                | 2  | 6",
        "{\"id\":1,}               | 2  | 8",
        "{1:2}                     | 2  | 1",
        "{\"id\":1]                | 2  | 7",
        "{\"name                   | 3  | 1",
        "{\"id\":01}               | 4  | 7",
        "{\"id\":1.}               | 4  | 8",
        "{\"id\":tru}              | 1  | 7",
        "{\"id\":x}                | 2  | 6",
        "{\"id\":\"abc             | 3  | 6",
    })
    void shouldEndFieldsWithSameErrorAsNextTokenWhenJsonIsMalformed(final String json, final int code,
        final int offset)
    {
        final JsonParser parser = parserOver(json);
        parser.nextToken();

        int field;
        do
        {
            field = parser.nextField(FIELDS);
        }
        while (field != END_OF_FIELDS);

        assertThat(parser.token()).isEqualTo(ERROR);
        assertThat(parser.errorCode()).as(parser.errorDescription()).isEqualTo(code);
        assertThat(parser.errorOffset()).as(parser.errorDescription()).isEqualTo(offset);
        assertThat(parser.nextField(FIELDS)).isEqualTo(END_OF_FIELDS);
        assertThat(parser.nextToken()).isEqualTo(ERROR);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1,2]",
        "7",
        "{\"id\":[1]}",
    })
    void shouldThrowWhenNextFieldIsCalledOutsideAnObject(final String json)
    {
        final JsonParser parser = parserOver(json);
        int token = parser.nextToken();
        while (token == START_OBJECT || token == FIELD_NAME)
        {
            token = parser.nextToken();
        }

        assertThatThrownBy(() -> parser.nextField(FIELDS)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @MethodSource("deribitExamples")
    void shouldSeeSameFieldsAndValuesAsNextTokenOnEveryDeribitReferenceExample(final String example)
    {
        final JsonFieldTable everyName = everyNameOf(example);

        final List<String> byToken = walkByToken(parserOver(example), everyName);
        final List<String> byField = walkByField(parserOver(example), everyName);

        assertThat(byField).isEqualTo(byToken).isNotEmpty();
    }

    @Test
    void shouldSeeSameFieldsAndErrorsAsNextTokenOnRandomlyCorruptedExamples()
    {
        final long seed = System.nanoTime();
        System.out.println("JsonParserFieldTest seed=" + seed);
        final Random random = new Random(seed);
        final List<String> examples = JsonTestSupport.deribitExamples();
        final byte[] alphabet = "{}[],:\"\\ -+.eE0123456789truefalsn".getBytes(StandardCharsets.US_ASCII);

        for (int i = 0; i < 5_000; i++)
        {
            final String example = examples.get(random.nextInt(examples.size()));
            final byte[] bytes = example.getBytes(StandardCharsets.UTF_8);
            bytes[random.nextInt(bytes.length)] = alphabet[random.nextInt(alphabet.length)];
            final String corrupted = new String(bytes, StandardCharsets.UTF_8);
            final JsonFieldTable everyName = everyNameOf(example);

            final List<String> byToken = walkByToken(parserOver(corrupted), everyName);
            final List<String> byField = walkByField(parserOver(corrupted), everyName);

            assertThat(byField).as("seed %d: %s", seed, corrupted).isEqualTo(byToken);
        }
    }

    private static JsonFieldTable everyNameOf(final String example)
    {
        final List<String> names = new ArrayList<>();
        final JsonParser parser = parserOver(example);
        int token;
        while ((token = parser.nextToken()) != END_OF_INPUT && token != ERROR)
        {
            if (token == FIELD_NAME)
            {
                final String name = new String(parser.buffer(), parser.tokenOffset(), parser.tokenLength(),
                    StandardCharsets.UTF_8);
                if (!names.contains(name))
                {
                    names.add(name);
                }
            }
        }
        final JsonFieldTable table = new JsonFieldTable(names.size() + 1);
        for (int i = 0; i < names.size(); i++)
        {
            table.put(names.get(i), i);
        }
        return table;
    }

    // Both walks record, for every field of every object: the field id, the value's token and its raw text; then how
    // the walk ended (the error code and offset, if any).
    private static List<String> walkByToken(final JsonParser parser, final JsonFieldTable table)
    {
        final List<String> seen = new ArrayList<>();
        if (parser.nextToken() == START_OBJECT)
        {
            objectByToken(parser, table, seen);
        }
        seen.add("end " + parser.errorCode() + "@" + parser.errorOffset());
        return seen;
    }

    private static void objectByToken(final JsonParser parser, final JsonFieldTable table, final List<String> seen)
    {
        while (parser.nextToken() == FIELD_NAME)
        {
            final int id = table.lookupName(parser);
            parser.nextToken();
            recordValue(parser, id, seen);
            if (parser.token() == START_OBJECT)
            {
                objectByToken(parser, table, seen);
            }
            else
            {
                parser.skipValue();
            }
        }
        seen.add("token " + parser.token());
    }

    private static List<String> walkByField(final JsonParser parser, final JsonFieldTable table)
    {
        final List<String> seen = new ArrayList<>();
        if (parser.nextToken() == START_OBJECT)
        {
            objectByField(parser, table, seen);
        }
        seen.add("end " + parser.errorCode() + "@" + parser.errorOffset());
        return seen;
    }

    private static void objectByField(final JsonParser parser, final JsonFieldTable table, final List<String> seen)
    {
        int id;
        while ((id = parser.nextField(table)) != END_OF_FIELDS)
        {
            recordValue(parser, id, seen);
            if (parser.token() == START_OBJECT)
            {
                objectByField(parser, table, seen);
            }
            else
            {
                parser.skipValue();
            }
        }
        seen.add("token " + parser.token());
    }

    private static void recordValue(final JsonParser parser, final int id, final List<String> seen)
    {
        if (parser.token() == ERROR)
        {
            return;
        }
        seen.add(id + " " + parser.token() + " " + new String(parser.buffer(), parser.tokenOffset(),
            parser.tokenLength(), StandardCharsets.UTF_8));
    }
}
