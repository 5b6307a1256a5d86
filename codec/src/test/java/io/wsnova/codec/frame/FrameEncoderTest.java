package io.wsnova.codec.frame;

import io.wsnova.codec.frame.TestFrames.ClientFrame;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import static io.wsnova.codec.frame.TestFrames.parseClientFrame;
import static io.wsnova.codec.frame.TestFrames.pattern;
import static io.wsnova.codec.frame.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameEncoderTest
{
    private static final int KEY = 0x1234_5678;

    private final FixedKeys keys = new FixedKeys();
    private final FrameEncoder encoder = new FrameEncoder(keys);
    private final UnsafeBuffer dst = new UnsafeBuffer(new byte[4 * 1024 * 1024 + 64]);

    static Stream<Integer> payloadLengths()
    {
        return Stream.of(0, 1, 3, 4, 7, 8, 9, 125, 126, 127, 65535, 65536, 3 * 1024 * 1024 + 5);
    }

    @ParameterizedTest
    @MethodSource("payloadLengths")
    void shouldEncodeMaskedFrameOfEveryLengthBoundary(final int length)
    {
        final byte[] payload = pattern(length);
        final UnsafeBuffer src = new UnsafeBuffer(new byte[length + 3]);
        src.putBytes(3, payload);

        final int frameLength = encoder.encode(dst, 5, Opcode.BINARY, true, src, 3, length);

        final ClientFrame frame = parseClientFrame(dst, 5);
        assertThat(frameLength).isEqualTo(FrameEncoder.maxEncodedLength(length)).isEqualTo(frame.frameLength());
        assertThat(frame.headerLength()).isEqualTo(FrameEncoder.headerLength(length))
            .isEqualTo(length <= 125 ? 6 : length <= 65535 ? 8 : 14);
        assertThat(frame.fin()).isTrue();
        assertThat(frame.rsv()).isZero();
        assertThat(frame.opcode()).isEqualTo(Opcode.BINARY);
        assertThat(frame.masked()).isTrue();
        assertThat(frame.maskingKey()).isEqualTo(keys.last);
        assertThat(frame.payload()).isEqualTo(payload);
    }

    @Test
    void shouldXorEveryPayloadByteWithKeyByteAtItsPositionModuloFour()
    {
        final byte[] key = {0x12, 0x34, 0x56, 0x78};
        for (int dstOffset = 0; dstOffset < 9; dstOffset++)
        {
            for (int length = 0; length <= 21; length++)
            {
                final byte[] payload = pattern(length);
                keys.next = KEY;

                encoder.encode(dst, dstOffset, Opcode.TEXT, false, new UnsafeBuffer(payload), 0, length);

                assertThat(dst.getInt(dstOffset + 2, ByteOrder.BIG_ENDIAN)).isEqualTo(KEY);
                for (int i = 0; i < length; i++)
                {
                    assertThat(dst.getByte(dstOffset + 6 + i)).isEqualTo((byte) (payload[i] ^ key[i & 3]));
                }
            }
        }
    }

    @Test
    void shouldUseFreshKeyPerFrameWithDefaultGenerator()
    {
        final FrameEncoder randomEncoder = new FrameEncoder();
        final Set<Integer> seenKeys = new HashSet<>();
        final byte[] payload = pattern(40);
        for (int i = 0; i < 1000; i++)
        {
            randomEncoder.encode(dst, 0, Opcode.BINARY, true, new UnsafeBuffer(payload), 0, payload.length);
            final ClientFrame frame = parseClientFrame(dst, 0);
            assertThat(frame.payload()).isEqualTo(payload);
            seenKeys.add(frame.maskingKey());
        }

        assertThat(seenKeys).hasSizeGreaterThan(995);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "hello world", "caf\u00e9", "\u00ff\u0100\u07ff", "\u0800\u20ac\uffff\ufffd",
        "\uD83D\uDE00 grin", "\uD800\uDC00\uDBFF\uDFFF", "lone high \uD83D end", "lone low \uDE00", "\uDE00\uD83D",
        "ends with high \uD83D"})
    void shouldEncodeTextExactlyAsJdkUtf8(final String text)
    {
        final int frameLength = encoder.encodeText(dst, 3, new StringBuilder(text));

        final ClientFrame frame = parseClientFrame(dst, 3);
        assertThat(frame.frameLength()).isEqualTo(frameLength);
        assertThat(frame.opcode()).isEqualTo(Opcode.TEXT);
        assertThat(frame.fin()).isTrue();
        assertThat(frame.payload()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("payloadLengths")
    void shouldEncodeTextOfEveryLengthBoundary(final int length)
    {
        final String text = "\u20ac".repeat(length / 3) + "x".repeat(length % 3);

        encoder.encodeText(dst, 0, text);

        assertThat(parseClientFrame(dst, 0).payload()).isEqualTo(utf8(text)).hasSize(length);
    }

    @Test
    void shouldEncodeCloseWithCodeAndReason()
    {
        final int frameLength = encoder.encodeClose(dst, 0, CloseCodes.NORMAL, "bye");

        final ClientFrame frame = parseClientFrame(dst, 0);
        assertThat(frameLength).isEqualTo(6 + 2 + 3);
        assertThat(frame.opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(frame.payload()).isEqualTo(TestFrames.concat(TestFrames.bytes(0x03, 0xE8), utf8("bye")));
    }

    @Test
    void shouldEncodeEmptyCloseForNoStatus()
    {
        assertThat(encoder.encodeClose(dst, 0, CloseCodes.NO_STATUS_RECEIVED, "ignored")).isEqualTo(6);
        assertThat(parseClientFrame(dst, 0).payload()).isEmpty();
        assertThat(encoder.encodeClose(dst, 0, CloseCodes.NORMAL, null)).isEqualTo(8);
    }

    @Test
    void shouldTruncateCloseReasonOnCodePointBoundary()
    {
        final String euros = "\u20ac".repeat(60);
        final String shifted = "a" + euros;
        final String emoji = "\uD83D\uDE00".repeat(40);

        encoder.encodeClose(dst, 0, CloseCodes.GOING_AWAY, euros);
        assertThat(parseClientFrame(dst, 0).payload()).hasSize(125);
        encoder.encodeClose(dst, 0, CloseCodes.GOING_AWAY, shifted);
        final byte[] shiftedPayload = parseClientFrame(dst, 0).payload();
        assertThat(shiftedPayload).hasSize(2 + 1 + 40 * 3);
        assertThat(new String(shiftedPayload, 2, shiftedPayload.length - 2, StandardCharsets.UTF_8))
            .isEqualTo("a" + "\u20ac".repeat(40));
        encoder.encodeClose(dst, 0, CloseCodes.GOING_AWAY, emoji);
        assertThat(parseClientFrame(dst, 0).payload()).hasSize(2 + 30 * 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1006, 1015, 5000})
    void shouldRejectCloseCodeThatMayNotBeSent(final int code)
    {
        assertThatThrownBy(() -> encoder.encodeClose(dst, 0, code, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("payloadLengths")
    void shouldEncodeInPlaceWithHeaderImmediatelyBeforePayload(final int length)
    {
        final byte[] payload = pattern(length);
        final int payloadOffset = 20;
        dst.putBytes(payloadOffset, payload);

        final int start = encoder.encodeInPlace(dst, payloadOffset, length, Opcode.BINARY, false);

        final ClientFrame frame = parseClientFrame(dst, start);
        assertThat(start).isEqualTo(payloadOffset - FrameEncoder.headerLength(length));
        assertThat(frame.frameLength()).isEqualTo(payloadOffset + length - start);
        assertThat(frame.fin()).isFalse();
        assertThat(frame.payload()).isEqualTo(payload);
    }

    @Test
    void shouldRejectInPlaceEncodingWithoutRoomForHeader()
    {
        assertThatThrownBy(() -> encoder.encodeInPlace(dst, 5, 10, Opcode.TEXT, true))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(encoder.encodeInPlace(dst, 6, 10, Opcode.TEXT, true)).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 10, 11, 126, 1000})
    void shouldFragmentMessageIntoContinuationFramesWithFinOnLast(final int fragmentLength)
    {
        final byte[] payload = pattern(1000);

        final int total = encoder.encodeFragmented(
            dst, 2, Opcode.TEXT, new UnsafeBuffer(payload), 0, payload.length, fragmentLength);

        assertThat(total).isEqualTo(FrameEncoder.fragmentedLength(payload.length, fragmentLength));
        final ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        final Set<Integer> frameKeys = new HashSet<>();
        int position = 2;
        int frames = 0;
        ClientFrame frame;
        do
        {
            frame = parseClientFrame(dst, position);
            assertThat(frame.opcode()).isEqualTo(frames == 0 ? Opcode.TEXT : Opcode.CONTINUATION);
            assertThat(frame.payload().length).isLessThanOrEqualTo(fragmentLength);
            reassembled.writeBytes(frame.payload());
            frameKeys.add(frame.maskingKey());
            position += frame.frameLength();
            frames++;
        }
        while (!frame.fin());
        assertThat(position - 2).isEqualTo(total);
        assertThat(frames).isEqualTo((1000 + fragmentLength - 1) / fragmentLength);
        assertThat(frameKeys).hasSize(frames);
        assertThat(reassembled.toByteArray()).isEqualTo(payload);
    }

    @Test
    void shouldEncodeEmptyMessageAsOneFinalFrameWhenFragmenting()
    {
        final int total = encoder.encodeFragmented(dst, 0, Opcode.BINARY, dst, 0, 0, 10);

        final ClientFrame frame = parseClientFrame(dst, 0);
        assertThat(total).isEqualTo(6).isEqualTo(FrameEncoder.fragmentedLength(0, 10));
        assertThat(frame.fin()).isTrue();
        assertThat(frame.opcode()).isEqualTo(Opcode.BINARY);
    }

    @Test
    void shouldRejectInvalidFramesAsCallerBugs()
    {
        final UnsafeBuffer src = new UnsafeBuffer(new byte[200]);
        assertThatThrownBy(() -> encoder.encode(dst, 0, Opcode.PING, true, src, 0, 126))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(dst, 0, Opcode.PONG, false, src, 0, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(dst, 0, 3, true, src, 0, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(dst, 0, Opcode.BINARY, true, src, 0, -1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encodeFragmented(dst, 0, Opcode.PING, src, 0, 1, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encodeFragmented(dst, 0, Opcode.TEXT, src, 0, 1, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(encoder.encode(dst, 0, Opcode.PING, true, src, 0, 125)).isEqualTo(131);
    }

    @Test
    void shouldGrowExpandableDestinationOnPut()
    {
        final ExpandableArrayBuffer expandable = new ExpandableArrayBuffer(8);
        final byte[] payload = pattern(70_000);

        final int frameLength = encoder.encode(expandable, 0, Opcode.BINARY, true, new UnsafeBuffer(payload), 0,
            payload.length);

        assertThat(frameLength).isEqualTo(14 + 70_000);
        assertThat(parseClientFrame(expandable, 0).payload()).isEqualTo(payload);
    }

    @Test
    void shouldRoundTripThroughUnmaskingHelperIntoDecoder()
    {
        final RecordingHandler handler = new RecordingHandler();
        final FrameDecoder decoder = new FrameDecoder(handler, 1 << 20, 1 << 20);
        final byte[] payload = pattern(70_000);
        encoder.encodeFragmented(dst, 0, Opcode.BINARY, new UnsafeBuffer(payload), 0, payload.length, 30_000);

        int position = 0;
        for (int i = 0; i < 3; i++)
        {
            final ClientFrame frame = parseClientFrame(dst, position);
            final byte[] serverFrame = TestFrames.frame(frame.opcode(), frame.fin(), frame.payload());
            assertThat(decoder.decode(new UnsafeBuffer(serverFrame), 0, serverFrame.length))
                .isEqualTo(serverFrame.length);
            position += frame.frameLength();
        }

        assertThat(handler.events).containsExactly(RecordingHandler.message(Opcode.BINARY, payload));
    }

    static final class FixedKeys implements IntSupplier
    {
        int next = 0x0102_0304;
        int last;

        @Override
        public int getAsInt()
        {
            last = next;
            next = next * 0x01000193 + 0x2F;
            return last;
        }
    }
}
