package io.wsnova.engine.client;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes allocated by the named platform threads of a message path (reader, handler), for the allocation tests:
 * warm up until a round allocates nothing, wait for a message count, read the threads' allocated bytes.
 */
final class ThreadAllocation
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private ThreadAllocation()
    {
    }

    /** Runs warm-up rounds of {@code roundMessages} until one allocates nothing on the measured threads (max 10). */
    static void warmUpUntilQuiet(final LongSupplier count, final long roundMessages, final Predicate<String> measured,
        final int expectedThreads) throws InterruptedException
    {
        awaitCount(count, roundMessages);
        for (int round = 0; round < 10; round++)
        {
            final long before = allocatedBytes(measured, expectedThreads);
            awaitCount(count, count.getAsLong() + roundMessages);
            if (allocatedBytes(measured, expectedThreads) == before)
            {
                return;
            }
        }
    }

    /** Waits (at most 60 s) until {@code count} reaches {@code target}. */
    static void awaitCount(final LongSupplier count, final long target) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count.getAsLong() < target)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("only " + count.getAsLong() + " of " + target + " messages within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** The bytes allocated so far by the platform threads whose names match, which must number exactly as given. */
    static long allocatedBytes(final Predicate<String> measured, final int expectedThreads)
    {
        long total = 0;
        int found = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (measured.test(thread.getName()) && !thread.isVirtual())
            {
                total += THREADS.getThreadAllocatedBytes(thread.threadId());
                found++;
            }
        }
        assertThat(found).as("measured threads found").isEqualTo(expectedThreads);
        return total;
    }
}
