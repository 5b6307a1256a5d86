package io.wsnova.engine.telemetry;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.behaviour.MetricsCollector;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The telemetry of every connection of this process: per-connection and total {@link Counter}s, and the
 * {@link Stage} latencies of received messages as HdrHistograms, with a query API for both.
 * <p>
 * One instance per runtime: {@link #global()} is the default runtime's (the static {@code Nova.connect} and
 * {@code WebSocketClient.connect} API), and each launched {@code NovaRuntime} has its own
 * ({@code NovaRuntime.telemetry()}), on the runtime's clocks, whose reporter thread stops when the runtime closes.
 * <p>
 * A reporter thread ({@code wsnova-telemetry}, a daemon running an Agrona agent, started by the first
 * registration) wakes every
 * {@value #TICK_MS} ms to copy the transport's counters and refresh the totals, and every interval (default
 * {@value #DEFAULT_INTERVAL_MS} ms, system property {@value #INTERVAL_PROPERTY}) swaps each connection's
 * recorders, adds the interval into the cumulative histograms and the totals, and publishes
 * {@link LatencyStats}. Totals are accumulated here, never on a hot path. Connections that enable
 * {@link Option#COUNTERS_FILE} also publish their counters, and the totals, to a memory-mapped
 * {@link CountersFile} that {@code ./nova stat} reads from another process; the file is created when the first of
 * them connects and deleted when the last one closes (or the JVM exits).
 * <p>
 * Thread safety: every method may be called from any thread; registration, the reporter's work and queries take
 * one lock (control plane only: the hot path never takes it).
 */
public final class Telemetry
{
    /** Default reporting interval. */
    public static final long DEFAULT_INTERVAL_MS = 1_000L;
    /** System property that sets the reporting interval in ms. */
    public static final String INTERVAL_PROPERTY = "wsnova.telemetry.intervalMs";
    /** How often the reporter copies transport counters and refreshes the totals. */
    public static final long TICK_MS = 100L;
    private static final int COUNTERS = Counter.values().length;
    private static final int STAGES = Stage.values().length;
    private static final String TOTAL_PREFIX = "total: ";

    private final AtomicLong reporterErrors = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final long intervalNs;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private final WallClock wallClock;
    private final String reporterName;
    private final boolean shared;
    private final CounterStore memory;
    private final AtomicCounter[] memoryTotals;
    private final List<ConnectionTelemetry> connections = new ArrayList<>();
    private final Long2ObjectHashMap<ConnectionTelemetry> byId = new Long2ObjectHashMap<>();
    private final long[] retired = new long[COUNTERS];
    private final Histogram[] accumulating = new Histogram[STAGES];
    private final Histogram[] totalCumulative = new Histogram[STAGES];
    private volatile LatencyStats[] totalIntervalStats;
    private volatile LatencyStats[] totalCumulativeStats;
    private volatile CounterStore fileStore;
    private AtomicCounter[] fileTotals;
    private int fileConnections;
    private boolean shutdownHookAdded;
    private volatile String countersFileError;
    private AgentRunner reporter;
    private boolean closed;
    private long nextIntervalNs;

    Telemetry(
        final long intervalMs,
        final NanoClock nanoClock,
        final EpochClock epochClock,
        final EpochNanoClock epochNanoClock,
        final String reporterName,
        final boolean shared)
    {
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.wallClock = epochNanoClock instanceof SystemEpochNanoClock && nanoClock == SystemNanoClock.INSTANCE ?
            WallClock.system() : new WallClock(nanoClock, epochNanoClock);
        this.reporterName = reporterName;
        this.shared = shared;
        this.memory = CounterStore.inMemory(epochClock);
        this.memoryTotals = allocateTotals(memory);
        for (int i = 0; i < STAGES; i++)
        {
            accumulating[i] = StageRecorder.newHistogram();
            totalCumulative[i] = StageRecorder.newHistogram();
        }
        final LatencyStats[] empty = new LatencyStats[STAGES];
        Arrays.fill(empty, LatencyStats.EMPTY);
        this.totalIntervalStats = empty;
        this.totalCumulativeStats = empty;
    }

    private static final class Global
    {
        static final Telemetry INSTANCE = new Telemetry(Long.getLong(INTERVAL_PROPERTY, DEFAULT_INTERVAL_MS),
            SystemNanoClock.INSTANCE, SystemEpochClock.INSTANCE, new SystemEpochNanoClock(), "wsnova-telemetry",
            true);
    }

    /**
     * The telemetry of the default runtime: every connection made through the static {@code Nova.connect} and
     * {@code WebSocketClient.connect}. Its reporter runs until the JVM exits.
     *
     * @return the one instance.
     */
    public static Telemetry global()
    {
        return Global.INSTANCE;
    }

    /**
     * The telemetry of a launched runtime, on its clocks. Engine-internal: {@code NovaRuntime} creates it and closes
     * it ({@link #close()}) when it closes.
     *
     * @param nanoClock      the runtime's monotonic clock (reporter ticks, intervals, stage times).
     * @param epochClock     the runtime's wall clock in ms (counters file start time, counter slot reuse).
     * @param epochNanoClock the wall clock in ns that venue latencies are measured against.
     * @param reporterName   the reporter thread's name.
     * @return a new instance; its reporter starts with the first registration.
     */
    public static Telemetry forRuntime(
        final NanoClock nanoClock,
        final EpochClock epochClock,
        final EpochNanoClock epochNanoClock,
        final String reporterName)
    {
        return new Telemetry(Long.getLong(INTERVAL_PROPERTY, DEFAULT_INTERVAL_MS), nanoClock, epochClock,
            epochNanoClock, reporterName, false);
    }

    /**
     * Stops the reporter thread (a last {@link #refresh()} first, so the totals include every counter). Connections
     * still registered keep counting, but nothing copies or publishes their values any more. Engine-internal: called
     * by the runtime that owns this instance; {@link #global()} is never closed.
     *
     * @throws IllegalStateException on {@link #global()}.
     */
    public void close()
    {
        if (shared)
        {
            throw new IllegalStateException("the global telemetry belongs to the default runtime, never closed");
        }
        final AgentRunner reporter;
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
            tick(nanoClock.nanoTime(), true);
            reporter = this.reporter;
            this.reporter = null;
        }
        finally
        {
            lock.unlock();
        }
        if (reporter != null)
        {
            reporter.close();
        }
    }

    WallClock wallClock()
    {
        return wallClock;
    }

    /**
     * The reporting interval.
     *
     * @return milliseconds.
     */
    public long intervalMs()
    {
        return TimeUnit.NANOSECONDS.toMillis(intervalNs);
    }

    /**
     * Registers a connection. Engine-internal: called once by each connection as it is created.
     *
     * @param connectionId the connection's stable id.
     * @param delegate     the collector its events are passed on to.
     * @param options      its resolved options ({@link Option#STAGE_TIMING_SAMPLE},
     *                     {@link Option#COUNTERS_FILE}, {@link Option#COUNTERS_DIR}).
     * @return the connection's telemetry, which is also its metrics collector.
     */
    public ConnectionTelemetry register(
        final long connectionId, final MetricsCollector delegate, final NovaOptions options)
    {
        lock.lock();
        try
        {
            CounterStore store = memory;
            if (options.get(Option.COUNTERS_FILE))
            {
                final CounterStore file = openFileStore(options.get(Option.COUNTERS_DIR));
                if (file != null)
                {
                    store = file;
                    fileConnections++;
                }
            }
            AtomicCounter[] counters = allocate(store, connectionId, "conn " + connectionId + ": ");
            if (counters == null && store != memory)
            {
                releaseFileStore();
                store = memory;
                counters = allocate(store, connectionId, "conn " + connectionId + ": ");
            }
            if (counters == null)
            {
                store = null;
                counters = new AtomicCounter[COUNTERS];
                for (int i = 0; i < COUNTERS; i++)
                {
                    counters[i] = CounterStore.detached();
                }
            }
            final ConnectionTelemetry telemetry = new ConnectionTelemetry(this, connectionId, delegate, store,
                counters, options.get(Option.STAGE_TIMING_SAMPLE));
            connections.add(telemetry);
            byId.put(connectionId, telemetry);
            startReporter();
            return telemetry;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A connection's telemetry.
     *
     * @param connectionId the connection's id ({@code Connection.id()}).
     * @return its telemetry, or null when no open connection has that id.
     */
    public ConnectionTelemetry connection(final long connectionId)
    {
        lock.lock();
        try
        {
            return byId.get(connectionId);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A stage's latency on one connection, as of the last interval.
     *
     * @param connectionId the connection.
     * @param stage        the stage.
     * @param window       the last interval, or since the connection started.
     * @return the summary; {@link LatencyStats#EMPTY} for an unknown connection.
     */
    public LatencyStats latency(final long connectionId, final Stage stage, final Window window)
    {
        final ConnectionTelemetry telemetry = connection(connectionId);
        return telemetry == null ? LatencyStats.EMPTY : telemetry.latency(stage, window);
    }

    /**
     * A stage's latency across every connection, as of the last interval (closed connections included).
     *
     * @param stage  the stage.
     * @param window the last interval, or since this process's telemetry started.
     * @return the summary.
     */
    public LatencyStats totalLatency(final Stage stage, final Window window)
    {
        return (window == Window.INTERVAL ? totalIntervalStats : totalCumulativeStats)[stage.ordinal()];
    }

    /**
     * A counter of one connection.
     *
     * @param connectionId the connection.
     * @param counter      the counter.
     * @return the value, or 0 for an unknown connection.
     */
    public long counter(final long connectionId, final Counter counter)
    {
        final ConnectionTelemetry telemetry = connection(connectionId);
        return telemetry == null ? 0 : telemetry.counter(counter);
    }

    /**
     * A counter summed over every connection, closed ones included, as of the reporter's last tick.
     *
     * @param counter the counter.
     * @return the total.
     */
    public long totalCounter(final Counter counter)
    {
        return memoryTotals[counter.ordinal()].get();
    }

    /**
     * The counters file, while one is open.
     *
     * @return its path, or null.
     */
    public Path countersFile()
    {
        final CounterStore store = fileStore;
        return store == null ? null : store.file().file();
    }

    /**
     * Why the counters file could not be created, if it could not (its connections then count in memory only).
     *
     * @return the error, or null.
     */
    public String countersFileError()
    {
        return countersFileError;
    }

    /**
     * Ends the current interval now, instead of waiting for the reporter: counters are copied, totals refreshed,
     * recorders swapped and summaries published before this returns. The next interval starts now.
     */
    public void refresh()
    {
        lock.lock();
        try
        {
            tick(nanoClock.nanoTime(), true);
        }
        finally
        {
            lock.unlock();
        }
    }

    // ---- engine-internal ----

    void onWebSocketOpen(final ConnectionTelemetry telemetry, final WebSocket webSocket)
    {
        lock.lock();
        try
        {
            telemetry.webSocket(webSocket);
        }
        finally
        {
            lock.unlock();
        }
    }

    void retire(final ConnectionTelemetry telemetry)
    {
        lock.lock();
        try
        {
            if (!connections.remove(telemetry))
            {
                return;
            }
            byId.remove(telemetry.connectionId());
            telemetry.copyTransportCounters();
            telemetry.onInterval(accumulating);
            final AtomicCounter[] counters = telemetry.counters();
            for (int i = 0; i < COUNTERS; i++)
            {
                retired[i] += counters[i].get();
            }
            final CounterStore store = telemetry.store();
            if (store != null)
            {
                for (final AtomicCounter counter : counters)
                {
                    store.free(counter);
                }
                if (store != memory)
                {
                    releaseFileStore();
                }
            }
            refreshTotals();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The reporter's work: counters at every tick, histograms when the interval is due (or forced).
     */
    void tick(final long nowNs, final boolean forceInterval)
    {
        for (int i = 0, size = connections.size(); i < size; i++)
        {
            connections.get(i).copyTransportCounters();
        }
        refreshTotals();
        if (forceInterval || nowNs - nextIntervalNs >= 0)
        {
            nextIntervalNs = nowNs + intervalNs;
            wallClock.calibrate();
            for (int i = 0, size = connections.size(); i < size; i++)
            {
                connections.get(i).onInterval(accumulating);
            }
            final LatencyStats[] intervalStats = new LatencyStats[STAGES];
            final LatencyStats[] cumulativeStats = new LatencyStats[STAGES];
            for (int i = 0; i < STAGES; i++)
            {
                totalCumulative[i].add(accumulating[i]);
                intervalStats[i] = LatencyStats.of(accumulating[i]);
                cumulativeStats[i] = LatencyStats.of(totalCumulative[i]);
                accumulating[i].reset();
            }
            totalIntervalStats = intervalStats;
            totalCumulativeStats = cumulativeStats;
        }
    }

    private void refreshTotals()
    {
        final AtomicCounter[] fileTotals = this.fileTotals;
        for (int c = 0; c < COUNTERS; c++)
        {
            long total = retired[c];
            for (int i = 0, size = connections.size(); i < size; i++)
            {
                total += connections.get(i).counters()[c].get();
            }
            memoryTotals[c].setRelease(total);
            if (fileTotals != null)
            {
                fileTotals[c].setRelease(total);
            }
        }
    }

    private CounterStore openFileStore(final String directory)
    {
        if (fileStore != null)
        {
            return fileStore;
        }
        final Path path = directory != null ? Path.of(directory) :
            CountersFile.defaultDirectory(ProcessHandle.current().pid());
        try
        {
            final CounterStore store = CounterStore.inFile(
                CountersFile.create(path, CounterStore.CAPACITY, epochClock), epochClock);
            fileTotals = allocateTotals(store);
            fileStore = store;
            countersFileError = null;
            addShutdownHook();
            refreshTotals();
            return store;
        }
        catch (final IOException | RuntimeException ex)
        {
            countersFileError = "counters file in " + path + ": " + ex;
            return null;
        }
    }

    private void releaseFileStore()
    {
        if (--fileConnections == 0)
        {
            final CounterStore store = fileStore;
            fileStore = null;
            fileTotals = null;
            store.close();
        }
    }

    private void addShutdownHook()
    {
        if (!shutdownHookAdded)
        {
            shutdownHookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                final CounterStore store = fileStore;
                if (store != null)
                {
                    store.close();
                }
            }, "wsnova-telemetry-cleanup"));
        }
    }

    private static AtomicCounter[] allocateTotals(final CounterStore store)
    {
        final AtomicCounter[] totals = allocate(store, 0, TOTAL_PREFIX);
        if (totals == null)
        {
            throw new IllegalStateException("no room for the total counters");
        }
        return totals;
    }

    private static AtomicCounter[] allocate(final CounterStore store, final long connectionId, final String prefix)
    {
        final Counter[] kinds = Counter.values();
        final AtomicCounter[] counters = new AtomicCounter[kinds.length];
        for (int i = 0; i < kinds.length; i++)
        {
            counters[i] = store.allocate(kinds[i], connectionId, prefix + kinds[i].label());
            if (counters[i] == null)
            {
                for (int j = 0; j < i; j++)
                {
                    store.free(counters[j]);
                }
                return null;
            }
        }
        return counters;
    }

    private void onReporterError(final Throwable error)
    {
        final long count = reporterErrors.incrementAndGet();
        if (count == 1 || Long.bitCount(count) == 1)
        {
            System.err.println("wsnova: telemetry reporter error #" + count + ": " + error);
        }
    }

    /**
     * Errors the telemetry reporter thread met (each one is also described on stderr, the first and then at powers
     * of two); the reporter keeps running after an error.
     *
     * @return the count since the process started.
     */
    public long reporterErrors()
    {
        return reporterErrors.get();
    }

    private void startReporter()
    {
        if (reporter == null && !closed)
        {
            nextIntervalNs = nanoClock.nanoTime() + intervalNs;
            // A reporter error is counted and described in one line on stderr, never a stack trace (users read
            // stderr); the reporter keeps running.
            reporter = new AgentRunner(new SleepingMillisIdleStrategy(10), this::onReporterError, null,
                new Reporter());
            final Thread thread = new Thread(reporter, reporterName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * The reporter agent: one tick every {@link #TICK_MS}, under the lock.
     */
    private final class Reporter implements org.agrona.concurrent.Agent
    {
        private final long tickNs = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
        private long nextTickNs = nanoClock.nanoTime();

        @Override
        public int doWork()
        {
            final long nowNs = nanoClock.nanoTime();
            if (nowNs - nextTickNs < 0)
            {
                return 0;
            }
            nextTickNs = nowNs + tickNs;
            lock.lock();
            try
            {
                tick(nowNs, false);
            }
            finally
            {
                lock.unlock();
            }
            return 1;
        }

        @Override
        public String roleName()
        {
            return reporterName;
        }
    }
}
