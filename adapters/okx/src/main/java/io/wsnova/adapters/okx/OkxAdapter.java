package io.wsnova.adapters.okx;

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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The OKX v5 public adapter ({@code wss://ws.okx.com:8443/ws/v5/public}): channels are written
 * {@code channel:instId} ({@code books:BTC-USDT}, {@code trades:BTC-USDT}, {@code tickers:BTC-USDT-SWAP},
 * {@code funding-rate:BTC-USDT-SWAP}) and decoded into the venue-neutral market model for a {@link MarketListener}:
 * <ul>
 *   <li>{@code books}, {@code books-l2-tbt}, {@code books50-l2-tbt}: snapshot then updates, kept by
 *   {@code seqId}/{@code prevSeqId} and the CRC32 checksum when non-zero, resynced (unsubscribe + subscribe) on a gap
 *   or a mismatch ({@link OkxBookSync}); {@code books5} and {@code bbo-tbt}: a full snapshot every push;</li>
 *   <li>{@code trades}: {@link io.wsnova.market.Trade}, deduplicated by trade id, a jump reported as
 *   {@code SEQUENCE_GAP};</li>
 *   <li>{@code tickers}: {@link io.wsnova.market.TopOfBook}, and for derivatives a
 *   {@link io.wsnova.market.DerivativesTicker} whose last, mark, open interest and funding rate merge
 *   {@code tickers}, {@code mark-price}, {@code open-interest} and {@code funding-rate} of the instrument.</li>
 * </ul>
 * Liveness: the text {@code ping} every 20 s, {@code pong} expected within 10 s (OKX closes a connection that
 * receives nothing for 30 s): a silent server is detected within 30 s. Rate limit: OKX allows 480
 * subscribe/unsubscribe requests per connection per hour; a token bucket of 30 with one more every 8 s keeps any
 * hour at 480 or fewer (restore sends up to {@link #DEFAULT_MAX_ARGS_PER_REQUEST} args per request). Immutable and
 * thread-safe: one adapter may serve several connections.
 */
public final class OkxAdapter implements Adapter
{
    /** The venue name in the {@link InstrumentRegistry}. */
    public static final String VENUE = "okx";
    /** The production public endpoint. */
    public static final String PUBLIC_URL = "wss://ws.okx.com:8443/ws/v5/public";
    /** Default time between two text pings. */
    public static final long DEFAULT_PING_INTERVAL_MS = 20_000L;
    /** Default time a pong may take. */
    public static final long DEFAULT_PONG_TIMEOUT_MS = 10_000L;
    /** Default args per subscribe request when the engine restores (OKX bounds the args' total length, 64 KB). */
    public static final int DEFAULT_MAX_ARGS_PER_REQUEST = 100;
    /** Default requests the bucket holds. */
    public static final int DEFAULT_REQUEST_BURST = 30;
    /** Default time per request token. */
    public static final long DEFAULT_REQUEST_INTERVAL_MS = 8_000L;

    private final MarketListener listener;
    private final boolean permessageDeflate;
    private final InstrumentRegistry registry;
    private final int venueId;
    private final ReentrantLock registryLock = new ReentrantLock();
    private final long pingIntervalMs;
    private final long pongTimeoutMs;
    private final int maxArgsPerRequest;
    private final int requestBurst;
    private final long requestIntervalMs;
    private final OkxCounters counters = new OkxCounters();
    private final AtomicInteger openSessions = new AtomicInteger();
    /** Runs the refused-resync retries ({@link OkxBookSync}); a test's fake timer through the builder's seam. */
    private final ScheduledExecutorService retryTimer;

    private OkxAdapter(final Builder builder)
    {
        this.listener = builder.listener;
        this.registry = builder.registry != null ? builder.registry : new InstrumentRegistry();
        this.venueId = registry.venue(VENUE);
        this.pingIntervalMs = builder.pingIntervalMs;
        this.pongTimeoutMs = builder.pongTimeoutMs;
        this.maxArgsPerRequest = builder.maxArgsPerRequest;
        this.requestBurst = builder.requestBurst;
        this.permessageDeflate = builder.permessageDeflate;
        this.requestIntervalMs = builder.requestIntervalMs;
        this.retryTimer = builder.retryTimer != null ? builder.retryTimer : OkxBookSync.RETRY_TIMER;
    }

    /**
     * The timer the refused-resync retries run on.
     */
    ScheduledExecutorService retryTimer()
    {
        return retryTimer;
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
     * The channel string of a channel and an instrument, as {@code connection.subscribe} and the CLI take it.
     *
     * @param channel the OKX channel, e.g. {@code books}.
     * @param instId  the OKX instrument, e.g. {@code BTC-USDT}.
     * @return e.g. {@code books:BTC-USDT}.
     */
    public static String channel(final String channel, final String instId)
    {
        return channel + ':' + instId;
    }

    /**
     * The venue id in the registry.
     *
     * @return the id.
     */
    public int venueId()
    {
        return venueId;
    }

    /**
     * The OKX instrument of an instrument id carried by the events (thread-safe).
     *
     * @param instrumentId the id.
     * @return e.g. {@code BTC-USDT}.
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
     * The instrument registry the events' ids refer to (instruments are registered by the message threads under
     * this adapter's lock: read it through {@link #symbol(int)} while connections run).
     *
     * @return the registry.
     */
    public InstrumentRegistry registry()
    {
        return registry;
    }

    /**
     * What the connections of this adapter dropped, found, refused and resynced.
     *
     * @return the counters (any thread).
     */
    public OkxCounters counters()
    {
        return counters;
    }

    /**
     * Time between two text pings.
     *
     * @return milliseconds.
     */
    public long pingIntervalMs()
    {
        return pingIntervalMs;
    }

    /**
     * Time a pong may take before the connection is presumed dead.
     *
     * @return milliseconds.
     */
    public long pongTimeoutMs()
    {
        return pongTimeoutMs;
    }

    @Override
    public String name()
    {
        return VENUE;
    }

    /**
     * The adapter's option layer: the production public URL, no WebSocket pings (OKX's keepalive is the text
     * {@code ping} of the connection handler), and an idle timeout of ping interval + pong timeout as a second bound.
     *
     * @return the options.
     */
    @Override
    public NovaOptions defaultOptions()
    {
        final NovaOptions.Builder options = NovaOptions.builder()
            .url(PUBLIC_URL)
            .keepalive(0L, 0L)
            .set(Option.IDLE_TIMEOUT_MS, pingIntervalMs + pongTimeoutMs);
        if (permessageDeflate)
        {
            options.perMessageDeflate(true);
        }
        return options.build();
    }

    /**
     * A new session for one logical connection: its connection handler and message handler share it (requests
     * awaiting answers, the socket epoch, the reason of the last disconnect), whatever the thread or order the
     * factories are called in; the engine closes it when the connection has ended for good. The adapter keeps no
     * reference to it.
     *
     * @param context the connection's resolved options.
     * @return the session.
     */
    @Override
    public AdapterSession forConnection(final ConnectionContext context)
    {
        openSessions.incrementAndGet();
        return new OkxSession(this, true);
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
        return new OkxConnectionHandler(this, new OkxSession(this, false));
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
        return new OkxMessageHandler(this, new OkxSession(this, false));
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        return new OkxSubscriptionHandler(maxArgsPerRequest);
    }

    @Override
    public FailurePolicy failurePolicy()
    {
        return new OkxFailurePolicy();
    }

    /**
     * A new token bucket per connection: {@link #DEFAULT_REQUEST_BURST} requests, then one per 8 s, so that no
     * hour sees more than OKX's 480; a request short of its token waits in the engine's queue.
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
        return "OkxAdapter{ping=" + pingIntervalMs + "ms, pongTimeout=" + pongTimeoutMs + "ms, maxArgsPerRequest=" +
            maxArgsPerRequest + ", requests=" + requestBurst + "+1/" + requestIntervalMs + "ms}";
    }

    MarketListener listener()
    {
        return listener;
    }

    int instrument(final String instId)
    {
        registryLock.lock();
        try
        {
            final byte[] bytes = instId.getBytes(StandardCharsets.UTF_8);
            final int existing = registry.instrument(venueId, bytes, 0, bytes.length);
            return existing != InstrumentRegistry.NOT_FOUND ? existing : registry.register(venueId, instId,
                new InstrumentSpec(new Decimal(0L, 0), new Decimal(0L, 0), new Decimal(1L, 0),
                    instId.indexOf('-') == instId.lastIndexOf('-') ? QuantityUnit.BASE : QuantityUnit.CONTRACTS));
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
        private long pingIntervalMs = DEFAULT_PING_INTERVAL_MS;
        private long pongTimeoutMs = DEFAULT_PONG_TIMEOUT_MS;
        private int maxArgsPerRequest = DEFAULT_MAX_ARGS_PER_REQUEST;
        private int requestBurst = DEFAULT_REQUEST_BURST;
        private long requestIntervalMs = DEFAULT_REQUEST_INTERVAL_MS;
        private ScheduledExecutorService retryTimer;

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
         * Sets the keepalive: the text {@code ping} every {@code pingIntervalMs}, {@code pong} due within
         * {@code pongTimeoutMs}; a silent server is detected within their sum. OKX closes a connection that
         * receives nothing for 30 s, so the interval must stay below that (20 s and 10 s by default).
         *
         * @param pingIntervalMs milliseconds, in (0, 30000).
         * @param pongTimeoutMs  milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException outside the ranges.
         */
        public Builder keepalive(final long pingIntervalMs, final long pongTimeoutMs)
        {
            if (pingIntervalMs <= 0 || pingIntervalMs >= 30_000L || pongTimeoutMs <= 0)
            {
                throw new IllegalArgumentException("keepalive: need 0 < ping < 30000 and pong > 0 ms, was " +
                    pingIntervalMs + ", " + pongTimeoutMs);
            }
            this.pingIntervalMs = pingIntervalMs;
            this.pongTimeoutMs = pongTimeoutMs;
            return this;
        }

        /**
         * Sets how many args one subscribe request carries when the engine restores subscriptions.
         *
         * @param args at least 1.
         * @return this.
         * @throws IllegalArgumentException when below 1.
         */
        public Builder maxArgsPerRequest(final int args)
        {
            if (args < 1)
            {
                throw new IllegalArgumentException("maxArgsPerRequest: must be >= 1, was " + args);
            }
            this.maxArgsPerRequest = args;
            return this;
        }

        /**
         * Overrides the request token bucket (30 and 8 s by default: at most 480 requests in any hour).
         *
         * @param burst      requests the bucket holds, >= 1.
         * @param intervalMs milliseconds per new token, > 0.
         * @return this.
         * @throws IllegalArgumentException outside the ranges.
         */
        public Builder requestLimit(final int burst, final long intervalMs)
        {
            if (burst < 1 || intervalMs <= 0)
            {
                throw new IllegalArgumentException("requestLimit: need burst >= 1 and interval > 0, was " + burst +
                    ", " + intervalMs);
            }
            this.requestBurst = burst;
            this.requestIntervalMs = intervalMs;
            return this;
        }

        /**
         * Offers RFC 7692 permessage-deflate in the upgrade ({@link io.wsnova.engine.config.Option#PERMESSAGE_DEFLATE}
         * in {@link OkxAdapter#defaultOptions()}); off by default. The reference states that OKX v5 public is
         * uncompressed, so the default is off; a server that declines the offer leaves the connection uncompressed. The
         * user's own {@code NovaOptions} override this layer.
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
         * Test seam: the timer the refused-resync retries run on (a fake clock's timer).
         */
        Builder retryTimer(final ScheduledExecutorService timer)
        {
            this.retryTimer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * Builds the adapter.
         *
         * @return the adapter.
         */
        public OkxAdapter build()
        {
            return new OkxAdapter(this);
        }
    }
}
