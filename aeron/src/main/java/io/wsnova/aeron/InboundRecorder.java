package io.wsnova.aeron;

import io.aeron.Publication;
import io.wsnova.engine.api.InboundTap;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records one connection for replay: an {@link InboundTap} that offers every inbound message, with its receive
 * times and the frames the client had sent, as a {@link CaptureDescriptor} record on a publication that Aeron
 * Archive records; plus the connection's lifecycle, the run's command line and the output line order, offered by
 * the recording command.
 * <p>
 * Back pressure: an offer that meets {@code BACK_PRESSURED} or {@code ADMIN_ACTION} is retried with
 * {@link Thread#onSpinWait()} for at most {@link #MAX_SPIN_NS}; a record still not taken (or a publication not
 * connected or closed) is counted in {@link RecorderCounters#archiveErrors()}, never waited for without bound.
 * <p>
 * Threads: {@link #onMessage} runs on the connection's reader thread (one at a time) with its own header buffer and
 * allocates nothing; {@link #onSend} and {@link #onSendText} run on any sending thread, are serialised by their own
 * lock (a sender never waits for the reader) and allocate nothing once the send buffer has grown to the largest
 * message; the other methods may be called from any thread and take a lock.
 */
public final class InboundRecorder implements InboundTap
{
    /** The longest a record spins on back pressure before it is counted as an archive error. */
    public static final long MAX_SPIN_NS = 1_000_000L;

    private final Publication publication;
    private final RecorderCounters counters;
    private final long connectionId;
    private final NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private final EpochNanoClock epochClock = new SystemEpochNanoClock();
    private final UnsafeBuffer tapHeader = new UnsafeBuffer(ByteBuffer.allocateDirect(CaptureDescriptor.HEADER_LENGTH));
    private final UnsafeBuffer otherHeader =
        new UnsafeBuffer(ByteBuffer.allocateDirect(CaptureDescriptor.HEADER_LENGTH));
    private final UnsafeBuffer text = new UnsafeBuffer(0, 0);
    private final ReentrantLock lock = new ReentrantLock();
    private final UnsafeBuffer sendHeader =
        new UnsafeBuffer(ByteBuffer.allocateDirect(CaptureDescriptor.HEADER_LENGTH));
    private final ExpandableDirectByteBuffer sent = new ExpandableDirectByteBuffer(1024);
    private final ReentrantLock sendLock = new ReentrantLock();

    /**
     * Creates the recorder of one connection.
     *
     * @param publication  the recorded publication (shared by the recorder's threads: a concurrent publication).
     * @param counters     where records and failures are counted.
     * @param connectionId the connection's id in the records.
     */
    public InboundRecorder(final Publication publication, final RecorderCounters counters, final long connectionId)
    {
        this.publication = publication;
        this.counters = counters;
        this.connectionId = connectionId;
    }

    @Override
    public void onOpen(final long epochNs, final long monotonicNs)
    {
        record(CaptureDescriptor.OPEN, epochNs, monotonicNs, 0, null);
    }

    @Override
    public void onMessage(final int type, final DirectBuffer buffer, final int offset, final int length,
        final long epochNs, final long monotonicNs, final long framesSent)
    {
        final UnsafeBuffer header = tapHeader;
        CaptureDescriptor.writeHeader(header, type == 2 ? CaptureDescriptor.BINARY : CaptureDescriptor.TEXT,
            connectionId, epochNs, monotonicNs, framesSent);
        if (offer(header, buffer, offset, length))
        {
            counters.messages().increment();
            counters.bytes().getAndAdd(length);
        }
    }

    @Override
    public void onSend(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        final ReentrantLock lock = sendLock;
        lock.lock();
        try
        {
            final UnsafeBuffer header = sendHeader;
            CaptureDescriptor.writeHeader(header, CaptureDescriptor.SENT, connectionId, sentEpochNs(),
                nanoClock.nanoTime(), type);
            offer(header, buffer, offset, length);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void onSendText(final CharSequence text)
    {
        final ReentrantLock lock = sendLock;
        lock.lock();
        try
        {
            final int length = utf8(text, sent);
            final UnsafeBuffer header = sendHeader;
            CaptureDescriptor.writeHeader(header, CaptureDescriptor.SENT, connectionId, sentEpochNs(),
                nanoClock.nanoTime(), 1);
            offer(header, sent, 0, length);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The wall-clock time of a send, at millisecond resolution: {@link SystemEpochNanoClock} allocates an
     * {@code Instant} per read, which a sender's thread (not JIT-warmed like the reader) would pay per request.
     */
    private static long sentEpochNs()
    {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /**
     * Encodes {@code text} as UTF-8 at the start of {@code out} (an unpaired surrogate becomes {@code ?}).
     *
     * @return the length in bytes.
     */
    static int utf8(final CharSequence text, final ExpandableDirectByteBuffer out)
    {
        final int chars = text.length();
        out.checkLimit(chars * 3);
        int at = 0;
        for (int i = 0; i < chars; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                out.putByte(at++, (byte)c);
            }
            else if (c < 0x800)
            {
                out.putByte(at++, (byte)(0xC0 | (c >> 6)));
                out.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                out.putByte(at++, (byte)(0xF0 | (cp >> 18)));
                out.putByte(at++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                out.putByte(at++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                out.putByte(at++, (byte)(0x80 | (cp & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                out.putByte(at++, (byte)'?');
            }
            else
            {
                out.putByte(at++, (byte)(0xE0 | (c >> 12)));
                out.putByte(at++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                out.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return at;
    }

    @Override
    public void onClose(final long epochNs, final long monotonicNs)
    {
        record(CaptureDescriptor.CLOSE, epochNs, monotonicNs, 0, null);
    }

    /**
     * Records a lifecycle event of the connection, stamped now.
     *
     * @param statusLine the event's JSON status line.
     */
    public void lifecycle(final String statusLine)
    {
        record(CaptureDescriptor.LIFECYCLE, epochClock.nanoTime(), nanoClock.nanoTime(), 0, statusLine);
    }

    /**
     * Records the command line of the run.
     *
     * @param args the arguments, one per line.
     */
    public void header(final String args)
    {
        record(CaptureDescriptor.HEADER, epochClock.nanoTime(), nanoClock.nanoTime(), 0, args);
    }

    /**
     * Records a status line of the run's output and its position, so that a replay prints the status line it
     * produces at the same place among the market lines.
     *
     * @param position its 0-based position among all lines of the run.
     * @param line     the line.
     */
    public void statusLine(final long position, final String line)
    {
        record(CaptureDescriptor.ASYNC_LINE, epochClock.nanoTime(), nanoClock.nanoTime(), position, line);
    }

    /**
     * Records the end of the run.
     *
     * @param lines how many lines the run printed.
     */
    public void end(final long lines)
    {
        record(CaptureDescriptor.END, epochClock.nanoTime(), nanoClock.nanoTime(), lines, null);
    }

    private void record(final int type, final long epochNs, final long monotonicNs, final long aux,
        final String payload)
    {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try
        {
            final UnsafeBuffer header = otherHeader;
            CaptureDescriptor.writeHeader(header, type, connectionId, epochNs, monotonicNs, aux);
            if (payload == null)
            {
                text.wrap(header, 0, 0);
            }
            else
            {
                text.wrap(payload.getBytes(StandardCharsets.UTF_8));
            }
            offer(header, text, 0, text.capacity());
        }
        finally
        {
            lock.unlock();
        }
    }

    private boolean offer(final DirectBuffer header, final DirectBuffer buffer, final int offset, final int length)
    {
        final Publication publication = this.publication;
        long result = publication.offer(header, 0, CaptureDescriptor.HEADER_LENGTH, buffer, offset, length, null);
        if (result > 0)
        {
            return true;
        }
        final long deadlineNs = nanoClock.nanoTime() + MAX_SPIN_NS;
        while ((result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) &&
            nanoClock.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
            result = publication.offer(header, 0, CaptureDescriptor.HEADER_LENGTH, buffer, offset, length, null);
        }
        if (result > 0)
        {
            return true;
        }
        counters.archiveErrors().increment();
        return false;
    }
}
