package io.wsnova.cli;

import io.wsnova.engine.telemetry.CountersFileReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./nova stat [PID|DIR|FILE] [--count N] [--interval MS]}: prints the counters a running wsnova process
 * publishes in its counters file (the {@code countersFile} option), every counter with its label, value and rate
 * per second, once an interval (default 1 s) until Ctrl-C or {@code N} prints. Without an argument it reads the
 * only running process that publishes counters (the newest when several do). Exit codes: 0 when done or when the
 * process ended (or deleted its file), 1 when no process or file is found, 2 on usage errors.
 */
final class StatCommand
{
    /** The flag table of {@code ./nova stat}. */
    static final List<Flag> FLAGS = List.of(
        new Flag("--count", "N", "print N times, then exit 0 (default: until Ctrl-C)"),
        new Flag("--interval", "MS", "milliseconds between prints (default 1000)"),
        new Flag("--aeron-dir", "DIR", "instead: the wsnova publisher and recorder counters in the media driver of " +
            "DIR (./nova publish, ./nova record)"));
    static final String USAGE = CommandLine.usage("""
        usage: ./nova stat [PID|DIR|FILE] [--count N] [--interval MS]
               ./nova stat --aeron-dir DIR [--count N] [--interval MS]
        The counters a running wsnova process publishes (its countersFile option), with rates per second.
        Without an argument: the only running process that publishes counters (the newest when several do).
        With --aeron-dir: the Aeron publishers' counters (published, back pressured, dropped back pressured, dropped
        not connected, dropped closed, ...) and recorders' (messages recorded, bytes recorded, archive errors) in
        that media driver's counters file.
        """, FLAGS, """
        Exit 0 when done or when the process ended; 1 when no process or file is found; 2 on a usage error.
        """);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private record Sample(String label, long value)
    {
    }

    private StatCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine line;
        try
        {
            line = CommandLine.parse(args, FLAGS, 1);
        }
        catch (final IllegalArgumentException ex)
        {
            return Main.usageError(err, "stat: " + ex.getMessage(), USAGE);
        }
        if (line.help())
        {
            out.print(USAGE);
            return Main.EXIT_OK;
        }
        final String target = line.positionals().isEmpty() ? null : line.positionals().get(0);
        long count = Long.MAX_VALUE;
        long intervalMs = 1_000;
        String aeronDir = null;
        for (final CommandLine.Option option : line.options())
        {
            if ("--aeron-dir".equals(option.name()))
            {
                aeronDir = option.value();
                continue;
            }
            final long value = positive(option.value());
            if (value <= 0)
            {
                return Main.usageError(err, "stat: " + option.name() + " needs a positive whole number, was '" +
                    option.value() + "'", USAGE);
            }
            if ("--count".equals(option.name()))
            {
                count = value;
            }
            else
            {
                intervalMs = value;
            }
        }
        if (aeronDir != null)
        {
            return AeronStat.print(aeronDir, count, intervalMs, out, err);
        }

        try (CountersFileReader reader = CountersFileReader.open(CountersFileReader.locate(target)))
        {
            if (!reader.isProcessAlive())
            {
                err.println("nova stat: process " + reader.pid() + " is not running (stale file " + reader.file() +
                    ")");
                return Main.EXIT_FAILURE;
            }
            return print(reader, count, intervalMs, out);
        }
        catch (final NoSuchFileException ex)
        {
            err.println("nova stat: " + ex.getFile() + ": " + (ex.getReason() == null ? "not found" : ex.getReason()));
            return Main.EXIT_FAILURE;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("nova stat: " + ex.getMessage());
            return Main.EXIT_FAILURE;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_OK;
        }
    }

    private static int print(final CountersFileReader reader, final long count, final long intervalMs,
        final PrintStream out) throws InterruptedException
    {
        out.println("wsnova stat: pid " + reader.pid() + ", " + reader.file());
        Map<Integer, Sample> previous = snapshot(reader);
        long previousNs = System.nanoTime();
        for (long printed = 0; printed < count; printed++)
        {
            TimeUnit.MILLISECONDS.sleep(intervalMs);
            if (!reader.isProcessAlive())
            {
                out.println("process " + reader.pid() + " ended or stopped publishing counters");
                return Main.EXIT_OK;
            }
            final Map<Integer, Sample> current = snapshot(reader);
            final long nowNs = System.nanoTime();
            final double seconds = (nowNs - previousNs) / 1e9;
            final List<String> lines = new ArrayList<>();
            for (final Map.Entry<Integer, Sample> entry : current.entrySet())
            {
                final Sample sample = entry.getValue();
                final Sample before = previous.get(entry.getKey());
                final String rate = before == null || !before.label().equals(sample.label()) ? "-" :
                    String.format("%,.1f", (sample.value() - before.value()) / seconds);
                lines.add(String.format("%,20d %16s/s  %s", sample.value(), rate, sample.label()));
            }
            out.println("--- " + LocalTime.now().format(TIME) + " (" + current.size() + " counters)");
            lines.forEach(out::println);
            out.flush();
            previous = current;
            previousNs = nowNs;
        }
        return Main.EXIT_OK;
    }

    private static Map<Integer, Sample> snapshot(final CountersFileReader reader)
    {
        final Map<Integer, Sample> samples = new LinkedHashMap<>();
        reader.forEach((id, counter, connectionId, label, value) -> samples.put(id, new Sample(label, value)));
        return samples;
    }

    private static long positive(final String value)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
