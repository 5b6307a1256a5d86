package io.wsnova.engine.transport;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.codec.frame.FrameDecoder;
import io.wsnova.codec.frame.FrameHandler;
import io.wsnova.codec.frame.Opcode;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The receive side of one connection: reads socket bytes into a reusable direct buffer, decodes frames in place
 * and hands messages to the {@link MessageSink}, answering pings and tracking pongs on the way.
 * <p>
 * Owned by exactly one thread: a virtual thread doing blocking reads ({@link #runBlocking()}), a platform thread
 * running this {@link Agent} ({@code SPIN}), or the application's thread calling {@link #doWork()} ({@code POLL}).
 * Every field is written by that thread only. The connecting thread never runs the reader, not even for the bytes
 * that came with the 101: in {@code POLL} mode those are decoded by the first {@link #doWork()} (the connection
 * is visible to the application's poll loop from {@code onOpen} on, so a connect thread decoding them would race
 * the poll loop over the buffer and the decoder on every reconnect).
 * Unfragmented messages reach the handler without a copy; the buffer grows only for a frame larger than it, up
 * to the frame limit. A compressed message (permessage-deflate) is inflated by the reader's own
 * {@link MessageInflater} and reaches the handler from its buffer. After warm-up the plain-TCP path allocates
 * nothing per message, compressed or not.
 */
final class Reader implements Agent, FrameHandler
{
    /**
     * Spin time after which a {@code VIRTUAL} reader that has not parked yields its carrier once (1 ms: at 10,000
     * msg/s one yield's small JDK task is ~4 B per message, and another virtual thread waits at most this long).
     */
    static final long FAIR_YIELD_NS = 1_000_000L;
    private final WebSocketSession session;
    private final Transport transport;
    /** The runtime's clock, read once per socket read and once per pong. */
    private final NanoClock clock;
    private final FrameDecoder decoder;
    /** Inflates compressed messages (permessage-deflate); null when not negotiated. */
    private final MessageInflater inflater;
    private final MessageSink sink;
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(0, 0);
    private final boolean terminateAgentWhenDone;
    private final int maxBufferLength;
    private ByteBuffer receiveByteBuffer;
    private int dataStart;
    private boolean closeReceived;
    /** A compressed message could not be inflated: the connection is failing, nothing more is delivered. */
    private boolean inflateFailed;
    private boolean started;
    private boolean done;
    /** The thread running this reader now; written by that thread only, read by the send path. */
    private volatile Thread owner;

    /**
     * Creates the reader of a connection whose handshake has completed.
     *
     * @param receiveByteBuffer the buffer the handshake response was read into, position at the end of the data.
     * @param dataStart         where the first frame starts (the bytes after the HTTP response head).
     */
    Reader(
        final WebSocketSession session,
        final MessageSink sink,
        final ByteBuffer receiveByteBuffer,
        final int dataStart,
        final boolean terminateAgentWhenDone)
    {
        this.session = session;
        this.transport = session.transport();
        this.clock = session.clock;
        this.sink = sink;
        final DeflateParameters deflate = session.deflateParameters();
        this.decoder = new FrameDecoder(this, session.options.maxFrameLength(), session.options.maxMessageLength(),
            deflate != null);
        this.inflater = deflate == null ? null :
            new MessageInflater(session.options.maxMessageLength(), deflate.serverNoContextTakeover);
        this.receiveByteBuffer = receiveByteBuffer;
        this.receiveBuffer.wrap(receiveByteBuffer);
        this.dataStart = dataStart;
        this.terminateAgentWhenDone = terminateAgentWhenDone;
        this.maxBufferLength = session.options.maxFrameLength() + FrameDecoder.MAX_HEADER_LENGTH +
            transport.minReadSpace();
    }

    /**
     * The {@code VIRTUAL} reader loop: blocking reads until the connection ends.
     */
    void runBlocking()
    {
        owner = Thread.currentThread();
        started = true;
        try
        {
            if (process())
            {
                final SpinBudget spin = new SpinBudget(session.options.virtualSpinNs());
                final Transport transport = this.transport;
                final NanoClock clock = this.clock;
                long spinSinceParkNs = 0;
                while (true)
                {
                    if (spin.maxSpinNs() > 0)
                    {
                        spinSinceParkNs = spinUntilReadable(spin, transport, sink, clock, spinSinceParkNs);
                    }
                    final int bytesRead = transport.read(receiveByteBuffer);
                    if (bytesRead > 0)
                    {
                        spin.onArrival(clock.nanoTime());
                    }
                    if (!onRead(bytesRead))
                    {
                        break;
                    }
                }
            }
        }
        catch (final Throwable error)
        {
            onError(error);
        }
        finally
        {
            finish();
        }
    }

    /**
     * The {@code VIRTUAL} reader's adaptive spin ({@link SpinBudget}): polls the socket's readable byte count with
     * {@code Thread.onSpinWait()} while the budget says the next message is due, so that the blocking read that
     * follows finds bytes and does not park (a park costs the JDK's poller machinery, which allocates). A virtual
     * thread is never preempted, so a reader that has spun for {@link #FAIR_YIELD_NS} without parking yields its
     * carrier once ({@code Thread.yield()}, which allocates one small task in the JDK) to let other virtual threads
     * run; and at most {@link SpinPermits#VIRTUAL_READERS} readers spin at once (one carrier stays free when there
     * are two or more), a reader refused a permit parks. While it spins the sink decides whether a {@code QUEUED}
     * handler needs the CPU ({@link MessageSink#onReaderSpin}): the reader then waits for the handler to take its
     * messages ({@link MessageSink#awaitHandler}) and spins on, or parks in the read.
     *
     * @return the spin time accumulated since the last park or yield.
     */
    private static long spinUntilReadable(
        final SpinBudget spin,
        final Transport transport,
        final MessageSink sink,
        final NanoClock clock,
        final long spinSinceParkNs)
        throws IOException
    {
        long spunBeforeNs = spinSinceParkNs;
        while (true)
        {
            if (transport.available() > 0)
            {
                return spunBeforeNs;
            }
            final long startNs = clock.nanoTime();
            if (!spin.shouldSpin(startNs) || !SpinPermits.VIRTUAL_READERS.tryAcquire())
            {
                // Not due soon, or enough readers already hold carriers spinning: the blocking read parks.
                return 0;
            }
            long spun = -1;
            int handler = MessageSink.KEEP_SPINNING;
            try
            {
                long nowNs = startNs;
                while (spin.shouldSpin(nowNs))
                {
                    Thread.onSpinWait();
                    if (transport.available() > 0)
                    {
                        spun = spunBeforeNs + clock.nanoTime() - startNs;
                        break;
                    }
                    nowNs = clock.nanoTime();
                    if ((handler = sink.onReaderSpin(nowNs - startNs)) != MessageSink.KEEP_SPINNING)
                    {
                        break; // the handler has not run: wait for it, or park so that it can (spun stays -1)
                    }
                }
            }
            finally
            {
                SpinPermits.VIRTUAL_READERS.release();
            }
            if (handler == MessageSink.AWAIT_HANDLER)
            {
                sink.awaitHandler(); // the carrier was free meanwhile: a park
                spunBeforeNs = 0;
                continue;
            }
            if (spun > FAIR_YIELD_NS)
            {
                Thread.yield();
                return 0;
            }
            if (spun >= 0)
            {
                return spun;
            }
            // The budget is spent: the blocking read parks.
            return 0;
        }
    }

    /**
     * Whether the calling thread is the one running this reader: its sends must never wait on the send lock.
     *
     * @return true on the reader's thread.
     */
    boolean isOwnerThread()
    {
        return owner == Thread.currentThread();
    }

    @Override
    public void onStart()
    {
        if (started)
        {
            return;
        }
        started = true;
        owner = Thread.currentThread();
        // The bytes that came with the 101 are decoded here, so a handler may already throw: this is the reader's
        // error boundary for them (SPIN's AgentRunner would swallow the error, POLL would throw into connect).
        try
        {
            if (!process())
            {
                finish();
            }
        }
        catch (final Throwable error)
        {
            onError(error);
            finish();
        }
    }

    @Override
    public int doWork()
    {
        if (!started)
        {
            // POLL: the first call on the application's thread decodes what came with the 101.
            onStart();
            return 1;
        }
        if (done)
        {
            if (terminateAgentWhenDone)
            {
                throw new AgentTerminationException();
            }
            return 0;
        }
        final Thread current = Thread.currentThread();
        if (owner != current)
        {
            // POLL: the application may move its poll loop to another thread (never two at once).
            owner = current;
        }
        try
        {
            final int bytesRead = transport.read(receiveByteBuffer);
            if (bytesRead == 0)
            {
                if (transport.hasPendingControl())
                {
                    session.onTransportControlPending();
                }
                return 0;
            }
            if (!onRead(bytesRead))
            {
                finish();
            }
            return 1;
        }
        catch (final Throwable error)
        {
            onError(error);
            finish();
            return 1;
        }
    }

    @Override
    public String roleName()
    {
        return "wsnova-reader-" + session.id();
    }

    /**
     * Accounts for a read and decodes what it brought.
     *
     * @return false when the connection has ended.
     */
    private boolean onRead(final int bytesRead)
    {
        if (bytesRead < 0)
        {
            if (session.status() == null)
            {
                session.fail(DisconnectReason.EOF, -1, "connection closed by peer without a close frame", null);
            }
            return false;
        }
        if (transport.hasPendingControl())
        {
            session.onTransportControlPending();
        }
        if (bytesRead > 0)
        {
            session.counters.onBytesReceived(bytesRead);
            session.onRead(clock.nanoTime());
            return process();
        }
        return true;
    }

    /**
     * Decodes every complete frame in the buffer and makes room for the next read.
     *
     * @return false when the connection has ended (protocol error).
     */
    private boolean process()
    {
        final ByteBuffer byteBuffer = receiveByteBuffer;
        final int end = byteBuffer.position();
        int start = dataStart;
        if (closeReceived)
        {
            byteBuffer.clear();
            dataStart = 0;
            return true;
        }

        if (end > start)
        {
            final int result = decoder.decode(receiveBuffer, start, end - start);
            if (result < 0)
            {
                final int closeCode = FrameDecoder.closeCodeOf(result);
                session.fail(DisconnectReason.PROTOCOL_ERROR, closeCode,
                    FrameDecoder.errorDescription(decoder.errorReason()), null);
                return false;
            }
            start += result;
            session.counters.onFramesReceived(decoder.framesDecoded());
            if (inflateFailed)
            {
                return false;
            }
        }

        if (start >= end || closeReceived)
        {
            byteBuffer.clear();
            dataStart = 0;
            return true;
        }

        final int remaining = end - start;
        final int minSpace = transport.minReadSpace();
        final int pending = decoder.pendingFrameLength();
        final int needed = Math.max(pending, remaining) + minSpace;
        if (needed > byteBuffer.capacity())
        {
            grow(start, remaining, Math.min(Math.max(needed, byteBuffer.capacity() * 2), maxBufferLength));
        }
        else if (byteBuffer.capacity() - end < minSpace || start + Math.max(pending, remaining) > byteBuffer.capacity())
        {
            receiveBuffer.putBytes(0, receiveBuffer, start, remaining);
            byteBuffer.limit(byteBuffer.capacity()).position(remaining);
            dataStart = 0;
        }
        else
        {
            dataStart = start;
        }
        return true;
    }

    private void grow(final int start, final int remaining, final int capacity)
    {
        final ByteBuffer grown = ByteBuffer.allocateDirect(Math.max(capacity, remaining + transport.minReadSpace()));
        final UnsafeBuffer old = new UnsafeBuffer(receiveByteBuffer);
        receiveByteBuffer = grown;
        receiveBuffer.wrap(grown);
        receiveBuffer.putBytes(0, old, start, remaining);
        grown.position(remaining);
        dataStart = 0;
    }

    private void onError(final Throwable error)
    {
        if (error instanceof HandlerFailure failure)
        {
            session.fail(DisconnectReason.HANDLER_ERROR, CloseCodes.INTERNAL_ERROR,
                "message handler threw " + failure.getCause().getClass().getName(), failure.getCause());
        }
        else if (error instanceof javax.net.ssl.SSLException)
        {
            session.fail(DisconnectReason.TLS_ERROR, -1, "TLS failure: " + error.getMessage(), error);
        }
        else if (error instanceof IOException)
        {
            session.fail(DisconnectReason.IO_ERROR, -1, "read failed: " + error.getMessage(), error);
        }
        else
        {
            session.fail(DisconnectReason.IO_ERROR, CloseCodes.INTERNAL_ERROR,
                "reader failed: " + error.getClass().getName(), error);
        }
    }

    private void finish()
    {
        if (done)
        {
            return;
        }
        done = true;
        if (inflater != null)
        {
            inflater.close();
        }
        try
        {
            sink.close();
        }
        finally
        {
            session.terminate(new CloseStatus(
                DisconnectReason.EOF, CloseCodes.ABNORMAL_CLOSURE, "connection ended", null));
        }
    }

    @Override
    public void onMessage(final int opcode, final DirectBuffer buffer, final int offset, final int length)
    {
        if (inflateFailed)
        {
            return;
        }
        if (inflater != null && decoder.isMessageCompressed())
        {
            onCompressedMessage(opcode, buffer, offset, length);
            return;
        }
        session.counters.onMessageReceived();
        try
        {
            sink.onMessage(opcode, buffer, offset, length);
        }
        catch (final RuntimeException | Error ex)
        {
            throw new HandlerFailure(ex);
        }
    }

    private void onCompressedMessage(final int opcode, final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageInflater inflater = this.inflater;
        final int inflated = inflater.inflate(opcode == Opcode.TEXT, buffer, offset, length);
        if (inflated < 0)
        {
            // The frames after this one in the same read are dropped: the connection is failed.
            inflateFailed = true;
            session.fail(DisconnectReason.PROTOCOL_ERROR, -inflated, inflater.errorDescription(), null);
            return;
        }
        session.counters.onMessageReceived();
        try
        {
            sink.onMessage(opcode, inflater.output(), 0, inflated);
        }
        catch (final RuntimeException | Error ex)
        {
            throw new HandlerFailure(ex);
        }
    }

    @Override
    public void onPing(final DirectBuffer buffer, final int offset, final int length)
    {
        session.counters.onPingReceived();
        session.sendPong(buffer, offset, length);
    }

    @Override
    public void onPong(final DirectBuffer buffer, final int offset, final int length)
    {
        session.counters.onPongReceived();
        session.onPong(buffer, offset, length, clock.nanoTime());
    }

    @Override
    public void onClose(final int statusCode, final DirectBuffer buffer, final int reasonOffset, final int reasonLength)
    {
        closeReceived = true;
        final String reason = reasonLength == 0 ? "" : buffer.getStringWithoutLengthUtf8(reasonOffset, reasonLength);
        // Answers the close if we have not sent ours; then the server closes TCP, within the close timeout.
        session.onCloseReceived(statusCode, reason);
    }

    /**
     * Carries a handler's exception out of the decoder to the reader's one error boundary. Allocated only when a
     * handler throws.
     */
    static final class HandlerFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        HandlerFailure(final Throwable cause)
        {
            super(cause);
        }
    }
}
