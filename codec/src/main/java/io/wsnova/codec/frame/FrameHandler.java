package io.wsnova.codec.frame;

import org.agrona.DirectBuffer;

/**
 * Receives what {@link FrameDecoder#decode(DirectBuffer, int, int)} decodes: complete messages and control frames.
 * <p>
 * Called on the thread that calls {@code decode}, in wire order. A buffer passed to a callback is valid only for
 * the duration of the call: it is either the caller's receive buffer or the decoder's reassembly buffer, both
 * reused afterwards, so copy what must outlive the call. A callback must not call back into the same decoder.
 * An exception thrown by a callback propagates out of {@code decode}; the connection should then be failed and the
 * decoder {@link FrameDecoder#reset() reset}.
 */
public interface FrameHandler
{
    /**
     * A complete data message. An unfragmented message is passed straight from the caller's buffer (zero copy); a
     * fragmented one from the decoder's reassembly buffer.
     *
     * @param opcode {@link Opcode#TEXT} or {@link Opcode#BINARY}.
     * @param buffer the buffer holding the payload, valid only during the call.
     * @param offset index of the first payload byte.
     * @param length payload length in bytes, possibly 0.
     */
    void onMessage(int opcode, DirectBuffer buffer, int offset, int length);

    /**
     * A ping; the engine owes the server a pong carrying the same payload.
     *
     * @param buffer the buffer holding the payload, valid only during the call.
     * @param offset index of the first payload byte.
     * @param length payload length in bytes, 0 to 125.
     */
    void onPing(DirectBuffer buffer, int offset, int length);

    /**
     * A pong (an answer to our ping or an unsolicited heartbeat).
     *
     * @param buffer the buffer holding the payload, valid only during the call.
     * @param offset index of the first payload byte.
     * @param length payload length in bytes, 0 to 125.
     */
    void onPong(DirectBuffer buffer, int offset, int length);

    /**
     * A close frame. After it the decoder decodes nothing more.
     *
     * @param statusCode the status code, checked with {@link CloseCodes#isValidOnWire(int)}, or
     *                   {@link CloseCodes#NO_STATUS_RECEIVED} (1005) when the close payload was empty.
     * @param buffer the buffer holding the reason, valid only during the call.
     * @param reasonOffset index of the first byte of the reason.
     * @param reasonLength reason length in bytes (0 to 123), already validated as UTF-8.
     */
    void onClose(int statusCode, DirectBuffer buffer, int reasonOffset, int reasonLength);
}
