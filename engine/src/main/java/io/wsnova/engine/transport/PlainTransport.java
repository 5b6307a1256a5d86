package io.wsnova.engine.transport;

import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * TCP without TLS: reads go straight into the reader's receive buffer.
 */
final class PlainTransport extends Transport
{
    PlainTransport(final SocketChannel channel, final NanoClock clock)
    {
        super(channel, clock);
    }

    @Override
    int read(final ByteBuffer dst) throws IOException
    {
        return channel.read(dst);
    }

    @Override
    boolean write(final ByteBuffer src, final long deadlineNs) throws IOException
    {
        return writeFully(src, deadlineNs);
    }

    @Override
    void handshake(final long deadlineNs)
    {
    }

    @Override
    int minReadSpace()
    {
        return 4096;
    }
}
