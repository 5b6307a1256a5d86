package io.wsnova.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The machine a run was made on, read before the rig pins itself (pinning shrinks what the JVM sees).
 *
 * @param cpus      online CPUs ({@code nproc}).
 * @param cpuModel  {@code /proc/cpuinfo} model name.
 * @param memoryGiB total memory.
 * @param os        OS name, version and architecture.
 * @param jdk       the JDK running the rig (and the receivers).
 */
record Machine(int cpus, String cpuModel, long memoryGiB, String os, String jdk)
{
    static Machine probe()
    {
        return new Machine(
            Runtime.getRuntime().availableProcessors(),
            procField("/proc/cpuinfo", "model name", "unknown CPU"),
            totalMemoryGiB(),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
                System.getProperty("os.arch"),
            System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " +
                System.getProperty("java.runtime.version"));
    }

    /**
     * The 1, 5 and 15 minute load averages.
     *
     * @return {@code /proc/loadavg}'s first three fields, or "n/a".
     */
    static String loadAverage()
    {
        try
        {
            final String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "n/a";
        }
    }

    /**
     * Time each live thread of this process has spent runnable but waiting for a CPU (the second field of
     * {@code /proc/self/task/<tid>/schedstat}): how much other processes, or this one's other threads, kept it off
     * the CPU. Take one snapshot before and one after a window and pass both to {@link #runQueueWaitNs(Map, Map)}.
     *
     * @return nanoseconds by thread id; empty when the kernel does not expose it.
     */
    static Map<String, Long> processRunQueueWaits()
    {
        final Map<String, Long> waits = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                final long waitNs = runQueueWaitNs(task.resolve("schedstat"));
                if (waitNs >= 0)
                {
                    waits.put(task.getFileName().toString(), waitNs);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            waits.clear();
        }
        return waits;
    }

    /**
     * The run-queue wait between two snapshots: for each thread alive at the end, its wait minus its wait at the
     * start (all of it when it started in between). Threads that ended in between are not counted.
     *
     * @param start the snapshot before the window.
     * @param end   the snapshot after it.
     * @return nanoseconds, or -1 when the kernel does not expose it.
     */
    static long runQueueWaitNs(final Map<String, Long> start, final Map<String, Long> end)
    {
        if (start.isEmpty() || end.isEmpty())
        {
            return -1;
        }
        long total = 0;
        for (final Map.Entry<String, Long> thread : end.entrySet())
        {
            total += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    /**
     * Like {@link #processRunQueueWaits()} for the calling thread only ({@code /proc/thread-self/schedstat}).
     *
     * @return nanoseconds, or -1 when the kernel does not expose it.
     */
    static long threadRunQueueWaitNs()
    {
        return runQueueWaitNs(Path.of("/proc/thread-self/schedstat"));
    }

    private static long runQueueWaitNs(final Path schedstat)
    {
        try
        {
            final String[] fields = Files.readString(schedstat).trim().split("\\s+");
            return Long.parseLong(fields[1]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static String procField(final String file, final String prefix, final String fallback)
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of(file));
            for (final String line : lines)
            {
                if (line.startsWith(prefix))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ignore)
        {
            // not Linux
        }
        return fallback;
    }

    private static long totalMemoryGiB()
    {
        final String kb = procField("/proc/meminfo", "MemTotal:", "0").replaceAll("[^0-9]", "");
        return kb.isEmpty() ? 0 : Math.round(Long.parseLong(kb) / (1024.0 * 1024.0));
    }
}
