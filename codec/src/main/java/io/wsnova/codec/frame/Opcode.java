package io.wsnova.codec.frame;

/**
 * RFC 6455 section 5.2 frame opcodes (the low four bits of the first header byte).
 * <p>
 * Opcodes 3-7 are reserved for further data frames and 11-15 for further control frames; a frame carrying one of
 * them is a protocol error because no extension defining them is ever negotiated.
 */
public final class Opcode
{
    /** A continuation frame of a fragmented message. */
    public static final int CONTINUATION = 0x0;
    /** The first (or only) frame of a UTF-8 text message. */
    public static final int TEXT = 0x1;
    /** The first (or only) frame of a binary message. */
    public static final int BINARY = 0x2;
    /** A close frame: optional two-byte status code followed by an optional UTF-8 reason. */
    public static final int CLOSE = 0x8;
    /** A ping: the peer must answer with a pong carrying the same payload. */
    public static final int PING = 0x9;
    /** A pong: the answer to a ping, or an unsolicited heartbeat. */
    public static final int PONG = 0xA;

    private Opcode()
    {
    }

    /**
     * Whether an opcode names a control frame (CLOSE, PING, PONG or one of the reserved 11-15).
     *
     * @param opcode the four-bit opcode.
     * @return true when the most significant opcode bit is set.
     */
    public static boolean isControl(final int opcode)
    {
        return (opcode & 0x8) != 0;
    }

    /**
     * Whether an opcode is a defined data opcode: CONTINUATION, TEXT or BINARY.
     *
     * @param opcode the four-bit opcode.
     * @return true for 0, 1 and 2; false for control and reserved opcodes.
     */
    public static boolean isData(final int opcode)
    {
        return opcode >= CONTINUATION && opcode <= BINARY;
    }

    /**
     * Whether an opcode is one RFC 6455 defines (0-2 and 8-10) rather than reserved.
     *
     * @param opcode the four-bit opcode.
     * @return true if the opcode is defined.
     */
    public static boolean isDefined(final int opcode)
    {
        return isData(opcode) || (opcode >= CLOSE && opcode <= PONG);
    }
}
