package io.wsnova.cli;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.telemetry.LatencyStats;
import io.wsnova.engine.telemetry.Stage;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.telemetry.Window;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * {@code ./nova demo --venues deribit,binance,bybit,okx,coinbase}: the mock exchange of every listed venue at once,
 * each with its own adapter and connection; once a second a block per venue (messages a second, connection status,
 * socket-to-handler p50/p99/p99.9 of that connection's messages in the last second, top of book and last trade per
 * instrument); half way through, one fault per venue ({@link DemoVenue#injectFault()}) and its recovery as it happens;
 * then a summary per venue (a recovery still under way when the time is up gets up to {@link #RECOVERY_GRACE_MS}
 * more). Exit 0 when every venue had data and recovered (or on SIGTERM/Ctrl-C); 1 otherwise (one line on stderr).
 * <p>
 * A venue of the demo is a {@link DemoVenue} registered in {@link #VENUES} and listed in {@link #NAMES}; the venues
 * on the normalized market model share {@link MarketDemoVenue} and differ only in their mock, adapter, channels and
 * fault (Binance: {@code serverShutdown}; Bybit: a dropped delta; OKX: a bad checksum; Coinbase: a
 * {@code sequence_num} gap).
 */
final class MultiVenueDemo
{
    /** How long each venue's start (mock, connect, subscribes) may take. */
    static final long START_TIMEOUT_S = 30;
    /** How long the summary waits for a recovery still under way when the time is up. */
    static final long RECOVERY_GRACE_MS = 5_000;
    /** The venues of {@code --venues}: name to a factory from the rate and the output. */
    static final Map<String, BiFunction<Integer, PrintStream, DemoVenue>> VENUES = Map.of(
        "deribit", DeribitDemoVenue::new,
        "binance", BinanceDemoVenue::new,
        "bybit", BybitDemoVenue::new,
        "okx", OkxDemoVenue::new,
        "coinbase", CoinbaseDemoVenue::new);
    /** The names in the order the usage lists them. */
    static final List<String> NAMES = List.of("deribit", "binance", "bybit", "okx", "coinbase");

    private MultiVenueDemo()
    {
    }

    static int run(final DemoArgs args, final PrintStream out, final PrintStream err, final TermHook term)
    {
        final List<DemoVenue> venues = new ArrayList<>();
        try
        {
            for (final String name : args.venues())
            {
                final DemoVenue venue = VENUES.get(name).apply(args.rate(), out);
                venues.add(venue);
                try
                {
                    out.printf("[%s] %s%n", name, venue.start());
                }
                catch (final InterruptedException ex)
                {
                    return interrupted(term, err);
                }
                catch (final Exception ex)
                {
                    err.println("nova demo: " + name + " could not start: " + StreamCommand.describe(ex));
                    return Main.EXIT_FAILURE;
                }
            }
            out.printf("latency: socket->handler of every WebSocket message of each connection, n = samples behind " +
                "each percentile; one fault per venue after %d s%n%n", faultSecond(args));
            return stream(args, venues, out, err, term);
        }
        finally
        {
            for (final DemoVenue venue : venues)
            {
                venue.close();
            }
            out.flush();
        }
    }

    private static long faultSecond(final DemoArgs args)
    {
        return Math.max(1, args.durationS() / 2);
    }

    private static int stream(final DemoArgs args, final List<DemoVenue> venues, final PrintStream out,
        final PrintStream err, final TermHook term)
    {
        final Telemetry telemetry = Telemetry.global();
        final long[] previous = new long[venues.size()];
        final long startNs = System.nanoTime();
        for (int second = 1; second <= args.durationS(); second++)
        {
            try
            {
                TimeUnit.NANOSECONDS.sleep(startNs + TimeUnit.SECONDS.toNanos(second) - System.nanoTime());
            }
            catch (final InterruptedException ex)
            {
                if (!term.requested())
                {
                    return interrupted(term, err);
                }
                out.printf("  >>> stopped by a signal after %d s%n", second - 1);
                break;
            }
            telemetry.refresh();
            final StringBuilder text = new StringBuilder(1024);
            for (int i = 0; i < venues.size(); i++)
            {
                final DemoVenue venue = venues.get(i);
                final Connection connection = venue.connection();
                final long messages = venue.messages();
                final LatencyStats latency = telemetry.latency(connection.id(), Stage.TOTAL, Window.INTERVAL);
                text.append(String.format(Locale.ROOT,
                    "[%3ds] %-8s %,7d msg/s  %-10s socket->handler p50 %s  p99 %s  p99.9 %s  (n=%,d)%n", second,
                    venue.name(), messages - previous[i], connection.status(), DemoView.micros(latency.p50Ns()),
                    DemoView.micros(latency.p99Ns()), DemoView.micros(latency.p999Ns()), latency.count()));
                venue.appendInstruments(text);
                previous[i] = messages;
            }
            out.print(text);
            if (second == faultSecond(args))
            {
                for (final DemoVenue venue : venues)
                {
                    out.printf("  >>> [%s] fault injected: %s%n", venue.name(), venue.injectFault());
                }
            }
        }
        awaitRecovery(venues, out, term);
        telemetry.refresh();
        return summary(venues, telemetry, System.nanoTime() - startNs, out, err, term);
    }

    /**
     * A recovery still under way when the time is up (a slow machine) gets up to {@link #RECOVERY_GRACE_MS} more.
     */
    private static void awaitRecovery(final List<DemoVenue> venues, final PrintStream out, final TermHook term)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECOVERY_GRACE_MS);
        boolean announced = false;
        while (!term.requested() && System.nanoTime() - deadlineNs < 0)
        {
            final List<String> pending = new ArrayList<>();
            for (final DemoVenue venue : venues)
            {
                if (!venue.recovered())
                {
                    pending.add(venue.name());
                }
            }
            if (pending.isEmpty())
            {
                return;
            }
            if (!announced)
            {
                out.printf("  ... waiting up to %d ms for the recovery of %s%n", RECOVERY_GRACE_MS,
                    String.join(", ", pending));
                announced = true;
            }
            try
            {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int summary(final List<DemoVenue> venues, final Telemetry telemetry, final long elapsedNs,
        final PrintStream out, final PrintStream err, final TermHook term)
    {
        final double seconds = elapsedNs / 1e9;
        out.println();
        out.println("summary");
        final List<String> failed = new ArrayList<>();
        for (final DemoVenue venue : venues)
        {
            final LatencyStats latency = telemetry.latency(venue.connection().id(), Stage.TOTAL, Window.CUMULATIVE);
            out.printf(Locale.ROOT, "  %-8s %,d messages in %.1f s (%,.0f/s); socket->handler p50 %s  p99 %s  " +
                "p99.9 %s  max %s (n=%,d)%n", venue.name(), venue.messages(), seconds, venue.messages() / seconds,
                DemoView.micros(latency.p50Ns()), DemoView.micros(latency.p99Ns()), DemoView.micros(latency.p999Ns()),
                DemoView.micros(latency.maxNs()), latency.count());
            out.printf("  %-8s fault: %s%n", "", venue.recovery());
            if (venue.messages() == 0)
            {
                failed.add(venue.name() + ": no market data arrived");
            }
            else if (!venue.recovered())
            {
                failed.add(venue.name() + ": did not recover from its fault");
            }
        }
        if (term.requested() || failed.isEmpty())
        {
            return Main.EXIT_OK;
        }
        err.println("nova demo: " + String.join("; ", failed));
        return Main.EXIT_FAILURE;
    }

    private static int interrupted(final TermHook term, final PrintStream err)
    {
        if (term.requested())
        {
            return Main.EXIT_OK;
        }
        Thread.currentThread().interrupt();
        err.println("nova demo: interrupted");
        return Main.EXIT_FAILURE;
    }

    /**
     * Closes a venue's connection, waiting a bounded time for the close handshake.
     *
     * @param connection the connection.
     */
    static void close(final Connection connection)
    {
        connection.close();
        try
        {
            connection.closeFuture().get(StreamCommand.CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException | CancellationException ex)
        {
            // closing anyway: close() released the socket whatever the handshake did
        }
    }
}
