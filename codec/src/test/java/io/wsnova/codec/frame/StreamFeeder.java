package io.wsnova.codec.frame;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Plays the reader: appends received chunks after the unconsumed bytes, decodes until the decoder needs more
 * data, then moves the unconsumed tail to the start of its buffer. Allocation-free once sized.
 */
final class StreamFeeder
{
    private final FrameDecoder decoder;
    private final UnsafeBuffer buffer;
    private int start;
    private int limit;
    private long framesBytesConsumed;

    StreamFeeder(final FrameDecoder decoder, final int capacity)
    {
        this.decoder = decoder;
        this.buffer = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * Append a chunk and decode what is complete.
     *
     * @return the last decode result: 0 when waiting for data, a negative error, or, once a close frame was
     * decoded, the positive count of the call that consumed it.
     */
    int feed(final DirectBuffer src, final int offset, final int length)
    {
        buffer.putBytes(limit, src, offset, length);
        limit += length;

        while (true)
        {
            final int result = decoder.decode(buffer, start, limit - start);
            if (result < 0)
            {
                return result;
            }
            if (result == FrameDecoder.NEED_MORE_DATA)
            {
                if (start > 0)
                {
                    buffer.putBytes(0, buffer, start, limit - start);
                    limit -= start;
                    start = 0;
                }
                return result;
            }
            start += result;
            framesBytesConsumed += result;
            if (decoder.isCloseReceived())
            {
                return result;
            }
        }
    }

    int unconsumed()
    {
        return limit - start;
    }

    long bytesConsumed()
    {
        return framesBytesConsumed;
    }
}
