package io.wsnova.adapters.deribit;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the book lifecycle's control work (resync requests, their deadlines and backoff, escalation) off the
 * message thread. The default is one shared daemon thread, {@code wsnova-deribit-book-timer}; tests inject a timer
 * they advance by hand. Tasks are scheduled only when a book changes state, never per message.
 */
interface DeribitBookTimer
{
    /**
     * Runs {@code task} after {@code delayMs} on the timer's thread.
     *
     * @param task    the task; it must not block.
     * @param delayMs milliseconds, 0 for as soon as possible.
     */
    void schedule(Runnable task, long delayMs);

    /**
     * The shared timer thread of every Deribit adapter (created on first use).
     *
     * @return the timer.
     */
    static DeribitBookTimer shared()
    {
        return Shared.INSTANCE;
    }

    /**
     * The shared timer.
     */
    final class Shared implements DeribitBookTimer
    {
        static final Shared INSTANCE = new Shared();

        private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "wsnova-deribit-book-timer");
            thread.setDaemon(true);
            return thread;
        });

        private Shared()
        {
            executor.setRemoveOnCancelPolicy(true);
        }

        @Override
        public void schedule(final Runnable task, final long delayMs)
        {
            executor.schedule(task, Math.max(0L, delayMs), TimeUnit.MILLISECONDS);
        }
    }
}
