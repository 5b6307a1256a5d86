package io.wsnova.codec.frame;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.wsnova.codec.frame.FrameDecoder.*;
import static io.wsnova.codec.frame.RecordingHandler.close;
import static io.wsnova.codec.frame.RecordingHandler.message;
import static io.wsnova.codec.frame.RecordingHandler.ping;
import static io.wsnova.codec.frame.RecordingHandler.pong;
import static io.wsnova.codec.frame.TestFrames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest
{
    private static final int MAX_FRAME_LENGTH = 8 * 1024 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;

    private final RecordingHandler handler = new RecordingHandler();
    private FrameDecoder decoder = new FrameDecoder(handler, MAX_FRAME_LENGTH, MAX_MESSAGE_LENGTH);

    static Stream<Integer> payloadLengths()
    {
        return Stream.of(0, 1, 125, 126, 127, 65535, 65536, 3 * 1024 * 1024 + 17);
    }

    @ParameterizedTest
    @MethodSource("payloadLengths")
    void shouldDeliverBinaryMessageZeroCopyWhenUnfragmented(final int length)
    {
        final byte[] payload = pattern(length);
        final byte[] frame = binary(payload);
        final UnsafeBuffer buffer = buffer(frame);

        assertThat(decoder.decode(buffer, 0, frame.length)).isEqualTo(frame.length);

        assertThat(handler.events).containsExactly(message(Opcode.BINARY, payload));
        assertThat(handler.lastBuffer).isSameAs(buffer);
        assertThat(handler.lastOffset).isEqualTo(frame.length - length);
    }

    @ParameterizedTest
    @MethodSource("payloadLengths")
    void shouldDeliverTextMessageOfEveryLengthEncoding(final int length)
    {
        final String text = asciiText(length);
        final byte[] frame = concat(bytes(0, 0, 0), text(text));

        assertThat(decoder.decode(buffer(frame), 3, frame.length - 3)).isEqualTo(frame.length - 3);

        assertThat(handler.events).containsExactly(message(Opcode.TEXT, utf8(text)));
    }

    @ParameterizedTest
    @MethodSource("payloadLengths")
    void shouldNeedMoreDataUntilLastByteAndReportPendingFrameLength(final int length)
    {
        final byte[] frame = binary(pattern(length));
        final int headerLength = frame.length - length;
        final UnsafeBuffer buffer = buffer(frame);

        for (final int available : new int[]{0, 1, headerLength - 1, headerLength, frame.length - 1})
        {
            if (available < 0 || available >= frame.length)
            {
                continue;
            }
            assertThat(decoder.decode(buffer, 0, available)).isEqualTo(NEED_MORE_DATA);
            assertThat(decoder.pendingFrameLength()).isEqualTo(available >= headerLength ? frame.length : 0);
        }
        assertThat(handler.events).isEmpty();
        assertThat(decoder.decode(buffer, 0, frame.length)).isEqualTo(frame.length);
        assertThat(decoder.pendingFrameLength()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 125, 126, 127, 300})
    void shouldDecodeSmallFramesSplitAtEveryPoint(final int length)
    {
        final byte[] stream = concat(text(asciiText(length)), binary(pattern(length)), frame(Opcode.PING, true,
            pattern(Math.min(length, 125))));

        for (int split = 0; split <= stream.length; split++)
        {
            final RecordingHandler recording = new RecordingHandler();
            final StreamFeeder feeder = new StreamFeeder(new FrameDecoder(recording, 1024, 4096), 4096);

            assertThat(feeder.feed(buffer(stream), 0, split)).isGreaterThanOrEqualTo(0);
            assertThat(feeder.feed(buffer(stream), split, stream.length - split)).isGreaterThanOrEqualTo(0);

            assertThat(feeder.unconsumed()).isZero();
            assertThat(recording.events).containsExactly(
                message(Opcode.TEXT, utf8(asciiText(length))),
                message(Opcode.BINARY, pattern(length)),
                ping(pattern(Math.min(length, 125))));
        }
    }

    @Test
    void shouldDecodeManyCoalescedFramesInOneCall()
    {
        final List<byte[]> frames = new ArrayList<>();
        final List<RecordingHandler.Event> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            final byte[] payload = pattern(i % 140);
            switch (i % 4)
            {
                case 0 ->
                {
                    frames.add(binary(payload));
                    expected.add(message(Opcode.BINARY, payload));
                }
                case 1 ->
                {
                    frames.add(text("m" + i));
                    expected.add(message(Opcode.TEXT, utf8("m" + i)));
                }
                case 2 ->
                {
                    frames.add(frame(Opcode.PING, true, pattern(i % 126)));
                    expected.add(ping(pattern(i % 126)));
                }
                default ->
                {
                    frames.add(frame(Opcode.PONG, true, pattern(i % 10)));
                    expected.add(pong(pattern(i % 10)));
                }
            }
        }
        final byte[] stream = concat(frames.toArray(new byte[0][]));
        final byte[] partial = bytes(0x82, 126, 0x01);

        final byte[] withPartial = concat(stream, partial);
        assertThat(decoder.decode(buffer(withPartial), 0, withPartial.length)).isEqualTo(stream.length);

        assertThat(handler.events).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldReassembleFragmentedTextWithControlFramesInterleaved()
    {
        final byte[] stream = concat(
            frame(Opcode.TEXT, false, "Hel"),
            frame(Opcode.PING, true, "p1"),
            frame(Opcode.CONTINUATION, false, ""),
            frame(Opcode.PONG, true, ""),
            frame(Opcode.CONTINUATION, true, "lo \u20ac"));

        assertThat(decoder.decode(buffer(stream), 0, stream.length)).isEqualTo(stream.length);

        assertThat(handler.events).containsExactly(
            ping(utf8("p1")), pong(new byte[0]), message(Opcode.TEXT, utf8("Hello \u20ac")));
    }

    @Test
    void shouldReassembleLargeFragmentedBinaryBeyondInitialBufferAndStartNextMessage()
    {
        final byte[] payload = pattern(1_000_003);
        final List<byte[]> frames = new ArrayList<>();
        for (int offset = 0; offset < payload.length; offset += 70_000)
        {
            final int length = Math.min(70_000, payload.length - offset);
            final byte[] fragment = new byte[length];
            System.arraycopy(payload, offset, fragment, 0, length);
            final boolean last = offset + length == payload.length;
            frames.add(frame(offset == 0 ? Opcode.BINARY : Opcode.CONTINUATION, last, fragment));
        }
        frames.add(text("next"));
        final byte[] stream = concat(frames.toArray(new byte[0][]));

        assertThat(decoder.decode(buffer(stream), 0, stream.length)).isEqualTo(stream.length);

        assertThat(handler.events).containsExactly(message(Opcode.BINARY, payload), message(Opcode.TEXT, utf8("next")));
    }

    @Test
    void shouldDeliverEmptyMessagesOfEveryKind()
    {
        final byte[] stream = concat(
            text(""), binary(new byte[0]),
            frame(Opcode.TEXT, false, ""), frame(Opcode.CONTINUATION, true, ""),
            frame(Opcode.BINARY, false, ""), frame(Opcode.CONTINUATION, false, ""),
            frame(Opcode.CONTINUATION, true, ""),
            frame(Opcode.PING, true, ""), frame(Opcode.PONG, true, ""), frame(Opcode.CLOSE, true, ""));

        assertThat(decoder.decode(buffer(stream), 0, stream.length)).isEqualTo(stream.length);

        assertThat(handler.events).containsExactly(
            message(Opcode.TEXT, new byte[0]), message(Opcode.BINARY, new byte[0]),
            message(Opcode.TEXT, new byte[0]), message(Opcode.BINARY, new byte[0]),
            ping(new byte[0]), pong(new byte[0]), close(CloseCodes.NO_STATUS_RECEIVED, new byte[0]));
    }

    @Test
    void shouldStopAfterCloseFrameAndConsumeNothingMore()
    {
        final byte[] closeFrame = closeFrame(CloseCodes.GOING_AWAY, "bye \u00e9");
        final byte[] stream = concat(text("a"), closeFrame, text("after"));

        assertThat(decoder.decode(buffer(stream), 0, stream.length)).isEqualTo(3 + closeFrame.length);
        assertThat(decoder.isCloseReceived()).isTrue();
        assertThat(decoder.decode(buffer(stream), 3 + closeFrame.length, 7)).isEqualTo(NEED_MORE_DATA);

        assertThat(handler.events).containsExactly(
            message(Opcode.TEXT, utf8("a")), close(CloseCodes.GOING_AWAY, utf8("bye \u00e9")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1011, 1012, 1013, 1014, 3000, 4999})
    void shouldAcceptCloseCodeFromTable(final int code)
    {
        final byte[] frame = closeFrame(code, "");

        assertThat(decoder.decode(buffer(frame), 0, frame.length)).isEqualTo(frame.length);

        assertThat(handler.events).containsExactly(close(code, new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535})
    void shouldRejectCloseCodeNotValidOnWire(final int code)
    {
        final byte[] frame = closeFrame(code, "x");

        assertThat(decoder.decode(buffer(frame), 0, frame.length)).isEqualTo(-1002);

        assertThat(decoder.errorReason()).isEqualTo(ERR_INVALID_CLOSE_CODE);
        assertThat(handler.events).isEmpty();
    }

    static Stream<Arguments> rejections()
    {
        final int maxFrame = 1000;
        return Stream.of(
            Arguments.of("masked", rawFrame(0x81, LENGTH_7, 1, true, bytes('a')), 1002, ERR_MASKED_FRAME),
            Arguments.of("rsv1", rawFrame(0xC1, LENGTH_7, 1, false, bytes('a')), 1002, ERR_RSV_BITS),
            Arguments.of("rsv2", rawFrame(0xA2, LENGTH_7, 0, false, bytes()), 1002, ERR_RSV_BITS),
            Arguments.of("rsv3", rawFrame(0x99, LENGTH_7, 0, false, bytes()), 1002, ERR_RSV_BITS),
            Arguments.of("opcode 3", rawFrame(0x83, LENGTH_7, 0, false, bytes()), 1002, ERR_RESERVED_OPCODE),
            Arguments.of("opcode 7", rawFrame(0x87, LENGTH_7, 0, false, bytes()), 1002, ERR_RESERVED_OPCODE),
            Arguments.of("opcode 11", rawFrame(0x8B, LENGTH_7, 0, false, bytes()), 1002, ERR_RESERVED_OPCODE),
            Arguments.of("opcode 15", rawFrame(0x8F, LENGTH_7, 0, false, bytes()), 1002, ERR_RESERVED_OPCODE),
            Arguments.of("ping 126", rawFrame(0x89, LENGTH_16, 126, false, pattern(126)), 1002,
                ERR_CONTROL_TOO_LONG),
            Arguments.of("close 126 header only", rawFrame(0x88, LENGTH_16, 126, false, bytes()), 1002,
                ERR_CONTROL_TOO_LONG),
            Arguments.of("ping no fin", rawFrame(0x09, LENGTH_7, 0, false, bytes()), 1002, ERR_CONTROL_FRAGMENTED),
            Arguments.of("pong no fin", rawFrame(0x0A, LENGTH_7, 0, false, bytes()), 1002, ERR_CONTROL_FRAGMENTED),
            Arguments.of("close no fin", rawFrame(0x08, LENGTH_7, 0, false, bytes()), 1002, ERR_CONTROL_FRAGMENTED),
            Arguments.of("64-bit top bit", rawFrame(0x82, LENGTH_64, Long.MIN_VALUE, false, bytes()), 1002,
                ERR_LENGTH_TOP_BIT),
            Arguments.of("16-bit for 125", rawFrame(0x82, LENGTH_16, 125, false, pattern(125)), 1002,
                ERR_NON_MINIMAL_LENGTH),
            Arguments.of("64-bit for 65535", rawFrame(0x82, LENGTH_64, 65535, false, bytes()), 1002,
                ERR_NON_MINIMAL_LENGTH),
            Arguments.of("64-bit for 0", rawFrame(0x82, LENGTH_64, 0, false, bytes()), 1002,
                ERR_NON_MINIMAL_LENGTH),
            Arguments.of("continuation first", frame(Opcode.CONTINUATION, true, "a"), 1002,
                ERR_CONTINUATION_WITHOUT_START),
            Arguments.of("continuation after complete message", concat(text("a"), frame(Opcode.CONTINUATION,
                false, "b")), 1002, ERR_CONTINUATION_WITHOUT_START),
            Arguments.of("text during fragmented", concat(frame(Opcode.TEXT, false, "a"), text("b")), 1002,
                ERR_DATA_DURING_FRAGMENTED_MESSAGE),
            Arguments.of("binary during fragmented", concat(frame(Opcode.BINARY, false, "a"),
                frame(Opcode.BINARY, false, "b")), 1002, ERR_DATA_DURING_FRAGMENTED_MESSAGE),
            Arguments.of("frame too big, header only", rawFrame(0x82, LENGTH_16, maxFrame + 1, false, bytes()),
                1009, ERR_FRAME_TOO_BIG),
            Arguments.of("frame too big 64-bit", rawFrame(0x82, LENGTH_64, 1L << 40, false, bytes()), 1009,
                ERR_FRAME_TOO_BIG),
            Arguments.of("continuation too big", concat(frame(Opcode.BINARY, false, pattern(10)),
                rawFrame(0x00, LENGTH_16, maxFrame + 1, false, bytes())), 1009, ERR_FRAME_TOO_BIG),
            Arguments.of("message too big", concat(frame(Opcode.BINARY, false, pattern(maxFrame)),
                frame(Opcode.CONTINUATION, false, pattern(maxFrame)),
                rawFrame(0x80, LENGTH_7, 1, false, bytes())), 1009, ERR_MESSAGE_TOO_BIG),
            Arguments.of("bad utf8 text", frame(Opcode.TEXT, true, bytes(0xC0, 0xAF)), 1007, ERR_INVALID_UTF8),
            Arguments.of("truncated utf8 text", frame(Opcode.TEXT, true, bytes('a', 0xE2, 0x82)), 1007,
                ERR_INVALID_UTF8),
            Arguments.of("fragmented text ends mid code point", concat(frame(Opcode.TEXT, false, bytes('a')),
                frame(Opcode.CONTINUATION, true, bytes(0xF0, 0x9F))), 1007, ERR_INVALID_UTF8),
            Arguments.of("bad utf8 in first fragment, fail fast", frame(Opcode.TEXT, false, bytes('a', 0xED, 0xA0,
                0x80)), 1007, ERR_INVALID_UTF8),
            Arguments.of("close one byte", frame(Opcode.CLOSE, true, bytes(0x03)), 1002,
                ERR_CLOSE_PAYLOAD_ONE_BYTE),
            Arguments.of("close bad reason", frame(Opcode.CLOSE, true, bytes(0x03, 0xE8, 0xFF)), 1007,
                ERR_INVALID_CLOSE_REASON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void shouldRejectProtocolViolationWithCloseCodeAndReason(
        final String name, final byte[] stream, final int closeCode, final int reason)
    {
        decoder = new FrameDecoder(handler, 1000, 2000);

        final int result = decoder.decode(buffer(stream), 0, stream.length);

        assertThat(result).isEqualTo(-closeCode);
        assertThat(closeCodeOf(result)).isEqualTo(closeCode);
        assertThat(decoder.errorReason()).isEqualTo(reason);
        assertThat(decoder.decode(buffer(text("ok")), 0, 4)).as("stays failed").isEqualTo(result);
        assertThat(decoder.errorReason()).isEqualTo(reason);
        assertThat(handler.events).noneMatch(event -> event.type() == RecordingHandler.MESSAGE &&
            event.payload().length > 1);
    }

    @Test
    void shouldDecodeAgainAfterReset()
    {
        final byte[] bad = rawFrame(0x81, LENGTH_7, 0, true, bytes());
        assertThat(decoder.decode(buffer(bad), 0, bad.length)).isEqualTo(-1002);
        final byte[] fragment = frame(Opcode.TEXT, false, "x");

        decoder.reset();
        decoder.decode(buffer(fragment), 0, fragment.length);
        decoder.reset();

        final byte[] ok = text("ok");
        assertThat(decoder.errorReason()).isEqualTo(ERR_NONE);
        assertThat(decoder.decode(buffer(ok), 0, ok.length)).isEqualTo(ok.length);
        assertThat(handler.events).containsExactly(message(Opcode.TEXT, utf8("ok")));
    }

    @Test
    void shouldFailFastOnBadUtf8InFirstFragmentBeforeFragmentTwoArrives()
    {
        final byte[] first = frame(Opcode.TEXT, false, bytes('o', 'k', 0xF4, 0x90, 0x80, 0x80));

        assertThat(decoder.decode(buffer(first), 0, first.length)).isEqualTo(-1007);
        assertThat(decoder.errorReason()).isEqualTo(ERR_INVALID_UTF8);
    }

    @Test
    void shouldAcceptCodePointSplitAcrossFragments()
    {
        final byte[] euro = utf8("\u20ac\uD83D\uDE00");
        final byte[] stream = concat(
            frame(Opcode.TEXT, false, bytes(euro[0])),
            frame(Opcode.CONTINUATION, false, bytes(euro[1], euro[2], euro[3], euro[4])),
            frame(Opcode.PING, true, ""),
            frame(Opcode.CONTINUATION, true, bytes(euro[5], euro[6])));

        assertThat(decoder.decode(buffer(stream), 0, stream.length)).isEqualTo(stream.length);

        assertThat(handler.events).containsExactly(ping(new byte[0]), message(Opcode.TEXT, euro));
    }

    @Test
    void shouldAcceptControlFrameOf125BytesEvenWhenMaxFrameLengthIsSmaller()
    {
        decoder = new FrameDecoder(handler, 16, 64);
        final byte[] stream = frame(Opcode.PING, true, pattern(125));

        assertThat(decoder.decode(buffer(stream), 0, stream.length)).isEqualTo(stream.length);
        assertThat(decoder.maxPendingFrameLength()).isEqualTo(125 + MAX_HEADER_LENGTH);
    }

    @Test
    void shouldRejectInvalidLimits()
    {
        assertThatThrownBy(() -> new FrameDecoder(handler, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameDecoder(handler, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameDecoder(handler, 11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameDecoder(handler, 10, Integer.MAX_VALUE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameDecoder(null, 10, 10)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldDescribeEveryErrorReasonDistinctly()
    {
        final Set<String> descriptions = new HashSet<>();
        for (int reason = ERR_NONE; reason <= ERR_INVALID_CLOSE_REASON; reason++)
        {
            descriptions.add(errorDescription(reason));
        }

        assertThat(descriptions).hasSize(ERR_INVALID_CLOSE_REASON + 1);
        assertThat(errorDescription(-1)).isEqualTo("unknown error");
        assertThat(errorDescription(99)).isEqualTo("unknown error");
    }
}
