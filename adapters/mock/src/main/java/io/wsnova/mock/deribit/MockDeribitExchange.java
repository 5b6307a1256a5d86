package io.wsnova.mock.deribit;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An embedded mock of the Deribit API v2 WebSocket endpoint on 127.0.0.1, speaking JSON-RPC 2.0 with the venue's
 * message shapes: authentication (three grants), heartbeats, subscriptions with a synthetic market for
 * {@code BTC-PERPETUAL} and {@code ETH-PERPETUAL} (ticker, incremental book, trades, quote), order entry, a credit
 * bucket per connection, and fault injection. See {@code docs/MOCK-DERIBIT.md}.
 * <p>
 * Threads: the caller's thread runs {@link #start()}, {@link #stop()}, {@link #restart()} and {@link #close()}
 * (serialised by a lock); Java-WebSocket's selector thread accepts and its worker threads handle requests; one
 * generator thread ({@code mock-deribit-market}) sends market data; one timer thread ({@code mock-deribit-timer})
 * sends heartbeats. Fault injection, market controls and statistics may be called from any thread at any time.
 */
public final class MockDeribitExchange implements AutoCloseable
{
    /** The endpoint path, as on the venue. */
    public static final String PATH = "/ws/api/v2";

    private static final long START_TIMEOUT_MS = 10_000L;

    private final MockDeribitConfig config;
    private final MockDeribitStats stats;
    private final Map<String, MockInstrument> instrumentByNameMap;
    private final Map<String, MockChannel> channelByNameMap;
    private final MockRpc rpc;
    private final MockMarket market;
    private final ScheduledThreadPoolExecutor timer;
    private final ConcurrentHashMap<Long, MockSession> sessionByIdMap = new ConcurrentHashMap<>();
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private volatile long silentUntilNs;
    private volatile long maintenanceUntilNs;
    private volatile MockDeribitServer server;
    private volatile MockHostileServer hostileServer;
    private final MockHostileStats hostileStats = new MockHostileStats();
    private boolean hostileAnnounced;
    private int boundPort;
    private boolean marketStarted;
    private boolean closed;

    /**
     * Creates a stopped exchange.
     *
     * @param config the options.
     */
    public MockDeribitExchange(final MockDeribitConfig config)
    {
        this.config = config;
        final List<MockInstrument> instruments = List.of(
            MockInstrument.btcPerpetual(config.bookDepth(), config.seed(), config.changeIdHistory()),
            MockInstrument.ethPerpetual(config.bookDepth(), config.seed(), config.changeIdHistory()));
        final Map<String, MockInstrument> instrumentMap = new LinkedHashMap<>();
        final Map<String, MockChannel> channelMap = new LinkedHashMap<>();
        final List<MockChannel> channels = new ArrayList<>();
        for (final MockInstrument instrument : instruments)
        {
            instrumentMap.put(instrument.name, instrument);
            for (final String interval : new String[]{"raw", "100ms", "agg2"})
            {
                final boolean raw = "raw".equals(interval);
                channels.add(new MockChannel("ticker." + instrument.name + "." + interval, instrument,
                    MockChannel.TICKER, raw));
                channels.add(new MockChannel("book." + instrument.name + "." + interval, instrument,
                    MockChannel.BOOK, raw));
                channels.add(new MockChannel("trades." + instrument.name + "." + interval, instrument,
                    MockChannel.TRADES, raw));
            }
            channels.add(new MockChannel("quote." + instrument.name, instrument, MockChannel.QUOTE, false));
        }
        for (final MockChannel channel : channels)
        {
            channelMap.put(channel.name, channel);
        }
        instrumentByNameMap = Collections.unmodifiableMap(instrumentMap);
        channelByNameMap = Collections.unmodifiableMap(channelMap);
        stats = new MockDeribitStats(channelByNameMap);
        rpc = new MockRpc(this, new MockAuth(config, stats), new MockOrders(instrumentByNameMap, stats),
            channelByNameMap);
        market = new MockMarket(this, instruments, channels);
        timer = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "mock-deribit-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Binds 127.0.0.1 (the configured port, or after a {@link #stop()} the port of the first start) and starts
     * the generator; returns once the server listens. Does nothing if already running.
     *
     * @throws IllegalStateException if closed, or the port cannot be bound within 10 s.
     */
    public void start()
    {
        lifecycleLock.lock();
        try
        {
            if (closed)
            {
                throw new IllegalStateException("closed");
            }
            if (server != null || hostileServer != null)
            {
                return;
            }
            final int port = boundPort != 0 ? boundPort : config.port();
            if (config.isHostile())
            {
                startHostile(port);
                return;
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            Exception failure;
            do
            {
                final MockDeribitServer candidate =
                    new MockDeribitServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), this);
                candidate.start();
                failure = candidate.awaitStarted(START_TIMEOUT_MS);
                if (failure == null)
                {
                    server = candidate;
                    boundPort = candidate.getPort();
                }
                else
                {
                    candidate.stop((int)config.closeTimeoutMs());
                    Thread.sleep(50);
                }
            }
            while (failure != null && port != 0 && System.nanoTime() - deadlineNs < 0);
            if (failure != null)
            {
                throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, failure);
            }
            if (!marketStarted)
            {
                marketStarted = true;
                market.start();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", ex);
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    private void startHostile(final int port) throws InterruptedException
    {
        if (!hostileAnnounced)
        {
            hostileAnnounced = true;
            System.out.println("mock-deribit hostile mode: seed=" + config.hostileSeed() + " features=" +
                config.hostileFeatures());
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (true)
        {
            try
            {
                final MockHostileServer candidate = new MockHostileServer(this, port);
                hostileServer = candidate;
                boundPort = candidate.port();
                break;
            }
            catch (final IOException ex)
            {
                if (port == 0 || System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, ex);
                }
                Thread.sleep(50);
            }
        }
        if (!marketStarted)
        {
            marketStarted = true;
            market.start();
        }
    }

    /**
     * Stops listening and closes every connection (close code 1001), keeping the market, accounts, tokens, orders
     * and statistics for a {@link #restart()}. Bounded by {@link MockDeribitConfig#closeTimeoutMs()}.
     */
    public void stop()
    {
        lifecycleLock.lock();
        try
        {
            final MockDeribitServer running = server;
            server = null;
            if (running != null)
            {
                running.stop((int)config.closeTimeoutMs(), "stopped");
            }
            final MockHostileServer hostileRunning = hostileServer;
            hostileServer = null;
            if (hostileRunning != null)
            {
                hostileRunning.stop(config.closeTimeoutMs());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            for (final MockSession session : sessionByIdMap.values())
            {
                onClosed(session);
            }
            lifecycleLock.unlock();
        }
    }

    /**
     * {@link #stop()} then {@link #start()} on the same port.
     */
    public void restart()
    {
        stop();
        start();
    }

    /**
     * Stops the server, the generator and the timer; each step bounded by
     * {@link MockDeribitConfig#closeTimeoutMs()}. The exchange cannot be started again.
     */
    @Override
    public void close()
    {
        stop();
        lifecycleLock.lock();
        try
        {
            closed = true;
            market.stop(config.closeTimeoutMs());
            timer.shutdownNow();
            timer.awaitTermination(config.closeTimeoutMs(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    /**
     * Whether the server is listening.
     *
     * @return true between {@link #start()} and {@link #stop()}.
     */
    public boolean isRunning()
    {
        lifecycleLock.lock();
        try
        {
            return server != null || hostileServer != null;
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    /**
     * The bound port.
     *
     * @return the port, 0 before the first start.
     */
    public int port()
    {
        lifecycleLock.lock();
        try
        {
            return boundPort;
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    /**
     * The endpoint to connect to.
     *
     * @return {@code ws://127.0.0.1:PORT/ws/api/v2}.
     * @throws IllegalStateException before the first start.
     */
    public URI uri()
    {
        final int port = port();
        if (port == 0)
        {
            throw new IllegalStateException("not started");
        }
        return URI.create("ws://127.0.0.1:" + port + PATH);
    }

    /**
     * The options.
     *
     * @return the configuration.
     */
    public MockDeribitConfig config()
    {
        return config;
    }

    /**
     * The live counters.
     *
     * @return the statistics.
     */
    public MockDeribitStats stats()
    {
        return stats;
    }

    /**
     * The open connections, oldest first.
     *
     * @return a copy of the list of live views.
     */
    public List<MockConnectionStats> connections()
    {
        final List<MockConnectionStats> connections = new ArrayList<>(sessionByIdMap.values());
        connections.sort((a, b) -> Long.compare(a.connectionId(), b.connectionId()));
        return connections;
    }

    /**
     * The instruments the mock trades.
     *
     * @return {@code BTC-PERPETUAL}, {@code ETH-PERPETUAL}.
     */
    public List<String> instruments()
    {
        return List.copyOf(instrumentByNameMap.keySet());
    }

    /**
     * The whole synthetic book of an instrument, consistent with the notifications sent so far.
     *
     * @param instrument the instrument name.
     * @return the snapshot.
     * @throws IllegalArgumentException for an unknown instrument.
     */
    public MockBookSnapshot book(final String instrument)
    {
        return book(instrument, Integer.MAX_VALUE);
    }

    /**
     * The top levels of the synthetic book of an instrument.
     *
     * @param instrument the instrument name.
     * @param depth      the most levels a side.
     * @return the snapshot.
     * @throws IllegalArgumentException for an unknown instrument.
     */
    public MockBookSnapshot book(final String instrument, final int depth)
    {
        return instrument(instrument).snapshot(depth);
    }

    /**
     * The {@code change_id}s of the book change notifications sent for an instrument, oldest first (the last
     * {@link MockDeribitConfig#changeIdHistory()}); snapshots are not included.
     *
     * @param instrument the instrument name.
     * @return a copy.
     * @throws IllegalArgumentException for an unknown instrument.
     */
    public long[] sentBookChangeIds(final String instrument)
    {
        return instrument(instrument).sentChangeIds();
    }

    /**
     * The book of an instrument as it was at a change id the exchange reached, kept when
     * {@link MockDeribitConfig#bookHistoryDepth()} is above 0 (the oracle of book soaks).
     *
     * @param instrument the instrument name.
     * @param changeId   the change id.
     * @return the top {@code bookHistoryDepth} levels a side, or null if that change id is not in the history.
     * @throws IllegalArgumentException for an unknown instrument.
     */
    public MockBookSnapshot bookAt(final String instrument, final long changeId)
    {
        return instrument(instrument).bookAt(changeId);
    }

    /**
     * What the hostile server wrote (all zero unless {@link MockDeribitConfig#isHostile()}).
     *
     * @return the live counters.
     */
    public MockHostileStats hostileStats()
    {
        return hostileStats;
    }

    /**
     * Stops generating market data (heartbeats, responses and injected frames continue).
     */
    public void pauseMarketData()
    {
        market.paused(true);
    }

    /**
     * Resumes generating market data.
     */
    public void resumeMarketData()
    {
        market.paused(false);
    }

    /**
     * Changes the generator rate.
     *
     * @param messagesPerSecond 0 to {@link MockDeribitConfig#MAX_MESSAGES_PER_SECOND}.
     * @throws IllegalArgumentException if out of range.
     */
    public void messagesPerSecond(final int messagesPerSecond)
    {
        if (messagesPerSecond < 0 || messagesPerSecond > MockDeribitConfig.MAX_MESSAGES_PER_SECOND)
        {
            throw new IllegalArgumentException("messagesPerSecond: out of range: " + messagesPerSecond);
        }
        market.messagesPerSecond(messagesPerSecond);
    }

    /**
     * The generator rate.
     *
     * @return messages per second.
     */
    public int messagesPerSecond()
    {
        return market.messagesPerSecond();
    }

    /**
     * Closes every connection's TCP socket without a close frame (the client sees end of stream).
     *
     * @return the number of connections dropped.
     */
    public int dropConnections()
    {
        int dropped = 0;
        for (final MockSession session : sessionByIdMap.values())
        {
            session.drop();
            dropped++;
        }
        return dropped;
    }

    /**
     * Resets every connection's TCP socket (RST: linger 0), without a close frame.
     *
     * @return the number of connections reset.
     */
    public int resetConnections()
    {
        int reset = 0;
        for (final MockSession session : sessionByIdMap.values())
        {
            if (session.hostile != null)
            {
                session.hostile.reset();
                reset++;
                continue;
            }
            if (session.connection instanceof WebSocketImpl impl && impl.getChannel() instanceof SocketChannel channel)
            {
                try
                {
                    channel.socket().setSoLinger(true, 0);
                }
                catch (final SocketException ex)
                {
                    // closed already: the drop below does the rest
                }
            }
            session.drop();
            reset++;
        }
        return reset;
    }

    /**
     * Closes every connection with a close frame.
     *
     * @param code   the close code, e.g. 1001 or 1011.
     * @param reason the close reason.
     * @return the number of connections closed.
     */
    public int closeAll(final int code, final String reason)
    {
        int closedCount = 0;
        for (final MockSession session : sessionByIdMap.values())
        {
            session.close(code, reason);
            closedCount++;
        }
        return closedCount;
    }

    /**
     * Makes the next book change of an instrument skip one change id: a change is applied to the mock's book but
     * not sent, so the next notification's {@code prev_change_id} is not the last {@code change_id} sent.
     *
     * @param instrument the instrument name.
     * @throws IllegalArgumentException for an unknown instrument.
     */
    public void injectBookGap(final String instrument)
    {
        final MockInstrument target = instrument(instrument);
        target.lock.lock();
        try
        {
            target.gapPending = true;
        }
        finally
        {
            target.lock.unlock();
        }
    }

    /**
     * For a while sends nothing at all (market data, heartbeats, responses, injected frames) and ignores all
     * input; heartbeat deadlines do not run. Connections stay open.
     *
     * @param durationMs how long, from now; 0 ends a silence at once.
     */
    public void silence(final long durationMs)
    {
        silentUntilNs = deadlineNs(durationMs);
    }

    /**
     * For a while answers every request except {@code public/test} with 11051 {@code system_maintenance} and
     * refuses new upgrades with HTTP 503. Open connections and market data continue.
     *
     * @param durationMs how long, from now; 0 ends a maintenance at once.
     */
    public void maintenance(final long durationMs)
    {
        maintenanceUntilNs = deadlineNs(durationMs);
    }

    /**
     * Sends {@code count} malformed JSON frames to every connection, mixed into the stream (one per generator
     * cycle).
     *
     * @param count frames per connection.
     */
    public void injectMalformed(final int count)
    {
        market.pendingMalformed.addAndGet(Math.max(0, count));
    }

    /**
     * Sends {@code count} notifications with an unknown {@code method} to every connection, mixed into the stream.
     *
     * @param count notifications per connection.
     */
    public void injectUnknownMethods(final int count)
    {
        market.pendingUnknownMethods.addAndGet(Math.max(0, count));
    }

    /**
     * Whether a {@link #silence(long)} is in force.
     *
     * @return true while silent.
     */
    public boolean isSilent()
    {
        final long untilNs = silentUntilNs;
        return untilNs != 0 && System.nanoTime() - untilNs < 0;
    }

    /**
     * Whether a {@link #maintenance(long)} is in force.
     *
     * @return true during maintenance.
     */
    public boolean isInMaintenance()
    {
        final long untilNs = maintenanceUntilNs;
        return untilNs != 0 && System.nanoTime() - untilNs < 0;
    }

    private static long deadlineNs(final long durationMs)
    {
        if (durationMs <= 0)
        {
            return 0;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        return deadline == 0 ? 1 : deadline;
    }

    private MockInstrument instrument(final String name)
    {
        final MockInstrument instrument = instrumentByNameMap.get(name);
        if (instrument == null)
        {
            throw new IllegalArgumentException("unknown instrument: " + name);
        }
        return instrument;
    }

    MockRpc rpc()
    {
        return rpc;
    }

    Collection<MockSession> sessions()
    {
        return sessionByIdMap.values();
    }

    void onOpen(final WebSocket connection)
    {
        final MockSession session =
            new MockSession(nextConnectionId.getAndIncrement(), connection, this, System.nanoTime());
        connection.setAttachment(session);
        sessionByIdMap.put(session.connectionId, session);
        stats.connectionsAccepted.incrementAndGet();
        stats.connectionsOpen.incrementAndGet();
    }

    MockSession onOpenHostile(final MockHostileConnection connection)
    {
        final MockSession session =
            new MockSession(nextConnectionId.getAndIncrement(), null, connection, this, System.nanoTime());
        sessionByIdMap.put(session.connectionId, session);
        stats.connectionsAccepted.incrementAndGet();
        stats.connectionsOpen.incrementAndGet();
        return session;
    }

    /**
     * Runs a task once on the timer thread after a delay; nothing once the exchange is closed.
     */
    void schedule(final Runnable task, final long delayMs)
    {
        try
        {
            timer.schedule(() ->
            {
                try
                {
                    task.run();
                }
                catch (final RuntimeException ex)
                {
                    stats.callbackErrors.incrementAndGet();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }
        catch (final RejectedExecutionException ex)
        {
            // closed: the connections are closed already
        }
    }

    void onClosed(final MockSession session)
    {
        if (sessionByIdMap.remove(session.connectionId, session))
        {
            stats.connectionsOpen.decrementAndGet();
        }
        session.onClosed();
    }

    /**
     * Works around a lost-wake-up race in Java-WebSocket 1.6.0's server: its selector clears a connection's write
     * interest after draining the queue, and a frame queued by another thread in between stays unsent until the
     * next send. Called by the generator thread about once a millisecond, this re-arms the write interest of every
     * connection that has frames waiting (a spurious re-arm is harmless).
     */
    void rearmPendingWrites()
    {
        final MockDeribitServer running = server;
        if (running == null)
        {
            return;
        }
        for (final MockSession session : sessionByIdMap.values())
        {
            if (session.connection instanceof WebSocketImpl impl && !impl.outQueue.isEmpty())
            {
                try
                {
                    running.onWriteDemand(impl);
                }
                catch (final RuntimeException ex)
                {
                    // the connection is closing: its key is gone
                }
            }
        }
    }

    ScheduledFuture<?> scheduleHeartbeat(final MockSession session, final long periodMs)
    {
        return timer.scheduleWithFixedDelay(() ->
        {
            try
            {
                session.onHeartbeatTimer(System.nanoTime());
            }
            catch (final RuntimeException ex)
            {
                stats.callbackErrors.incrementAndGet();
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Wall-clock microseconds, as the venue's {@code usIn}/{@code usOut}.
     */
    static long nowUs()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public String toString()
    {
        return "MockDeribitExchange{port=" + boundPort + ", connections=" + sessionByIdMap.size() + '}';
    }
}
