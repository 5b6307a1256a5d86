package io.wsnova.engine.transport;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.codec.frame.FrameEncoder;
import io.wsnova.codec.frame.Opcode;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.ConnectionCounters;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.InboundTap;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.api.WsUrl;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection after a successful handshake: the send path, the state machine and the terminal status.
 * The receive side is the {@link Reader}; deadlines are enforced by the {@link Watchdog}.
 * <p>
 * Threads: sends from any thread under {@link #sendLock}; the reader thread reads; the watchdog thread checks
 * deadlines and may fail the connection.
 * <p>
 * The reader never waits on the send lock (a writer may hold it for up to the send timeout while the peer does
 * not read, and market data must keep flowing): a send on the reader's thread (a pong, the echo of a close, an
 * adapter's answer such as Deribit's {@code public/test}, a TLS post-handshake message) takes the lock only if it
 * is free; otherwise the reader encodes the frame into its own buffer and appends it to the outbox (under
 * {@link #outboxLock}, held only for a copy), and whoever holds the send lock flushes the outbox right after
 * releasing it ({@link #unlockAndFlush()}). The reader publishes {@code outboxPending} before it tries the lock and
 * the holder reads it after it releases the lock, so a deferred frame is always flushed, in order.
 * <p>
 * The terminal status is set once (first failure or close wins) and the connection ends exactly once, on the
 * reader's thread (or the polling thread in {@code POLL} mode).
 */
final class WebSocketSession implements WebSocket
{
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle STATE;
    private static final VarHandle STATUS;
    private static final VarHandle WRITE_START_NS;
    private static final VarHandle LAST_READ_NS;
    private static final VarHandle PING_SENT_NS;
    private static final VarHandle CLOSE_FRAME_SENT;
    /** The most the outbox holds; a reader send that does not fit fails with {@link #SEND_FAILED}. */
    static final int OUTBOX_LIMIT = 1024 * 1024;
    private static final VarHandle PING_SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Ping ids, unique in the JVM so that no pong can ever match a ping of another connection. */
    private static final AtomicLong PING_IDS = new AtomicLong();
    /** Pings whose pongs are still recognised; a pong for an older one is unsolicited. Power of two. */
    private static final int OUTSTANDING_PINGS = 16;
    /** Payload of {@link #ping()}: the ping's id, then its send time. */
    static final int PING_ID_OFFSET = 0;
    static final int PING_SENT_NS_OFFSET = 8;
    static final int PING_PAYLOAD_LENGTH = 16;
    /** Marks the id field of a keepalive ping: its pong is reported with ping id 0. */
    private static final long KEEPALIVE_PING_FLAG = 1L << 62;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(WebSocketSession.class, "state", State.class);
            STATUS = lookup.findVarHandle(WebSocketSession.class, "status", CloseStatus.class);
            WRITE_START_NS = lookup.findVarHandle(WebSocketSession.class, "writeStartNs", long.class);
            LAST_READ_NS = lookup.findVarHandle(WebSocketSession.class, "lastReadNs", long.class);
            PING_SENT_NS = lookup.findVarHandle(WebSocketSession.class, "pingSentNs", long.class);
            CLOSE_FRAME_SENT = lookup.findVarHandle(WebSocketSession.class, "closeFrameSent", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final ReentrantLock sendLock;
    /** The runtime's monotonic clock: every time of this connection (reads, pings, writes, close) is from it. */
    final NanoClock clock;
    final WebSocketOptions options;
    final WebSocketHandler handler;
    final ConnectionCounters counters = new ConnectionCounters();
    final long sendTimeoutNs;
    /** Sees every data message this WebSocket is about to write (null: none, no cost). */
    private final InboundTap tap;
    private final long id = IDS.incrementAndGet();
    private final WsUrl url;
    private final String subprotocol;
    private final Transport transport;
    private final Watchdog watchdog;
    private final FrameEncoder encoder = new FrameEncoder();
    private final CompletableFuture<CloseStatus> closeFuture = new CompletableFuture<>();
    private final UnsafeBuffer pingPayload = new UnsafeBuffer(new byte[PING_PAYLOAD_LENGTH]);
    /**
     * Ids of the last {@link #OUTSTANDING_PINGS} pings, slot {@code id & (OUTSTANDING_PINGS - 1)}: set (release)
     * under the send lock by {@link #ping()}, cleared by the reader with a CAS when the pong for that id arrives,
     * so each ping is answered at most once.
     */
    private final long[] outstandingPings = new long[OUTSTANDING_PINGS];
    /** Next keepalive ping time; written by the watchdog thread only. */
    long keepaliveDueNs;
    /** Set by the watchdog before it starts a keepalive ping, cleared by the ping's thread. */
    volatile boolean keepalivePingInFlight;
    final Runnable keepalivePing = this::sendKeepalivePing;
    private Reader reader;
    private final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(64 * 1024);
    /** The reader thread's own encoder, buffer and ping payload: used only for sends on the reader's thread. */
    private final FrameEncoder readerEncoder = new FrameEncoder();
    private final ExpandableDirectByteBuffer readerBuffer = new ExpandableDirectByteBuffer(4 * 1024);
    private final UnsafeBuffer readerPingPayload = new UnsafeBuffer(new byte[PING_PAYLOAD_LENGTH]);
    /** Frames the reader could not send because the lock was held; guarded by {@link #outboxLock}. */
    private final ReentrantLock outboxLock = new ReentrantLock();
    private final ExpandableDirectByteBuffer outbox = new ExpandableDirectByteBuffer(4 * 1024);
    private int outboxLength;
    private int outboxFrames;
    /** Set (under outboxLock) by the reader when it defers a frame, cleared by the flushing lock holder. */
    private volatile boolean outboxPending;

    private volatile State state = State.OPEN;
    private volatile CloseStatus status;
    private volatile long closeStartedNs;
    /** Set once, by CAS, by whichever thread sends (or defers) the close frame. */
    private volatile boolean closeFrameSent;
    @SuppressWarnings("unused") // accessed through WRITE_START_NS
    private long writeStartNs;
    @SuppressWarnings("unused") // accessed through LAST_READ_NS
    private long lastReadNs;
    @SuppressWarnings("unused") // accessed through PING_SENT_NS
    private long pingSentNs;
    /** Read stamp of the message a queued pipeline is delivering; written and read by the handler thread only. */
    long queuedMessageReadNs;
    private final boolean queued;
    /** permessage-deflate as negotiated, or null; read by the reader to build its inflater. */
    private final DeflateParameters deflateParameters;
    /** Compresses data messages sent under the send lock; null when outbound messages go uncompressed. */
    private final MessageDeflater deflater;

    WebSocketSession(
        final WsUrl url,
        final String subprotocol,
        final Transport transport,
        final ReentrantLock sendLock,
        final WebSocketOptions options,
        final WebSocketHandler handler,
        final Watchdog watchdog)
    {
        this(url, subprotocol, null, transport, sendLock, options, handler, watchdog);
    }

    WebSocketSession(
        final WsUrl url,
        final String subprotocol,
        final DeflateParameters deflateParameters,
        final Transport transport,
        final ReentrantLock sendLock,
        final WebSocketOptions options,
        final WebSocketHandler handler,
        final Watchdog watchdog)
    {
        this.deflateParameters = deflateParameters;
        this.deflater = deflateParameters != null && deflateParameters.compressOutbound() ?
            new MessageDeflater(deflateParameters.clientNoContextTakeover) : null;
        this.url = url;
        this.clock = transport.clock;
        this.watchdog = watchdog;
        this.subprotocol = subprotocol;
        this.transport = transport;
        this.sendLock = sendLock;
        this.options = options;
        this.handler = handler;
        this.sendTimeoutNs = options.sendTimeoutMs() * 1_000_000L;
        this.tap = options.inboundTap();
        this.queued = options.pipelineMode() == PipelineMode.QUEUED;
        LAST_READ_NS.setRelease(this, clock.nanoTime());
    }

    void reader(final Reader reader)
    {
        this.reader = reader;
    }

    Transport transport()
    {
        return transport;
    }

    /**
     * permessage-deflate as negotiated in the handshake.
     *
     * @return the parameters, or null when the connection does not compress.
     */
    DeflateParameters deflateParameters()
    {
        return deflateParameters;
    }

    @Override
    public long id()
    {
        return id;
    }

    @Override
    public WsUrl url()
    {
        return url;
    }

    @Override
    public String subprotocol()
    {
        return subprotocol;
    }

    @Override
    public State state()
    {
        return state;
    }

    @Override
    public ConnectionCounters counters()
    {
        return counters;
    }

    @Override
    public CompletableFuture<CloseStatus> closeFuture()
    {
        return closeFuture;
    }

    @Override
    public Agent pollAgent()
    {
        if (options.ioMode() != IoMode.POLL)
        {
            throw new IllegalStateException("pollAgent: the connection's ioMode is " + options.ioMode() + ", not POLL");
        }
        return reader;
    }

    @Override
    public int sendText(final CharSequence text)
    {
        if (state != State.OPEN)
        {
            return NOT_CONNECTED;
        }
        final InboundTap tap = this.tap;
        if (tap != null)
        {
            tap.onSendText(text);
        }
        if (isReaderThread())
        {
            final ExpandableDirectByteBuffer buffer = readerBuffer;
            buffer.checkLimit(FrameEncoder.maxEncodedLength(text.length() * 3));
            return sendFromReader(buffer, 0, readerEncoder.encodeText(buffer, 0, text), true);
        }
        final ReentrantLock lock = sendLock;
        lock.lock();
        try
        {
            if (deflater != null && text.length() > 0)
            {
                if (state != State.OPEN)
                {
                    return NOT_CONNECTED;
                }
                return writeCompressed(Opcode.TEXT, deflater.deflateText(encoder, text, sendBuffer,
                    FrameEncoder.MAX_HEADER_LENGTH));
            }
            ensureSendCapacity(FrameEncoder.maxEncodedLength(text.length() * 3));
            return writeOut(encoder.encodeText(sendBuffer, 0, text));
        }
        finally
        {
            unlockAndFlush();
        }
    }

    @Override
    public int sendText(final DirectBuffer buffer, final int offset, final int length)
    {
        return sendFrame(Opcode.TEXT, buffer, offset, length);
    }

    @Override
    public int sendBinary(final DirectBuffer buffer, final int offset, final int length)
    {
        return sendFrame(Opcode.BINARY, buffer, offset, length);
    }

    @Override
    public int send(final int type, final PayloadWriter writer)
    {
        if (state != State.OPEN)
        {
            return NOT_CONNECTED;
        }
        final int opcode = type == WebSocketHandler.BINARY ? Opcode.BINARY : Opcode.TEXT;
        if (isReaderThread())
        {
            final ExpandableDirectByteBuffer buffer = readerBuffer;
            final int payloadOffset = FrameEncoder.MAX_HEADER_LENGTH;
            final int length = writer.write(buffer, payloadOffset);
            if (length < 0)
            {
                return INVALID_PAYLOAD;
            }
            tapSend(opcode, buffer, payloadOffset, length);
            final int start = readerEncoder.encodeInPlace(buffer, payloadOffset, length, opcode, true);
            return sendFromReader(buffer, start, payloadOffset + length, true);
        }
        final ReentrantLock lock = sendLock;
        lock.lock();
        try
        {
            return encodePayload(opcode, writer);
        }
        finally
        {
            unlockAndFlush();
        }
    }

    @Override
    public int sendPing(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > 125)
        {
            return INVALID_PAYLOAD;
        }
        return sendFrame(Opcode.PING, buffer, offset, length);
    }

    @Override
    public long ping()
    {
        return sendTimedPing(0L);
    }

    /**
     * Sends a ping whose payload is its id (with {@code flags}) and send time.
     *
     * @return the ping's id, or a negative result code.
     */
    private long sendTimedPing(final long flags)
    {
        if (state != State.OPEN)
        {
            return NOT_CONNECTED;
        }
        if (isReaderThread())
        {
            final ExpandableDirectByteBuffer buffer = readerBuffer;
            final long pingId = nextPing(readerPingPayload, flags);
            final int result = sendFromReader(buffer, 0, readerEncoder.encode(buffer, 0, Opcode.PING, true,
                readerPingPayload, 0, PING_PAYLOAD_LENGTH), true);
            return result > 0 ? pingId : result;
        }
        final ReentrantLock lock = sendLock;
        lock.lock();
        try
        {
            final long pingId = nextPing(pingPayload, flags);
            final int result = writeOut(encoder.encode(sendBuffer, 0, Opcode.PING, true, pingPayload, 0,
                PING_PAYLOAD_LENGTH));
            return result > 0 ? pingId : result;
        }
        finally
        {
            unlockAndFlush();
        }
    }

    /**
     * Fills a ping payload with a new id and the send time, and registers the id as outstanding.
     */
    private long nextPing(final UnsafeBuffer payload, final long flags)
    {
        final long pingId = PING_IDS.incrementAndGet();
        final long nowNs = clock.nanoTime();
        final long wireId = pingId | flags;
        payload.putLong(PING_ID_OFFSET, wireId);
        payload.putLong(PING_SENT_NS_OFFSET, nowNs);
        PING_SLOTS.setRelease(outstandingPings, (int)pingId & (OUTSTANDING_PINGS - 1), wireId);
        PING_SENT_NS.setRelease(this, nowNs);
        return pingId;
    }

    private void sendKeepalivePing()
    {
        try
        {
            sendTimedPing(KEEPALIVE_PING_FLAG);
        }
        finally
        {
            keepalivePingInFlight = false;
        }
    }

    /**
     * Called by the reader for a pong. RFC 6455 5.5.3: a pong echoes the application data of the ping it answers,
     * and unsolicited pongs are allowed. So a pong is matched to its ping by payload: one that echoes an
     * outstanding {@link #ping()} (id and send time) reports that ping's id and round trip, once; any other pong
     * (unsolicited, an answer to {@link #sendPing}, a repeat, or a ping too old to be remembered) reports nothing.
     */
    void onPong(final DirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        if (length != PING_PAYLOAD_LENGTH)
        {
            return;
        }
        final long wireId = buffer.getLong(offset + PING_ID_OFFSET);
        if (wireId <= 0 ||
            !PING_SLOTS.compareAndSet(outstandingPings, (int)wireId & (OUTSTANDING_PINGS - 1), wireId, 0L))
        {
            return;
        }
        final long sentNs = buffer.getLong(offset + PING_SENT_NS_OFFSET);
        // Only the latest ping's pong stops the pong timeout; an older ping's pong leaves the latest one waiting.
        PING_SENT_NS.compareAndSet(this, sentNs, 0L);
        handler.onPong(this, (wireId & KEEPALIVE_PING_FLAG) != 0 ? 0L : wireId, nowNs - sentNs);
    }

    /**
     * Sends a pong echoing a ping's payload (reader thread: never waits on the send lock).
     */
    void sendPong(final DirectBuffer buffer, final int offset, final int length)
    {
        sendFrame(Opcode.PONG, buffer, offset, length);
    }

    @Override
    public void close()
    {
        close(CloseCodes.NORMAL, "");
    }

    @Override
    public void close(final int code, final String reason)
    {
        // Validated before any state change: an invalid code must not mark the connection CLOSING, record a
        // status or mark a close frame as sent that never was.
        if (!CloseCodes.isValidOnWire(code))
        {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        if (!STATE.compareAndSet(this, State.OPEN, State.CLOSING))
        {
            return;
        }
        closeStartedNs = clock.nanoTime();
        setStatus(new CloseStatus(DisconnectReason.LOCAL_CLOSE, code, reason, null));
        sendCloseFrame(code, reason);
    }

    /**
     * The server's close frame arrived (reader thread): answer it if we have not sent ours, and wait for TCP close.
     */
    void onCloseReceived(final int code, final String reason)
    {
        setStatus(new CloseStatus(DisconnectReason.REMOTE_CLOSE, code, reason, null));
        if (STATE.compareAndSet(this, State.OPEN, State.CLOSING))
        {
            closeStartedNs = clock.nanoTime();
        }
        if (!closeFrameSent)
        {
            final boolean echo = code != CloseCodes.NO_STATUS_RECEIVED;
            sendCloseFrame(echo ? code : -1, "");
        }
    }

    @Override
    public void fail(final DisconnectReason reason, final String message)
    {
        fail(reason, -1, message, null);
    }

    /**
     * Fails the connection: records why (first status wins), sends a close frame when the protocol calls for one
     * and closes the socket, which ends the reader. Safe from any thread; never blocks on the send lock for long.
     *
     * @param reason         why.
     * @param closeCodeToSend the close code to send, or -1 to send no close frame.
     * @param message        description for the status.
     * @param cause          the exception behind it, or null.
     */
    void fail(final DisconnectReason reason, final int closeCodeToSend, final String message, final Throwable cause)
    {
        final int reportedCode = closeCodeToSend > 0 ? closeCodeToSend : CloseCodes.ABNORMAL_CLOSURE;
        setStatus(new CloseStatus(reason, reportedCode, message, cause));
        STATE.compareAndSet(this, State.OPEN, State.CLOSING);
        if (closeCodeToSend > 0 && !closeFrameSent)
        {
            sendCloseFrame(closeCodeToSend, "");
        }
        transport.close();
    }

    /**
     * Ends the connection after the reader stopped: exactly once, on the reader's (or poller's) thread.
     */
    void terminate(final CloseStatus fallback)
    {
        setStatus(fallback);
        transport.close();
        state = State.CLOSED;
        endDeflater();
        watchdog.unregister(this);
        final CloseStatus finalStatus = status;
        try
        {
            handler.onClose(this, finalStatus);
        }
        catch (final Throwable ignore)
        {
            // a throwing onClose must not prevent the future from completing
        }
        closeFuture.complete(finalStatus);
    }

    CloseStatus status()
    {
        return status;
    }

    /**
     * Frees the deflater's native state once no sender can use it: under the send lock, which a sender holds only
     * briefly once the socket is closed. If a sender still holds it, the deflater's Cleaner frees it when the
     * connection is collected; never wait on the reader's thread.
     */
    private void endDeflater()
    {
        final MessageDeflater deflater = this.deflater;
        if (deflater != null && sendLock.tryLock())
        {
            try
            {
                deflater.close();
            }
            finally
            {
                sendLock.unlock();
            }
        }
    }

    boolean isCloseFrameSent()
    {
        return closeFrameSent;
    }

    long closeStartedNs()
    {
        return closeStartedNs;
    }

    long writeStartNs()
    {
        return (long)WRITE_START_NS.getAcquire(this);
    }

    @Override
    public long lastReadNs()
    {
        return (long)LAST_READ_NS.getAcquire(this);
    }

    @Override
    public long messageReadNs()
    {
        return queued ? queuedMessageReadNs : (long)LAST_READ_NS.getAcquire(this);
    }

    long pingSentNs()
    {
        return (long)PING_SENT_NS.getAcquire(this);
    }

    void onRead(final long nowNs)
    {
        LAST_READ_NS.setRelease(this, nowNs);
    }

    /**
     * The reader is held back by a full queue ({@code BLOCK}): it is not reading, so silence is ours, not the
     * server's; keep the idle and pong timers from firing.
     */
    void onBackPressure(final long nowNs)
    {
        LAST_READ_NS.setRelease(this, nowNs);
        PING_SENT_NS.setRelease(this, 0L);
    }

    private void setStatus(final CloseStatus newStatus)
    {
        STATUS.compareAndSet(this, null, newStatus);
    }

    private void sendCloseFrame(final int code, final String reason)
    {
        final ReentrantLock lock = sendLock;
        if (isReaderThread())
        {
            if (!CLOSE_FRAME_SENT.compareAndSet(this, false, true))
            {
                return;
            }
            final ExpandableDirectByteBuffer buffer = readerBuffer;
            final int length = code < 0 ?
                readerEncoder.encode(buffer, 0, Opcode.CLOSE, true, buffer, 0, 0) :
                readerEncoder.encodeClose(buffer, 0, code, reason == null ? "" : reason);
            sendFromReader(buffer, 0, length, false);
            return;
        }
        try
        {
            if (!lock.tryLock(options.sendTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS))
            {
                transport.close();
                return;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            transport.close();
            return;
        }
        try
        {
            if (!CLOSE_FRAME_SENT.compareAndSet(this, false, true))
            {
                return;
            }
            final int length = code < 0 ?
                encoder.encode(sendBuffer, 0, Opcode.CLOSE, true, sendBuffer, 0, 0) :
                encoder.encodeClose(sendBuffer, 0, code, reason == null ? "" : reason);
            writeRaw(sendBuffer, 0, length);
        }
        finally
        {
            unlockAndFlush();
        }
    }

    private int sendFrame(final int opcode, final DirectBuffer buffer, final int offset, final int length)
    {
        if (state != State.OPEN)
        {
            return NOT_CONNECTED;
        }
        tapSend(opcode, buffer, offset, length);
        if (isReaderThread())
        {
            if (deflater != null && length > 0 && opcode <= Opcode.BINARY && sendLock.tryLock())
            {
                // The lock is free: compress as any sender would (an echo from an INLINE handler). When it is
                // held, the message goes through the outbox uncompressed, which leaves the context untouched.
                try
                {
                    flushPending();
                    if (state != State.OPEN)
                    {
                        return NOT_CONNECTED;
                    }
                    return writeCompressed(opcode, deflater.deflate(buffer, offset, length, sendBuffer,
                        FrameEncoder.MAX_HEADER_LENGTH));
                }
                finally
                {
                    unlockAndFlush();
                }
            }
            final ExpandableDirectByteBuffer readerBuffer = this.readerBuffer;
            readerBuffer.checkLimit(FrameEncoder.maxEncodedLength(length));
            return sendFromReader(readerBuffer, 0,
                readerEncoder.encode(readerBuffer, 0, opcode, true, buffer, offset, length), true);
        }
        final ReentrantLock lock = sendLock;
        lock.lock();
        try
        {
            if (deflater != null && length > 0 && opcode <= Opcode.BINARY)
            {
                if (state != State.OPEN)
                {
                    return NOT_CONNECTED;
                }
                return writeCompressed(opcode, deflater.deflate(buffer, offset, length, sendBuffer,
                    FrameEncoder.MAX_HEADER_LENGTH));
            }
            ensureSendCapacity(FrameEncoder.maxEncodedLength(length));
            return writeOut(encoder.encode(sendBuffer, 0, opcode, true, buffer, offset, length));
        }
        finally
        {
            unlockAndFlush();
        }
    }

    /**
     * Writes {@code length} encoded bytes from the start of the send buffer; caller holds the send lock.
     */
    private int writeOut(final int length)
    {
        if (length <= 0)
        {
            return INVALID_PAYLOAD;
        }
        if (state != State.OPEN)
        {
            return NOT_CONNECTED;
        }
        return writeRaw(sendBuffer, 0, length);
    }

    /**
     * Writes bytes [start, end) of {@code buffer} to the socket; caller holds the send lock.
     */
    private int writeRaw(final ExpandableDirectByteBuffer buffer, final int start, final int end)
    {
        final ByteBuffer out = buffer.byteBuffer();
        out.limit(end).position(start);
        final long startNs = clock.nanoTime();
        WRITE_START_NS.setRelease(this, startNs);
        try
        {
            if (!transport.write(out, startNs + sendTimeoutNs))
            {
                fail(DisconnectReason.SEND_TIMEOUT, -1, "write blocked for more than " + options.sendTimeoutMs() +
                    " ms: the peer stopped reading", null);
                return SEND_FAILED;
            }
        }
        catch (final ClosedChannelException ex)
        {
            fail(DisconnectReason.IO_ERROR, -1, "connection closed during a write", ex);
            return SEND_FAILED;
        }
        catch (final IOException ex)
        {
            fail(DisconnectReason.IO_ERROR, -1, "write failed: " + ex.getMessage(), ex);
            return SEND_FAILED;
        }
        finally
        {
            WRITE_START_NS.setRelease(this, 0L);
        }
        counters.onMessageSent(end - start);
        return end - start;
    }

    /**
     * Shows a data message (text or binary, not a control frame) about to be written to the tap, if one is set.
     */
    private void tapSend(final int opcode, final DirectBuffer buffer, final int offset, final int length)
    {
        final InboundTap tap = this.tap;
        if (tap != null && (opcode == Opcode.TEXT || opcode == Opcode.BINARY))
        {
            tap.onSend(opcode, buffer, offset, length);
        }
    }

    /**
     * Whether the caller is the reader's thread, whose sends must never wait on the send lock.
     */
    private boolean isReaderThread()
    {
        final Reader reader = this.reader;
        return reader != null && reader.isOwnerThread();
    }

    /**
     * Sends an encoded frame from the reader's thread: now if the send lock is free, else through the outbox.
     *
     * @param data true for a data frame or ping (refused once the connection is closing), false for a close.
     * @return bytes written or deferred, or a negative result code.
     */
    private int sendFromReader(final ExpandableDirectByteBuffer buffer, final int start, final int end,
        final boolean data)
    {
        if (end - start <= 0)
        {
            return INVALID_PAYLOAD;
        }
        final ReentrantLock lock = sendLock;
        if (lock.tryLock())
        {
            try
            {
                flushPending();
                if (data && state != State.OPEN)
                {
                    return NOT_CONNECTED;
                }
                return writeRaw(buffer, start, end);
            }
            finally
            {
                unlockAndFlush();
            }
        }
        final int length = end - start;
        final ReentrantLock outboxLock = this.outboxLock;
        outboxLock.lock();
        try
        {
            if (outboxLength + length > OUTBOX_LIMIT)
            {
                return SEND_FAILED;
            }
            outbox.putBytes(outboxLength, buffer, start, length);
            outboxLength += length;
            outboxFrames++;
            outboxPending = true;
        }
        finally
        {
            outboxLock.unlock();
        }
        // The holder may have released the lock after our tryLock and before outboxPending was set: look again.
        if (lock.tryLock())
        {
            try
            {
                flushPending();
            }
            finally
            {
                unlockAndFlush();
            }
        }
        return length;
    }

    /**
     * The reader's transport has a control message to write (TLS post-handshake): write it now if the send lock
     * is free, else leave it to the lock holder. Reader thread.
     */
    void onTransportControlPending()
    {
        final ReentrantLock lock = sendLock;
        if (lock.tryLock())
        {
            try
            {
                flushPending();
            }
            finally
            {
                unlockAndFlush();
            }
        }
    }

    /**
     * Releases the send lock, then flushes what the reader deferred meanwhile (if the lock is still free; else its
     * next holder does). Every holder of the send lock releases it through here.
     */
    private void unlockAndFlush()
    {
        final ReentrantLock lock = sendLock;
        lock.unlock();
        while ((outboxPending || transport.hasPendingControl()) && lock.tryLock())
        {
            try
            {
                flushPending();
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    /**
     * Writes the transport's pending control message and the outbox, in that order; caller holds the send lock.
     * A control write that cannot complete fails the connection: a partial TLS record is never followed by more.
     */
    private void flushPending()
    {
        final Transport transport = this.transport;
        if (transport.hasPendingControl())
        {
            final long startNs = clock.nanoTime();
            WRITE_START_NS.setRelease(this, startNs);
            try
            {
                if (!transport.flushControl(startNs + sendTimeoutNs))
                {
                    fail(DisconnectReason.SEND_TIMEOUT, -1, "TLS control write blocked for more than " +
                        options.sendTimeoutMs() + " ms: the peer stopped reading", null);
                }
            }
            catch (final IOException ex)
            {
                fail(ex instanceof javax.net.ssl.SSLException ? DisconnectReason.TLS_ERROR : DisconnectReason.IO_ERROR,
                    -1, "TLS control write failed: " + ex.getMessage(), ex);
            }
            finally
            {
                WRITE_START_NS.setRelease(this, 0L);
            }
        }
        if (!outboxPending)
        {
            return;
        }
        final int length;
        final int frames;
        final ReentrantLock outboxLock = this.outboxLock;
        outboxLock.lock();
        try
        {
            outboxPending = false;
            length = outboxLength;
            frames = outboxFrames;
            if (length > 0)
            {
                sendBuffer.checkLimit(length);
                sendBuffer.putBytes(0, outbox, 0, length);
            }
            outboxLength = 0;
            outboxFrames = 0;
        }
        finally
        {
            outboxLock.unlock();
        }
        if (length > 0 && writeRaw(sendBuffer, 0, length) > 0)
        {
            for (int i = 1; i < frames; i++)
            {
                counters.onMessageSent(0);
            }
        }
    }

    private void ensureSendCapacity(final int required)
    {
        sendBuffer.checkLimit(required);
    }

    /**
     * Encodes a {@link PayloadWriter}'s payload in place behind room for the frame header; caller holds the lock.
     */
    private int encodePayload(final int opcode, final PayloadWriter writer)
    {
        final int payloadOffset = FrameEncoder.MAX_HEADER_LENGTH;
        final int length = writer.write(sendBuffer, payloadOffset);
        if (length < 0)
        {
            return INVALID_PAYLOAD;
        }
        if (state != State.OPEN)
        {
            return NOT_CONNECTED;
        }
        tapSend(opcode, sendBuffer, payloadOffset, length);
        if (deflater != null && length > 0)
        {
            return writeCompressed(opcode, deflater.deflate(sendBuffer, payloadOffset, length, sendBuffer,
                payloadOffset));
        }
        final int start = encoder.encodeInPlace(sendBuffer, payloadOffset, length, opcode, true);
        return writeRaw(sendBuffer, start, payloadOffset + length);
    }

    /**
     * Frames a compressed payload written at {@code MAX_HEADER_LENGTH} of the send buffer (header before it, RSV1
     * set, masked in place) and writes it; caller holds the send lock.
     */
    private int writeCompressed(final int opcode, final int compressedLength)
    {
        if (state != State.OPEN)
        {
            return NOT_CONNECTED;
        }
        final int payloadOffset = FrameEncoder.MAX_HEADER_LENGTH;
        final int start = encoder.encodeInPlace(sendBuffer, payloadOffset, compressedLength, opcode, true);
        MessageDeflater.markCompressed(sendBuffer, start);
        return writeRaw(sendBuffer, start, payloadOffset + compressedLength);
    }
}
