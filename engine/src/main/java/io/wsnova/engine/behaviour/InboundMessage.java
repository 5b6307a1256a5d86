package io.wsnova.engine.behaviour;


import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A received WebSocket message as a flyweight over the reader's buffer: valid only for the duration of the
 * callback it is passed to. Copy what must outlive the call. One instance per connection, reused for every
 * message, written by the thread that delivers messages (the reader, or the handler thread of a queued pipeline).
 */
public final class InboundMessage
{
    /** Type of a text message (UTF-8, already validated). */
    public static final int TEXT = 1;
    /** Type of a binary message. */
    public static final int BINARY = 2;

    private int type;
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private long receivedNs;

    /**
     * Points the flyweight at a message. Engine-internal: called by the delivering thread only.
     *
     * @param type       {@link #TEXT} or {@link #BINARY}.
     * @param buffer     the buffer holding the payload.
     * @param offset     payload start.
     * @param length     payload length.
     * @param receivedNs {@link System#nanoTime()} of the socket read, see {@link #receivedNs()}.
     * @return this.
     */
    public InboundMessage wrap(
        final int type, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        this.type = type;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.receivedNs = receivedNs;
        return this;
    }

    /**
     * Message type.
     *
     * @return {@link #TEXT} or {@link #BINARY}.
     */
    public int type()
    {
        return type;
    }

    /**
     * The buffer holding the payload; valid only during the callback.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Payload start in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Payload length.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * When the bytes of this message were read from the socket: the read that delivered it with an {@code INLINE}
     * pipeline, the reader's stamp taken when it queued the message with a {@code QUEUED} one (so queueing time
     * counts).
     *
     * @return {@link System#nanoTime()} of the read.
     */
    public long receivedNs()
    {
        return receivedNs;
    }

    /**
     * The payload as a String: allocates, for the control plane, tests and logs only.
     *
     * @return the payload decoded as UTF-8.
     */
    public String asString()
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return "InboundMessage{type=" + (type == TEXT ? "TEXT" : "BINARY") + ", length=" + length + "}";
    }
}
