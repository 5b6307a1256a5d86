package io.wsnova.testkit;

import java.nio.charset.StandardCharsets;

/**
 * One frame read from a client by a {@link TestServer}, unmasked.
 *
 * @param firstByte FIN, RSV and opcode bits as sent.
 * @param masked    whether the client masked it (RFC 6455 requires it).
 * @param payload   the unmasked payload.
 */
public record Frame(int firstByte, boolean masked, byte[] payload)
{
    /**
     * The opcode (low four bits of the first byte).
     *
     * @return 0x0 continuation, 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong, or a reserved value.
     */
    public int opcode()
    {
        return firstByte & 0x0F;
    }

    /**
     * Whether the FIN bit is set.
     *
     * @return true for the last (or only) frame of a message.
     */
    public boolean fin()
    {
        return (firstByte & 0x80) != 0;
    }

    /**
     * The status code of a close frame.
     *
     * @return the code, or -1 when the payload holds none.
     */
    public int closeCode()
    {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }

    /**
     * The payload decoded as UTF-8.
     *
     * @return the text.
     */
    public String text()
    {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
