package io.wsnova.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.Allocation;

class JsonAllocationTest
{
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 1_000_000;
    /** Warm-up ends when a whole round allocates nothing (the JIT may still link call sites early on). */
    private static final int MAX_WARM_UP_ROUNDS = 20;


    @Test
    void shouldEncodeSubscribeRequestWithoutAllocating()
    {
        final JsonEncoder encoder = new JsonEncoder();
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        final StringBuilder channel = new StringBuilder("ticker.BTC-PERPETUAL.100ms");
        long checksum = 0;
        for (int round = 0; round < MAX_WARM_UP_ROUNDS; round++)
        {
            final long start = Allocation.currentThreadBytes();
            checksum += encodeMany(encoder, buffer, channel, WARM_UP);
            if (Allocation.currentThreadBytes() == start)
            {
                break;
            }
        }

        final long before = Allocation.currentThreadBytes();
        checksum += encodeMany(encoder, buffer, channel, MEASURED);
        final long allocated = Allocation.currentThreadBytes() - before;

        assertThat(checksum).isPositive();
        assertThat(allocated).isZero();
        assertThat(buffer.getStringWithoutLengthAscii(0, JsonEncoderTest.SUBSCRIBE_REQUEST.length()))
            .isEqualTo(JsonEncoderTest.SUBSCRIBE_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldWalkEveryReferenceExampleWithoutAllocating(final boolean escaped)
    {
        final JsonParser parser = new JsonParser();
        final Decimal decimal = new Decimal();
        final StringBuilder text = new StringBuilder(1024);
        final List<String> examples = JsonTestSupport.deribitExamples().stream()
            .map((s) -> escaped ? JsonTestSupport.escapeStrings(s) : s).toList();
        final UnsafeBuffer[] messages = examples.stream()
            .map((s) -> JsonTestSupport.offHeap(s, 3)).toArray(UnsafeBuffer[]::new);
        final int[] lengths = examples.stream()
            .mapToInt((s) -> s.getBytes(StandardCharsets.UTF_8).length).toArray();
        long checksum = 0;
        for (int round = 0; round < MAX_WARM_UP_ROUNDS; round++)
        {
            final long start = Allocation.currentThreadBytes();
            checksum += walkMany(parser, messages, lengths, decimal, text, WARM_UP / 30);
            if (Allocation.currentThreadBytes() == start)
            {
                break;
            }
        }

        final long before = Allocation.currentThreadBytes();
        checksum += walkMany(parser, messages, lengths, decimal, text, MEASURED / 30);
        final long allocated = Allocation.currentThreadBytes() - before;

        assertThat(checksum).isPositive();
        assertThat(allocated).isZero();
    }

    private static long encodeMany(final JsonEncoder encoder, final UnsafeBuffer buffer, final CharSequence channel,
        final int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += JsonEncoderTest.encodeSubscribe(encoder, buffer, 0, 42, channel);
        }
        return sum;
    }

    private static long walkMany(final JsonParser parser, final UnsafeBuffer[] messages, final int[] lengths,
        final Decimal decimal, final StringBuilder text, final int rounds)
    {
        long sum = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int m = 0; m < messages.length; m++)
            {
                parser.wrap(messages[m], 3, lengths[m]);
                int token;
                while ((token = parser.nextToken()) > JsonParser.END_OF_INPUT)
                {
                    if (token == JsonParser.NUMBER)
                    {
                        parser.readDecimal(decimal);
                        sum += decimal.scale() + (parser.readDouble() >= 0 ? 1 : 0);
                    }
                    else if (token == JsonParser.FIELD_NAME)
                    {
                        sum += parser.nameHash() + parser.stringLength();
                    }
                    else if (token == JsonParser.STRING)
                    {
                        text.setLength(0);
                        parser.readString(text);
                        sum += text.length();
                    }
                }
                sum += token == JsonParser.END_OF_INPUT ? 1 : -1_000_000;
            }
        }
        return sum;
    }
}
