package io.wsnova.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lines of one {@code ./nova stream} run: one writer lock for every thread that prints (message, event and
 * timer threads), one line per call, flushed per line, and the count of market events that ends the run. After
 * {@link #stop()} nothing more is printed.
 */
final class StreamOutput
{
    private final PrintStream out;
    private final long count;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch enough = new CountDownLatch(1);
    private long marketEvents;
    private volatile boolean stopping;

    /**
     * Creates the output.
     *
     * @param out   where lines go.
     * @param count market events before the run ends, 0 = no limit.
     */
    StreamOutput(final PrintStream out, final long count)
    {
        this.out = out;
        this.count = count;
    }

    /**
     * Prints a market event's line unless the run has ended, and counts it. Any thread.
     *
     * @param line the line, without a newline.
     */
    void market(final CharSequence line)
    {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try
        {
            if (acceptsMarket())
            {
                out.append(line).append('\n');
                out.flush();
                counted();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Prints a status line unless the run has ended. Any thread.
     *
     * @param line the line, without a newline.
     */
    void status(final CharSequence line)
    {
        if (!stopping)
        {
            emit(line);
        }
    }

    /**
     * Prints a line whatever the state of the run. Any thread.
     *
     * @param line the line, without a newline.
     */
    void emit(final CharSequence line)
    {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try
        {
            out.append(line).append('\n');
            out.flush();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Takes the writer lock, for a printer that renders into its own buffer and then calls
     * {@link #writeMarket(byte[], int)} or {@link #writeStatus(byte[], int)}.
     */
    void lock()
    {
        lock.lock();
    }

    /**
     * Releases the writer lock.
     */
    void unlock()
    {
        lock.unlock();
    }

    /**
     * Whether a market event would still be printed. Under the lock.
     *
     * @return false once the run is stopping or the count is reached.
     */
    boolean acceptsMarket()
    {
        return !stopping && enough.getCount() != 0;
    }

    /**
     * Whether a status would still be printed.
     *
     * @return false once the run is stopping.
     */
    boolean acceptsStatus()
    {
        return !stopping;
    }

    /**
     * Writes a market event's line (UTF-8 bytes) and counts it. Under the lock, after {@link #acceptsMarket()}.
     *
     * @param bytes  the line.
     * @param length its length.
     */
    void writeMarket(final byte[] bytes, final int length)
    {
        writeStatus(bytes, length);
        counted();
    }

    /**
     * Writes a status line (UTF-8 bytes). Under the lock.
     *
     * @param bytes  the line.
     * @param length its length.
     */
    void writeStatus(final byte[] bytes, final int length)
    {
        out.write(bytes, 0, length);
        out.write('\n');
        out.flush();
    }

    /**
     * Counts a market event that was handled without a line (published elsewhere) unless the run has ended. Any
     * thread.
     */
    void count()
    {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try
        {
            if (acceptsMarket())
            {
                counted();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void counted()
    {
        if (count > 0 && ++marketEvents >= count)
        {
            enough.countDown();
        }
    }

    /**
     * Waits until the count of market events is reached.
     *
     * @param timeoutMs the longest wait.
     * @return true when reached.
     * @throws InterruptedException when interrupted.
     */
    boolean awaitCount(final long timeoutMs) throws InterruptedException
    {
        return enough.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Whether writing failed (a closed pipe).
     *
     * @return true after an error.
     */
    boolean failed()
    {
        return out.checkError();
    }

    /**
     * Ends the run: nothing more is printed.
     */
    void stop()
    {
        stopping = true;
    }

    /**
     * Flushes what was printed.
     */
    void flush()
    {
        out.flush();
    }
}
