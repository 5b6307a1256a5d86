package io.wsnova.adapters.binance;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.AdapterSession;
import io.wsnova.engine.ConnectionContext;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Binance adapter, spot or USD-M futures ({@link Builder#market}): combined streams ({@code /stream}, live
 * {@code SUBSCRIBE}/{@code UNSUBSCRIBE} with ids, batched restore), decoded into the venue-neutral market model
 * for a {@link MarketListener}:
 * <ul>
 *   <li>{@code <symbol>@trade} and {@code @aggTrade} as {@link io.wsnova.market.Trade} (deduplicated by trade id,
 *   a jump in ids reported as a {@code SEQUENCE_GAP} status);</li>
 *   <li>{@code <symbol>@depth} / {@code @depth@100ms} as a book per symbol synced to the REST snapshot by the
 *   official procedure ({@link BinanceBookSync});</li>
 *   <li>{@code <symbol>@bookTicker} as {@link io.wsnova.market.TopOfBook}; futures {@code @markPrice} as
 *   {@link io.wsnova.market.DerivativesTicker}, {@code @forceOrder} as {@link io.wsnova.market.Liquidation};</li>
 *   <li>{@code serverShutdown} and the 24 h cut: connected through {@code Nova.connect}, a planned reconnect with
 *   subscriptions restored and books resynced, every step reported as a {@link io.wsnova.market.FeedStatus};
 *   through a {@link BinanceFeed} (recommended), a make-before-break handover to a replacement connection with
 *   nothing lost or delivered twice.</li>
 * </ul>
 * Rate limit: a token bucket per connection that keeps the client's control messages under the venue's limit
 * with room for the pong (and, futures, the client's keepalive ping): at most 4 requests in any second (spot) or
 * 8 (futures). Liveness: spot uses no client pings (they would count against the limit) and an idle timeout of
 * 30 s (Binance pings every 20 s); futures pings every 30 s with a 10 s pong timeout (Binance pings only every
 * 3 min). Immutable and thread-safe: one adapter may serve several connections.
 */
public final class BinanceAdapter implements Adapter
{
    /** The combined-stream path. */
    public static final String PATH = "/stream";
    /** Default streams per SUBSCRIBE request (Binance documents no limit below 1024 streams a connection). */
    public static final int DEFAULT_MAX_STREAMS_PER_REQUEST = 200;
    /** Default depth of the REST snapshot. */
    public static final int DEFAULT_SNAPSHOT_LIMIT = 1000;
    /** Default bound of one REST snapshot request. */
    public static final long DEFAULT_SNAPSHOT_TIMEOUT_MS = 10_000L;
    /** Default delay before the second snapshot attempt of a resync (doubling, capped). */
    public static final long DEFAULT_SNAPSHOT_BACKOFF_MS = 250L;
    /** Default cap of the snapshot backoff. */
    public static final long DEFAULT_SNAPSHOT_MAX_BACKOFF_MS = 10_000L;
    /** Spot: nothing received (data or the server's 20 s pings) for this long ends the connection. */
    public static final long SPOT_IDLE_TIMEOUT_MS = 30_000L;
    /** Futures: the client's keepalive ping interval. */
    public static final long FUTURES_PING_INTERVAL_MS = 30_000L;
    /** Futures: the client's keepalive pong timeout. */
    public static final long FUTURES_PONG_TIMEOUT_MS = 10_000L;
    /** Spot: least time between two requests (at most 4 in any second; the 5th message is the pong). */
    public static final long SPOT_REQUEST_INTERVAL_MS = 334L;
    /** Futures: least time between two requests (at most 8 in any second; pong and keepalive ping make 10). */
    public static final long FUTURES_REQUEST_INTERVAL_MS = 143L;

    private final BinanceMarket market;
    private final boolean permessageDeflate;
    private final MarketListener listener;
    private final InstrumentRegistry registry;
    private final int venueId;
    private final ReentrantLock registryLock;
    private final int maxStreamsPerRequest;
    private final long requestIntervalMs;
    private final long snapshotBackoffMs;
    private final long snapshotMaxBackoffMs;
    private final BinanceSnapshotFetcher fetcher;
    private final BinanceCounters counters;
    private final AtomicInteger openSessions = new AtomicInteger();
    private final BinanceLeg leg;

    private BinanceAdapter(final Builder builder)
    {
        this.market = builder.market;
        this.listener = builder.listener;
        this.registry = builder.registry != null ? builder.registry : new InstrumentRegistry();
        this.registryLock = new ReentrantLock();
        this.counters = new BinanceCounters();
        this.leg = null;
        this.venueId = registry.venue(market.venueName());
        this.maxStreamsPerRequest = builder.maxStreamsPerRequest;
        this.permessageDeflate = builder.permessageDeflate;
        this.requestIntervalMs = builder.requestIntervalMs > 0 ? builder.requestIntervalMs :
            market == BinanceMarket.SPOT ? SPOT_REQUEST_INTERVAL_MS : FUTURES_REQUEST_INTERVAL_MS;
        this.snapshotBackoffMs = builder.snapshotBackoffMs;
        this.snapshotMaxBackoffMs = builder.snapshotMaxBackoffMs;
        this.fetcher = new BinanceSnapshotFetcher(builder.restUrl != null ? builder.restUrl : market.restBaseUrl(),
            market.depthPath(), builder.snapshotLimit, builder.snapshotTimeoutMs,
            builder.snapshotTimer != null ? builder.snapshotTimer : BinanceSnapshotFetcher.TIMER);
    }

    /**
     * One connection of a {@link BinanceFeed}: the parent's settings, registry (and its lock) and counters; its
     * events go to the leg, which hands them to the feed's handover.
     */
    private BinanceAdapter(final BinanceAdapter parent, final BinanceLeg leg)
    {
        this.market = parent.market;
        this.listener = leg;
        this.registry = parent.registry;
        this.registryLock = parent.registryLock;
        this.counters = parent.counters;
        this.leg = leg;
        this.venueId = parent.venueId;
        this.maxStreamsPerRequest = parent.maxStreamsPerRequest;
        this.requestIntervalMs = parent.requestIntervalMs;
        this.permessageDeflate = parent.permessageDeflate;
        this.snapshotBackoffMs = parent.snapshotBackoffMs;
        this.snapshotMaxBackoffMs = parent.snapshotMaxBackoffMs;
        this.fetcher = parent.fetcher;
    }

    /**
     * A builder (spot by default).
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The market.
     *
     * @return spot or USD-M futures.
     */
    public BinanceMarket market()
    {
        return market;
    }

    /**
     * The venue id of this adapter's market in its registry.
     *
     * @return the id.
     */
    public int venueId()
    {
        return venueId;
    }

    /**
     * The symbol of an instrument id carried by the events (thread-safe).
     *
     * @param instrumentId the id.
     * @return the symbol as Binance writes it in events ({@code BTCUSDT}).
     */
    public String symbol(final int instrumentId)
    {
        registryLock.lock();
        try
        {
            return registry.symbol(instrumentId);
        }
        finally
        {
            registryLock.unlock();
        }
    }

    /**
     * The instrument registry the events' ids refer to. Symbols seen for the first time are registered into it by
     * the connections' message threads under this adapter's lock: read it through {@link #symbol(int)} while
     * connections run, or directly once they are closed.
     *
     * @return the registry.
     */
    public InstrumentRegistry registry()
    {
        return registry;
    }

    /**
     * What the connections of this adapter dropped, found and resynced.
     *
     * @return the counters (any thread).
     */
    public BinanceCounters counters()
    {
        return counters;
    }

    /**
     * The REST snapshot URL of a symbol.
     *
     * @param symbol the symbol ({@code BTCUSDT}).
     * @return the URL.
     */
    public String snapshotUrl(final String symbol)
    {
        return fetcher.url(symbol);
    }

    /**
     * The least time between two requests on one connection.
     *
     * @return milliseconds.
     */
    public long requestIntervalMs()
    {
        return requestIntervalMs;
    }

    @Override
    public String name()
    {
        return market.venueName();
    }

    /**
     * The adapter's option layer: the production URL of the market with the combined-stream path, and the
     * liveness settings of the class comment.
     *
     * @return the options.
     */
    @Override
    public NovaOptions defaultOptions()
    {
        final NovaOptions.Builder options = NovaOptions.builder()
            .secure(true)
            .host(market.host())
            .port(market.port())
            .path(PATH);
        if (market == BinanceMarket.SPOT)
        {
            options.keepalive(0L, 0L).set(Option.IDLE_TIMEOUT_MS, SPOT_IDLE_TIMEOUT_MS);
        }
        else
        {
            options.keepalive(FUTURES_PING_INTERVAL_MS, FUTURES_PONG_TIMEOUT_MS)
                .set(Option.IDLE_TIMEOUT_MS, FUTURES_PING_INTERVAL_MS + FUTURES_PONG_TIMEOUT_MS);
        }
        if (permessageDeflate)
        {
            options.perMessageDeflate(true);
        }
        return options.build();
    }

    /**
     * A new session for one logical connection: its connection handler and message handler share it (the socket
     * epoch, the reason of the last disconnect); the engine closes it when the connection has ended for good. The
     * adapter keeps no reference to it.
     *
     * @param context the connection's resolved options.
     * @return the session.
     */
    @Override
    public AdapterSession forConnection(final ConnectionContext context)
    {
        openSessions.incrementAndGet();
        return new BinanceSession(this, true);
    }

    /**
     * A connection handler with a session of its own; the engine uses {@link #forConnection} instead, whose
     * handlers share one session per connection.
     *
     * @return the handler.
     */
    @Override
    public ConnectionHandler connectionHandler()
    {
        return new BinanceConnectionHandler(this, new BinanceSession(this, false));
    }

    /**
     * A message handler with a session of its own (decoding without a connection: tests, benchmarks); the engine
     * uses {@link #forConnection} instead, whose handlers share one session per connection.
     *
     * @return the handler.
     */
    @Override
    public MessageHandler messageHandler()
    {
        return new BinanceMessageHandler(this);
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        return new BinanceSubscriptionHandler(maxStreamsPerRequest);
    }

    @Override
    public FailurePolicy failurePolicy()
    {
        return new BinanceFailurePolicy();
    }

    /**
     * A new token bucket per connection: one request, then one more per {@link #requestIntervalMs()}; a request
     * short of its token waits in the engine's queue.
     *
     * @return the limiter.
     */
    @Override
    public RateLimitHandler rateLimitHandler()
    {
        return TokenBucketRateLimiter.builder()
            .capacity(1)
            .refillAmount(1)
            .refillIntervalNs(TimeUnit.MILLISECONDS.toNanos(requestIntervalMs))
            .defaultCost(1)
            .whenShort(RateLimitHandler.QUEUE)
            .build();
    }

    @Override
    public String toString()
    {
        return "BinanceAdapter{market=" + market + ", snapshot=" + fetcher.url("SYMBOL") + ", maxStreamsPerRequest=" +
            maxStreamsPerRequest + ", requestIntervalMs=" + requestIntervalMs + '}';
    }

    MarketListener listener()
    {
        return listener;
    }

    /**
     * The leg this adapter serves in a {@link BinanceFeed}, or null for a plain adapter.
     */
    BinanceLeg leg()
    {
        return leg;
    }

    /**
     * An adapter for one connection of a feed, sharing this adapter's settings, registry and counters.
     */
    BinanceAdapter forLeg(final BinanceLeg leg)
    {
        return new BinanceAdapter(this, leg);
    }

    BinanceSnapshotFetcher fetcher()
    {
        return fetcher;
    }

    long snapshotBackoffMs()
    {
        return snapshotBackoffMs;
    }

    long snapshotMaxBackoffMs()
    {
        return snapshotMaxBackoffMs;
    }

    /**
     * The sessions this adapter opened whose connection has not ended yet (tests: 0 once every connection closed).
     */
    int openSessions()
    {
        return openSessions.get();
    }

    void sessionClosed()
    {
        openSessions.decrementAndGet();
    }

    int instrument(final String symbol)
    {
        registryLock.lock();
        try
        {
            final byte[] bytes = symbol.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final int existing = registry.instrument(venueId, bytes, 0, bytes.length);
            return existing != InstrumentRegistry.NOT_FOUND ? existing :
                registry.register(venueId, symbol, BinanceMessageHandler.defaultSpec(market));
        }
        finally
        {
            registryLock.unlock();
        }
    }

    InstrumentSpec spec(final int instrumentId)
    {
        registryLock.lock();
        try
        {
            return registry.spec(instrumentId);
        }
        finally
        {
            registryLock.unlock();
        }
    }

    /**
     * Builds an adapter. Not thread-safe.
     */
    public static final class Builder
    {
        private BinanceMarket market = BinanceMarket.SPOT;
        private boolean permessageDeflate;
        private MarketListener listener = new MarketListener()
        {
        };
        private InstrumentRegistry registry;
        private String restUrl;
        private int maxStreamsPerRequest = DEFAULT_MAX_STREAMS_PER_REQUEST;
        private int snapshotLimit = DEFAULT_SNAPSHOT_LIMIT;
        private long snapshotTimeoutMs = DEFAULT_SNAPSHOT_TIMEOUT_MS;
        private long snapshotBackoffMs = DEFAULT_SNAPSHOT_BACKOFF_MS;
        private long snapshotMaxBackoffMs = DEFAULT_SNAPSHOT_MAX_BACKOFF_MS;
        private long requestIntervalMs;
        private ScheduledExecutorService snapshotTimer;

        private Builder()
        {
        }

        /**
         * Sets the market; spot by default.
         *
         * @param market spot or USD-M futures.
         * @return this.
         */
        public Builder market(final BinanceMarket market)
        {
            this.market = Objects.requireNonNull(market, "market");
            return this;
        }

        /**
         * Sets the listener; events are dropped by default.
         *
         * @param listener called one call at a time per connection, never concurrently: on the message thread
         *                 or, during a book's resync, on the control thread (its snapshot, buffered events and
         *                 resync statuses), with a happens-before edge between consecutive calls (see
         *                 docs/BINANCE.md, "Book sync"); statuses of a disconnect come from the event thread.
         * @return this.
         */
        public Builder listener(final MarketListener listener)
        {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the registry the events' instrument ids refer to (symbols registered with a spec beforehand keep
         * it); a new one by default.
         *
         * @param registry the registry.
         * @return this.
         */
        public Builder registry(final InstrumentRegistry registry)
        {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Sets the REST base URL of the depth snapshot ({@code https://api.binance.com} for spot by default,
         * {@code https://fapi.binance.com} for futures); the path and query are the market's.
         *
         * @param restUrl the base, e.g. {@code http://127.0.0.1:8080}.
         * @return this.
         */
        public Builder restUrl(final String restUrl)
        {
            this.restUrl = Objects.requireNonNull(restUrl, "restUrl");
            return this;
        }

        /**
         * Sets how many streams one SUBSCRIBE request carries when the engine restores subscriptions.
         *
         * @param streams 1 to 1024.
         * @return this.
         * @throws IllegalArgumentException outside the range.
         */
        public Builder maxStreamsPerRequest(final int streams)
        {
            if (streams < 1 || streams > 1024)
            {
                throw new IllegalArgumentException("maxStreamsPerRequest: must be in 1-1024, was " + streams);
            }
            this.maxStreamsPerRequest = streams;
            return this;
        }

        /**
         * Sets the REST snapshot's {@code limit} (depth); 1000 by default.
         *
         * @param limit levels per side, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder snapshotLimit(final int limit)
        {
            if (limit <= 0)
            {
                throw new IllegalArgumentException("snapshotLimit: must be > 0, was " + limit);
            }
            this.snapshotLimit = limit;
            return this;
        }

        /**
         * Sets the bound of one snapshot request; 10 s by default.
         *
         * @param timeoutMs milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder snapshotTimeoutMs(final long timeoutMs)
        {
            if (timeoutMs <= 0)
            {
                throw new IllegalArgumentException("snapshotTimeoutMs: must be > 0, was " + timeoutMs);
            }
            this.snapshotTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * Sets the backoff of snapshot attempts after the first of a resync: {@code backoffMs * 2^(n-2)} before
         * attempt n, at most {@code maxBackoffMs}.
         *
         * @param backoffMs    milliseconds, >= 0.
         * @param maxBackoffMs milliseconds, >= backoffMs.
         * @return this.
         * @throws IllegalArgumentException when negative or inverted.
         */
        public Builder snapshotBackoffMs(final long backoffMs, final long maxBackoffMs)
        {
            if (backoffMs < 0 || maxBackoffMs < backoffMs)
            {
                throw new IllegalArgumentException("snapshotBackoffMs: need 0 <= backoff <= max, was " + backoffMs +
                    ", " + maxBackoffMs);
            }
            this.snapshotBackoffMs = backoffMs;
            this.snapshotMaxBackoffMs = maxBackoffMs;
            return this;
        }

        /**
         * Test seam: the timer the snapshot fetch delays (the resync backoff) run on, a fake clock's.
         */
        Builder snapshotTimer(final ScheduledExecutorService timer)
        {
            this.snapshotTimer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * Overrides the least time between two requests on a connection (default 334 ms spot, 143 ms futures).
         *
         * @param intervalMs milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder requestIntervalMs(final long intervalMs)
        {
            if (intervalMs <= 0)
            {
                throw new IllegalArgumentException("requestIntervalMs: must be > 0, was " + intervalMs);
            }
            this.requestIntervalMs = intervalMs;
            return this;
        }

        /**
         * Offers RFC 7692 permessage-deflate in the upgrade ({@link io.wsnova.engine.config.Option#PERMESSAGE_DEFLATE}
         * in {@link BinanceAdapter#defaultOptions()}); off by default. Binance accepts RFC 7692 permessage-deflate on
         * its JSON streams when the client offers it (reference okx-binance-futures-more.md, "Compression"); the
         * reference documents no benefit (bandwidth against the reader thread's inflate time), so the default is off.
         * The user's own {@code NovaOptions} override this layer.
         *
         * @param offer true to offer the extension.
         * @return this.
         */
        public Builder permessageDeflate(final boolean offer)
        {
            this.permessageDeflate = offer;
            return this;
        }

        /**
         * Builds the adapter.
         *
         * @return the adapter.
         */
        public BinanceAdapter build()
        {
            return new BinanceAdapter(this);
        }
    }
}
