package io.wsnova.adapters.bybit;

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
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Bybit v5 public adapter, linear (USDT perpetuals) or spot ({@link Builder#category}), decoded into the
 * venue-neutral market model for a {@link MarketListener}. A channel is the venue's topic:
 * <ul>
 *   <li>{@code orderbook.{1|50|200|1000}.{symbol}}: a book per topic kept by {@link io.wsnova.market.BybitSequenceRule}
 *   (snapshot, deltas with consecutive {@code u}, {@code u == 1} restart as a full reset, a gap resynced by
 *   resubscribing the topic), delivered with {@link MarketListener#onBook};</li>
 *   <li>{@code publicTrade.{symbol}}: every trade of each message ({@code i} as the trade id, {@code S} as the
 *   aggressor);</li>
 *   <li>{@code tickers.{symbol}}: a {@link io.wsnova.market.DerivativesTicker} (linear: last, mark, index, open
 *   interest, funding rate, next funding time, deltas merged; spot: last price).</li>
 * </ul>
 * Liveness: {@code {"op":"ping"}} every {@link #DEFAULT_HEARTBEAT_INTERVAL_MS} (Bybit's recommendation), a pong
 * expected within {@link #DEFAULT_HEARTBEAT_DEADLINE_MS}: a silent server is detected within interval + deadline
 * (30 s) of its last pong, and the connection is reconnected. Restore after a reconnect: {@code ceil(N /
 * argsPerRequest)} subscribe requests (10 topics per request on spot, the venue's limit). Rate limit: Bybit documents
 * none for public requests besides the 10 args (spot) and 500 connections per 5 minutes; the adapter spaces its
 * requests {@link #DEFAULT_REQUEST_INTERVAL_MS} apart (a burst of {@link #DEFAULT_REQUEST_BURST}). Immutable and
 * thread-safe: one adapter may serve several connections.
 */
public final class BybitAdapter implements Adapter
{
    /** Bybit's recommended ping interval. */
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 20_000L;
    /** How long a pong may take. */
    public static final long DEFAULT_HEARTBEAT_DEADLINE_MS = 10_000L;
    /** Least time between two requests once the burst is spent. */
    public static final long DEFAULT_REQUEST_INTERVAL_MS = 100L;
    /** Requests that may go back to back. */
    public static final int DEFAULT_REQUEST_BURST = 10;

    private final BybitCategory category;
    private final boolean permessageDeflate;
    private final MarketListener listener;
    private final InstrumentRegistry registry;
    private final int venueId;
    private final ReentrantLock registryLock = new ReentrantLock();
    private final int argsPerRequest;
    private final long heartbeatIntervalMs;
    private final long heartbeatDeadlineMs;
    private final long requestIntervalMs;
    private final int requestBurst;
    private final BybitCounters counters = new BybitCounters();
    private final AtomicInteger openSessions = new AtomicInteger();

    private BybitAdapter(final Builder builder)
    {
        this.category = builder.category;
        this.listener = builder.listener;
        this.registry = builder.registry != null ? builder.registry : new InstrumentRegistry();
        this.venueId = registry.venue(category.venueName());
        this.argsPerRequest = builder.argsPerRequest > 0 ? builder.argsPerRequest : category.defaultArgsPerRequest();
        if (argsPerRequest > category.maxArgsPerRequest())
        {
            throw new IllegalArgumentException("argsPerRequest: " + category + " allows at most " +
                category.maxArgsPerRequest() + ", was " + argsPerRequest);
        }
        this.heartbeatIntervalMs = builder.heartbeatIntervalMs;
        this.heartbeatDeadlineMs = builder.heartbeatDeadlineMs;
        this.permessageDeflate = builder.permessageDeflate;
        this.requestIntervalMs = builder.requestIntervalMs;
        this.requestBurst = builder.requestBurst;
    }

    /**
     * A builder (linear by default).
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The category.
     *
     * @return linear or spot.
     */
    public BybitCategory category()
    {
        return category;
    }

    /**
     * The venue id of this adapter's category in its registry.
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
     * @return the symbol as Bybit writes it ({@code BTCUSDT}).
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
    public BybitCounters counters()
    {
        return counters;
    }

    /**
     * Topics per subscribe request (restore and retries).
     *
     * @return the limit.
     */
    public int argsPerRequest()
    {
        return argsPerRequest;
    }

    /**
     * The ping interval.
     *
     * @return milliseconds.
     */
    public long heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    /**
     * How long a pong may take before the connection counts as dead.
     *
     * @return milliseconds.
     */
    public long heartbeatDeadlineMs()
    {
        return heartbeatDeadlineMs;
    }

    /**
     * The longest a silent server goes unnoticed after its last pong: one interval plus the deadline.
     *
     * @return milliseconds.
     */
    public long silenceDetectionBoundMs()
    {
        return heartbeatIntervalMs + heartbeatDeadlineMs;
    }

    @Override
    public String name()
    {
        return category.venueName();
    }

    /**
     * The adapter's option layer: the production URL of the category; WebSocket keepalive off (the JSON ping is
     * the venue's liveness, see {@link #connectionHandler()}).
     *
     * @return the options.
     */
    @Override
    public NovaOptions defaultOptions()
    {
        final NovaOptions.Builder options = NovaOptions.builder()
            .secure(true)
            .host(BybitCategory.HOST)
            .port(BybitCategory.PORT)
            .path(category.path())
            .keepalive(0L, 0L);
        if (permessageDeflate)
        {
            options.perMessageDeflate(true);
        }
        return options.build();
    }

    /**
     * A new session for one logical connection: its connection handler (the JSON heartbeat and the disconnect
     * statuses) and message handler share it (the socket epoch, the reason of the last disconnect); the engine
     * closes it when the connection has ended for good. The adapter keeps no reference to it.
     *
     * @param context the connection's resolved options.
     * @return the session.
     */
    @Override
    public AdapterSession forConnection(final ConnectionContext context)
    {
        openSessions.incrementAndGet();
        return new BybitSession(this, true);
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
        return new BybitConnectionHandler(this, new BybitSession(this, false));
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
        return new BybitMessageHandler(this);
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        return new BybitSubscriptionHandler(argsPerRequest, counters);
    }

    @Override
    public FailurePolicy failurePolicy()
    {
        return new BybitFailurePolicy();
    }

    /**
     * A new token bucket per connection: {@link #DEFAULT_REQUEST_BURST} requests, then one per request interval; a
     * request short of its token waits in the engine's queue.
     *
     * @return the limiter.
     */
    @Override
    public RateLimitHandler rateLimitHandler()
    {
        return TokenBucketRateLimiter.builder()
            .capacity(requestBurst)
            .refillAmount(1)
            .refillIntervalNs(TimeUnit.MILLISECONDS.toNanos(requestIntervalMs))
            .defaultCost(1)
            .whenShort(RateLimitHandler.QUEUE)
            .build();
    }

    @Override
    public String toString()
    {
        return "BybitAdapter{category=" + category + ", argsPerRequest=" + argsPerRequest + ", heartbeat=" +
            heartbeatIntervalMs + "/" + heartbeatDeadlineMs + " ms, requests=" + requestBurst + " then 1 per " +
            requestIntervalMs + " ms}";
    }

    MarketListener listener()
    {
        return listener;
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
            final byte[] bytes = symbol.getBytes(StandardCharsets.UTF_8);
            final int existing = registry.instrument(venueId, bytes, 0, bytes.length);
            return existing != InstrumentRegistry.NOT_FOUND ? existing :
                registry.register(venueId, symbol, BybitMessageHandler.defaultSpec());
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
        private BybitCategory category = BybitCategory.LINEAR;
        private boolean permessageDeflate;
        private MarketListener listener = new MarketListener()
        {
        };
        private InstrumentRegistry registry;
        private int argsPerRequest;
        private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        private long heartbeatDeadlineMs = DEFAULT_HEARTBEAT_DEADLINE_MS;
        private long requestIntervalMs = DEFAULT_REQUEST_INTERVAL_MS;
        private int requestBurst = DEFAULT_REQUEST_BURST;

        private Builder()
        {
        }

        /**
         * Sets the category; linear by default.
         *
         * @param category linear or spot.
         * @return this.
         */
        public Builder category(final BybitCategory category)
        {
            this.category = Objects.requireNonNull(category, "category");
            return this;
        }

        /**
         * Sets the listener; events are dropped by default.
         *
         * @param listener called on the message thread (statuses of a disconnect on the event thread).
         * @return this.
         */
        public Builder listener(final MarketListener listener)
        {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the registry the events' instrument ids refer to; a new one by default.
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
         * Sets how many topics one subscribe request carries when the engine restores subscriptions (default: the
         * category's, 10 spot, 50 linear).
         *
         * @param args 1 up to the category's limit (checked by {@link #build()}).
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder argsPerRequest(final int args)
        {
            if (args < 1)
            {
                throw new IllegalArgumentException("argsPerRequest: must be >= 1, was " + args);
            }
            this.argsPerRequest = args;
            return this;
        }

        /**
         * Sets the JSON ping interval and the pong deadline (20 s and 10 s by default).
         *
         * @param intervalMs milliseconds, > 0.
         * @param deadlineMs milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder heartbeat(final long intervalMs, final long deadlineMs)
        {
            if (intervalMs <= 0 || deadlineMs <= 0)
            {
                throw new IllegalArgumentException("heartbeat: need interval and deadline > 0, was " + intervalMs +
                    ", " + deadlineMs);
            }
            this.heartbeatIntervalMs = intervalMs;
            this.heartbeatDeadlineMs = deadlineMs;
            return this;
        }

        /**
         * Sets the request pacing: {@code burst} requests back to back, then one per {@code intervalMs}.
         *
         * @param burst      requests, > 0.
         * @param intervalMs milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder requestRate(final int burst, final long intervalMs)
        {
            if (burst <= 0 || intervalMs <= 0)
            {
                throw new IllegalArgumentException("requestRate: need burst and interval > 0, was " + burst + ", " +
                    intervalMs);
            }
            this.requestBurst = burst;
            this.requestIntervalMs = intervalMs;
            return this;
        }

        /**
         * Offers RFC 7692 permessage-deflate in the upgrade ({@link io.wsnova.engine.config.Option#PERMESSAGE_DEFLATE}
         * in {@link BybitAdapter#defaultOptions()}); off by default. The reference documents no permessage-deflate
         * support on Bybit's public JSON streams (only its market-maker SBE feed is binary), so the default is off; a
         * server that declines the offer leaves the connection uncompressed. The user's own {@code NovaOptions}
         * override this layer.
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
         * @throws IllegalArgumentException when {@code argsPerRequest} exceeds the category's limit.
         */
        public BybitAdapter build()
        {
            return new BybitAdapter(this);
        }
    }
}
