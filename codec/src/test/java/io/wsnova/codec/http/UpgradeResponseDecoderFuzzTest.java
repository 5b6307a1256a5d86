package io.wsnova.codec.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;
import io.wsnova.testkit.Allocation;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link UpgradeResponseDecoder} (docs/FUZZING.md). The input is what a server answers
 * to the opening handshake (the expected key is RFC 6455's sample, so a valid 101 is reachable from the seeds). It
 * is decoded in one call and, as the connector does, accumulated read by read (sizes from the input's hash) and
 * decoded from the same start after each read; both must give the same result. Properties: no exception; the
 * result is 0, a documented {@code ERR_*} code or a head length within the input and maxHeaderBytes that ends in
 * CRLF CRLF; diagnostics are printable ASCII and bounded; allocation is bounded by maxHeaderBytes, not by the input.
 */
class UpgradeResponseDecoderFuzzTest
{
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final int MAX_HEADER_BYTES = 2048;

    @FuzzTest(maxDuration = "5m")
    void decode(final byte[] response)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(response.length + 16));
        buffer.putBytes(16, response);

        final UpgradeResponseDecoder whole =
            new UpgradeResponseDecoder(KEY, List.of("chat", "v1.json"), MAX_HEADER_BYTES);
        final long bound = 64L * MAX_HEADER_BYTES + (1 << 20);
        long before = Allocation.currentThreadBytes();
        final int result = whole.decode(buffer, 16, response.length);
        if (Allocation.currentThreadBytes() - before >= bound)
        {
            // The first decode of a run also pays for class loading: measure again, warm.
            final UpgradeResponseDecoder warm =
                new UpgradeResponseDecoder(KEY, List.of("chat", "v1.json"), MAX_HEADER_BYTES);
            before = Allocation.currentThreadBytes();
            warm.decode(buffer, 16, response.length);
            assertThat(Allocation.currentThreadBytes() - before).as("bytes allocated by one decode")
                .isLessThan(bound);
        }
        assertValid(whole, result, response);
        assertThat(whole.decode(buffer, 16, response.length)).as("final result is sticky").isEqualTo(result);

        final UpgradeResponseDecoder incremental =
            new UpgradeResponseDecoder(KEY, List.of("chat", "v1.json"), MAX_HEADER_BYTES);
        final SplittableRandom random = new SplittableRandom(Arrays.hashCode(response));
        int received = 0;
        int incrementalResult = UpgradeResponseDecoder.NEED_MORE_DATA;
        while (received < response.length && incrementalResult == UpgradeResponseDecoder.NEED_MORE_DATA)
        {
            received = Math.min(response.length, received + 1 + random.nextInt(64));
            incrementalResult = incremental.decode(buffer, 16, received);
            assertValid(incremental, incrementalResult, Arrays.copyOf(response, received));
        }
        assertThat(incrementalResult).as("read by read vs whole, %s", UpgradeResponseDecoder.errorName(result))
            .isEqualTo(result);
    }

    private static void assertValid(final UpgradeResponseDecoder decoder, final int result, final byte[] response)
    {
        if (result > 0)
        {
            assertThat(result).isLessThanOrEqualTo(Math.min(response.length, MAX_HEADER_BYTES));
            assertThat(Arrays.copyOfRange(response, result - 4, result)).containsExactly('\r', '\n', '\r', '\n');
            assertThat(decoder.statusCode()).isEqualTo(101);
            assertThat(decoder.errorMessage()).isNull();
        }
        else if (result < 0)
        {
            assertThat(result).isBetween(UpgradeResponseDecoder.ERR_VERSION, UpgradeResponseDecoder.ERR_MALFORMED);
            assertThat(decoder.errorMessage()).isNotNull();
            assertPrintable(decoder.errorMessage());
        }
        assertPrintable(decoder.statusLine());
        assertThat(decoder.headerCount()).isLessThanOrEqualTo(MAX_HEADER_BYTES / 4);
    }

    private static void assertPrintable(final String text)
    {
        if (text == null)
        {
            return;
        }
        assertThat(text.length()).as("diagnostic length").isLessThanOrEqualTo(1024);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E)
            {
                throw new AssertionError("non-printable char " + (int)c + " at " + i + " in diagnostic: " + text);
            }
        }
    }
}
