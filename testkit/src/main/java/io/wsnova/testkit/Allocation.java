package io.wsnova.testkit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Bytes allocated by threads, read from {@code com.sun.management.ThreadMXBean}, for the tests that prove a hot
 * path allocates nothing after warm-up: on the calling thread ({@link #measure(int, Runnable)}) or on named
 * platform threads of a running connection ({@link #threadsBytes(Predicate, int)}).
 */
public final class Allocation
{
    /** For {@link #threadsBytes(Predicate, int)}: any number of matching threads, at least one. */
    public static final int ANY_THREADS = 0;

    /** Warm-up rounds at most before measuring anyway. */
    public static final int MAX_WARM_UP_ROUNDS = 20;

    /**
     * Measured rounds at most: a sporadic JVM event (a deoptimisation re-materialising an object) can land in any
     * round, a per-operation allocation shows in every one.
     */
    public static final int MAX_MEASURED_ROUNDS = 3;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Allocation()
    {
    }

    /**
     * What one measurement saw.
     *
     * @param bytes          bytes allocated by the last measured round (0 if any measured round allocated nothing).
     * @param warmUpRounds   how many warm-up rounds ran (the last one allocated nothing unless it was the limit).
     * @param measuredRounds how many measured rounds ran (the last one is the first that allocated nothing, unless
     *                       none did within {@link #MAX_MEASURED_ROUNDS}).
     * @param elapsedNs      the last measured round's duration (indicative only, not a benchmark).
     */
    public record Result(long bytes, int warmUpRounds, int measuredRounds, long elapsedNs)
    {
    }

    /**
     * The bytes the calling thread allocated so far.
     *
     * @return the counter (monotonic).
     */
    public static long currentThreadBytes()
    {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs the round until a whole run of it allocates nothing on this thread (at most
     * {@link #MAX_WARM_UP_ROUNDS} runs: the JIT may still link call sites late), then measures more runs of the
     * same round (the same code, so that nothing is linked for the first time while measuring) until one allocates
     * nothing, at most {@link #MAX_MEASURED_ROUNDS}.
     *
     * @param round the work of one round.
     * @return the bytes the last measured round allocated on this thread, the rounds, the duration.
     */
    public static Result measure(final Runnable round)
    {
        int rounds = 0;
        long warmUpBytes;
        do
        {
            final long start = THREADS.getCurrentThreadAllocatedBytes();
            round.run();
            warmUpBytes = THREADS.getCurrentThreadAllocatedBytes() - start;
            rounds++;
        }
        while (warmUpBytes != 0 && rounds < MAX_WARM_UP_ROUNDS);

        long bytes = -1;
        long elapsedNs = 0;
        int measured = 0;
        while (bytes != 0 && measured < MAX_MEASURED_ROUNDS)
        {
            final long startNs = System.nanoTime();
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            round.run();
            bytes = THREADS.getCurrentThreadAllocatedBytes() - before;
            elapsedNs = System.nanoTime() - startNs;
            measured++;
        }
        return new Result(bytes, rounds, measured, elapsedNs);
    }

    /**
     * {@link #measure(Runnable)} with rounds of {@code iterations} calls of the body.
     *
     * @param iterations calls per round (warm-up and measured).
     * @param body       one operation.
     * @return the bytes the measured calls allocated on this thread, the warm-up rounds, the duration.
     */
    public static Result measure(final int iterations, final Runnable body)
    {
        return measure(() -> repeat(body, iterations));
    }

    /**
     * The bytes allocated so far by the platform threads whose names match, which must number exactly as given.
     *
     * @param names           which thread names to count.
     * @param expectedThreads how many such threads must exist, or {@link #ANY_THREADS} for at least one.
     * @return the sum of their counters.
     * @throws AssertionError if the number of matching threads differs.
     */
    public static long threadsBytes(final Predicate<String> names, final int expectedThreads)
    {
        long total = 0;
        int found = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (names.test(thread.getName()) && !thread.isVirtual())
            {
                total += THREADS.getThreadAllocatedBytes(thread.threadId());
                found++;
            }
        }
        if (expectedThreads == ANY_THREADS ? found == 0 : found != expectedThreads)
        {
            throw new AssertionError("measured threads found: " + found + ", expected " + expectedThreads);
        }
        return total;
    }

    /**
     * For a message path on other threads: waits for {@code roundMessages} messages, then runs rounds of as many
     * until one round allocates nothing on the measured threads (at most ten).
     *
     * @param count           the messages handled so far.
     * @param roundMessages   messages per round.
     * @param names           which thread names to count.
     * @param expectedThreads how many such threads must exist, or {@link #ANY_THREADS} for at least one.
     * @param timeoutMs       the longest wait for each round.
     */
    public static void warmUpUntilQuiet(final LongSupplier count, final long roundMessages,
        final Predicate<String> names, final int expectedThreads, final long timeoutMs)
    {
        Await.count(count, roundMessages, timeoutMs, "warm-up messages");
        for (int round = 0; round < 10; round++)
        {
            final long before = threadsBytes(names, expectedThreads);
            Await.count(count, count.getAsLong() + roundMessages, timeoutMs, "warm-up messages");
            if (threadsBytes(names, expectedThreads) == before)
            {
                return;
            }
        }
    }

    /**
     * One measured window on other threads.
     *
     * @param bytes    bytes the measured threads allocated during the window.
     * @param messages messages handled during the window.
     */
    public record Window(long bytes, long messages)
    {
        @Override
        public String toString()
        {
            return bytes + " B over " + messages;
        }
    }

    /**
     * Measures windows of {@code messages} messages on the matching threads until one allocates nothing (at most
     * {@code maxWindows}): a sporadic JVM event (a deoptimisation re-materialising an object) can land in any
     * window, a per-message allocation shows in every one.
     *
     * @param count           the messages handled so far.
     * @param messages        messages per window.
     * @param names           which thread names to count.
     * @param expectedThreads how many such threads must exist, or {@link #ANY_THREADS} for at least one.
     * @param maxWindows      how many windows at most.
     * @param timeoutMs       the longest wait for each window.
     * @return every window measured, the last one the first that allocated nothing (unless none did).
     */
    public static List<Window> windows(final LongSupplier count, final long messages, final Predicate<String> names,
        final int expectedThreads, final int maxWindows, final long timeoutMs)
    {
        final List<Window> windows = new ArrayList<>();
        for (int i = 0; i < maxWindows && (windows.isEmpty() || windows.get(windows.size() - 1).bytes() != 0); i++)
        {
            final long before = threadsBytes(names, expectedThreads);
            final long countBefore = count.getAsLong();
            Await.count(count, countBefore + messages, timeoutMs, "messages");
            final long bytes = threadsBytes(names, expectedThreads) - before;
            windows.add(new Window(bytes, count.getAsLong() - countBefore));
        }
        return windows;
    }

    private static void repeat(final Runnable body, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            body.run();
        }
    }
}
