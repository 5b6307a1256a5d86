package io.wsnova.benchmarks.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * The scheduler's account of one thread ({@code /proc/thread-self/schedstat}, opened on that thread): its time on
 * a CPU and its time runnable but waiting for one. For the receiver's handler thread, so that a report can tell a
 * reader that fell behind because the machine gave its CPU to others from one that was too slow. The file is
 * opened once by {@link #open()}; {@link #sample()} reads it again without allocating. A virtual thread reads its
 * carrier of the moment it opened the file.
 * <p>
 * Single-threaded: the thread that opened it samples it.
 */
final class ThreadSchedStat
{
    private final byte[] text = new byte[128];
    private RandomAccessFile file;
    private long cpuNs = -1;
    private long waitNs = -1;

    /**
     * Opens the calling thread's schedstat (allocates; call it outside any measured window).
     *
     * @return true when the kernel exposes it.
     */
    boolean open()
    {
        try
        {
            file = new RandomAccessFile("/proc/thread-self/schedstat", "r");
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            file = null;
            return false;
        }
    }

    /**
     * Reads the opened thread's figures again.
     *
     * @return true when read; {@link #cpuNs()} and {@link #waitNs()} are then the totals since the thread started.
     */
    boolean sample()
    {
        final RandomAccessFile file = this.file;
        if (file == null)
        {
            return false;
        }
        try
        {
            file.seek(0);
            final int length = file.read(text, 0, text.length);
            int i = 0;
            long cpu = 0;
            while (i < length && text[i] >= '0' && text[i] <= '9')
            {
                cpu = cpu * 10 + text[i++] - '0';
            }
            i++;
            long wait = 0;
            final int waitStart = i;
            while (i < length && text[i] >= '0' && text[i] <= '9')
            {
                wait = wait * 10 + text[i++] - '0';
            }
            if (i == waitStart)
            {
                return false;
            }
            cpuNs = cpu;
            waitNs = wait;
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Time on a CPU at the last {@link #sample()}.
     *
     * @return nanoseconds since the thread started, or -1.
     */
    long cpuNs()
    {
        return cpuNs;
    }

    /**
     * Time runnable but waiting for a CPU at the last {@link #sample()}.
     *
     * @return nanoseconds since the thread started, or -1.
     */
    long waitNs()
    {
        return waitNs;
    }

    void close()
    {
        try
        {
            if (file != null)
            {
                file.close();
            }
        }
        catch (final IOException ignore)
        {
            // closing: nothing to do
        }
    }
}
