package io.wsnova.benchmarks.e2e;

import org.HdrHistogram.Histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * Records each message's latency ({@code nowNs - intendedNs}) on the thread that runs the client's handler. The
 * first {@code warmupMessages} only count; the next {@code measuredMessages} go into a fixed-range histogram (no
 * auto-resize, so recording never allocates) and the last tenth of them also into a tail histogram whose median
 * tells whether the receiver was still keeping up with the schedule at the end of the window. A third histogram
 * takes {@code nowNs - sentNs}: the latency from the server's actual write, without the server's own lateness (and
 * a fourth its last tenth: the receiver's own backlog at the end of the window).
 * <p>
 * Single writer: {@link #record} is called by one handler thread at a time (libraries that hand messages from
 * different pool threads serialise their callbacks per connection). Other threads read {@link #count()} (acquire)
 * and, once it reached {@link #expectedMessages()}, the histograms.
 */
final class LatencyRecorder
{
    /** Highest recordable latency; larger ones are clamped to it (and will show as the maximum). */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(100);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final VarHandle COUNT;

    static
    {
        try
        {
            COUNT = MethodHandles.lookup().findVarHandle(LatencyRecorder.class, "count", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long warmupMessages;
    private final boolean trade;
    private final int intendedOffset;
    private final int sentOffset;
    private final long expectedMessages;
    private final long tailStart;
    private final Histogram histogram = new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Histogram tailHistogram = new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Histogram fromSentHistogram = new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Histogram tailFromSentHistogram = new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final ThreadSchedStat schedStat = new ThreadSchedStat();
    // written by the handler thread only, through COUNT
    private volatile long count;
    private long decodeFailures;
    /** The handler thread's name and scheduler figures over the window; published by the last COUNT release. */
    private String handlerThread;
    private long handlerCpuNs = -1;
    private long handlerWaitNs = -1;

    LatencyRecorder(final long warmupMessages, final long measuredMessages)
    {
        this(warmupMessages, measuredMessages, false);
    }

    /**
     * A recorder for the ticker or the trade message: receivers read the times at {@link #intendedOffset()} and
     * {@link #sentOffset()} of each payload and decode what {@link #trade()} says.
     *
     * @param warmupMessages   messages before the window.
     * @param measuredMessages messages in the window.
     * @param trade            true when the server sends the trade message.
     */
    LatencyRecorder(final long warmupMessages, final long measuredMessages, final boolean trade)
    {
        this.trade = trade;
        this.intendedOffset = trade ? TickerMessage.TRADE_INTENDED_NS_OFFSET : TickerMessage.INTENDED_NS_OFFSET;
        this.sentOffset = trade ? TickerMessage.TRADE_SENT_NS_OFFSET : TickerMessage.SENT_NS_OFFSET;
        this.warmupMessages = warmupMessages;
        this.expectedMessages = warmupMessages + measuredMessages;
        this.tailStart = expectedMessages - Math.max(1, measuredMessages / 10);
    }

    /**
     * Records one message.
     *
     * @param intendedNs the message's intended send time.
     * @param sentNs     when the server actually wrote it.
     * @param nowNs      {@link System#nanoTime()} once the handler has the message (decoded, for the decode variant).
     */
    void record(final long intendedNs, final long sentNs, final long nowNs)
    {
        final long n = (long)COUNT.getOpaque(this) + 1;
        if (n == 1)
        {
            onFirstMessage();
        }
        if (n > warmupMessages)
        {
            if (n == warmupMessages + 1 && schedStat.sample())
            {
                handlerCpuNs = -schedStat.cpuNs();
                handlerWaitNs = -schedStat.waitNs();
            }
            final long latencyNs = Math.min(HIGHEST_TRACKABLE_NS, Math.max(0, nowNs - intendedNs));
            final long fromSentNs = Math.min(HIGHEST_TRACKABLE_NS, Math.max(0, nowNs - sentNs));
            histogram.recordValue(latencyNs);
            fromSentHistogram.recordValue(fromSentNs);
            if (n > tailStart)
            {
                tailHistogram.recordValue(latencyNs);
                tailFromSentHistogram.recordValue(fromSentNs);
            }
        }
        if (n == expectedMessages)
        {
            onLastMessage();
        }
        COUNT.setRelease(this, n);
    }

    /**
     * Opens the handler thread's schedstat (allocates: before the window unless there is no warm-up).
     */
    private void onFirstMessage()
    {
        handlerThread = Thread.currentThread().isVirtual() ? "virtual (carrier's figures)" :
            Thread.currentThread().getName();
        if (!schedStat.open() || !schedStat.sample())
        {
            handlerThread = null; // (the first sample also runs the read path once, outside the window)
        }
    }

    private void onLastMessage()
    {
        if (handlerCpuNs <= 0 && schedStat.sample())
        {
            handlerCpuNs += schedStat.cpuNs();
            handlerWaitNs += schedStat.waitNs();
        }
        else
        {
            handlerCpuNs = -1;
            handlerWaitNs = -1;
        }
    }

    /**
     * Closes the handler thread's schedstat; any thread, once the last message was recorded (closing allocates, so
     * not on the handler's thread inside the window).
     */
    void close()
    {
        schedStat.close();
    }

    /**
     * Counts a message the decode variant could not decode (a bug in the rig or a client; reported).
     */
    void onDecodeFailure()
    {
        decodeFailures++;
    }

    /**
     * Whether the messages are the trade (decoded with the Binance handler or a Jackson trade), else the ticker.
     *
     * @return true for the trade.
     */
    boolean trade()
    {
        return trade;
    }

    /**
     * Offset of the intended time's field in each payload.
     *
     * @return the offset.
     */
    int intendedOffset()
    {
        return intendedOffset;
    }

    /**
     * Offset of the send time's field in each payload.
     *
     * @return the offset.
     */
    int sentOffset()
    {
        return sentOffset;
    }

    long count()
    {
        return (long)COUNT.getAcquire(this);
    }

    long warmupMessages()
    {
        return warmupMessages;
    }

    long expectedMessages()
    {
        return expectedMessages;
    }

    /**
     * The thread that ran the handler (its name, or a note for a virtual thread), once the last message was recorded.
     *
     * @return the name, or null when its figures are not available.
     */
    String handlerThread()
    {
        return handlerCpuNs < 0 ? null : handlerThread;
    }

    /**
     * Time the handler's thread spent on a CPU from the first to the last message of the window.
     *
     * @return nanoseconds, or -1 when not measured.
     */
    long handlerCpuNs()
    {
        return handlerCpuNs;
    }

    /**
     * Time the handler's thread was runnable but waiting for a CPU from the first to the last message of the window.
     *
     * @return nanoseconds, or -1 when not measured.
     */
    long handlerWaitNs()
    {
        return handlerWaitNs;
    }

    long decodeFailures()
    {
        return decodeFailures;
    }

    Histogram histogram()
    {
        return histogram;
    }

    Histogram fromSentHistogram()
    {
        return fromSentHistogram;
    }

    Histogram tailHistogram()
    {
        return tailHistogram;
    }

    /**
     * The window's last tenth, latency from the server's write: the receiver's own backlog at the end, without the
     * sender's lateness.
     *
     * @return the histogram.
     */
    Histogram tailFromSentHistogram()
    {
        return tailFromSentHistogram;
    }
}
