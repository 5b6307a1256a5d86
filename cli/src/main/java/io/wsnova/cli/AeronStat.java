package io.wsnova.cli;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.exceptions.AeronException;
import io.wsnova.aeron.PublisherCounters;
import io.wsnova.aeron.RecorderCounters;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./nova stat --aeron-dir DIR}: the counters of every {@code MarketPublisher} ({@code ./nova publish}, type
 * {@value PublisherCounters#TYPE_ID}) and {@code InboundRecorder} ({@code ./nova record}, type
 * {@value RecorderCounters#TYPE_ID}) that live in the media driver of {@code DIR}, read through the driver's counters
 * file ({@link CountersReader}), with rates per second, once an interval.
 */
final class AeronStat
{
    private AeronStat()
    {
    }

    static int print(final String aeronDir, final long count, final long intervalMs, final PrintStream out,
        final PrintStream err)
    {
        if (!CommonContext.isDriverActive(new File(aeronDir), 2_000, ignore -> { }))
        {
            err.println("nova stat: no media driver runs at " + aeronDir);
            return Main.EXIT_FAILURE;
        }
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir).driverTimeoutMs(5_000)))
        {
            final CountersReader counters = aeron.countersReader();
            out.println("wsnova stat: media driver " + aeronDir);
            Map<Integer, long[]> previous = snapshot(counters, null);
            long previousNs = System.nanoTime();
            for (long printed = 0; printed < count; printed++)
            {
                TimeUnit.MILLISECONDS.sleep(intervalMs);
                final List<String> labels = new ArrayList<>();
                final Map<Integer, long[]> current = snapshot(counters, labels);
                final long nowNs = System.nanoTime();
                final double seconds = (nowNs - previousNs) / 1e9;
                out.println("--- " + current.size() + " wsnova counters");
                int i = 0;
                for (final Map.Entry<Integer, long[]> entry : current.entrySet())
                {
                    final long[] before = previous.get(entry.getKey());
                    final long value = entry.getValue()[0];
                    final String rate = before == null ? "-" : String.format("%,.1f", (value - before[0]) / seconds);
                    out.println(String.format("%,20d %16s/s  %s", value, rate, labels.get(i++)));
                }
                out.flush();
                previous = current;
                previousNs = nowNs;
            }
            return Main.EXIT_OK;
        }
        catch (final AeronException | IllegalStateException ex)
        {
            err.println("nova stat: the media driver at " + aeronDir + " failed: " + ex.getMessage());
            return Main.EXIT_FAILURE;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_OK;
        }
    }

    private static Map<Integer, long[]> snapshot(final CountersReader counters, final List<String> labels)
    {
        final Map<Integer, long[]> values = new LinkedHashMap<>();
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == PublisherCounters.TYPE_ID || typeId == RecorderCounters.TYPE_ID)
            {
                values.put(counterId, new long[]{counters.getCounterValue(counterId)});
                if (labels != null)
                {
                    labels.add(label);
                }
            }
        });
        return values;
    }
}
