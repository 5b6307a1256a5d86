package io.wsnova.adapters.deribit;

import io.wsnova.testkit.Await;

import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DeribitBookTimer} on a clock the test advances by hand: tasks run on the test's thread, in due order,
 * only inside {@link #advance}. Lets the resync bounds be tested exactly and in milliseconds.
 */
final class ManualBookTimer implements DeribitBookTimer
{
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nowMs;
    private long sequence;

    @Override
    public void schedule(final Runnable task, final long delayMs)
    {
        lock.lock();
        try
        {
            tasks.add(new Task(nowMs + Math.max(0L, delayMs), sequence++, task));
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Moves the clock forward, running every task that falls due (including those the tasks schedule).
     */
    void advance(final long ms)
    {
        final long targetMs;
        lock.lock();
        try
        {
            targetMs = nowMs + ms;
        }
        finally
        {
            lock.unlock();
        }
        while (true)
        {
            final Task next;
            lock.lock();
            try
            {
                next = tasks.peek();
                if (next == null || next.dueMs > targetMs)
                {
                    nowMs = targetMs;
                    return;
                }
                tasks.poll();
                nowMs = Math.max(nowMs, next.dueMs);
            }
            finally
            {
                lock.unlock();
            }
            next.task.run();
        }
    }

    /**
     * Runs what is due now.
     */
    void runDue()
    {
        advance(0);
    }

    /**
     * Waits (up to 5 s) until a task is due now, then runs what is due: for work the message or event thread
     * hands over.
     */
    void awaitAndRunDue()
    {
        Await.until(this::hasDue, 5_000, "a timer task due");
        runDue();
    }

    boolean hasDue()
    {
        lock.lock();
        try
        {
            final Task next = tasks.peek();
            return next != null && next.dueMs <= nowMs;
        }
        finally
        {
            lock.unlock();
        }
    }

    int pending()
    {
        lock.lock();
        try
        {
            return tasks.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    private record Task(long dueMs, long sequence, Runnable task) implements Comparable<Task>
    {
        @Override
        public int compareTo(final Task other)
        {
            return dueMs != other.dueMs ? Long.compare(dueMs, other.dueMs) : Long.compare(sequence, other.sequence);
        }
    }
}
