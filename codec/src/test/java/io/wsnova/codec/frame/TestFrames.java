package io.wsnova.codec.frame;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds server (unmasked) frames byte by byte, independently of the code under test, and unmasks client frames.
 */
final class TestFrames
{
    static final int LENGTH_7 = 7;
    static final int LENGTH_16 = 16;
    static final int LENGTH_64 = 64;

    private TestFrames()
    {
    }

    static byte[] frame(final int opcode, final boolean fin, final byte[] payload)
    {
        final int encoding = payload.length <= 125 ? LENGTH_7 : payload.length <= 0xFFFF ? LENGTH_16 : LENGTH_64;
        return rawFrame((fin ? 0x80 : 0) | opcode, encoding, payload.length, false, payload);
    }

    static byte[] frame(final int opcode, final boolean fin, final String utf8)
    {
        return frame(opcode, fin, utf8.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] text(final String text)
    {
        return frame(Opcode.TEXT, true, text);
    }

    static byte[] binary(final byte[] payload)
    {
        return frame(Opcode.BINARY, true, payload);
    }

    static byte[] closeFrame(final int code, final String reason)
    {
        final byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        final byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        return frame(Opcode.CLOSE, true, payload);
    }

    /**
     * A frame with full control over the header: first byte, length encoding (7, 16 or 64 bits), the declared
     * length (which may differ from the payload given) and the mask bit (a zero key is written when set).
     */
    static byte[] rawFrame(
        final int b0, final int lengthEncoding, final long declaredLength, final boolean masked, final byte[] payload)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b0);
        final int maskBit = masked ? 0x80 : 0;
        if (lengthEncoding == LENGTH_7)
        {
            out.write(maskBit | (int) declaredLength);
        }
        else if (lengthEncoding == LENGTH_16)
        {
            out.write(maskBit | 126);
            out.write((int) (declaredLength >>> 8) & 0xFF);
            out.write((int) declaredLength & 0xFF);
        }
        else
        {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                out.write((int) (declaredLength >>> shift) & 0xFF);
            }
        }
        if (masked)
        {
            out.writeBytes(new byte[4]);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(final int... values)
    {
        final byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            result[i] = (byte) values[i];
        }
        return result;
    }

    static byte[] pattern(final int length)
    {
        final byte[] result = new byte[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = (byte) (i * 31 + 7);
        }
        return result;
    }

    static String asciiText(final int length)
    {
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char) ('a' + i % 26);
        }
        return new String(chars);
    }

    static UnsafeBuffer buffer(final byte[] bytes)
    {
        return new UnsafeBuffer(bytes);
    }

    static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] result = new byte[length];
        buffer.getBytes(offset, result);
        return result;
    }

    /** A client frame parsed and unmasked by this helper, independently of the encoder. */
    record ClientFrame(boolean fin, int rsv, int opcode, boolean masked, int maskingKey, int headerLength,
        byte[] payload)
    {
        int frameLength()
        {
            return headerLength + payload.length;
        }
    }

    static ClientFrame parseClientFrame(final DirectBuffer buffer, final int offset)
    {
        final int b0 = buffer.getByte(offset) & 0xFF;
        final int b1 = buffer.getByte(offset + 1) & 0xFF;
        int position = offset + 2;
        long length = b1 & 0x7F;
        if (length == 126)
        {
            length = ((buffer.getByte(position) & 0xFF) << 8) | (buffer.getByte(position + 1) & 0xFF);
            position += 2;
        }
        else if (length == 127)
        {
            length = 0;
            for (int i = 0; i < 8; i++)
            {
                length = (length << 8) | (buffer.getByte(position + i) & 0xFF);
            }
            position += 8;
        }
        final boolean masked = (b1 & 0x80) != 0;
        final byte[] key = new byte[4];
        if (masked)
        {
            buffer.getBytes(position, key);
            position += 4;
        }
        final byte[] payload = copy(buffer, position, (int) length);
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] ^= key[i & 3];
        }

        return new ClientFrame(
            (b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0x0F, masked, ByteBuffer.wrap(key).getInt(),
            position - offset, payload);
    }

    static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static boolean equalBytes(final byte[] a, final byte[] b)
    {
        return Arrays.equals(a, b);
    }
}
