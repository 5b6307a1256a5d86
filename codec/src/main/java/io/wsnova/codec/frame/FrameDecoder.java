package io.wsnova.codec.frame;

import io.wsnova.codec.utf8.Utf8Validator;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * RFC 6455 frame decoder for the client side of a connection: validates server frames, reassembles fragmented
 * messages and hands complete messages and control frames to a {@link FrameHandler}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               |Masking-key, if MASK set to 1  |
 *  +-------------------------------+-------------------------------+
 * </pre>
 * Rules enforced (each failure names an {@code ERR_*} reason, see {@link #errorReason()}): a server frame must not be
 * masked; RSV1-3 must be clear unless permessage-deflate (RFC 7692) was negotiated, in which case RSV1 may be set on
 * the first frame of a data message only (never on a control or CONTINUATION frame; the message is then "compressed":
 * {@link #isMessageCompressed()}, and its UTF-8 is left to whoever inflates it); opcodes 3-7 and 11-15 are reserved; a
 * control frame carries at most 125 bytes and is never fragmented; the 64-bit length has its top bit clear; the length
 * uses the minimal encoding (RFC 6455 5.2 says it MUST; a non-minimal length is rejected as a protocol error, as Netty
 * does, because it only ever comes from a broken or desynchronised peer); a CONTINUATION needs a message in progress
 * and a TEXT or BINARY frame needs none; a data frame's payload is at most {@code maxFrameLength} and a message at
 * most {@code maxMessageLength} (1009, checked from the header before the payload arrives); text and close reasons are
 * UTF-8 (1007; a fragmented text message is validated fragment by fragment, so a bad byte fails before the next
 * fragment arrives); a close payload is empty or holds a code accepted by {@link CloseCodes#isValidOnWire(int) }.
 * Zero-length frames of every type are legal.
 * <p>
 * Single-threaded: one instance per connection, called by its reader thread only. Allocation-free after the
 * reassembly buffer has grown to the largest fragmented message seen (it grows by doubling, never beyond
 * {@code maxMessageLength}).
 */
public final class FrameDecoder
{
    /** Returned by {@link #decode(DirectBuffer, int, int)} when not even one complete frame is available. */
    public static final int NEED_MORE_DATA = 0;
    /** Largest frame header: 2 bytes, 8 bytes of extended length and a 4-byte masking key. */
    public static final int MAX_HEADER_LENGTH = 14;
    /** Largest payload of a control frame. */
    public static final int MAX_CONTROL_PAYLOAD_LENGTH = 125;

    /** No error. */
    public static final int ERR_NONE = 0;
    /** The server sent a masked frame (1002). */
    public static final int ERR_MASKED_FRAME = 1;
    /** RSV1, RSV2 or RSV3 set without a negotiated extension (1002). */
    public static final int ERR_RSV_BITS = 2;
    /** Opcode 3-7 or 11-15 (1002). */
    public static final int ERR_RESERVED_OPCODE = 3;
    /** Control frame payload longer than 125 bytes (1002). */
    public static final int ERR_CONTROL_TOO_LONG = 4;
    /** Control frame without FIN (1002). */
    public static final int ERR_CONTROL_FRAGMENTED = 5;
    /** 64-bit payload length with the most significant bit set (1002). */
    public static final int ERR_LENGTH_TOP_BIT = 6;
    /** Payload length not in its minimal encoding (1002). */
    public static final int ERR_NON_MINIMAL_LENGTH = 7;
    /** CONTINUATION frame with no fragmented message in progress (1002). */
    public static final int ERR_CONTINUATION_WITHOUT_START = 8;
    /** TEXT or BINARY frame while a fragmented message is in progress (1002). */
    public static final int ERR_DATA_DURING_FRAGMENTED_MESSAGE = 9;
    /** Data frame payload larger than maxFrameLength (1009). */
    public static final int ERR_FRAME_TOO_BIG = 10;
    /** Message larger than maxMessageLength (1009). */
    public static final int ERR_MESSAGE_TOO_BIG = 11;
    /** Text message that is not UTF-8 or ends inside a code point (1007). */
    public static final int ERR_INVALID_UTF8 = 12;
    /** Close frame with a one-byte payload (1002). */
    public static final int ERR_CLOSE_PAYLOAD_ONE_BYTE = 13;
    /** Close frame with a status code that may not appear on the wire (1002). */
    public static final int ERR_INVALID_CLOSE_CODE = 14;
    /** Close frame whose reason is not UTF-8 (1007). */
    public static final int ERR_INVALID_CLOSE_REASON = 15;
    /** RSV1 on a control or CONTINUATION frame although permessage-deflate was negotiated (1002). */
    public static final int ERR_RSV1_NOT_FIRST_DATA_FRAME = 16;

    static final int FIN_FLAG = 0x80;
    static final int RSV_MASK = 0x70;
    static final int RSV1_FLAG = 0x40;
    static final int OPCODE_MASK = 0x0F;
    static final int MASK_FLAG = 0x80;
    static final int PAYLOAD_LENGTH_MASK = 0x7F;
    static final int PAYLOAD_LENGTH_16_BIT = 126;
    static final int PAYLOAD_LENGTH_64_BIT = 127;
    static final int EXTENDED_LENGTH_OFFSET = 2;
    static final int MAX_16_BIT_LENGTH = 0xFFFF;

    private static final int INITIAL_MESSAGE_CAPACITY = 4096;
    private static final int MAX_MESSAGE_LENGTH_LIMIT = Integer.MAX_VALUE - 64;

    private static final int[] CLOSE_CODE_BY_REASON =
    {
        0, 1002, 1002, 1002, 1002, 1002, 1002, 1002, 1002, 1002, 1009, 1009, 1007, 1002, 1002, 1007, 1002
    };
    private static final String[] DESCRIPTION_BY_REASON =
    {
        "no error",
        "masked frame from server",
        "RSV bit set without a negotiated extension",
        "reserved opcode",
        "control frame payload longer than 125 bytes",
        "fragmented control frame",
        "64-bit payload length with the top bit set",
        "payload length not minimally encoded",
        "continuation frame without a message in progress",
        "new data frame while a fragmented message is in progress",
        "frame larger than maxFrameLength",
        "message larger than maxMessageLength",
        "text message is not valid UTF-8",
        "close frame with a one-byte payload",
        "close frame with an invalid status code",
        "close reason is not valid UTF-8",
        "RSV1 set on a control or continuation frame"
    };

    private final FrameHandler handler;
    private final int maxFrameLength;
    private final int maxMessageLength;
    private final Utf8Validator utf8Validator = new Utf8Validator();
    private final UnsafeBuffer messageBuffer;
    private final boolean compressionNegotiated;
    private boolean messageCompressed;
    private int messageOpcode;
    private int messageLength;
    private int pendingFrameLength;
    private long framesDecoded;
    private int errorReason;
    private boolean closeReceived;

    /**
     * Create a decoder for one connection.
     * <p>
     * Control frames are bounded by the protocol (125 bytes) and are not subject to {@code maxFrameLength}, so a
     * reader must be able to hold {@link #maxPendingFrameLength()} bytes.
     *
     * @param handler receives messages and control frames; stored once.
     * @param maxFrameLength largest data frame payload accepted, in bytes; larger frames fail with 1009.
     * @param maxMessageLength largest message accepted (sum of its fragments' payloads), in bytes; larger messages
     *                         fail with 1009. Also the most the reassembly buffer ever grows to.
     * @throws NullPointerException if handler is null.
     * @throws IllegalArgumentException if a limit is {@code <= 0}, if {@code maxFrameLength > maxMessageLength} (a
     *                                  frame is at most one message), or if maxMessageLength exceeds
     *                                  {@code Integer.MAX_VALUE - 64}.
     */
    public FrameDecoder(final FrameHandler handler, final int maxFrameLength, final int maxMessageLength)
    {
        this(handler, maxFrameLength, maxMessageLength, false);
    }

    /**
     * Create a decoder for one connection, accepting RSV1 on the first frame of a data message when
     * permessage-deflate (RFC 7692) was negotiated. A compressed message is delivered as received (still
     * compressed, UTF-8 not checked) with {@link #isMessageCompressed()} true during the callback.
     *
     * @param handler receives messages and control frames; stored once.
     * @param maxFrameLength largest data frame payload accepted, in bytes.
     * @param maxMessageLength largest message accepted, in bytes (compressed size for a compressed message).
     * @param compressionNegotiated whether permessage-deflate was negotiated for this connection.
     * @throws NullPointerException if handler is null.
     * @throws IllegalArgumentException as {@link #FrameDecoder(FrameHandler, int, int)}.
     */
    public FrameDecoder(
        final FrameHandler handler,
        final int maxFrameLength,
        final int maxMessageLength,
        final boolean compressionNegotiated)
    {
        if (handler == null)
        {
            throw new NullPointerException("handler");
        }
        if (maxFrameLength <= 0 || maxMessageLength <= 0)
        {
            throw new IllegalArgumentException(
                "limits must be > 0: maxFrameLength=" + maxFrameLength + " maxMessageLength=" + maxMessageLength);
        }
        if (maxFrameLength > maxMessageLength)
        {
            throw new IllegalArgumentException(
                "maxFrameLength=" + maxFrameLength + " > maxMessageLength=" + maxMessageLength);
        }
        if (maxMessageLength > MAX_MESSAGE_LENGTH_LIMIT)
        {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " > " +
                MAX_MESSAGE_LENGTH_LIMIT);
        }

        this.handler = handler;
        this.maxFrameLength = maxFrameLength;
        this.maxMessageLength = maxMessageLength;
        this.compressionNegotiated = compressionNegotiated;
        this.messageBuffer = new UnsafeBuffer(new byte[Math.min(maxMessageLength, INITIAL_MESSAGE_CAPACITY)]);
    }

    /**
     * Decode as many complete frames as {@code [offset, offset + length)} holds, calling the handler for each
     * message and control frame.
     * <p>
     * The caller keeps the unconsumed bytes and calls again with them followed by newly read data. After a close
     * frame has been delivered the decoder stops (bytes up to and including the close frame count as consumed) and
     * every later call returns {@link #NEED_MORE_DATA} without reading. On an error, messages from frames before
     * the bad one have already been delivered; the decoder then stays failed and returns the same error until
     * {@link #reset()}. Not re-entrant: a handler must not call decode.
     *
     * @param buffer the received bytes.
     * @param offset index of the first unconsumed byte.
     * @param length number of unconsumed bytes.
     * @return bytes consumed ({@code > 0}), {@link #NEED_MORE_DATA} if not one complete frame is available, or a
     * negative error {@code -closeCode}: -1002 protocol error, -1007 invalid UTF-8, -1009 too big (see
     * {@link #errorReason()} and {@link #closeCodeOf(int) }).
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (errorReason != ERR_NONE)
        {
            return -CLOSE_CODE_BY_REASON[errorReason];
        }
        pendingFrameLength = 0;
        if (closeReceived)
        {
            return NEED_MORE_DATA;
        }

        final int end = offset + length;
        int position = offset;

        while (end - position >= EXTENDED_LENGTH_OFFSET)
        {
            final int available = end - position;
            final int b0 = buffer.getByte(position) & 0xFF;
            final int b1 = buffer.getByte(position + 1) & 0xFF;
            final int opcode = b0 & OPCODE_MASK;
            final boolean fin = (b0 & FIN_FLAG) != 0;
            final int headerError = checkHeader(b0, b1, opcode, fin);
            if (headerError != ERR_NONE)
            {
                return fail(headerError);
            }

            final int lengthCode = b1 & PAYLOAD_LENGTH_MASK;
            final int headerLength;
            final long payloadLength;
            if (lengthCode < PAYLOAD_LENGTH_16_BIT)
            {
                headerLength = EXTENDED_LENGTH_OFFSET;
                payloadLength = lengthCode;
            }
            else if (lengthCode == PAYLOAD_LENGTH_16_BIT)
            {
                headerLength = EXTENDED_LENGTH_OFFSET + Short.BYTES;
                if (available < headerLength)
                {
                    break;
                }
                payloadLength = buffer.getShort(position + EXTENDED_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                if (payloadLength < PAYLOAD_LENGTH_16_BIT)
                {
                    return fail(ERR_NON_MINIMAL_LENGTH);
                }
            }
            else
            {
                headerLength = EXTENDED_LENGTH_OFFSET + Long.BYTES;
                if (available < headerLength)
                {
                    break;
                }
                payloadLength = buffer.getLong(position + EXTENDED_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
                if (payloadLength < 0)
                {
                    return fail(ERR_LENGTH_TOP_BIT);
                }
                if (payloadLength <= MAX_16_BIT_LENGTH)
                {
                    return fail(ERR_NON_MINIMAL_LENGTH);
                }
            }

            if (payloadLength > maxFrameLength && opcode < Opcode.CLOSE)
            {
                return fail(ERR_FRAME_TOO_BIG);
            }
            if (opcode == Opcode.CONTINUATION && messageLength + payloadLength > maxMessageLength)
            {
                return fail(ERR_MESSAGE_TOO_BIG);
            }

            final int payloadOffset = position + headerLength;
            final int payload = (int) payloadLength;
            final int frameLength = headerLength + payload;
            if (available < frameLength)
            {
                pendingFrameLength = frameLength;
                break;
            }
            position += frameLength;
            framesDecoded++;

            final int frameError = onFrame(buffer, payloadOffset, payload, opcode, fin, (b0 & RSV1_FLAG) != 0);
            if (frameError != ERR_NONE)
            {
                return fail(frameError);
            }
            if (closeReceived)
            {
                break;
            }
        }

        return position - offset;
    }

    /**
     * After a decode that stopped on an incomplete frame: the full length (header plus payload) of the frame at the
     * start of the unconsumed data when its header was complete, so the reader can grow its buffer to hold it.
     * Never more than {@link #maxPendingFrameLength()}.
     *
     * @return the pending frame length in bytes, or 0 if the header was not complete or nothing is pending.
     */
    public int pendingFrameLength()
    {
        return pendingFrameLength;
    }

    /**
     * Complete frames decoded so far (data frames including every fragment, and control frames), whether or not
     * they were valid. Kept across {@link #reset()}: a running total for counters. Written by the decoding thread.
     *
     * @return the count.
     */
    public long framesDecoded()
    {
        return framesDecoded;
    }

    /**
     * The largest frame a reader may have to hold: {@code max(maxFrameLength, 125) + MAX_HEADER_LENGTH}.
     *
     * @return bytes a receive buffer needs to be able to hold to always make progress.
     */
    public int maxPendingFrameLength()
    {
        return Math.max(maxFrameLength, MAX_CONTROL_PAYLOAD_LENGTH) + MAX_HEADER_LENGTH;
    }

    /**
     * The rule that failed, after decode returned a negative value.
     *
     * @return an {@code ERR_*} constant, {@link #ERR_NONE} when not failed.
     */
    public int errorReason()
    {
        return errorReason;
    }

    /**
     * A constant description of an error reason, for logs and the control plane. Allocation-free.
     *
     * @param errorReason an {@code ERR_*} constant.
     * @return its description, or "unknown error" for a value that is not a reason.
     */
    public static String errorDescription(final int errorReason)
    {
        if (errorReason < 0 || errorReason >= DESCRIPTION_BY_REASON.length)
        {
            return "unknown error";
        }

        return DESCRIPTION_BY_REASON[errorReason];
    }

    /**
     * The close code to send for a negative decode result.
     *
     * @param negativeResult a negative value returned by {@link #decode(DirectBuffer, int, int)}.
     * @return the close code (1002, 1007 or 1009).
     */
    public static int closeCodeOf(final int negativeResult)
    {
        return -negativeResult;
    }

    /**
     * Whether a close frame has been delivered; decode then consumes nothing more until {@link #reset()}.
     *
     * @return true once a close frame has been delivered.
     */
    public boolean isCloseReceived()
    {
        return closeReceived;
    }

    /**
     * Largest data frame payload accepted.
     *
     * @return maxFrameLength in bytes.
     */
    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Largest message accepted.
     *
     * @return maxMessageLength in bytes.
     */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Current capacity of the reassembly buffer (tests: never beyond {@link #maxMessageLength()}).
     *
     * @return the capacity in bytes.
     */
    int messageCapacity()
    {
        return messageBuffer.capacity();
    }

    /**
     * Whether the message being delivered to {@link FrameHandler#onMessage} had RSV1 set on its first frame
     * (permessage-deflate): its payload is compressed and its UTF-8 has not been checked. Valid during the callback.
     *
     * @return true for a compressed message.
     */
    public boolean isMessageCompressed()
    {
        return messageCompressed;
    }

    /**
     * Forget all state (error, close, partial message) for a new connection. Keeps the grown reassembly buffer.
     */
    public void reset()
    {
        messageOpcode = 0;
        messageLength = 0;
        messageCompressed = false;
        pendingFrameLength = 0;
        errorReason = ERR_NONE;
        closeReceived = false;
        utf8Validator.reset();
    }

    private int checkHeader(final int b0, final int b1, final int opcode, final boolean fin)
    {
        if ((b1 & MASK_FLAG) != 0)
        {
            return ERR_MASKED_FRAME;
        }
        final int rsv = b0 & RSV_MASK;
        if (rsv != 0)
        {
            if (rsv != RSV1_FLAG || !compressionNegotiated)
            {
                return ERR_RSV_BITS;
            }
            if (opcode >= Opcode.CLOSE || opcode == Opcode.CONTINUATION)
            {
                return ERR_RSV1_NOT_FIRST_DATA_FRAME;
            }
        }
        if (!Opcode.isDefined(opcode))
        {
            return ERR_RESERVED_OPCODE;
        }
        if (opcode >= Opcode.CLOSE)
        {
            if (!fin)
            {
                return ERR_CONTROL_FRAGMENTED;
            }
            if ((b1 & PAYLOAD_LENGTH_MASK) > MAX_CONTROL_PAYLOAD_LENGTH)
            {
                return ERR_CONTROL_TOO_LONG;
            }
        }
        else if (opcode == Opcode.CONTINUATION)
        {
            if (messageOpcode == 0)
            {
                return ERR_CONTINUATION_WITHOUT_START;
            }
        }
        else if (messageOpcode != 0)
        {
            return ERR_DATA_DURING_FRAGMENTED_MESSAGE;
        }

        return ERR_NONE;
    }

    private int onFrame(
        final DirectBuffer buffer,
        final int payloadOffset,
        final int payloadLength,
        final int opcode,
        final boolean fin,
        final boolean rsv1)
    {
        switch (opcode)
        {
            case Opcode.TEXT:
            case Opcode.BINARY:
                messageCompressed = rsv1;
                if (fin)
                {
                    if (opcode == Opcode.TEXT && !messageCompressed &&
                        !Utf8Validator.isValid(buffer, payloadOffset, payloadLength))
                    {
                        return ERR_INVALID_UTF8;
                    }
                    handler.onMessage(opcode, buffer, payloadOffset, payloadLength);
                    return ERR_NONE;
                }
                messageOpcode = opcode;
                messageLength = 0;
                utf8Validator.reset();
                return onFragment(buffer, payloadOffset, payloadLength, false);

            case Opcode.CONTINUATION:
                return onFragment(buffer, payloadOffset, payloadLength, fin);

            case Opcode.PING:
                handler.onPing(buffer, payloadOffset, payloadLength);
                return ERR_NONE;

            case Opcode.PONG:
                handler.onPong(buffer, payloadOffset, payloadLength);
                return ERR_NONE;

            default:
                return onClose(buffer, payloadOffset, payloadLength);
        }
    }

    private int onFragment(
        final DirectBuffer buffer, final int payloadOffset, final int payloadLength, final boolean fin)
    {
        final int opcode = messageOpcode;
        if (opcode == Opcode.TEXT && !messageCompressed)
        {
            final int utf8State = utf8Validator.validate(buffer, payloadOffset, payloadLength);
            if (utf8State == Utf8Validator.REJECT || (fin && utf8State != Utf8Validator.ACCEPT))
            {
                return ERR_INVALID_UTF8;
            }
        }

        final int newLength = messageLength + payloadLength;
        final UnsafeBuffer messageBuffer = this.messageBuffer;
        if (newLength > messageBuffer.capacity())
        {
            growMessageBuffer(newLength);
        }
        messageBuffer.putBytes(messageLength, buffer, payloadOffset, payloadLength);

        if (fin)
        {
            messageOpcode = 0;
            messageLength = 0;
            handler.onMessage(opcode, messageBuffer, 0, newLength);
        }
        else
        {
            messageLength = newLength;
        }

        return ERR_NONE;
    }

    private int onClose(final DirectBuffer buffer, final int payloadOffset, final int payloadLength)
    {
        if (payloadLength == 0)
        {
            closeReceived = true;
            handler.onClose(CloseCodes.NO_STATUS_RECEIVED, buffer, payloadOffset, 0);
            return ERR_NONE;
        }
        if (payloadLength == 1)
        {
            return ERR_CLOSE_PAYLOAD_ONE_BYTE;
        }

        final int statusCode = buffer.getShort(payloadOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (!CloseCodes.isValidOnWire(statusCode))
        {
            return ERR_INVALID_CLOSE_CODE;
        }
        final int reasonOffset = payloadOffset + Short.BYTES;
        final int reasonLength = payloadLength - Short.BYTES;
        if (!Utf8Validator.isValid(buffer, reasonOffset, reasonLength))
        {
            return ERR_INVALID_CLOSE_REASON;
        }

        closeReceived = true;
        handler.onClose(statusCode, buffer, reasonOffset, reasonLength);
        return ERR_NONE;
    }

    private void growMessageBuffer(final int requiredCapacity)
    {
        final UnsafeBuffer messageBuffer = this.messageBuffer;
        final long doubled = 2L * messageBuffer.capacity();
        final int newCapacity = (int) Math.min(Math.max(requiredCapacity, doubled), maxMessageLength);
        messageBuffer.wrap(Arrays.copyOf(messageBuffer.byteArray(), newCapacity));
    }

    private int fail(final int reason)
    {
        errorReason = reason;
        return -CLOSE_CODE_BY_REASON[reason];
    }
}
