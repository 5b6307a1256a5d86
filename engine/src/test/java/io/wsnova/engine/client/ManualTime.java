package io.wsnova.engine.client;

import io.wsnova.engine.runtime.EngineTime;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deterministic time for tests: a manual monotonic clock, a wall clock that moves with it, and a single-threaded
 * scheduler whose tasks run only inside {@link #advance(long)} (on the calling thread), in order of due time, then
 * of scheduling. {@link #executor()} gives event executors that queue onto the same task list at "now", so a test
 * drives timers and event threads together, without threads or sleeps. Test-only; not thread-safe by design: one
 * test thread drives it.
 */
final class ManualTime extends AbstractExecutorService implements ScheduledExecutorService, NanoClock, EpochClock
{
    /** Monotonic time starts here (not 0, so that no part can mistake a real timestamp for "unset"). */
    static final long START_NS = 1_000_000_000L;
    static final long START_EPOCH_MS = 1_700_000_000_000L;

    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>((a, b) ->
        a.dueNs != b.dueNs ? Long.compare(a.dueNs, b.dueNs) : Long.compare(a.order, b.order));
    private final List<Throwable> failures = new ArrayList<>();
    private long nowNs = START_NS;
    private long sequence;
    private long tasksRun;

    EngineTime engineTime()
    {
        return new EngineTime(this, this, this);
    }

    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    @Override
    public long time()
    {
        return START_EPOCH_MS + TimeUnit.NANOSECONDS.toMillis(nowNs - START_NS);
    }

    /**
     * Moves time forward, running every task due by then in order; tasks they schedule that fall due within the
     * window run too.
     *
     * @param durationNs how far to move.
     */
    void advance(final long durationNs)
    {
        final long targetNs = nowNs + durationNs;
        Task<?> task;
        while ((task = tasks.peek()) != null && task.dueNs - targetNs <= 0)
        {
            tasks.poll();
            nowNs = Math.max(nowNs, task.dueNs);
            tasksRun++;
            task.run();
        }
        nowNs = targetNs;
    }

    void advanceMs(final long durationMs)
    {
        advance(TimeUnit.MILLISECONDS.toNanos(durationMs));
    }

    /**
     * Runs everything due now (event work queued by the test's last action), without moving time.
     */
    void runPending()
    {
        advance(0);
    }

    /**
     * The due time of the next task, or -1 when none is scheduled.
     */
    long nextDueNs()
    {
        final Task<?> next = tasks.peek();
        return next == null ? -1 : next.dueNs;
    }

    /**
     * What tasks threw (a scheduled task's exception is otherwise invisible, as on a real executor).
     */
    List<Throwable> failures()
    {
        return failures;
    }

    long tasksRun()
    {
        return tasksRun;
    }

    /**
     * An event executor on this time: tasks run at "now" during the next {@link #advance}. Shutting it down makes
     * it refuse new tasks, as a real event executor does.
     */
    ExecutorService executor()
    {
        return new AbstractExecutorService()
        {
            private boolean shutdown;

            @Override
            public void execute(final Runnable command)
            {
                if (shutdown)
                {
                    throw new RejectedExecutionException("shut down");
                }
                ManualTime.this.execute(command);
            }

            @Override
            public void shutdown()
            {
                shutdown = true;
            }

            @Override
            public List<Runnable> shutdownNow()
            {
                shutdown = true;
                return new ArrayList<>();
            }

            @Override
            public boolean isShutdown()
            {
                return shutdown;
            }

            @Override
            public boolean isTerminated()
            {
                return shutdown;
            }

            @Override
            public boolean awaitTermination(final long timeout, final TimeUnit unit)
            {
                return shutdown;
            }
        };
    }

    @Override
    public void execute(final Runnable command)
    {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(final Runnable command, final long delay, final TimeUnit unit)
    {
        return add(new Task<>(() ->
        {
            command.run();
            return null;
        }, nowNs + Math.max(0, unit.toNanos(delay)), sequence++));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(final Callable<V> callable, final long delay, final TimeUnit unit)
    {
        return add(new Task<>(callable, nowNs + Math.max(0, unit.toNanos(delay)), sequence++));
    }

    private <V> Task<V> add(final Task<V> task)
    {
        tasks.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        final Runnable command, final long initialDelay, final long period, final TimeUnit unit)
    {
        throw new UnsupportedOperationException("not used by the client parts");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        final Runnable command, final long initialDelay, final long delay, final TimeUnit unit)
    {
        throw new UnsupportedOperationException("not used by the client parts");
    }

    @Override
    public void shutdown()
    {
        tasks.clear();
    }

    @Override
    public List<Runnable> shutdownNow()
    {
        tasks.clear();
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown()
    {
        return false;
    }

    @Override
    public boolean isTerminated()
    {
        return false;
    }

    @Override
    public boolean awaitTermination(final long timeout, final TimeUnit unit)
    {
        return false;
    }

    private final class Task<V> implements ScheduledFuture<V>
    {
        private final Callable<V> body;
        private final long dueNs;
        private final long order;
        private boolean done;
        private boolean cancelled;
        private V result;
        private Throwable failure;

        Task(final Callable<V> body, final long dueNs, final long order)
        {
            this.body = body;
            this.dueNs = dueNs;
            this.order = order;
        }

        void run()
        {
            try
            {
                result = body.call();
            }
            catch (final Throwable error)
            {
                failure = error;
                failures.add(error);
            }
            finally
            {
                done = true;
            }
        }

        @Override
        public long getDelay(final TimeUnit unit)
        {
            return unit.convert(dueNs - nowNs, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(final Delayed other)
        {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(final boolean mayInterruptIfRunning)
        {
            if (done)
            {
                return false;
            }
            cancelled = true;
            done = true;
            tasks.remove(this);
            return true;
        }

        @Override
        public boolean isCancelled()
        {
            return cancelled;
        }

        @Override
        public boolean isDone()
        {
            return done;
        }

        @Override
        public V get() throws ExecutionException
        {
            if (failure != null)
            {
                throw new ExecutionException(failure);
            }
            return result;
        }

        @Override
        public V get(final long timeout, final TimeUnit unit) throws ExecutionException
        {
            return get();
        }
    }
}
