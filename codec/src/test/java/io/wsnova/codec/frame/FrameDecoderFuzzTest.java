package io.wsnova.codec.frame;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link FrameDecoder} (docs/FUZZING.md). The input is the byte stream a server sends
 * after the handshake. It is fed the way the engine's reader feeds it (reads of any size into a receive buffer of
 * {@link FrameDecoder#maxPendingFrameLength()} bytes, unconsumed bytes kept and compacted), once in reads chosen
 * from the input's hash and once a byte at a time, and every run must agree with {@link ReferenceDecoder}, an
 * independent one-pass model of RFC 6455 written from the rules in the decoder's Javadoc, on the delivered messages
 * and control frames and on the error. Properties: no exception, every result is consumed bytes, 0 or -1002 /
 * -1007 / -1009; a full receive buffer always makes progress; the reassembly buffer never grows beyond
 * maxMessageLength; a text message is valid UTF-8 whatever its fragmentation.
 * <p>
 * Regression mode (every test run) replays the inputs under
 * {@code src/test/resources/io/wsnova/codec/frame/FrameDecoderFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes
 * (see .ci/fuzz).
 */
class FrameDecoderFuzzTest
{
    static final int MAX_FRAME_LENGTH = 300;
    static final int MAX_MESSAGE_LENGTH = 4200;

    @FuzzTest(maxDuration = "5m")
    void decode(final byte[] stream)
    {
        final ReferenceDecoder.Outcome expected =
            ReferenceDecoder.decode(stream, MAX_FRAME_LENGTH, MAX_MESSAGE_LENGTH);
        final SplittableRandom random = new SplittableRandom(Arrays.hashCode(stream));

        assertRunMatches(stream, expected, -1, random);
        assertRunMatches(stream, expected, 1, random);
    }

    private static void assertRunMatches(
        final byte[] stream, final ReferenceDecoder.Outcome expected, final int readSize, final SplittableRandom random)
    {
        final RecordingHandler handler = new RecordingHandler();
        final FrameDecoder decoder = new FrameDecoder(handler, MAX_FRAME_LENGTH, MAX_MESSAGE_LENGTH);
        final int capacity = decoder.maxPendingFrameLength();
        final UnsafeBuffer receive = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
        int fed = 0;
        int start = 0;
        int end = 0;
        int result = 0;
        while (true)
        {
            final int want = readSize > 0 ? readSize : 1 + random.nextInt(capacity);
            final int read = Math.min(Math.min(want, stream.length - fed), capacity - end);
            receive.putBytes(end, stream, fed, read);
            fed += read;
            end += read;

            final int available = end - start;
            result = decoder.decode(receive, start, available);
            assertThat(decoder.messageCapacity()).isLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
            if (result < 0)
            {
                assertThat(result).isIn(-1002, -1007, -1009);
                assertThat(decoder.errorReason()).isNotEqualTo(FrameDecoder.ERR_NONE);
                assertThat(decoder.decode(receive, start, available)).as("sticky error").isEqualTo(result);
                break;
            }
            assertThat(result).isLessThanOrEqualTo(available);
            assertThat(decoder.pendingFrameLength()).isLessThanOrEqualTo(capacity);
            if (result == 0 && available == capacity)
            {
                throw new AssertionError("no progress with a full receive buffer of " + capacity + " bytes");
            }
            start += result;
            if (decoder.isCloseReceived() || (read == 0 && result == 0))
            {
                break;
            }
            receive.putBytes(0, receive, start, end - start);
            end -= start;
            start = 0;
        }

        final List<RecordingHandler.Event> actual = new ArrayList<>(handler.events);
        assertThat(actual).as("events, reads of %s", readSize > 0 ? readSize : "random size")
            .isEqualTo(expected.events());
        assertThat(Math.min(result, 0)).as("error").isEqualTo(expected.result());
        assertThat(decoder.isCloseReceived()).isEqualTo(expected.closed());
    }
}
