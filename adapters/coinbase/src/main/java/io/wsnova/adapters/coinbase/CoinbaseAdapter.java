package io.wsnova.adapters.coinbase;

import io.wsnova.codec.json.Decimal;
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
import io.wsnova.market.QuantityUnit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Coinbase Advanced Trade market-data adapter ({@code wss://advanced-trade-ws.coinbase.com}), decoded into the
 * venue-neutral market model for a {@link MarketListener}:
 * <ul>
 *   <li>{@code level2:<product>} as a book per product ({@code l2_data} snapshot then updates);</li>
 *   <li>{@code market_trades:<product>} as {@link io.wsnova.market.Trade} (deduplicated by trade id across a
 *   snapshot, a resubscribe or a reconnect);</li>
 *   <li>{@code ticker:<product>} as {@link io.wsnova.market.TopOfBook};</li>
 *   <li>{@code heartbeats} (subscribed by default on connect): keeps quiet subscriptions open and feeds the idle
 *   timeout.</li>
 * </ul>
 * Every message's per-connection {@code sequence_num} is checked with {@link io.wsnova.market.CoinbaseSequenceRule};
 * a gap is reported and resubscribes every level2 and market_trades channel of the connection (fresh snapshots); a
 * snapshot that does not come within {@link #SNAPSHOT_WAIT_MS} is asked for again, with a backoff up to
 * {@link #SNAPSHOT_WAIT_MAX_MS} ({@link CoinbaseCounters#snapshotTimeouts()}): a book never waits forever.
 * Public market data needs no JWT, so the adapter sends none. Liveness: an idle timeout of
 * {@link #IDLE_TIMEOUT_MS} (heartbeats arrive every second). Rate limit: a token bucket of one request per
 * {@link #REQUEST_INTERVAL_MS}, at most 7 in any second under the venue's 8 unauthenticated messages a second.
 * Immutable and thread-safe: one adapter may serve several connections.
 */
public final class CoinbaseAdapter implements Adapter
{
    /** The venue name in the registry and in events. */
    public static final String VENUE = "coinbase";
    /** The production market-data host. */
    public static final String HOST = "advanced-trade-ws.coinbase.com";
    /** The production market-data URL. */
    public static final String URL = "wss://" + HOST;
    /** The heartbeats channel (no product). */
    public static final String HEARTBEATS = "heartbeats";
    /** Nothing received for this long (heartbeats come every second) ends the connection. */
    public static final long IDLE_TIMEOUT_MS = 5_000L;
    /**
     * The idle timeout without {@code heartbeats}: Coinbase may send nothing on a quiet subscription for 60-90 s
     * (then closes it), so only a longer silence means a dead server.
     */
    public static final long QUIET_IDLE_TIMEOUT_MS = 95_000L;
    /**
     * How long a resyncing book waits for its level2 snapshot before its channel (confirmed by the venue, but no
     * snapshot came) is resubscribed again; further waits of the same resync double up to
     * {@link #SNAPSHOT_WAIT_MAX_MS}. Checked at each message (heartbeats: one a second), so at most about a second
     * late.
     */
    public static final long SNAPSHOT_WAIT_MS = 5_000L;
    /** The longest wait for a resync's snapshot after repeated timeouts (the wait doubles from 5 s). */
    public static final long SNAPSHOT_WAIT_MAX_MS = 30_000L;
    /** Least time between two requests: at most 7 in any second (the venue allows 8 unauthenticated). */
    public static final long REQUEST_INTERVAL_MS = 150L;
    /** Default products in one subscribe request when the engine restores or retries a channel. */
    public static final int DEFAULT_MAX_PRODUCTS_PER_REQUEST = 100;

    private final MarketListener listener;
    private final boolean permessageDeflate;
    private final InstrumentRegistry registry;
    private final int venueId;
    private final ReentrantLock registryLock = new ReentrantLock();
    private final boolean subscribeHeartbeats;
    private final int maxProductsPerRequest;
    private final long requestIntervalMs;
    private final CoinbaseCounters counters = new CoinbaseCounters();
    private final AtomicInteger openSessions = new AtomicInteger();

    private CoinbaseAdapter(final Builder builder)
    {
        this.listener = builder.listener;
        this.registry = builder.registry != null ? builder.registry : new InstrumentRegistry();
        this.venueId = registry.venue(VENUE);
        this.subscribeHeartbeats = builder.subscribeHeartbeats;
        this.maxProductsPerRequest = builder.maxProductsPerRequest;
        this.permessageDeflate = builder.permessageDeflate;
        this.requestIntervalMs = builder.requestIntervalMs;
    }

    /**
     * A builder.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The venue id of this adapter in its registry.
     *
     * @return the id.
     */
    public int venueId()
    {
        return venueId;
    }

    /**
     * The product of an instrument id carried by the events (thread-safe).
     *
     * @param instrumentId the id.
     * @return the product as Coinbase writes it ({@code BTC-USD}).
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
     * The instrument registry the events' ids refer to (products registered by the message threads under this
     * adapter's lock: read it through {@link #symbol(int)} while connections run).
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
    public CoinbaseCounters counters()
    {
        return counters;
    }

    /**
     * Whether {@code heartbeats} is subscribed on connect.
     *
     * @return true by default.
     */
    public boolean subscribeHeartbeats()
    {
        return subscribeHeartbeats;
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
        return VENUE;
    }

    /**
     * The adapter's option layer: the production URL, no client pings (not needed: the heartbeats channel keeps
     * traffic flowing) and an idle timeout of {@link #IDLE_TIMEOUT_MS}, or {@link #QUIET_IDLE_TIMEOUT_MS} when
     * {@code heartbeats} is not subscribed on connect.
     *
     * @return the options.
     */
    @Override
    public NovaOptions defaultOptions()
    {
        final NovaOptions.Builder options = NovaOptions.builder()
            .secure(true)
            .host(HOST)
            .port(443)
            .path("/")
            .keepalive(0L, 0L)
            .set(Option.IDLE_TIMEOUT_MS, subscribeHeartbeats ? IDLE_TIMEOUT_MS : QUIET_IDLE_TIMEOUT_MS);
        if (permessageDeflate)
        {
            options.perMessageDeflate(true);
        }
        return options.build();
    }

    /**
     * A new session for one logical connection: its connection handler and message handler share it (the
     * connection, the socket epoch, the reason of the last disconnect, the requests awaiting answers), whatever the
     * thread or order the factories are called in; the engine closes it when the connection has ended for good. The
     * adapter keeps no reference to it.
     *
     * @param context the connection's resolved options.
     * @return the session.
     */
    @Override
    public AdapterSession forConnection(final ConnectionContext context)
    {
        openSessions.incrementAndGet();
        return new CoinbaseSession(this, true);
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
        return new CoinbaseConnectionHandler(this, new CoinbaseSession(this, false));
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
        return new CoinbaseMessageHandler(this, new CoinbaseSession(this, false));
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        return new CoinbaseSubscriptionHandler(maxProductsPerRequest);
    }

    @Override
    public FailurePolicy failurePolicy()
    {
        return new CoinbaseFailurePolicy();
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
        return "CoinbaseAdapter{heartbeats=" + subscribeHeartbeats + ", maxProductsPerRequest=" +
            maxProductsPerRequest + ", requestIntervalMs=" + requestIntervalMs + '}';
    }

    MarketListener listener()
    {
        return listener;
    }

    int instrument(final byte[] bytes, final int offset, final int length)
    {
        registryLock.lock();
        try
        {
            final int existing = registry.instrument(venueId, bytes, offset, length);
            return existing != InstrumentRegistry.NOT_FOUND ? existing :
                registry.register(venueId, new String(bytes, offset, length, StandardCharsets.UTF_8), defaultSpec());
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

    private static InstrumentSpec defaultSpec()
    {
        return new InstrumentSpec(new Decimal(0L, 0), new Decimal(0L, 0), new Decimal(1L, 0), QuantityUnit.BASE);
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

    /**
     * Builds an adapter. Not thread-safe.
     */
    public static final class Builder
    {
        private MarketListener listener = new MarketListener()
        {
        };
        private InstrumentRegistry registry;
        private boolean permessageDeflate;
        private boolean subscribeHeartbeats = true;
        private int maxProductsPerRequest = DEFAULT_MAX_PRODUCTS_PER_REQUEST;
        private long requestIntervalMs = REQUEST_INTERVAL_MS;

        private Builder()
        {
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
         * Whether to subscribe {@code heartbeats} on connect (true by default: without it Coinbase closes quiet
         * subscriptions after 60-90 s, and the idle timeout relies on a message a second).
         *
         * @param subscribe true to subscribe.
         * @return this.
         */
        public Builder subscribeHeartbeats(final boolean subscribe)
        {
            this.subscribeHeartbeats = subscribe;
            return this;
        }

        /**
         * Sets how many products one subscribe request carries when the engine restores or retries a channel.
         *
         * @param products 1 to 10,000.
         * @return this.
         * @throws IllegalArgumentException outside the range.
         */
        public Builder maxProductsPerRequest(final int products)
        {
            if (products < 1 || products > 10_000)
            {
                throw new IllegalArgumentException("maxProductsPerRequest: must be in 1-10000, was " + products);
            }
            this.maxProductsPerRequest = products;
            return this;
        }

        /**
         * Overrides the least time between two requests on a connection (150 ms by default).
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
         * in {@link CoinbaseAdapter#defaultOptions()}); off by default. The reference documents no permessage-deflate
         * support on Coinbase's feed, so the default is off; a server that declines the offer leaves the connection
         * uncompressed. The user's own {@code NovaOptions} override this layer.
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
        public CoinbaseAdapter build()
        {
            return new CoinbaseAdapter(this);
        }
    }
}
