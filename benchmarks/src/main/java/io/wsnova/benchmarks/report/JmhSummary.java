package io.wsnova.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code summary.md} for a JMH JSON result: one row per benchmark and parameter set with its score, error
 * and the {@code -prof gc} allocation per operation, stamped with machine, JDK, flags and commit.
 * <p>
 * Usage: {@code JmhSummary RESULT_JSON SUMMARY_MD COMMIT}. Run by {@code ./nova bench report}.
 */
public final class JmhSummary
{
    private JmhSummary()
    {
    }

    /**
     * Writes the summary.
     *
     * @param args result JSON path, summary path, commit id.
     * @throws IOException when a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 3)
        {
            System.err.println("usage: JmhSummary RESULT_JSON SUMMARY_MD COMMIT");
            System.exit(2);
        }
        final JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Files.writeString(Path.of(args[1]), render(results, args[2]));
    }

    static String render(final JsonNode results, final String commit)
    {
        final StringBuilder md = new StringBuilder(4096);
        final JsonNode first = results.size() > 0 ? results.get(0) : null;
        md.append("# JMH results\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| commit | `").append(commit).append("` |\n");
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
            .append(cpuModel()).append(", ").append(memoryGiB()).append(" GiB |\n");
        if (first != null)
        {
            md.append("| JDK | ").append(text(first, "jdkVersion")).append(" (").append(text(first, "vmName"))
                .append(' ').append(text(first, "vmVersion")).append(") |\n");
            md.append("| JVM flags | `").append(String.join(" ", strings(first.get("jvmArgs")))).append("` |\n");
            md.append("| JMH | ").append(text(first, "jmhVersion")).append(", forks ").append(text(first, "forks"))
                .append(", warm-up ").append(text(first, "warmupIterations")).append(" x ")
                .append(text(first, "warmupTime")).append(", measurement ")
                .append(text(first, "measurementIterations")).append(" x ").append(text(first, "measurementTime"))
                .append(" |\n");
        }
        md.append("\n| benchmark | params | score | error | unit | alloc B/op |\n");
        md.append("|---|---|---:|---:|---|---:|\n");
        for (final JsonNode result : results)
        {
            final String name = text(result, "benchmark").replace("io.wsnova.benchmarks.", "");
            final JsonNode primary = result.get("primaryMetric");
            final JsonNode secondary = result.get("secondaryMetrics");
            final JsonNode alloc = secondary == null ? null : secondary.get("gc.alloc.rate.norm");
            md.append("| ").append(name).append(" | ").append(params(result.get("params"))).append(" | ")
                .append(number(primary.get("score").asDouble())).append(" | ± ")
                .append(number(primary.get("scoreError").asDouble())).append(" | ")
                .append(text(primary, "scoreUnit")).append(" | ")
                .append(alloc == null ? "n/a" : number(alloc.get("score").asDouble())).append(" |\n");
        }
        return md.toString();
    }

    private static String params(final JsonNode params)
    {
        if (params == null)
        {
            return "";
        }
        final List<String> parts = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> field : params.properties())
        {
            parts.add(field.getKey() + "=" + field.getValue().asText());
        }
        return String.join(", ", parts);
    }

    private static List<String> strings(final JsonNode array)
    {
        final List<String> values = new ArrayList<>();
        if (array != null)
        {
            array.forEach(node -> values.add(node.asText()));
        }
        return values;
    }

    private static String text(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        return value == null ? "?" : value.asText();
    }

    private static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "NaN";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value) :
            String.format(Locale.ROOT, "%.3f", value);
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ignore)
        {
            // not Linux: leave the model out
        }
        return "unknown CPU";
    }

    private static long memoryGiB()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
            {
                if (line.startsWith("MemTotal:"))
                {
                    final String kb = line.replaceAll("[^0-9]", "");
                    return Math.round(Long.parseLong(kb) / (1024.0 * 1024.0));
                }
            }
        }
        catch (final IOException | NumberFormatException ignore)
        {
            // not Linux: unknown
        }
        return 0;
    }
}
