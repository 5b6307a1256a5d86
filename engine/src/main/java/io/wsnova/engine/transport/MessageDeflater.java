package io.wsnova.engine.transport;

import io.wsnova.codec.frame.FrameEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;

/**
 * Compresses the client's messages for permessage-deflate (RFC 7692 section 7.2.1) with one {@link Deflater}
 * reused for the whole connection: raw DEFLATE ({@code nowrap}), each message ended with a {@code SYNC_FLUSH}
 * whose {@code 00 00 ff ff} tail is removed. The LZ77 window carries over between messages unless the server
 * asked for {@code client_no_context_takeover} (then the deflater is reset after each message).
 * <p>
 * Only messages sent under the connection's send lock are compressed, each written under the same hold, so the
 * context follows wire order. The reader thread never waits for the lock: its {@code sendText(buffer)} and
 * {@code sendBinary} compress when the lock is free; otherwise (and for its other send paths) the message goes out
 * uncompressed (RSV1 clear) through the outbox, which RFC 7692 allows at any time and which leaves the compression
 * context untouched. java.util.zip always compresses with a 32 KiB window, so
 * a connection whose server demanded {@code client_max_window_bits} below 15 gets no deflater at all (see
 * {@link DeflateParameters#compressOutbound()}).
 * <p>
 * Guarded by the send lock. The payload is first copied into a reusable heap array (so the compressed bytes may
 * overwrite the region it came from); allocation-free once that array and the send buffer have grown to the
 * largest message. {@link #close()} frees the native zlib state.
 */
final class MessageDeflater
{
    /** RSV1: set on the first frame of a compressed message. */
    static final int RSV1_FLAG = 0x40;
    private static final int TAIL_LENGTH = 4;
    private static final int TAIL_INT = 0x0000FFFF;
    private static final int MASK_FLAG_CLEAR = 0x7F;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final boolean resetAfterMessage;
    private final UnsafeBuffer input = new UnsafeBuffer(new byte[1024]);

    /**
     * Creates the deflater of one connection.
     *
     * @param resetAfterMessage true when the server announced {@code client_no_context_takeover}.
     */
    MessageDeflater(final boolean resetAfterMessage)
    {
        this.resetAfterMessage = resetAfterMessage;
    }

    /**
     * Compresses a payload into {@code dst} from {@code dstOffset}; src and dst may overlap.
     *
     * @param src       the payload.
     * @param srcOffset index of its first byte.
     * @param length    payload length, {@code > 0}.
     * @param dst       destination, grown as needed.
     * @param dstOffset where the compressed payload starts.
     * @return the compressed payload length (without the tail).
     */
    int deflate(
        final DirectBuffer src,
        final int srcOffset,
        final int length,
        final ExpandableDirectByteBuffer dst,
        final int dstOffset)
    {
        ensureInput(length);
        src.getBytes(srcOffset, input, 0, length);
        return deflateInput(length, dst, dstOffset);
    }

    /**
     * Compresses a text message: UTF-8 encoded with {@code encoder} (lone surrogates as '?') into the input array,
     * then compressed into {@code dst} from {@code dstOffset}.
     *
     * @return the compressed payload length (without the tail).
     */
    int deflateText(
        final FrameEncoder encoder,
        final CharSequence text,
        final ExpandableDirectByteBuffer dst,
        final int dstOffset)
    {
        // The encoder writes a masked frame; its header tells where the payload starts and with which key it was
        // masked, and masking twice with the same key restores the UTF-8 bytes.
        ensureInput(FrameEncoder.maxEncodedLength(text.length() * 3));
        final UnsafeBuffer input = this.input;
        final int frameLength = encoder.encodeText(input, 0, text);
        final int lengthCode = input.getByte(1) & MASK_FLAG_CLEAR;
        final int headerLength = lengthCode < 126 ? 6 : lengthCode == 126 ? 8 : 14;
        final int payloadLength = frameLength - headerLength;
        final int maskingKey = input.getInt(headerLength - FrameEncoder.MASKING_KEY_LENGTH, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < payloadLength; i++)
        {
            // The payload moves to the start of the array: the header (and the key in it) is overwritten as we go.
            final int keyByte = maskingKey >>> (24 - ((i & 3) << 3));
            input.putByte(i, (byte)(input.getByte(headerLength + i) ^ keyByte));
        }
        return deflateInput(payloadLength, dst, dstOffset);
    }

    /**
     * Frees the native zlib state; the deflater is unusable afterwards. Idempotent.
     */
    void close()
    {
        deflater.end();
    }

    private int deflateInput(final int length, final ExpandableDirectByteBuffer dst, final int dstOffset)
    {
        final Deflater deflater = this.deflater;
        deflater.setInput(input.byteArray(), 0, length);
        dst.checkLimit(dstOffset + length + (length >> 3) + 64);
        int position = dstOffset;
        while (true)
        {
            final ByteBuffer out = dst.byteBuffer();
            out.limit(out.capacity()).position(position);
            position += deflater.deflate(out, Deflater.SYNC_FLUSH);
            if (position < out.capacity())
            {
                if (deflater.needsInput())
                {
                    break;
                }
                continue;
            }
            dst.checkLimit(position + 1024);
        }
        if (resetAfterMessage)
        {
            deflater.reset();
        }
        if (position - dstOffset < TAIL_LENGTH ||
            dst.getInt(position - TAIL_LENGTH, ByteOrder.BIG_ENDIAN) != TAIL_INT)
        {
            throw new IllegalStateException("SYNC_FLUSH output does not end with 00 00 ff ff");
        }
        return position - TAIL_LENGTH - dstOffset;
    }

    private void ensureInput(final int capacity)
    {
        if (input.capacity() < capacity)
        {
            input.wrap(new byte[Math.max(capacity, input.capacity() * 2)]);
        }
    }

    /**
     * Marks a frame written at {@code frameOffset} as the first of a compressed message (RSV1).
     *
     * @param buffer      holding the frame.
     * @param frameOffset index of its first byte.
     */
    static void markCompressed(final MutableDirectBuffer buffer, final int frameOffset)
    {
        buffer.putByte(frameOffset, (byte)(buffer.getByte(frameOffset) | RSV1_FLAG));
    }
}
