package io.wsnova.codec.frame;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * RFC 6455 frame encoder for the client side: every frame is masked with a fresh 32-bit key, and the copy and the
 * masking happen in one pass, eight bytes at a time.
 * <pre>
 *   byte 0: FIN | RSV1-3 (0) | opcode     byte 1: MASK (1) | 7-bit length (0-125, 126, 127)
 *   then 0, 2 or 8 bytes of big-endian extended length, the 4-byte masking key, and the masked payload:
 *   header length 6 (payload 0-125), 8 (126-65535) or 14 (65536 and more).
 * </pre>
 * Masking keys come from a SplitMix64 generator seeded once from {@link SecureRandom}: non-allocating and a few
 * nanoseconds per frame. RFC 6455 section 10.3 asks for keys from a strong source of entropy so that script
 * running in a browser, which chooses the payload, cannot predict the bytes on the wire and poison an
 * intermediary's cache. A native client whose payloads come from the application itself is outside that threat,
 * and a per-frame {@code SecureRandom} call costs microseconds and may allocate; the keys remain unpredictable to
 * anyone who does not observe the connection's plaintext.
 * <p>
 * Buffer capacity is the caller's job: {@code dst} must have room for {@link #maxEncodedLength(int)} bytes from
 * {@code dstOffset} (an expandable Agrona buffer grows on put; a fixed buffer throws
 * {@link IndexOutOfBoundsException}). Source and destination regions must not overlap except as
 * {@link #encodeInPlace} uses them. Invalid arguments (reserved opcode, a control frame longer than 125 bytes or
 * without FIN, a negative length) throw {@link IllegalArgumentException}: they are caller bugs.
 * <p>
 * Not thread-safe: one instance per connection, used under the connection's send lock. Allocation-free.
 */
public final class FrameEncoder
{
    /** Largest client frame header: 2 bytes, 8 bytes of extended length and the 4-byte masking key. */
    public static final int MAX_HEADER_LENGTH = 14;
    /** Length of the masking key in bytes. */
    public static final int MASKING_KEY_LENGTH = 4;
    /** Largest reason, in UTF-8 bytes, that fits a close frame after the status code. */
    public static final int MAX_CLOSE_REASON_LENGTH = FrameDecoder.MAX_CONTROL_PAYLOAD_LENGTH - Short.BYTES;

    private static final int MAX_7_BIT_LENGTH = 125;
    private static final int MAX_16_BIT_LENGTH = 0xFFFF;
    private static final int HEADER_LENGTH_7 = 2 + MASKING_KEY_LENGTH;
    private static final int HEADER_LENGTH_16 = 4 + MASKING_KEY_LENGTH;
    private static final int HEADER_LENGTH_64 = 10 + MASKING_KEY_LENGTH;
    private static final int MASK_FLAG = 0x80;
    private static final int FIN_FLAG = 0x80;
    private static final byte LONE_SURROGATE_REPLACEMENT = (byte) '?';
    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private final IntSupplier maskingKeys;

    /**
     * Create an encoder whose masking keys come from a SplitMix64 generator seeded from {@link SecureRandom}.
     */
    public FrameEncoder()
    {
        this(new SplitMixMaskingKeys(new SecureRandom().nextLong()));
    }

    FrameEncoder(final IntSupplier maskingKeys)
    {
        this.maskingKeys = Objects.requireNonNull(maskingKeys, "maskingKeys");
    }

    /**
     * Length of a client frame header, masking key included, for a payload length.
     *
     * @param payloadLength payload length in bytes, {@code >= 0}.
     * @return 6, 8 or 14.
     */
    public static int headerLength(final int payloadLength)
    {
        if (payloadLength <= MAX_7_BIT_LENGTH)
        {
            return HEADER_LENGTH_7;
        }

        return payloadLength <= MAX_16_BIT_LENGTH ? HEADER_LENGTH_16 : HEADER_LENGTH_64;
    }

    /**
     * Length of a whole client frame for a payload length.
     *
     * @param payloadLength payload length in bytes, {@code >= 0}.
     * @return header length plus payload length.
     */
    public static int maxEncodedLength(final int payloadLength)
    {
        return headerLength(payloadLength) + payloadLength;
    }

    /**
     * Exact number of bytes {@link #encodeFragmented} writes.
     *
     * @param length message payload length in bytes.
     * @param fragmentLength largest payload per frame, {@code > 0}.
     * @return the total length of all frames.
     */
    public static int fragmentedLength(final int length, final int fragmentLength)
    {
        if (length == 0)
        {
            return HEADER_LENGTH_7;
        }
        final int fullFragments = length / fragmentLength;
        final int lastLength = length - fullFragments * fragmentLength;
        final int total = fullFragments * headerLength(fragmentLength) + length;

        return lastLength == 0 ? total : total + headerLength(lastLength);
    }

    /**
     * Encode one frame: header, fresh masking key, and the payload copied from {@code src} and masked in one pass.
     *
     * @param dst destination buffer.
     * @param dstOffset where the frame starts in dst.
     * @param opcode a defined {@link Opcode}.
     * @param fin whether this is the final frame of its message (must be true for control frames).
     * @param src the unmasked payload.
     * @param srcOffset index of the first payload byte in src.
     * @param length payload length in bytes (at most 125 for control frames).
     * @return the frame length in bytes.
     * @throws IllegalArgumentException if the opcode, fin or length is not allowed.
     */
    public int encode(
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int opcode,
        final boolean fin,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        checkFrame(opcode, fin, length);
        final int maskingKey = maskingKeys.getAsInt();
        final int headerLength = writeHeader(dst, dstOffset, opcode, fin, length, maskingKey);
        mask(src, srcOffset, dst, dstOffset + headerLength, length, maskingKey);

        return headerLength + length;
    }

    /**
     * Encode a final TEXT frame from characters: UTF-8 encoded straight into dst, then masked. A lone surrogate
     * is encoded as {@code '?'}, exactly as {@code String.getBytes(StandardCharsets.UTF_8)} does, so the frame is
     * always valid UTF-8.
     *
     * @param dst destination buffer, with room for {@code maxEncodedLength(3 * text.length())} bytes.
     * @param dstOffset where the frame starts in dst.
     * @param text the message; read twice (length pass, then encode pass), so it must not change meanwhile.
     * @return the frame length in bytes.
     * @throws IllegalArgumentException if the encoded text would exceed {@code Integer.MAX_VALUE - 14} bytes.
     */
    public int encodeText(final MutableDirectBuffer dst, final int dstOffset, final CharSequence text)
    {
        final int charCount = text.length();
        final long utf8Length = utf8Length(text, charCount);
        if (utf8Length > Integer.MAX_VALUE - MAX_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("text too long: " + utf8Length + " UTF-8 bytes");
        }
        final int length = (int) utf8Length;
        final int maskingKey = maskingKeys.getAsInt();
        final int headerLength = writeHeader(dst, dstOffset, Opcode.TEXT, true, length, maskingKey);
        final int payloadOffset = dstOffset + headerLength;
        writeUtf8(dst, payloadOffset, text, charCount);
        mask(dst, payloadOffset, dst, payloadOffset, length, maskingKey);

        return headerLength + length;
    }

    /**
     * Encode a close frame: the status code and a reason truncated, on a code point boundary, to
     * {@link #MAX_CLOSE_REASON_LENGTH} UTF-8 bytes so the payload fits 125 bytes.
     *
     * @param dst destination buffer, with room for 131 bytes.
     * @param dstOffset where the frame starts in dst.
     * @param statusCode a code accepted by {@link CloseCodes#isValidOnWire(int)}, or
     *                   {@link CloseCodes#NO_STATUS_RECEIVED} to send an empty close payload (reason ignored).
     * @param reason the reason, may be null or empty.
     * @return the frame length in bytes.
     * @throws IllegalArgumentException if the status code may not be sent.
     */
    public int encodeClose(
        final MutableDirectBuffer dst, final int dstOffset, final int statusCode, final CharSequence reason)
    {
        final int maskingKey = maskingKeys.getAsInt();
        if (statusCode == CloseCodes.NO_STATUS_RECEIVED)
        {
            return writeHeader(dst, dstOffset, Opcode.CLOSE, true, 0, maskingKey);
        }
        if (!CloseCodes.isValidOnWire(statusCode))
        {
            throw new IllegalArgumentException("close code may not be sent: " + statusCode);
        }

        final int charEnd = reason == null ? 0 : truncatedCharEnd(reason, MAX_CLOSE_REASON_LENGTH);
        final int length = Short.BYTES + (int) utf8Length(reason, charEnd);
        final int headerLength = writeHeader(dst, dstOffset, Opcode.CLOSE, true, length, maskingKey);
        final int payloadOffset = dstOffset + headerLength;
        dst.putShort(payloadOffset, (short) statusCode, ByteOrder.BIG_ENDIAN);
        writeUtf8(dst, payloadOffset + Short.BYTES, reason, charEnd);
        mask(dst, payloadOffset, dst, payloadOffset, length, maskingKey);

        return headerLength + length;
    }

    /**
     * Turn a payload already written into a buffer into a frame: write the header immediately before it and mask
     * the payload in place (no copy).
     *
     * @param buffer the buffer holding the payload.
     * @param payloadOffset index of the first payload byte; at least {@code headerLength(payloadLength)} (at most
     *                      {@link #MAX_HEADER_LENGTH}) bytes before it are free to overwrite.
     * @param payloadLength payload length in bytes.
     * @param opcode a defined {@link Opcode}.
     * @param fin whether this is the final frame of its message.
     * @return the index where the frame starts; the frame length is {@code payloadOffset + payloadLength - start}.
     * @throws IllegalArgumentException if the opcode, fin or length is not allowed or the header does not fit
     *                                  before payloadOffset.
     */
    public int encodeInPlace(
        final MutableDirectBuffer buffer,
        final int payloadOffset,
        final int payloadLength,
        final int opcode,
        final boolean fin)
    {
        checkFrame(opcode, fin, payloadLength);
        final int frameOffset = payloadOffset - headerLength(payloadLength);
        if (frameOffset < 0)
        {
            throw new IllegalArgumentException("no room for the header before payloadOffset=" + payloadOffset);
        }
        final int maskingKey = maskingKeys.getAsInt();
        writeHeader(buffer, frameOffset, opcode, fin, payloadLength, maskingKey);
        mask(buffer, payloadOffset, buffer, payloadOffset, payloadLength, maskingKey);

        return frameOffset;
    }

    /**
     * Encode a message as consecutive frames: the first with {@code opcode}, the rest CONTINUATION, FIN on the
     * last; each frame carries at most fragmentLength payload bytes and its own masking key. An empty message is
     * one empty final frame.
     *
     * @param dst destination buffer, with room for {@link #fragmentedLength(int, int)} bytes.
     * @param dstOffset where the first frame starts in dst.
     * @param opcode {@link Opcode#TEXT} or {@link Opcode#BINARY}.
     * @param src the unmasked payload.
     * @param srcOffset index of the first payload byte in src.
     * @param length message payload length in bytes.
     * @param fragmentLength largest payload per frame, {@code > 0}.
     * @return total bytes written.
     * @throws IllegalArgumentException if the opcode is not TEXT or BINARY or fragmentLength is not positive.
     */
    public int encodeFragmented(
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int opcode,
        final DirectBuffer src,
        final int srcOffset,
        final int length,
        final int fragmentLength)
    {
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY)
        {
            throw new IllegalArgumentException("only TEXT or BINARY messages are fragmented: opcode=" + opcode);
        }
        if (fragmentLength <= 0)
        {
            throw new IllegalArgumentException("fragmentLength must be > 0: " + fragmentLength);
        }

        int position = dstOffset;
        int consumed = 0;
        int frameOpcode = opcode;
        do
        {
            final int payloadLength = Math.min(fragmentLength, length - consumed);
            final boolean fin = consumed + payloadLength == length;
            position += encode(dst, position, frameOpcode, fin, src, srcOffset + consumed, payloadLength);
            consumed += payloadLength;
            frameOpcode = Opcode.CONTINUATION;
        }
        while (consumed < length);

        return position - dstOffset;
    }

    private static void checkFrame(final int opcode, final boolean fin, final int length)
    {
        if (!Opcode.isDefined(opcode))
        {
            throw new IllegalArgumentException("reserved opcode: " + opcode);
        }
        if (length < 0)
        {
            throw new IllegalArgumentException("negative length: " + length);
        }
        if (Opcode.isControl(opcode) && (!fin || length > MAX_7_BIT_LENGTH))
        {
            throw new IllegalArgumentException(
                "control frame must be final and at most 125 bytes: fin=" + fin + " length=" + length);
        }
    }

    private static int writeHeader(
        final MutableDirectBuffer dst,
        final int offset,
        final int opcode,
        final boolean fin,
        final int length,
        final int maskingKey)
    {
        dst.putByte(offset, (byte) ((fin ? FIN_FLAG : 0) | opcode));
        final int keyOffset;
        if (length <= MAX_7_BIT_LENGTH)
        {
            dst.putByte(offset + 1, (byte) (MASK_FLAG | length));
            keyOffset = offset + 2;
        }
        else if (length <= MAX_16_BIT_LENGTH)
        {
            dst.putByte(offset + 1, (byte) (MASK_FLAG | FrameDecoder.PAYLOAD_LENGTH_16_BIT));
            dst.putShort(offset + 2, (short) length, ByteOrder.BIG_ENDIAN);
            keyOffset = offset + 4;
        }
        else
        {
            dst.putByte(offset + 1, (byte) (MASK_FLAG | FrameDecoder.PAYLOAD_LENGTH_64_BIT));
            dst.putLong(offset + 2, length, ByteOrder.BIG_ENDIAN);
            keyOffset = offset + 10;
        }
        dst.putInt(keyOffset, maskingKey, ByteOrder.BIG_ENDIAN);

        return keyOffset + MASKING_KEY_LENGTH - offset;
    }

    /**
     * XOR {@code length} bytes with the key (byte i with key byte i % 4, key bytes in big-endian order as written
     * in the header): eight bytes per step, then four, then single bytes. Safe in place (src == dst, same offset).
     */
    static void mask(
        final DirectBuffer src,
        final int srcOffset,
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int length,
        final int maskingKey)
    {
        // The key as an int/long whose in-memory (native order) bytes repeat k0 k1 k2 k3.
        final int nativeKey = NATIVE_BIG_ENDIAN ? maskingKey : Integer.reverseBytes(maskingKey);
        final long wordMask = (nativeKey & 0xFFFF_FFFFL) | ((long) nativeKey << 32);
        final int wordLimit = length & ~(Long.BYTES - 1);

        int i = 0;
        for (; i < wordLimit; i += Long.BYTES)
        {
            dst.putLong(dstOffset + i, src.getLong(srcOffset + i) ^ wordMask);
        }
        if (length - i >= Integer.BYTES)
        {
            dst.putInt(dstOffset + i, src.getInt(srcOffset + i) ^ nativeKey);
            i += Integer.BYTES;
        }
        for (; i < length; i++)
        {
            final int keyByte = maskingKey >>> (24 - ((i & 3) << 3));
            dst.putByte(dstOffset + i, (byte) (src.getByte(srcOffset + i) ^ keyByte));
        }
    }

    private static long utf8Length(final CharSequence text, final int charEnd)
    {
        long length = 0;
        for (int i = 0; i < charEnd; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                length++;
            }
            else if (c < 0x800)
            {
                length += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < charEnd && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                length += 4;
                i++;
            }
            else
            {
                length += Character.isSurrogate(c) ? 1 : 3;
            }
        }

        return length;
    }

    private static int truncatedCharEnd(final CharSequence text, final int maxBytes)
    {
        final int charCount = text.length();
        int bytes = 0;
        int i = 0;
        while (i < charCount)
        {
            final char c = text.charAt(i);
            final int charsTaken;
            final int bytesTaken;
            if (c < 0x80)
            {
                charsTaken = 1;
                bytesTaken = 1;
            }
            else if (c < 0x800)
            {
                charsTaken = 1;
                bytesTaken = 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < charCount && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                charsTaken = 2;
                bytesTaken = 4;
            }
            else
            {
                charsTaken = 1;
                bytesTaken = Character.isSurrogate(c) ? 1 : 3;
            }
            if (bytes + bytesTaken > maxBytes)
            {
                break;
            }
            bytes += bytesTaken;
            i += charsTaken;
        }

        return i;
    }

    private static void writeUtf8(
        final MutableDirectBuffer dst, final int offset, final CharSequence text, final int charEnd)
    {
        int position = offset;
        for (int i = 0; i < charEnd; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                dst.putByte(position++, (byte) c);
            }
            else if (c < 0x800)
            {
                dst.putByte(position++, (byte) (0xC0 | (c >>> 6)));
                dst.putByte(position++, (byte) (0x80 | (c & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                if (Character.isHighSurrogate(c) && i + 1 < charEnd && Character.isLowSurrogate(text.charAt(i + 1)))
                {
                    final int codePoint = Character.toCodePoint(c, text.charAt(++i));
                    dst.putByte(position++, (byte) (0xF0 | (codePoint >>> 18)));
                    dst.putByte(position++, (byte) (0x80 | ((codePoint >>> 12) & 0x3F)));
                    dst.putByte(position++, (byte) (0x80 | ((codePoint >>> 6) & 0x3F)));
                    dst.putByte(position++, (byte) (0x80 | (codePoint & 0x3F)));
                }
                else
                {
                    dst.putByte(position++, LONE_SURROGATE_REPLACEMENT);
                }
            }
            else
            {
                dst.putByte(position++, (byte) (0xE0 | (c >>> 12)));
                dst.putByte(position++, (byte) (0x80 | ((c >>> 6) & 0x3F)));
                dst.putByte(position++, (byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    /**
     * SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit counter stepped by the golden-ratio constant and passed
     * through a bijective mixing function. Each call returns the high 32 bits of one output.
     */
    private static final class SplitMixMaskingKeys implements IntSupplier
    {
        private long state;

        SplitMixMaskingKeys(final long seed)
        {
            state = seed;
        }

        @Override
        public int getAsInt()
        {
            long z = (state += 0x9E37_79B9_7F4A_7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            z = z ^ (z >>> 31);

            return (int) (z >>> 32);
        }
    }
}
