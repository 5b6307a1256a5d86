package io.wsnova.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
