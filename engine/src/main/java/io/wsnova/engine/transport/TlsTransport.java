package io.wsnova.engine.transport;

import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS over a {@link SocketChannel} through {@link SSLEngine}: one path for blocking and non-blocking channels.
 * <p>
 * Threads: {@link #read} (unwrap) runs on the reader only and owns {@code netIn}; {@link #write} (wrap) runs under
 * the send lock and owns {@code netOut}. A post-handshake message that needs a wrap during a read (TLS 1.3 key
 * update) never makes the reader wait for the send lock: the read marks it pending, and it is wrapped and written
 * by whoever holds the send lock next ({@link #flushControl}), the reader itself if the lock is free. A control
 * write that times out leaves a partial record, so the session then fails the connection.
 * {@code SSLEngine} allows one wrap and one unwrap at the same time.
 * The JDK's engine allocates an {@code SSLEngineResult} per call, so unlike plain TCP the TLS path is not
 * allocation-free.
 */
final class TlsTransport extends Transport
{
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final int applicationBufferSize;
    /** Set by the reader when the engine needs a wrap after an unwrap; cleared under the send lock. */
    private volatile boolean handshakeWrapPending;

    TlsTransport(final SocketChannel channel, final SSLEngine engine, final NanoClock clock)
    {
        super(channel, clock);
        this.engine = engine;
        final int packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(packetSize * 2);
        this.netOut = ByteBuffer.allocateDirect(packetSize * 2);
        this.applicationBufferSize = engine.getSession().getApplicationBufferSize();
    }

    @Override
    int minReadSpace()
    {
        return applicationBufferSize + 64;
    }

    @Override
    void handshake(final long deadlineNs) throws IOException
    {
        final ByteBuffer scratch = ByteBuffer.allocate(applicationBufferSize);
        engine.beginHandshake();
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        while (status != SSLEngineResult.HandshakeStatus.FINISHED &&
            status != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING)
        {
            switch (status)
            {
                case NEED_WRAP:
                {
                    netOut.clear();
                    final SSLEngineResult result = engine.wrap(EMPTY, netOut);
                    netOut.flip();
                    if (!writeFully(netOut, deadlineNs))
                    {
                        throw new SocketTimeoutException("TLS handshake timed out writing");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED)
                    {
                        throw new SSLException("TLS engine closed during handshake");
                    }
                    status = result.getHandshakeStatus();
                    break;
                }

                case NEED_UNWRAP, NEED_UNWRAP_AGAIN:
                {
                    netIn.flip();
                    final SSLEngineResult result = engine.unwrap(netIn, scratch);
                    netIn.compact();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW)
                    {
                        awaitOps(SelectionKey.OP_READ, deadlineNs);
                        if (channel.read(netIn) < 0)
                        {
                            throw new SSLException("connection closed by peer during TLS handshake");
                        }
                        status = engine.getHandshakeStatus();
                    }
                    else if (result.getStatus() == SSLEngineResult.Status.CLOSED)
                    {
                        throw new SSLException("TLS engine closed during handshake");
                    }
                    else
                    {
                        status = result.getHandshakeStatus();
                    }
                    break;
                }

                case NEED_TASK:
                    runDelegatedTasks();
                    status = engine.getHandshakeStatus();
                    break;

                default:
                    throw new SSLException("unexpected TLS handshake status " + status);
            }
        }
        if (scratch.position() > 0)
        {
            throw new SSLException("unexpected application data during the TLS handshake");
        }
    }

    @Override
    int available() throws IOException
    {
        // Buffered network bytes may hold a whole record: let the reader read (it blocks only on a partial one).
        return netIn.position() > 0 ? netIn.position() : super.available();
    }

    @Override
    int read(final ByteBuffer dst) throws IOException
    {
        final ByteBuffer netIn = this.netIn;
        while (true)
        {
            if (netIn.position() > 0)
            {
                netIn.flip();
                final SSLEngineResult result = engine.unwrap(netIn, dst);
                netIn.compact();
                switch (result.getStatus())
                {
                    case OK:
                        handlePostHandshake(result.getHandshakeStatus());
                        if (result.bytesProduced() > 0)
                        {
                            return result.bytesProduced();
                        }
                        if (result.bytesConsumed() > 0)
                        {
                            continue;
                        }
                        break;

                    case CLOSED:
                        return EOF;

                    case BUFFER_OVERFLOW:
                        return 0;

                    case BUFFER_UNDERFLOW:
                    default:
                        if (!netIn.hasRemaining())
                        {
                            throw new SSLException("TLS record larger than the network buffer");
                        }
                        break;
                }
            }

            final int n = channel.read(netIn);
            if (n < 0)
            {
                return EOF;
            }
            if (n == 0)
            {
                return 0;
            }
        }
    }

    @Override
    boolean write(final ByteBuffer src, final long deadlineNs) throws IOException
    {
        final ByteBuffer netOut = this.netOut;
        while (src.hasRemaining())
        {
            netOut.clear();
            final SSLEngineResult result = engine.wrap(src, netOut);
            if (result.getStatus() != SSLEngineResult.Status.OK)
            {
                throw new SSLException("TLS wrap failed: " + result.getStatus());
            }
            netOut.flip();
            if (!writeFully(netOut, deadlineNs))
            {
                return false;
            }
        }
        return true;
    }

    private void handlePostHandshake(final SSLEngineResult.HandshakeStatus status) throws IOException
    {
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK)
        {
            runDelegatedTasks();
        }
        if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP)
        {
            handshakeWrapPending = true;
        }
    }

    @Override
    boolean hasPendingControl()
    {
        return handshakeWrapPending;
    }

    @Override
    boolean flushControl(final long deadlineNs) throws IOException
    {
        if (!handshakeWrapPending)
        {
            return true;
        }
        handshakeWrapPending = false;
        final ByteBuffer netOut = this.netOut;
        for (int i = 0; i < 4 && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP; i++)
        {
            netOut.clear();
            final SSLEngineResult result = engine.wrap(EMPTY, netOut);
            netOut.flip();
            if (!writeFully(netOut, deadlineNs))
            {
                return false;
            }
            if (result.getStatus() != SSLEngineResult.Status.OK)
            {
                break;
            }
        }
        return true;
    }

    private void runDelegatedTasks()
    {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null)
        {
            task.run();
        }
    }

    @Override
    void close()
    {
        engine.closeOutbound();
        super.close();
    }
}
