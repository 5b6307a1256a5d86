package io.wsnova.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The output of a replay. Market lines follow the recorded messages, so their order is the recording's; a status
 * line (printed by the reader, the event thread or a timer: its place among the others depends on thread timing)
 * is printed at the position the same status line had in the recording run. Lines are held (never the threads that
 * print them) until their turn; exactly the recorded number of lines is printed. Every printed line is one the
 * replay produced: a recorded status line the replay does not produce leaves the output waiting there (the replay
 * then diverged: fewer lines printed than recorded). Lines produced after the last recorded one are not printed
 * ({@link #afterEnd()}): the recording run stopped printing there while its last messages were still handled.
 */
final class MergedLines extends OutputStream
{
    private final OutputStream out;
    private final long[] statusPositions;
    private final String[] statusLines;
    private final long total;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final ArrayDeque<byte[]> marketLines = new ArrayDeque<>();
    private final Map<String, Integer> producedStatus = new HashMap<>();
    private final CountDownLatch complete = new CountDownLatch(1);
    private int nextStatus;
    /** Written under the lock, read without it (the replay server polls it before each message). */
    private volatile long printed;
    private long surplus;

    /**
     * Creates the output.
     *
     * @param out             where the lines go.
     * @param statusPositions the recorded positions of the status lines, ascending.
     * @param statusLines     the recorded status lines, in the same order.
     * @param total           the lines the recording run printed.
     */
    MergedLines(final OutputStream out, final long[] statusPositions, final String[] statusLines, final long total)
    {
        this.out = out;
        this.statusPositions = statusPositions;
        this.statusLines = statusLines;
        this.total = total;
        if (total == 0)
        {
            complete.countDown();
        }
    }

    @Override
    public void write(final int b) throws IOException
    {
        lock.lock();
        try
        {
            accept((byte)b);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        lock.lock();
        try
        {
            for (int i = offset; i < offset + length; i++)
            {
                accept(bytes[i]);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void accept(final byte b) throws IOException
    {
        if (b != '\n')
        {
            line.write(b);
            return;
        }
        final byte[] bytes = line.toByteArray();
        line.reset();
        if (RecordedLines.isStatus(bytes, bytes.length))
        {
            producedStatus.merge(new String(bytes, StandardCharsets.UTF_8), 1, Integer::sum);
        }
        else
        {
            marketLines.add(bytes);
        }
        drain();
    }

    private void drain() throws IOException
    {
        while (printed < total)
        {
            if (nextStatus < statusPositions.length && statusPositions[nextStatus] == printed)
            {
                final String expected = statusLines[nextStatus];
                final Integer count = producedStatus.get(expected);
                if (count == null)
                {
                    break;
                }
                if (count == 1)
                {
                    producedStatus.remove(expected);
                }
                else
                {
                    producedStatus.put(expected, count - 1);
                }
                out.write(expected.getBytes(StandardCharsets.UTF_8));
                nextStatus++;
            }
            else
            {
                final byte[] next = marketLines.poll();
                if (next == null)
                {
                    break;
                }
                out.write(next);
            }
            out.write('\n');
            printed++;
        }
        out.flush();
        if (printed == total)
        {
            for (final int count : producedStatus.values())
            {
                surplus += count;
            }
            surplus += marketLines.size();
            producedStatus.clear();
            marketLines.clear();
            complete.countDown();
        }
    }

    /**
     * Waits until every recorded line was printed.
     *
     * @param timeoutMs the longest wait.
     * @return true when all were printed.
     * @throws InterruptedException when interrupted.
     */
    boolean awaitComplete(final long timeoutMs) throws InterruptedException
    {
        return complete.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Lines printed so far.
     *
     * @return the count.
     */
    long printed()
    {
        return printed;
    }

    /**
     * Lines produced after every recorded line was printed.
     *
     * @return the count.
     */
    long afterEnd()
    {
        lock.lock();
        try
        {
            long waiting = marketLines.size();
            for (final int count : producedStatus.values())
            {
                waiting += count;
            }
            return surplus + waiting;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Where the output waits, for the divergence report.
     *
     * @return the awaited status line (or "a market line") and the status lines produced but not placed.
     */
    String waitingFor()
    {
        lock.lock();
        try
        {
            final String awaited = nextStatus < statusPositions.length && statusPositions[nextStatus] == printed ?
                statusLines[nextStatus] : "a market line";
            return "line " + (printed + 1) + " waits for " + awaited + "; status lines produced but not placed: " +
                producedStatus.keySet() + "; market lines waiting: " + marketLines.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void flush() throws IOException
    {
        out.flush();
    }
}
