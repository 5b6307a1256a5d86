package io.wsnova.codec.frame;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RSV1 rules when permessage-deflate was negotiated (RFC 7692 section 6): RSV1 only on the first frame of a
 * data message, which is then delivered as received with {@link FrameDecoder#isMessageCompressed()} true and its
 * UTF-8 left to the inflater; RSV1 anywhere else, RSV2 and RSV3 remain protocol errors; without negotiation RSV1
 * is a protocol error as before.
 */
class FrameDecoderCompressionTest
{
    private final List<String> delivered = new ArrayList<>();
    private FrameDecoder decoder;

    @Test
    void shouldDeliverCompressedMessageRawAndFlaggedWithoutCheckingItsUtf8()
    {
        decoder = decoder(true);
        final byte[] stream = bytes(0xC1, 0x02, 0xC3, 0x28, 0x81, 0x02, 'o', 'k');

        assertThat(decoder.decode(new UnsafeBuffer(stream), 0, stream.length)).isEqualTo(stream.length);

        assertThat(delivered).containsExactly("compressed 1 [c3 28]", "plain 1 [6f 6b]");
    }

    @Test
    void shouldKeepTheFlagOfTheFirstFrameAcrossContinuationsAndPingsBetween()
    {
        decoder = decoder(true);
        final byte[] stream = bytes(0x42, 0x01, 0xAA, 0x89, 0x00, 0x00, 0x01, 0xBB, 0x80, 0x01, 0xCC);

        assertThat(decoder.decode(new UnsafeBuffer(stream), 0, stream.length)).isEqualTo(stream.length);

        assertThat(delivered).containsExactly("ping", "compressed 2 [aa bb cc]");
    }

    @Test
    void shouldRefuseRsv1OnContinuationFrame()
    {
        assertError(true, bytes(0x41, 0x01, 'a', 0xC0, 0x01, 'b'), FrameDecoder.ERR_RSV1_NOT_FIRST_DATA_FRAME);
    }

    @Test
    void shouldRefuseRsv1OnControlFrames()
    {
        assertError(true, bytes(0xC9, 0x00), FrameDecoder.ERR_RSV1_NOT_FIRST_DATA_FRAME);
        assertError(true, bytes(0xCA, 0x00), FrameDecoder.ERR_RSV1_NOT_FIRST_DATA_FRAME);
        assertError(true, bytes(0xC8, 0x00), FrameDecoder.ERR_RSV1_NOT_FIRST_DATA_FRAME);
    }

    @Test
    void shouldRefuseRsv2AndRsv3EvenWhenCompressionWasNegotiated()
    {
        assertError(true, bytes(0xA1, 0x00), FrameDecoder.ERR_RSV_BITS);
        assertError(true, bytes(0x91, 0x00), FrameDecoder.ERR_RSV_BITS);
        assertError(true, bytes(0xE1, 0x00), FrameDecoder.ERR_RSV_BITS);
    }

    @Test
    void shouldRefuseRsv1WithoutNegotiation()
    {
        assertError(false, bytes(0xC1, 0x00), FrameDecoder.ERR_RSV_BITS);
    }

    private void assertError(final boolean negotiated, final byte[] stream, final int reason)
    {
        delivered.clear();
        decoder = decoder(negotiated);
        assertThat(decoder.decode(new UnsafeBuffer(stream), 0, stream.length)).isEqualTo(-1002);
        assertThat(decoder.errorReason()).isEqualTo(reason);
        assertThat(FrameDecoder.errorDescription(reason)).isNotEqualTo("unknown error");
    }

    private FrameDecoder decoder(final boolean negotiated)
    {
        return new FrameDecoder(new FrameHandler()
        {
            @Override
            public void onMessage(final int opcode, final DirectBuffer buffer, final int offset, final int length)
            {
                final StringBuilder hex = new StringBuilder();
                for (int i = 0; i < length; i++)
                {
                    hex.append(i == 0 ? "" : " ").append(String.format("%02x", buffer.getByte(offset + i) & 0xFF));
                }
                delivered.add((decoder.isMessageCompressed() ? "compressed " : "plain ") + opcode + " [" + hex + "]");
            }

            @Override
            public void onPing(final DirectBuffer buffer, final int offset, final int length)
            {
                delivered.add("ping");
            }

            @Override
            public void onPong(final DirectBuffer buffer, final int offset, final int length)
            {
            }

            @Override
            public void onClose(final int statusCode, final DirectBuffer buffer, final int offset, final int length)
            {
            }
        }, 1024, 4096, negotiated);
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            out[i] = (byte)values[i];
        }
        return out;
    }
}
