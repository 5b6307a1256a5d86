package io.wsnova.engine;

import io.wsnova.engine.runtime.EngineTime;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.transport.Connector;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads and clocks one client runtime needs, in one object that is closed once (as Aeron's {@code Aeron}):
 * <ul>
 *     <li>the clocks: a {@link NanoClock} (deadlines, intervals, latencies) and an {@link EpochClock} (wall clock);
 *     </li>
 *     <li>the one timer, a {@link ScheduledExecutorService} on one daemon thread ({@code wsnova-timer}), on which
 *     reconnects, request timeouts, rate-limit drains and auth refreshes are scheduled;</li>
 *     <li>the watchdog, one daemon thread ({@code wsnova-watchdog}) that checks every connection of the runtime
 *     every 10 ms (send, idle, pong and close timeouts; keepalive pings);</li>
 *     <li>the telemetry ({@link #telemetry()}) and its reporter thread ({@code wsnova-telemetry}), started by the
 *     first connection that registers.</li>
 * </ul>
 * Every part of a connection reads time from {@link #time()}, never from {@code System.nanoTime()} or a static
 * timer, so a test can launch a runtime on a fake clock ({@link Context#nanoClock}, {@link Context#epochClock},
 * {@link Context#timer}) and run timeout, keepalive and backoff rules without sleeping.
 * <p>
 * {@link #defaultRuntime()} is created lazily for the static {@code Nova.connect} and
 * {@link WebSocketClient#connect} API: system clocks, daemon threads, never closed (they end with the JVM).
 * <p>
 * Close a runtime after the connections made from it. {@link #close()} does not wait for that: every WebSocket still
 * open is closed at once (status {@code LOCAL_CLOSE}, close code 1001 going away, the socket closed without waiting
 * for the server's close frame), which a {@code Connection} sees as a local close (the default failure policy does
 * not reconnect); then the timer, the telemetry reporter and the watchdog stop. A connect on a closed runtime fails.
 * <p>
 * Thread safety: every method may be called from any thread.
 */
public final class NovaRuntime implements AutoCloseable
{
    private static final AtomicInteger LAUNCHED = new AtomicInteger();
    private static final ReentrantLock DEFAULT_LOCK = new ReentrantLock();
    private static volatile NovaRuntime defaultRuntime;

    private final EngineTime time;
    private final Connector connector;
    private final Telemetry telemetry;
    private final ScheduledExecutorService ownTimer;
    private final boolean isDefault;
    private final ReentrantLock closeLock = new ReentrantLock();
    private volatile boolean closed;

    private NovaRuntime(final Context context, final String suffix, final boolean isDefault)
    {
        this.isDefault = isDefault;
        final ScheduledExecutorService timer;
        if (context.timer != null)
        {
            timer = context.timer;
            this.ownTimer = null;
        }
        else
        {
            timer = newTimer("wsnova-timer" + suffix);
            this.ownTimer = timer;
        }
        this.time = new EngineTime(context.nanoClock, context.epochClock, timer);
        this.telemetry = isDefault ? Telemetry.global() :
            Telemetry.forRuntime(context.nanoClock, context.epochClock, context.epochNanoClock,
            "wsnova-telemetry" + suffix);
        this.connector = new Connector(time, "wsnova-watchdog" + suffix);
    }

    /**
     * Launches a runtime on the system clocks with its own threads.
     *
     * @return the runtime; close it when its connections are closed.
     */
    public static NovaRuntime launch()
    {
        return launch(new Context());
    }

    /**
     * Launches a runtime. Its threads are named {@code wsnova-timer-N}, {@code wsnova-watchdog-N} and
     * {@code wsnova-telemetry-N}, N counting the runtimes launched in this JVM.
     *
     * @param context the clocks and timer to use; parts left unset are the system's.
     * @return the runtime; close it when its connections are closed.
     */
    public static NovaRuntime launch(final Context context)
    {
        return new NovaRuntime(context, "-" + LAUNCHED.incrementAndGet(), false);
    }

    /**
     * The runtime of the static API ({@code Nova.connect}, {@link WebSocketClient#connect}), created on first use:
     * system clocks, daemon threads named {@code wsnova-timer}, {@code wsnova-watchdog} and {@code wsnova-telemetry},
     * and {@link Telemetry#global()} as its telemetry. It is never closed: its threads end with the JVM, and
     * {@link #close()} on it throws.
     *
     * @return the shared runtime.
     */
    public static NovaRuntime defaultRuntime()
    {
        NovaRuntime runtime = defaultRuntime;
        if (runtime == null)
        {
            DEFAULT_LOCK.lock();
            try
            {
                runtime = defaultRuntime;
                if (runtime == null)
                {
                    runtime = new NovaRuntime(new Context(), "", true);
                    defaultRuntime = runtime;
                }
            }
            finally
            {
                DEFAULT_LOCK.unlock();
            }
        }
        return runtime;
    }

    /**
     * The clocks and the timer every part of this runtime's connections uses.
     *
     * @return the runtime's time.
     */
    public EngineTime time()
    {
        return time;
    }

    /**
     * The telemetry of this runtime's connections: counters and stage latencies, with its query API.
     *
     * @return {@link Telemetry#global()} for the default runtime, else this runtime's own.
     */
    public Telemetry telemetry()
    {
        return telemetry;
    }

    /**
     * The transport of this runtime: opens WebSockets whose deadlines use this runtime's clock and which its watchdog
     * checks. Engine-internal (the setup classes hand it to a connection); applications use {@code Nova} or
     * {@link WebSocketClient}.
     *
     * @return the connector.
     */
    public Connector connector()
    {
        return connector;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Closes every WebSocket of this runtime still open (status {@code LOCAL_CLOSE}, close code 1001; waiting up to
     * 1 s each for its reader to end it), then stops the timer (a timer given in the {@link Context} belongs to the
     * caller and is left running), the telemetry reporter and the watchdog. Idempotent.
     *
     * @throws IllegalStateException on the {@link #defaultRuntime()}, which is never closed.
     */
    @Override
    public void close()
    {
        if (isDefault)
        {
            throw new IllegalStateException("the default runtime is shared by the static API and never closed");
        }
        closeLock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
            connector.close();
            if (ownTimer != null)
            {
                ownTimer.shutdownNow();
                try
                {
                    ownTimer.awaitTermination(1, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            telemetry.close();
        }
        finally
        {
            closeLock.unlock();
        }
    }

    private static ScheduledExecutorService newTimer(final String name)
    {
        final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        // A cancelled timeout (a request answered in time) leaves the queue at once instead of at its due time.
        timer.setRemoveOnCancelPolicy(true);
        timer.prestartAllCoreThreads();
        return timer;
    }

    /**
     * What a runtime is launched with. Every part is optional; unset parts are the system's.
     */
    public static final class Context
    {
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private EpochClock epochClock = SystemEpochClock.INSTANCE;
        private EpochNanoClock epochNanoClock = new SystemEpochNanoClock();
        private ScheduledExecutorService timer;

        /**
         * An empty context: system clocks, the runtime's own timer.
         */
        public Context()
        {
        }

        /**
         * The monotonic clock (default {@link SystemNanoClock}). A fake clock must not start at 0: a time of 0
         * means "not set" for the watchdog's stamps.
         *
         * @param nanoClock the clock.
         * @return this.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /**
         * The wall clock in ms since the epoch (default {@link SystemEpochClock}).
         *
         * @param epochClock the clock.
         * @return this.
         */
        public Context epochClock(final EpochClock epochClock)
        {
            this.epochClock = Objects.requireNonNull(epochClock, "epochClock");
            return this;
        }

        /**
         * The wall clock in ns since the epoch that venue latencies are measured against (default
         * {@link SystemEpochNanoClock}). A fake wall clock usually implements both {@link EpochClock} and this.
         *
         * @param epochNanoClock the clock.
         * @return this.
         */
        public Context epochNanoClock(final EpochNanoClock epochNanoClock)
        {
            this.epochNanoClock = Objects.requireNonNull(epochNanoClock, "epochNanoClock");
            return this;
        }

        /**
         * The timer (default: the runtime's own single daemon thread, shut down at close). A timer given here belongs
         * to the caller: the runtime never shuts it down. Its tasks must not block.
         *
         * @param timer the timer.
         * @return this.
         */
        public Context timer(final ScheduledExecutorService timer)
        {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }
    }
}
