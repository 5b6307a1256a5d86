package io.wsnova.testkit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for a condition, polled every millisecond: a test that would hang fails with a message naming
 * what it waited for instead. No sleeps of a guessed length.
 */
public final class Await
{
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private Await()
    {
    }

    /**
     * Waits until the condition holds.
     *
     * @param condition   the condition, polled on the calling thread.
     * @param timeoutMs   the longest wait.
     * @param description what is awaited, for the failure message.
     * @throws AssertionError if the condition does not hold within the timeout.
     */
    public static void until(final BooleanSupplier condition, final long timeoutMs, final String description)
    {
        if (!within(condition, timeoutMs))
        {
            throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + description);
        }
    }

    /**
     * Waits until the condition holds; the description is built only on failure (it may show the current state).
     *
     * @param condition   the condition, polled on the calling thread.
     * @param timeoutMs   the longest wait.
     * @param description what is awaited and what was seen, for the failure message.
     * @throws AssertionError if the condition does not hold within the timeout.
     */
    public static void until(final BooleanSupplier condition, final long timeoutMs, final Supplier<String> description)
    {
        if (!within(condition, timeoutMs))
        {
            throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + description.get());
        }
    }

    /**
     * Waits until a count reaches a target.
     *
     * @param count       the count, polled on the calling thread.
     * @param target      the value to reach (or pass).
     * @param timeoutMs   the longest wait.
     * @param description what is counted, for the failure message.
     * @throws AssertionError if the count stays below the target for the whole timeout.
     */
    public static void count(final LongSupplier count, final long target, final long timeoutMs,
        final String description)
    {
        until(() -> count.getAsLong() >= target, timeoutMs,
            () -> description + ": " + count.getAsLong() + " of " + target);
    }

    /**
     * Waits until the supplier returns a value other than null.
     *
     * @param value       the supplier, polled on the calling thread.
     * @param timeoutMs   the longest wait.
     * @param description what is awaited, for the failure message.
     * @param <T>         the value type.
     * @return the first value other than null.
     * @throws AssertionError if only nulls come within the timeout.
     */
    public static <T> T value(final Supplier<T> value, final long timeoutMs, final String description)
    {
        final Object[] holder = new Object[1];
        until(() -> (holder[0] = value.get()) != null, timeoutMs, description);
        @SuppressWarnings("unchecked")
        final T found = (T)holder[0];
        return found;
    }

    /**
     * Polls the condition until it holds or the timeout passes.
     *
     * @param condition the condition, polled on the calling thread.
     * @param timeoutMs the longest wait.
     * @return whether it held in time.
     * @throws IllegalStateException if the thread is interrupted (the flag stays set).
     */
    public static boolean within(final BooleanSupplier condition, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(POLL_NS);
            if (Thread.currentThread().isInterrupted())
            {
                throw new IllegalStateException("interrupted while waiting");
            }
        }
        return true;
    }
}
