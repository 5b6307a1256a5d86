package io.wsnova.engine.transport;

import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Bytes in and out of one socket, plain or TLS. The only class family that touches the {@link SocketChannel}.
 * <p>
 * {@link #read} is called by the reader thread only; {@link #write} under the connection's send lock only. In
 * blocking mode (the {@code VIRTUAL} IO mode) a write that blocks forever is bounded by the watchdog, which closes
 * the channel; in non-blocking mode the write loop itself gives up at its deadline.
 */
abstract class Transport
{
    /** Read result: end of stream (TCP FIN, or a TLS close_notify). */
    static final int EOF = -1;

    final SocketChannel channel;
    /** The runtime's clock: every deadline here is a time of this clock. */
    final NanoClock clock;
    private Selector selector;
    /** The socket's stream, only for {@link #available()}; created by the reader thread on first use. */
    private InputStream availableStream;
    /**
     * A thread parked outside the socket that {@link #close()} must wake (a {@code VIRTUAL} reader waiting for its
     * {@code QUEUED} handler), or null; written by that thread before it checks {@link SocketChannel#isOpen()}.
     */
    private volatile Thread closeWaiter;

    Transport(final SocketChannel channel, final NanoClock clock)
    {
        this.channel = channel;
        this.clock = clock;
    }

    /**
     * Reads application bytes into {@code dst} at its position.
     *
     * @param dst where the bytes go; must have room for at least one TLS record when TLS is used.
     * @return bytes added (0 when nothing was available on a non-blocking channel), or {@link #EOF}.
     * @throws IOException on a read or TLS failure.
     */
    abstract int read(ByteBuffer dst) throws IOException;

    /**
     * Bytes a {@link #read} could take now without waiting: for the {@code VIRTUAL} reader's spin, which polls with
     * this while its channel stays in blocking mode (so that sends from other threads keep their blocking
     * semantics). One {@code ioctl(FIONREAD)}; no allocation after the first call. Reader thread only.
     *
     * @return a positive count when a read would not block (TLS: any buffered input counts), else 0.
     * @throws IOException when the channel was closed.
     */
    int available() throws IOException
    {
        InputStream stream = availableStream;
        if (stream == null)
        {
            stream = channel.socket().getInputStream();
            availableStream = stream;
        }
        return stream.available();
    }

    /**
     * Writes every remaining byte of {@code src}.
     *
     * @param src        the bytes to write, from position to limit.
     * @param deadlineNs time of the runtime's clock past which a non-blocking write gives up.
     * @return true when written; false when the deadline passed with bytes still unwritten.
     * @throws IOException on a write or TLS failure, or when the channel was closed under the write.
     */
    abstract boolean write(ByteBuffer src, long deadlineNs) throws IOException;

    /**
     * Whether a control message (TLS post-handshake) waits to be written by the holder of the send lock.
     *
     * @return true when {@link #flushControl} has work; always false for plain TCP.
     */
    boolean hasPendingControl()
    {
        return false;
    }

    /**
     * Writes a pending control message; caller holds the send lock. A false return means bytes of it were left
     * unwritten: the caller must fail the connection, never write anything after them.
     *
     * @param deadlineNs time of the runtime's clock past which a non-blocking write gives up.
     * @return true when written (or nothing was pending).
     * @throws IOException on a write or TLS failure.
     */
    boolean flushControl(final long deadlineNs) throws IOException
    {
        return true;
    }

    /**
     * Runs the TLS handshake (nothing for plain TCP) on the non-blocking channel.
     *
     * @param deadlineNs when to give up.
     * @throws IOException on failure; {@link java.net.SocketTimeoutException} at the deadline.
     */
    abstract void handshake(long deadlineNs) throws IOException;

    /**
     * Bytes of room a read needs in its destination buffer.
     *
     * @return the minimum free space for {@link #read}.
     */
    abstract int minReadSpace();

    /**
     * Writes raw bytes to the channel until done or the deadline, whatever the channel's blocking mode.
     */
    final boolean writeFully(final ByteBuffer src, final long deadlineNs) throws IOException
    {
        final SocketChannel channel = this.channel;
        while (src.hasRemaining())
        {
            if (channel.write(src) == 0)
            {
                if (clock.nanoTime() - deadlineNs > 0)
                {
                    return false;
                }
                if (selector != null)
                {
                    awaitOps(SelectionKey.OP_WRITE, deadlineNs);
                }
                else
                {
                    LockSupport.parkNanos(1_000);
                }
            }
        }
        return true;
    }

    /**
     * Puts the channel in non-blocking mode with a selector, for the connect phase.
     */
    final void beginNonBlockingPhase() throws IOException
    {
        channel.configureBlocking(false);
        selector = Selector.open();
    }

    /**
     * Ends the connect phase: drops the selector and sets the blocking mode the reader wants.
     *
     * @param blocking true for the VIRTUAL reader, false for SPIN and POLL.
     */
    final void endNonBlockingPhase(final boolean blocking) throws IOException
    {
        if (selector != null)
        {
            selector.close();
            selector = null;
        }
        channel.configureBlocking(blocking);
    }

    /**
     * Waits (connect phase only) until the channel is ready for {@code ops} or the deadline passes.
     */
    final void awaitOps(final int ops, final long deadlineNs) throws IOException
    {
        final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - clock.nanoTime());
        if (remainingMs <= 0)
        {
            throw new java.net.SocketTimeoutException("timed out");
        }
        final SelectionKey key = channel.keyFor(selector) != null ?
            channel.keyFor(selector) : channel.register(selector, ops);
        key.interestOps(ops);
        selector.selectedKeys().clear();
        selector.select(Math.max(1, remainingMs));
    }

    /**
     * Reads (connect phase only) at least one application byte into {@code dst}, waiting up to the deadline.
     *
     * @return bytes read or {@link #EOF}.
     */
    final int readWithin(final ByteBuffer dst, final long deadlineNs) throws IOException
    {
        while (true)
        {
            final int n = read(dst);
            if (n != 0)
            {
                return n;
            }
            awaitOps(SelectionKey.OP_READ, deadlineNs);
        }
    }

    /**
     * Registers the thread that {@link #close()} unparks (then it checks {@link SocketChannel#isOpen()} before it
     * parks: the volatile store here and the channel's volatile close flag order the two sides).
     *
     * @param waiter the reader thread.
     */
    void closeWaiter(final Thread waiter)
    {
        closeWaiter = waiter;
    }

    /**
     * Closes the socket; idempotent, safe from any thread, unblocks a blocked read or write, and wakes the
     * {@link #closeWaiter(Thread)}.
     */
    void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing: nothing more to do
        }
        final Thread waiter = closeWaiter;
        if (waiter != null)
        {
            LockSupport.unpark(waiter); // after the close: the waiter re-checks isOpen() and ends its wait
        }
        final Selector s = selector;
        if (s != null)
        {
            try
            {
                s.close();
            }
            catch (final IOException ignore)
            {
                // closing: nothing more to do
            }
        }
    }
}
