package io.wsnova.testkit;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deterministic clock and timer for tests: a monotonic clock ({@link NanoClock}), a wall clock
 * ({@link EpochClock}, and {@link #epochNanoClock()} in ns) and a {@link ScheduledExecutorService} ({@link #timer()})
 * whose tasks run only when the test moves time forward ({@link #advance(long, TimeUnit)}), on the test's thread,
 * in order of due time (ties in the order they were scheduled), each with the clock set to its due time. Time
 * never moves by itself, so "after 29.999 s nothing happens, at 30 s it does" is an exact, millisecond-fast test.
 * <p>
 * The monotonic clock starts at {@link #START_NS}, not 0 (engines use 0 for "not set"); the wall clock at
 * {@link #START_EPOCH_MS}; both move together. Any thread may read the clocks (volatile) and schedule tasks; only
 * one thread should advance time. A task that schedules another task due within the advance gets it run in the same
 * advance. Periodic tasks are supported (fixed rate and fixed delay).
 * <p>
 * {@link #executor()} gives event executors whose tasks join the same queue at "now", so a test drives timers and
 * event threads together, without threads or sleeps; {@link #failures()} holds what any task threw (otherwise only
 * its future would see it, as on a real executor).
 */
public final class FakeClock implements NanoClock, EpochClock
{
    /** The monotonic time a new clock reads: well clear of 0. */
    public static final long START_NS = TimeUnit.SECONDS.toNanos(1_000);
    /** The wall-clock time a new clock reads: 2023-11-14T22:13:20Z. */
    public static final long START_EPOCH_MS = 1_700_000_000_000L;

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Timer timer = new Timer();
    private final EpochNanoClock epochNanoClock = () -> nanoTime() + epochOffset();
    private final long epochOffsetNs;
    private volatile long nowNs;

    /**
     * A clock at {@link #START_NS} and {@link #START_EPOCH_MS}.
     */
    public FakeClock()
    {
        this(START_NS, START_EPOCH_MS);
    }

    /**
     * A clock at the given times.
     *
     * @param startNs      the monotonic time; must not be 0.
     * @param startEpochMs the wall-clock time in ms since the epoch.
     */
    public FakeClock(final long startNs, final long startEpochMs)
    {
        if (startNs == 0)
        {
            throw new IllegalArgumentException("startNs must not be 0: engines read 0 as 'not set'");
        }
        this.nowNs = startNs;
        this.epochOffsetNs = TimeUnit.MILLISECONDS.toNanos(startEpochMs) - startNs;
    }

    /**
     * Monotonic now.
     *
     * @return nanoseconds.
     */
    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    /**
     * Wall-clock now.
     *
     * @return milliseconds since the epoch.
     */
    @Override
    public long time()
    {
        return TimeUnit.NANOSECONDS.toMillis(nowNs + epochOffsetNs);
    }

    /**
     * The wall clock in ns since the epoch, moving with this clock ({@link EpochNanoClock#nanoTime()} clashes with
     * {@link NanoClock#nanoTime()}, so it is a view).
     *
     * @return the view.
     */
    public EpochNanoClock epochNanoClock()
    {
        return epochNanoClock;
    }

    private long epochOffset()
    {
        return epochOffsetNs;
    }

    /**
     * The timer whose tasks run as time is advanced.
     *
     * @return the scheduler; {@code shutdown} stops it taking tasks.
     */
    public ScheduledExecutorService timer()
    {
        return timer;
    }

    /**
     * Moves time forward by {@code amount}, running every task due up to the new time, in order, each at its due
     * time, on the calling thread. A task that throws does not stop the others: its future holds the exception.
     *
     * @param amount how far, >= 0.
     * @param unit   its unit.
     * @return tasks run.
     */
    public int advance(final long amount, final TimeUnit unit)
    {
        if (amount < 0)
        {
            throw new IllegalArgumentException("time only moves forward: " + amount);
        }
        return advanceTo(nowNs + unit.toNanos(amount));
    }

    /**
     * Moves time forward by {@code nanos}.
     *
     * @param nanos how far, >= 0.
     * @return tasks run.
     */
    public int advanceNanos(final long nanos)
    {
        return advance(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Moves time forward by {@code millis}.
     *
     * @param millis how far, >= 0.
     * @return tasks run.
     */
    public int advanceMillis(final long millis)
    {
        return advance(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Moves time to {@code targetNs} (no-op when it is not later), running what falls due on the way.
     *
     * @param targetNs the monotonic time to reach.
     * @return tasks run.
     */
    public int advanceTo(final long targetNs)
    {
        int ran = 0;
        while (true)
        {
            final Task<?> task;
            lock.lock();
            try
            {
                final Task<?> head = tasks.peek();
                if (head == null || head.dueNs - targetNs > 0)
                {
                    if (targetNs - nowNs > 0)
                    {
                        nowNs = targetNs;
                    }
                    return ran;
                }
                task = tasks.poll();
                if (task.dueNs - nowNs > 0)
                {
                    nowNs = task.dueNs;
                }
            }
            finally
            {
                lock.unlock();
            }
            if (!task.isCancelled())
            {
                task.run();
                ran++;
            }
        }
    }

    /**
     * Runs the tasks due now (scheduled with no delay, e.g. through {@code execute}) without moving time.
     *
     * @return tasks run.
     */
    public int runDue()
    {
        return advanceTo(nowNs);
    }

    /**
     * What tasks run by this clock (timer or {@link #executor()} tasks) threw, in the order they threw it; a test
     * usually asserts this is empty after each case.
     *
     * @return the live list.
     */
    public List<Throwable> failures()
    {
        return failures;
    }

    /**
     * A new event executor on this clock: its tasks run at "now", in order with the timer's, during the next
     * {@link #advance(long, TimeUnit)} or {@link #runDue()}. Shutting it down makes it refuse new tasks, as a real
     * event executor does, without touching the clock's timer or other executors.
     *
     * @return the executor.
     */
    public ExecutorService executor()
    {
        return new EventExecutor();
    }

    /**
     * Tasks scheduled and not yet run or cancelled.
     *
     * @return the count.
     */
    public int pendingTasks()
    {
        lock.lock();
        try
        {
            int count = 0;
            for (final Task<?> task : tasks)
            {
                if (!task.isCancelled())
                {
                    count++;
                }
            }
            return count;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * When the next task falls due.
     *
     * @return its monotonic due time, or {@link Long#MAX_VALUE} when none is pending.
     */
    public long nextDueNs()
    {
        lock.lock();
        try
        {
            long next = Long.MAX_VALUE;
            for (final Task<?> task : tasks)
            {
                if (!task.isCancelled() && (next == Long.MAX_VALUE || task.dueNs - next < 0))
                {
                    next = task.dueNs;
                }
            }
            return next;
        }
        finally
        {
            lock.unlock();
        }
    }

    private <V> Task<V> enqueue(final Task<V> task)
    {
        if (timer.isShutdown())
        {
            throw new RejectedExecutionException("the fake timer was shut down");
        }
        lock.lock();
        try
        {
            tasks.add(task);
        }
        finally
        {
            lock.unlock();
        }
        return task;
    }

    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V>
    {
        private final long seq = sequence.incrementAndGet();
        /** 0: once; > 0: fixed rate; < 0: fixed delay. */
        private final long periodNs;
        private long dueNs;

        Task(final Callable<V> callable, final long dueNs)
        {
            super(callable);
            this.dueNs = dueNs;
            this.periodNs = 0;
        }

        Task(final Runnable runnable, final long dueNs, final long periodNs)
        {
            super(runnable, null);
            this.dueNs = dueNs;
            this.periodNs = periodNs;
        }

        @Override
        protected void setException(final Throwable failure)
        {
            failures.add(failure);
            super.setException(failure);
        }

        @Override
        public boolean isPeriodic()
        {
            return periodNs != 0;
        }

        @Override
        public long getDelay(final TimeUnit unit)
        {
            return unit.convert(dueNs - nowNs, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(final Delayed other)
        {
            if (other instanceof Task<?> task)
            {
                final int byDue = Long.signum(dueNs - task.dueNs);
                return byDue != 0 ? byDue : Long.compare(seq, task.seq);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public void run()
        {
            if (!isPeriodic())
            {
                super.run();
            }
            else if (runAndReset() && !timer.isShutdown())
            {
                dueNs = periodNs > 0 ? dueNs + periodNs : nowNs - periodNs;
                lock.lock();
                try
                {
                    tasks.add(this);
                }
                finally
                {
                    lock.unlock();
                }
            }
        }
    }

    private final class Timer extends Stoppable implements ScheduledExecutorService
    {
        @Override
        public ScheduledFuture<?> schedule(final Runnable command, final long delay, final TimeUnit unit)
        {
            return enqueue(new Task<>(Executors.callable(command, null), due(delay, unit)));
        }

        @Override
        public <V> ScheduledFuture<V> schedule(final Callable<V> callable, final long delay, final TimeUnit unit)
        {
            return enqueue(new Task<>(callable, due(delay, unit)));
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(
            final Runnable command, final long initialDelay, final long period, final TimeUnit unit)
        {
            if (period <= 0)
            {
                throw new IllegalArgumentException("period must be > 0: " + period);
            }
            return enqueue(new Task<>(command, due(initialDelay, unit), unit.toNanos(period)));
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(
            final Runnable command, final long initialDelay, final long delay, final TimeUnit unit)
        {
            if (delay <= 0)
            {
                throw new IllegalArgumentException("delay must be > 0: " + delay);
            }
            return enqueue(new Task<>(command, due(initialDelay, unit), -unit.toNanos(delay)));
        }

        @Override
        public void execute(final Runnable command)
        {
            schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        List<Runnable> drain()
        {
            lock.lock();
            try
            {
                final List<Runnable> pending = new ArrayList<>(tasks);
                tasks.clear();
                return pending;
            }
            finally
            {
                lock.unlock();
            }
        }

        private long due(final long delay, final TimeUnit unit)
        {
            return nowNs + Math.max(0, unit.toNanos(delay));
        }
    }

    private final class EventExecutor extends Stoppable
    {
        @Override
        public void execute(final Runnable command)
        {
            if (isShutdown())
            {
                throw new RejectedExecutionException("the fake event executor was shut down");
            }
            timer.execute(command);
        }
    }

    /**
     * Shut down means refusing new tasks; nothing runs on its own, so shut down is also terminated.
     */
    private abstract static class Stoppable extends AbstractExecutorService
    {
        private volatile boolean stopped;

        List<Runnable> drain()
        {
            return new ArrayList<>();
        }

        @Override
        public void shutdown()
        {
            stopped = true;
        }

        @Override
        public List<Runnable> shutdownNow()
        {
            stopped = true;
            return drain();
        }

        @Override
        public boolean isShutdown()
        {
            return stopped;
        }

        @Override
        public boolean isTerminated()
        {
            return stopped;
        }

        @Override
        public boolean awaitTermination(final long timeout, final TimeUnit unit)
        {
            return stopped;
        }
    }
}
