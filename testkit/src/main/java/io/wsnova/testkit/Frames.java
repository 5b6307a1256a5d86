package io.wsnova.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Byte-exact builders of what a WebSocket server sends (RFC 6455): unmasked frames with the first byte given as
 * is (so reserved bits, bad opcodes and missing FIN bits are easy to write), close payloads, upgrade responses.
 */
public final class Frames
{
    /** First byte of a final text frame. */
    public static final int TEXT = 0x81;
    /** First byte of a final binary frame. */
    public static final int BINARY = 0x82;
    /** First byte of a close frame. */
    public static final int CLOSE = 0x88;
    /** First byte of a ping frame. */
    public static final int PING = 0x89;
    /** First byte of a pong frame. */
    public static final int PONG = 0x8A;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Frames()
    {
    }

    /**
     * An unmasked server frame with the minimal length encoding.
     *
     * @param firstByte FIN, RSV and opcode bits, written as given.
     * @param payload   the payload.
     * @return the frame's bytes.
     */
    public static byte[] frame(final int firstByte, final byte[] payload)
    {
        final ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(firstByte);
        if (payload.length < 126)
        {
            frame.write(payload.length);
        }
        else if (payload.length < 65536)
        {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        else
        {
            frame.write(127);
            for (int i = 7; i >= 0; i--)
            {
                frame.write((int)(((long)payload.length >>> (8 * i)) & 0xFF));
            }
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /**
     * The first {@code length} bytes of a frame: a frame cut short.
     *
     * @param firstByte FIN, RSV and opcode bits.
     * @param payload   the payload of the whole frame.
     * @param length    how many bytes of the whole frame to keep.
     * @return the leading bytes of the frame.
     */
    public static byte[] half(final int firstByte, final byte[] payload, final int length)
    {
        return Arrays.copyOf(frame(firstByte, payload), length);
    }

    /**
     * A close payload: the code in network order followed by the reason's bytes.
     *
     * @param code   the status code.
     * @param reason the reason bytes (may be empty).
     * @return the payload.
     */
    public static byte[] closePayload(final int code, final byte[] reason)
    {
        return concat(bytes(code >>> 8, code & 0xFF), reason);
    }

    /**
     * Bytes from int values (each cast to a byte).
     *
     * @param values the values.
     * @return the bytes.
     */
    public static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    /**
     * The UTF-8 bytes of a text.
     *
     * @param text the text.
     * @return its UTF-8 encoding.
     */
    public static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The parts one after the other.
     *
     * @param parts the byte arrays.
     * @return their concatenation.
     */
    public static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * A value of a header in an HTTP head, matched case-insensitively.
     *
     * @param head the request or response head.
     * @param name the header name.
     * @return the trimmed value, or null when absent.
     */
    public static String header(final String head, final String name)
    {
        for (final String line : head.split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name))
            {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /**
     * The Sec-WebSocket-Accept value for a Sec-WebSocket-Key.
     *
     * @param key the client's key.
     * @return base64(SHA-1(key + GUID)).
     */
    public static String acceptKey(final String key)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A valid 101 response to an upgrade request.
     *
     * @param request      the client's request head.
     * @param extraHeaders further header lines, each ending in CRLF (may be empty).
     * @return the response head, ending in the blank line.
     */
    public static byte[] switchingProtocols(final String request, final String extraHeaders)
    {
        final String key = header(request, "Sec-WebSocket-Key");
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n" + extraHeaders + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A valid 101 response to an upgrade request.
     *
     * @param request the client's request head.
     * @return the response head, ending in the blank line.
     */
    public static byte[] switchingProtocols(final String request)
    {
        return switchingProtocols(request, "");
    }

    /**
     * An HTTP response refusing the upgrade, with an empty body.
     *
     * @param status the status code, e.g. 503.
     * @param reason the reason phrase.
     * @return the response bytes.
     */
    public static byte[] httpStatus(final int status, final String reason)
    {
        return ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }
}
