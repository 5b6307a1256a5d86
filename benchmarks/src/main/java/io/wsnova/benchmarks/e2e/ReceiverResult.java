package io.wsnova.benchmarks.e2e;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * What one receiver run measured; written by the child JVM as JSON and read by the rig. Public fields for
 * Jackson. Latencies are nanoseconds; the histogram is HdrHistogram's compressed encoding in Base64.
 */
public final class ReceiverResult
{
    public String client;
    public String variant;
    public String configuration;
    public long expectedMessages;
    public long receivedMessages;
    public long windowMessages;
    public long windowNs;
    public long allocatedBytes;
    /** CPU time of the whole receiver JVM (all threads: reader, handler, JIT, GC) during the window, or -1. */
    public long cpuNs = -1;
    public long gcCount;
    public long gcTimeMs;
    public String gcNames;
    public long decodeFailures;
    public long tailP50Ns;
    /**
     * Median latency from the server's write over the window's last tenth: the receiver's own backlog at the end
     * (the sender's lateness excluded), or -1 when not measured.
     */
    public long tailFromSentP50Ns = -1;
    public long runQueueWaitNs = -1;
    /**
     * The thread that ran the handler (the reader for INLINE, the handler thread for QUEUED; a virtual reader's
     * figures are its carrier's), or null when not measured.
     */
    public String handlerThread;
    /** Time the handler's thread spent on a CPU during the window ({@code schedstat}), or -1. */
    public long handlerCpuNs = -1;
    /** Time the handler's thread was runnable but waiting for a CPU during the window (others had it), or -1. */
    public long handlerWaitNs = -1;
    public int availableProcessors;
    public String jvm;
    public String jvmFlags;
    public String error;
    public String histogram;
    public String fromSentHistogram;

    /**
     * Bytes allocated per message over the measured window, by all threads of the receiver's JVM.
     *
     * @return bytes per message, or NaN when nothing was measured.
     */
    public double bytesPerMessage()
    {
        return windowMessages == 0 ? Double.NaN : (double)allocatedBytes / windowMessages;
    }

    /**
     * CPU time of the receiver JVM per message over the measured window: what the reader, the handler and every
     * other thread of the JVM (spinning included) cost per message.
     *
     * @return microseconds of CPU per message, or NaN when not measured.
     */
    public double cpuUsPerMessage()
    {
        return windowMessages == 0 || cpuNs < 0 ? Double.NaN : cpuNs / 1000.0 / windowMessages;
    }

    /**
     * Messages of the window per second of the handler thread's CPU time: what that thread could take with a CPU of
     * its own. Exact for a thread that blocks when idle; a lower bound for a spinning reader (its idle spin counts),
     * tight only when it never ran out of work.
     *
     * @return messages per CPU second, or NaN when not measured.
     */
    public double messagesPerHandlerCpuSecond()
    {
        return handlerCpuNs <= 0 ? Double.NaN : windowMessages * 1e9 / handlerCpuNs;
    }

    static String encode(final Histogram value)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(value.getNeededByteBufferCapacity());
        final int length = value.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * Decodes the latency histogram (from the intended send time).
     *
     * @return the histogram of the measured window (nanoseconds), empty if none was recorded.
     */
    public Histogram decodeHistogram()
    {
        return decode(histogram);
    }

    /**
     * Decodes the histogram of latency from the server's actual write.
     *
     * @return the histogram of the measured window (nanoseconds), empty if none was recorded.
     */
    public Histogram decodeFromSentHistogram()
    {
        return decode(fromSentHistogram);
    }

    private Histogram decode(final String encoded)
    {
        if (encoded == null)
        {
            return new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NS, 3);
        }
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalStateException("corrupt histogram in the result of " + client, ex);
        }
    }
}
