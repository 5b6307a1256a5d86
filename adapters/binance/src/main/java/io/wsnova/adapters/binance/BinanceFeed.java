package io.wsnova.adapters.binance;

import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.FeedReason;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Binance market-data feed that survives the venue's cuts without losing or repeating an event: make-before-break.
 * When {@code serverShutdown} arrives, or when the connection reaches {@link Builder#maxConnectionAgeMs} (by default
 * 23 h 50 min, ahead of Binance's 24 h cut), a replacement connection is opened to the same URL with the same
 * streams and its books synced to a REST snapshot, while the old connection keeps delivering; each stream then
 * switches to the new connection at the id where both stand (trade id, book update id, book ticker update id), so
 * the listener sees every trade once and one continuous book, with no resync; then the old connection is closed.
 * Every step is a {@link io.wsnova.market.FeedStatus}: {@code HANDOVER_STARTED} (reason {@code SERVER_SHUTDOWN} or
 * {@code CONNECTION_AGE}), {@code HANDOVER_DONE}, or {@code HANDOVER_FAILED} followed by today's reconnect of the
 * old connection (its {@code DISCONNECTED} and {@code RESYNC_*} statuses) when the replacement cannot connect or
 * subscribe within {@link Builder#handoverTimeoutMs}.
 * <pre>{@code
 * BinanceAdapter adapter = BinanceAdapter.builder().listener(listener).build();
 * BinanceFeed feed = BinanceFeed.builder(adapter).options(options).build();
 * feed.start().join();
 * feed.subscribe("btcusdt@depth@100ms").join();
 * }</pre>
 * The listener is called on the connections' message threads (a syncing book's snapshot and statuses possibly on
 * the control thread), one call at a time (a lock, uncontended outside a handover; during one, the two
 * connections' threads take turns). A connection failure outside a handover is a
 * plain reconnect of the engine, as with {@code Nova.connect(adapter, ...)}. IO modes {@code VIRTUAL} and
 * {@code SPIN} (a {@code POLL} replacement's agent would need driving by the user). Thread-safe.
 */
public final class BinanceFeed implements AutoCloseable
{
    /** Default age at which a connection is replaced: 10 minutes before Binance's 24 h cut. */
    public static final long DEFAULT_MAX_CONNECTION_AGE_MS = TimeUnit.MINUTES.toMillis(23 * 60 + 50);
    /** Default bound of a handover: the replacement connects and subscribes, and every stream switches, within. */
    public static final long DEFAULT_HANDOVER_TIMEOUT_MS = 60_000L;

    private final BinanceAdapter adapter;
    private final NovaOptions options;
    private final long maxConnectionAgeMs;
    private final long handoverTimeoutMs;
    private final BinanceHandover handover;
    private final List<String> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger legNumbers = new AtomicInteger();
    private volatile boolean closed;

    private BinanceFeed(final Builder builder)
    {
        this.adapter = builder.adapter;
        this.options = builder.options;
        this.maxConnectionAgeMs = builder.maxConnectionAgeMs;
        this.handoverTimeoutMs = builder.handoverTimeoutMs;
        this.handover = new BinanceHandover(this, adapter);
    }

    /**
     * A builder of a feed over {@code adapter} (its market, listener, REST URL, registry and counters).
     *
     * @param adapter the adapter.
     * @return a new builder.
     */
    public static Builder builder(final BinanceAdapter adapter)
    {
        return new Builder(adapter);
    }

    /**
     * Opens the first connection.
     *
     * @return completes with this feed when connected, or exceptionally as {@code Nova.connect}.
     */
    public CompletableFuture<BinanceFeed> start()
    {
        final BinanceLeg leg = new BinanceLeg(this, adapter, handover, legNumbers.incrementAndGet());
        handover.activate(leg);
        return Nova.connect(leg.adapter, options).thenApply(connection ->
        {
            attach(leg, connection);
            scheduleAge(leg);
            return this;
        });
    }

    /**
     * Subscribes a stream ({@code btcusdt@trade}, {@code btcusdt@depth@100ms}, ...) on the current connection, and on
     * every replacement.
     *
     * @param stream Binance's stream name, lowercase.
     * @return the current connection's subscription.
     * @throws IllegalStateException before {@link #start()} completed.
     */
    public CompletableFuture<Subscription> subscribe(final String stream)
    {
        final Connection connection = connection();
        if (connection == null)
        {
            throw new IllegalStateException("subscribe: the feed is not started");
        }
        if (!streams.contains(stream))
        {
            streams.add(stream);
        }
        expect(stream, true);
        final BinanceLeg standby = handover.standby();
        if (standby != null && standby.connection != null)
        {
            standby.connection.subscribe(stream, null);
        }
        return connection.subscribe(stream, null);
    }

    /**
     * Unsubscribes a stream from the current connection (and any replacement).
     *
     * @param stream the stream name.
     * @return the current connection's answer.
     * @throws IllegalStateException before {@link #start()} completed.
     */
    public CompletableFuture<Subscription> unsubscribe(final String stream)
    {
        final Connection connection = connection();
        if (connection == null)
        {
            throw new IllegalStateException("unsubscribe: the feed is not started");
        }
        streams.remove(stream);
        expect(stream, false);
        final BinanceLeg standby = handover.standby();
        if (standby != null && standby.connection != null)
        {
            standby.connection.unsubscribe(stream);
        }
        return connection.unsubscribe(stream);
    }

    /**
     * The connection that delivers now (it changes at every handover).
     *
     * @return the connection, or null before {@link #start()} completed.
     */
    public Connection connection()
    {
        final BinanceLeg active = handover.active();
        return active == null ? null : active.connection;
    }

    /**
     * The streams subscribed through this feed.
     *
     * @return a copy.
     */
    public List<String> streams()
    {
        return new ArrayList<>(streams);
    }

    /**
     * The adapter (symbols, registry).
     *
     * @return the adapter given to the builder.
     */
    public BinanceAdapter adapter()
    {
        return adapter;
    }

    /**
     * The counters of every connection of this feed, handovers included.
     *
     * @return the adapter's counters.
     */
    public BinanceCounters counters()
    {
        return adapter.counters();
    }

    /**
     * The age at which a connection is replaced.
     *
     * @return milliseconds.
     */
    public long maxConnectionAgeMs()
    {
        return maxConnectionAgeMs;
    }

    /**
     * Closes every connection; no handover or reconnect follows. Idempotent.
     */
    @Override
    public void close()
    {
        closed = true;
        final BinanceLeg standby = handover.standby();
        final BinanceLeg active = handover.active();
        if (standby != null && standby.connection != null)
        {
            standby.connection.close();
        }
        if (active != null && active.connection != null)
        {
            active.connection.close();
        }
    }

    @Override
    public String toString()
    {
        return "BinanceFeed{market=" + adapter.market() + ", streams=" + streams + ", maxConnectionAgeMs=" +
            maxConnectionAgeMs + ", counters=" + adapter.counters() + '}';
    }

    /**
     * Starts a handover away from {@code from} (its {@code serverShutdown}, message thread; or its age, control
     * thread); the replacement connects on the control thread.
     */
    void beginHandover(final BinanceLeg from, final FeedReason reason)
    {
        if (closed)
        {
            return;
        }
        final BinanceLeg to = new BinanceLeg(this, adapter, handover, legNumbers.incrementAndGet());
        if (handover.begin(from, to, reason, System.nanoTime()))
        {
            BinanceSnapshotFetcher.schedule(() -> connectStandby(from, to, reason), 0L);
            BinanceSnapshotFetcher.schedule(() ->
            {
                if (handover.onTimeout(to, System.nanoTime()))
                {
                    fallBack(from, to, reason);
                }
            }, handoverTimeoutMs);
        }
    }

    /**
     * The handover is done (called under the handover's lock): close the old connection, start the new one's age.
     */
    void onHandoverDone(final BinanceLeg retired, final BinanceLeg active)
    {
        BinanceSnapshotFetcher.schedule(() ->
        {
            final Connection connection = retired.connection;
            if (connection != null)
            {
                connection.close();
            }
        }, 0L);
        scheduleAge(active);
    }

    private void connectStandby(final BinanceLeg from, final BinanceLeg to, final FeedReason reason)
    {
        final CompletableFuture<Connection> connect;
        try
        {
            connect = Nova.connect(to.adapter, options);
        }
        catch (final RuntimeException ex)
        {
            if (handover.onStandbyFailed(to, System.nanoTime()))
            {
                fallBack(from, to, reason);
            }
            return;
        }
        connect.whenComplete((connection, error) ->
        {
            if (error != null)
            {
                if (handover.onStandbyFailed(to, System.nanoTime()))
                {
                    fallBack(from, to, reason);
                }
                return;
            }
            attach(to, connection);
            if (closed || !handover.isStandby(to))
            {
                connection.close();
                return;
            }
            final List<CompletableFuture<Subscription>> subscribed = new ArrayList<>();
            for (final String stream : streams)
            {
                subscribed.add(connection.subscribe(stream, null));
            }
            CompletableFuture.allOf(subscribed.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failed) ->
            {
                if (failed == null)
                {
                    handover.onStandbyReady(to, System.nanoTime());
                }
                else if (handover.onStandbyFailed(to, System.nanoTime()))
                {
                    fallBack(from, to, reason);
                }
            });
        });
    }

    /**
     * The replacement failed: close it, and reconnect the old connection as without a feed (unless it is already
     * reconnecting on its own).
     */
    private void fallBack(final BinanceLeg from, final BinanceLeg to, final FeedReason reason)
    {
        final Connection failed = to.connection;
        if (failed != null)
        {
            failed.close();
        }
        final Connection old = from.connection;
        if (!closed && old != null && old.status() == ConnectionStatus.CONNECTED && handover.isActive(from))
        {
            old.reconnect(reason == FeedReason.SERVER_SHUTDOWN ? "serverShutdown" : "connection age");
        }
    }

    private void attach(final BinanceLeg leg, final Connection connection)
    {
        leg.connection = connection;
        connection.addListener(new ConnectionListener()
        {
            @Override
            public void onReconnected(final Connection reconnected)
            {
                leg.socketEpoch++;
                scheduleAge(leg);
            }
        });
    }

    private void scheduleAge(final BinanceLeg leg)
    {
        final int epoch = leg.socketEpoch;
        BinanceSnapshotFetcher.schedule(() ->
        {
            if (!closed && leg.socketEpoch == epoch && handover.isActive(leg))
            {
                beginHandover(leg, FeedReason.CONNECTION_AGE);
            }
        }, maxConnectionAgeMs);
    }

    private void expect(final String stream, final boolean subscribed)
    {
        final int at = stream.indexOf('@');
        if (at <= 0)
        {
            return;
        }
        final String kindText = stream.substring(at + 1);
        final int kind;
        if (kindText.equals("trade"))
        {
            kind = BinanceHandover.TRADE;
        }
        else if (kindText.equals("aggTrade"))
        {
            kind = BinanceHandover.AGG_TRADE;
        }
        else if (kindText.equals("depth") || kindText.startsWith("depth@"))
        {
            kind = BinanceHandover.BOOK;
        }
        else if (kindText.equals("bookTicker"))
        {
            kind = BinanceHandover.TOP;
        }
        else
        {
            return;
        }
        final int instrumentId = adapter.instrument(stream.substring(0, at).toUpperCase(Locale.ROOT));
        handover.expect(kind, instrumentId, subscribed);
    }

    /**
     * Builds a feed. Not thread-safe.
     */
    public static final class Builder
    {
        private final BinanceAdapter adapter;
        private NovaOptions options = NovaOptions.empty();
        private long maxConnectionAgeMs = DEFAULT_MAX_CONNECTION_AGE_MS;
        private long handoverTimeoutMs = DEFAULT_HANDOVER_TIMEOUT_MS;

        private Builder(final BinanceAdapter adapter)
        {
            this.adapter = Objects.requireNonNull(adapter, "adapter");
        }

        /**
         * The user's options of every connection (URL, IO mode, ...), layered over the adapter's as with
         * {@code Nova.connect}.
         *
         * @param options the options.
         * @return this.
         */
        public Builder options(final NovaOptions options)
        {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The age at which a connection is replaced (make-before-break); 23 h 50 min by default.
         *
         * @param ageMs milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder maxConnectionAgeMs(final long ageMs)
        {
            if (ageMs <= 0)
            {
                throw new IllegalArgumentException("maxConnectionAgeMs: must be > 0, was " + ageMs);
            }
            this.maxConnectionAgeMs = ageMs;
            return this;
        }

        /**
         * The bound of a handover: a replacement not connected and subscribed within it fails (a plain reconnect
         * follows); streams not switched within it switch at once (a jump reported as a gap). 60 s by default.
         *
         * @param timeoutMs milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder handoverTimeoutMs(final long timeoutMs)
        {
            if (timeoutMs <= 0)
            {
                throw new IllegalArgumentException("handoverTimeoutMs: must be > 0, was " + timeoutMs);
            }
            this.handoverTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * Builds the (not yet started) feed.
         *
         * @return the feed.
         */
        public BinanceFeed build()
        {
            return new BinanceFeed(this);
        }
    }
}
