package io.wsnova.engine.transport;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.codec.utf8.Utf8Validator;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates permessage-deflate messages (RFC 7692 section 7.2.2) of one connection into a reusable buffer.
 * <p>
 * A compressed message is its payload followed by {@code 00 00 ff ff}, inflated as raw DEFLATE with one
 * {@link Inflater} reused for the whole connection: the LZ77 window carries over from message to message (context
 * takeover) unless the server announced {@code server_no_context_takeover}, in which case it is reset after each
 * message. A message whose last block has BFINAL set ends its DEFLATE stream: the inflater is reset after it
 * (what the server sends next starts a new stream).
 * <p>
 * Bounded memory: the output buffer starts at 4 KiB and doubles as a message needs it, never beyond
 * {@code maxMessageLength + 1} bytes; a message that inflates to more than {@code maxMessageLength} is refused with
 * {@link #ERR_TOO_BIG} as soon as that many bytes have come out, so a few kilobytes that would inflate to
 * gigabytes (a decompression bomb) cost at most the limit. The input is never copied: the payload is handed to the
 * inflater in place, the tail from a constant.
 * <p>
 * Owned by the connection's reader thread (single writer); allocation-free once the output buffer has grown to
 * the largest message (and, for a direct receive buffer, once per receive buffer: one reusable view of it).
 * {@link #close()} frees the native zlib state.
 */
final class MessageInflater
{
    /** The message was not valid DEFLATE data (1007: the payload is inconsistent with the message type). */
    static final int ERR_CORRUPT = -CloseCodes.INVALID_PAYLOAD;
    /** The inflated message is larger than maxMessageLength (1009). */
    static final int ERR_TOO_BIG = -CloseCodes.MESSAGE_TOO_BIG;
    /** A text message whose inflated bytes are not UTF-8 (1007). */
    static final int ERR_INVALID_UTF8 = -CloseCodes.INVALID_PAYLOAD;

    private static final byte[] TAIL = {0x00, 0x00, (byte)0xFF, (byte)0xFF};
    private static final int INITIAL_CAPACITY = 4096;

    private final Inflater inflater = new Inflater(true);
    private final UnsafeBuffer output = new UnsafeBuffer(new byte[0]);
    private final int maxMessageLength;
    private final boolean resetAfterMessage;
    private byte[] outputArray;
    private ByteBuffer directSource;
    private ByteBuffer directView;
    private String errorDescription;

    /**
     * Creates the inflater of one connection.
     *
     * @param maxMessageLength  largest inflated message accepted, in bytes.
     * @param resetAfterMessage true when the server announced {@code server_no_context_takeover}.
     */
    MessageInflater(final int maxMessageLength, final boolean resetAfterMessage)
    {
        this.maxMessageLength = maxMessageLength;
        this.resetAfterMessage = resetAfterMessage;
        this.outputArray = new byte[(int)Math.min(INITIAL_CAPACITY, maxMessageLength + 1L)];
        this.output.wrap(outputArray);
    }

    /**
     * Inflates one compressed message.
     *
     * @param text   whether it is a TEXT message: its inflated bytes must then be UTF-8.
     * @param buffer holding the compressed payload (the receive buffer or the decoder's reassembly buffer).
     * @param offset index of the first payload byte.
     * @param length compressed payload length.
     * @return the inflated length ({@code >= 0}), the message being at index 0 of {@link #output()}, or
     * {@link #ERR_TOO_BIG}, {@link #ERR_CORRUPT} or {@link #ERR_INVALID_UTF8} (the close code negated).
     */
    int inflate(final boolean text, final DirectBuffer buffer, final int offset, final int length)
    {
        final Inflater inflater = this.inflater;
        setInput(buffer, offset, length);
        boolean tailGiven = false;
        int position = 0;
        try
        {
            while (true)
            {
                if (position == outputArray.length && !grow())
                {
                    return fail(ERR_TOO_BIG, "inflated message larger than maxMessageLength");
                }
                final int remainingBefore = inflater.getRemaining();
                final int produced = inflater.inflate(outputArray, position, outputArray.length - position);
                position += produced;
                if (position > maxMessageLength)
                {
                    return fail(ERR_TOO_BIG, "inflated message larger than maxMessageLength");
                }
                if (inflater.finished())
                {
                    // BFINAL: the stream ended; what follows in this message (at most padding) is ignored.
                    inflater.reset();
                    break;
                }
                if (position < outputArray.length)
                {
                    // Room left in the output: zlib has written all it can from the input it consumed.
                    if (inflater.needsInput())
                    {
                        if (tailGiven)
                        {
                            break;
                        }
                        inflater.setInput(TAIL);
                        tailGiven = true;
                    }
                    else if (produced == 0 && inflater.getRemaining() == remainingBefore)
                    {
                        return fail(ERR_CORRUPT, inflater.needsDictionary() ?
                            "compressed message needs a preset dictionary" : "compressed message made no progress");
                    }
                }
            }
        }
        catch (final DataFormatException ex)
        {
            return fail(ERR_CORRUPT, "compressed message is not valid DEFLATE data");
        }
        if (resetAfterMessage)
        {
            inflater.reset();
        }
        if (text && !Utf8Validator.isValid(output, 0, position))
        {
            return fail(ERR_INVALID_UTF8, "inflated text message is not valid UTF-8");
        }
        return position;
    }

    /**
     * The buffer holding the last inflated message from index 0; valid until the next {@link #inflate}.
     *
     * @return the output buffer.
     */
    DirectBuffer output()
    {
        return output;
    }

    /**
     * Why the last {@link #inflate} failed.
     *
     * @return a constant-shaped description, or null.
     */
    String errorDescription()
    {
        return errorDescription;
    }

    /**
     * Current output capacity (tests: bounded by maxMessageLength + 1).
     *
     * @return bytes.
     */
    int capacity()
    {
        return outputArray.length;
    }

    /**
     * Frees the native zlib state; the inflater is unusable afterwards. Idempotent.
     */
    void close()
    {
        inflater.end();
    }

    private void setInput(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            inflater.setInput(array, buffer.wrapAdjustment() + offset, length);
            return;
        }
        final ByteBuffer source = buffer.byteBuffer();
        if (source == null)
        {
            throw new IllegalArgumentException("buffer wraps neither an array nor a ByteBuffer");
        }
        if (source != directSource)
        {
            directSource = source;
            directView = source.duplicate();
        }
        final ByteBuffer view = directView;
        final int start = buffer.wrapAdjustment() + offset;
        view.limit(start + length).position(start);
        inflater.setInput(view);
    }

    private boolean grow()
    {
        final long limit = maxMessageLength + 1L;
        if (outputArray.length >= limit)
        {
            return false;
        }
        final long doubled = 2L * outputArray.length;
        // The last step goes straight to the limit: a buffer of exactly maxMessageLength would have to grow by one.
        final int newCapacity = (int)(doubled >= maxMessageLength ? limit : doubled);
        outputArray = Arrays.copyOf(outputArray, newCapacity);
        output.wrap(outputArray);
        return true;
    }

    private int fail(final int code, final String description)
    {
        errorDescription = description;
        inflater.reset();
        return code;
    }
}
