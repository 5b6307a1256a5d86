package io.wsnova.adapters.deribit;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;
import io.wsnova.market.QuantityUnit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The Deribit API v2 adapter (JSON-RPC over WebSocket): the behaviours that make the generic client speak Deribit.
 * <ul>
 *   <li>options: {@code wss://test.deribit.com/ws/api/v2}, a 10 s request timeout; liveness from
 *   {@link DeribitConnectionHandler}: WebSocket keepalive on (a silent connection is detected within 10 s) and an
 *   idle timeout of 1.5 heartbeat intervals;</li>
 *   <li>connection: {@code public/set_heartbeat} after every connect and reconnect;</li>
 *   <li>messages: responses matched by id, {@code ticker.*} decoded allocation-free into a pooled
 *   {@link DeribitTicker} for the {@link DeribitMarketListener}, {@code test_request} heartbeats answered with
 *   {@code public/test}, other channels delivered raw;</li>
 *   <li>auth: {@code public/auth} with {@code client_credentials} or {@code client_signature}
 *   ({@link DeribitAuthHandler});</li>
 *   <li>subscriptions: {@code public/subscribe}, {@code private/subscribe} for {@code user.*} channels,
 *   confirmed when the result lists the channel;</li>
 *   <li>market data: {@code book.*} maintained as a {@link DeribitOrderBook} per channel (gaps detected by
 *   {@code change_id}, resynced by having the venue start the channel over, every book state change reported as a
 *   {@link DeribitBookStatus} and counted, {@link #bookStatusCount}; a resync whose snapshot does not come within
 *   {@link Builder#bookResyncTimeoutMs} is retried with backoff, then escalated to a reconnect),
 *   {@code trades.*} and {@code quote.*} decoded into pooled objects, all for the
 *   {@link DeribitMarketListener};</li>
 *   <li>rate limits ({@link #defaultOptions()}): Deribit's credit model, a {@link DeribitRateLimiter} per
 *   connection (or one shared instance per account, {@link Builder#rateLimiter}) with orders limited in their own
 *   bucket;</li>
 *   <li>errors: {@link DeribitFailurePolicy}: reconnect after {@code too_many_requests} once the credits have
 *   refilled, after {@code system_maintenance} with a longer backoff, never after refused credentials
 *   ({@link DeribitError} maps every code);</li>
 *   <li>order entry: {@link DeribitOrderEntry} over a connection of this adapter.</li>
 * </ul>
 * Immutable and thread-safe: one adapter may serve many connections (each gets its own handlers; they share the
 * listener, which is then called from each connection's message thread).
 */
public final class DeribitAdapter implements Adapter
{
    /** Testnet host. */
    public static final String TESTNET_HOST = "test.deribit.com";
    /** Production host. */
    public static final String PRODUCTION_HOST = "www.deribit.com";
    /** The WebSocket API path. */
    public static final String PATH = "/ws/api/v2";
    /** Default heartbeat interval asked of the server, in seconds. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_S = 30;
    /** Smallest heartbeat interval Deribit accepts, in seconds. */
    public static final int MIN_HEARTBEAT_INTERVAL_S = 10;
    /** Default request timeout. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000L;
    /** Default least delay before reconnecting after {@code system_maintenance}. */
    public static final long DEFAULT_MAINTENANCE_BACKOFF_MS = 30_000L;
    /** Default bound for a book resync's (or a restored subscription's) snapshot to arrive. */
    public static final long DEFAULT_BOOK_RESYNC_TIMEOUT_MS = 5_000L;
    /** Default delay before the second resync try; it doubles for each further try. */
    public static final long DEFAULT_BOOK_RESYNC_BACKOFF_MS = 500L;
    /** Default number of resync tries before the adapter escalates to a reconnect. */
    public static final int DEFAULT_BOOK_RESYNC_MAX_TRIES = 3;

    /** The venue name of the normalized events in the {@link InstrumentRegistry}. */
    public static final String VENUE = "deribit";

    private final DeribitMarketListener listener;
    private final boolean permessageDeflate;
    private final MarketListener marketListener;
    private final InstrumentRegistry registry;
    private final int venueId;
    private final ReentrantLock registryLock = new ReentrantLock();
    private final DeribitAuthHandler.Grant grant;
    private final int heartbeatIntervalS;
    private final DeribitRateLimiter sharedRateLimiter;
    private final long rateLimitBackoffMs;
    private final long maintenanceBackoffMs;
    private final long bookResyncTimeoutMs;
    private final long bookResyncBackoffMs;
    private final int bookResyncMaxTries;
    private final DeribitBookTimer bookTimer;
    private final AtomicLongArray bookStatusCounts = new AtomicLongArray(DeribitBookStatus.count());
    private final DeribitNumberCounters numberCounters = new DeribitNumberCounters();

    private DeribitAdapter(final Builder builder)
    {
        this.bookResyncTimeoutMs = builder.bookResyncTimeoutMs;
        this.bookResyncBackoffMs = builder.bookResyncBackoffMs;
        this.bookResyncMaxTries = builder.bookResyncMaxTries;
        this.bookTimer = builder.bookTimer;
        this.listener = builder.listener;
        this.marketListener = builder.marketListener;
        this.registry = builder.registry != null ? builder.registry : new InstrumentRegistry();
        this.venueId = registry.venue(VENUE);
        this.grant = builder.grant;
        this.permessageDeflate = builder.permessageDeflate;
        this.heartbeatIntervalS = builder.heartbeatIntervalS;
        this.sharedRateLimiter = builder.rateLimiter;
        this.rateLimitBackoffMs = builder.rateLimitBackoffMs >= 0 ? builder.rateLimitBackoffMs :
            (builder.rateLimiter != null ? builder.rateLimiter : DeribitRateLimiter.standard()).fullRefillMs();
        this.maintenanceBackoffMs = builder.maintenanceBackoffMs;
    }

    /**
     * An adapter with the default grant ({@code client_signature}) and heartbeat interval.
     *
     * @param listener receives market data on the message thread.
     * @return the adapter.
     */
    public static DeribitAdapter of(final DeribitMarketListener listener)
    {
        return builder().listener(listener).build();
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
     * What the decoders of every connection of this adapter did with unusual numbers: values delivered inexact
     * (exact text kept) and malformed trades skipped alone (see {@code docs/NUMBERS.md}).
     *
     * @return the counters, readable from any thread.
     */
    public DeribitNumberCounters numberCounters()
    {
        return numberCounters;
    }

    /**
     * The registry the normalized events' instrument ids refer to: names seen for the first time are registered
     * into it by the message threads (under a lock); register instruments with their real spec beforehand
     * ({@link Builder#registry}) to have it, else a default spec is used (tick and lot 0 = unknown, multiplier 1,
     * {@link QuantityUnit#CONTRACTS} for options, {@link QuantityUnit#BASE} for linear {@code _USDC} instruments,
     * {@link QuantityUnit#QUOTE} (USD) for inverse perpetuals and futures).
     *
     * @return the registry.
     */
    public InstrumentRegistry registry()
    {
        return registry;
    }

    /**
     * The venue id of {@link #VENUE} in {@link #registry()}.
     *
     * @return the id.
     */
    public int venueId()
    {
        return venueId;
    }

    /**
     * The symbol of an instrument id (any thread).
     *
     * @param instrumentId the id of an event.
     * @return the Deribit instrument name.
     */
    public String instrumentName(final int instrumentId)
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
     * The global id of an instrument, registered with a default spec when new (cold path; any thread).
     */
    int instrument(final String name)
    {
        registryLock.lock();
        try
        {
            final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            final int existing = registry.instrument(venueId, bytes, 0, bytes.length);
            return existing != InstrumentRegistry.NOT_FOUND ? existing :
                registry.register(venueId, name, defaultSpec(name));
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

    static InstrumentSpec defaultSpec(final String name)
    {
        final QuantityUnit unit = name.endsWith("-C") || name.endsWith("-P") ? QuantityUnit.CONTRACTS :
            name.contains("_") ? QuantityUnit.BASE : QuantityUnit.QUOTE;
        return new InstrumentSpec(new Decimal(0L, 0), new Decimal(0L, 0), new Decimal(1L, 0), unit);
    }

    /**
     * The grant used by the auth handler.
     *
     * @return the grant.
     */
    public DeribitAuthHandler.Grant grant()
    {
        return grant;
    }

    /**
     * The heartbeat interval asked of the server after every connect.
     *
     * @return seconds.
     */
    public int heartbeatIntervalS()
    {
        return heartbeatIntervalS;
    }

    /**
     * The least delay before reconnecting after {@code too_many_requests}.
     *
     * @return milliseconds.
     */
    public long rateLimitBackoffMs()
    {
        return rateLimitBackoffMs;
    }

    /**
     * The least delay before reconnecting after {@code system_maintenance}.
     *
     * @return milliseconds.
     */
    public long maintenanceBackoffMs()
    {
        return maintenanceBackoffMs;
    }

    /**
     * How many times a book status was reported, over every book of every connection of this adapter.
     *
     * @param status the status.
     * @return the count; any thread.
     */
    public long bookStatusCount(final DeribitBookStatus status)
    {
        return bookStatusCounts.get(status.ordinal());
    }

    /**
     * The bound for a book resync's snapshot (and a restored subscription's, after a reconnect) to arrive.
     *
     * @return milliseconds.
     */
    public long bookResyncTimeoutMs()
    {
        return bookResyncTimeoutMs;
    }

    /**
     * The delay before the second resync try (doubling for each further one).
     *
     * @return milliseconds.
     */
    public long bookResyncBackoffMs()
    {
        return bookResyncBackoffMs;
    }

    /**
     * Resync tries before escalating to a reconnect.
     *
     * @return the count.
     */
    public int bookResyncMaxTries()
    {
        return bookResyncMaxTries;
    }

    @Override
    public String name()
    {
        return "deribit";
    }

    /**
     * The adapter's option layer: the testnet URL, a 10 s request timeout (keepalive and idle timeout come from
     * the connection handler's layer, below this one), and Deribit's rate limits: a
     * {@link DeribitRateLimiter} with the default figures (500 credits a request from a pool of 50,000 refilled at
     * 10,000 a second, i.e. a burst of 100 requests and 20 a second; orders in their own bucket of 20 refilled at
     * 5 a second), a new one for each connection unless {@link Builder#rateLimiter} gave one to share. A rate-limit
     * handler in the user's options wins.
     *
     * @return the options; called once per connect.
     */
    @Override
    public NovaOptions defaultOptions()
    {
        final NovaOptions.Builder options = NovaOptions.builder()
            .secure(true)
            .host(TESTNET_HOST)
            .path(PATH)
            .requestTimeoutMs(DEFAULT_REQUEST_TIMEOUT_MS)
            .rateLimitHandler(sharedRateLimiter != null ? sharedRateLimiter : DeribitRateLimiter.standard())
            .keepalive(DeribitConnectionHandler.PING_INTERVAL_MS, DeribitConnectionHandler.PONG_TIMEOUT_MS)
            .set(Option.IDLE_TIMEOUT_MS, 1_500L * heartbeatIntervalS);
        if (permessageDeflate)
        {
            options.perMessageDeflate(true);
        }
        return options.build();
    }

    @Override
    public FailurePolicy failurePolicy()
    {
        return new DeribitFailurePolicy(rateLimitBackoffMs, maintenanceBackoffMs);
    }

    @Override
    public ConnectionHandler connectionHandler()
    {
        return new DeribitConnectionHandler(heartbeatIntervalS);
    }

    @Override
    public MessageHandler messageHandler()
    {
        final DeribitMarketBridge bridge =
            marketListener == null ? null : new DeribitMarketBridge(listener, marketListener, this);
        return new DeribitMessageHandler(listener, bridge, numberCounters, bookStatusCounts, bookTimer,
            bookResyncTimeoutMs, bookResyncBackoffMs, bookResyncMaxTries);
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        return DeribitSubscriptionHandler.INSTANCE;
    }

    @Override
    public AuthHandler authHandler()
    {
        return new DeribitAuthHandler(grant);
    }

    @Override
    public String toString()
    {
        return "DeribitAdapter{grant=" + grant + ", heartbeatIntervalS=" + heartbeatIntervalS +
            ", rateLimitBackoffMs=" + rateLimitBackoffMs + ", maintenanceBackoffMs=" + maintenanceBackoffMs +
            ", bookResyncTimeoutMs=" + bookResyncTimeoutMs + ", bookResyncBackoffMs=" + bookResyncBackoffMs +
            ", bookResyncMaxTries=" + bookResyncMaxTries +
            (sharedRateLimiter == null ? "" : ", rateLimiter=" + sharedRateLimiter) + "}";
    }

    /**
     * Builds an adapter. Not thread-safe.
     */
    public static final class Builder
    {
        private DeribitMarketListener listener = new DeribitMarketListener()
        {
        };
        private MarketListener marketListener;
        private boolean permessageDeflate;
        private InstrumentRegistry registry;
        private DeribitAuthHandler.Grant grant = DeribitAuthHandler.Grant.CLIENT_SIGNATURE;
        private int heartbeatIntervalS = DEFAULT_HEARTBEAT_INTERVAL_S;
        private DeribitRateLimiter rateLimiter;
        private long rateLimitBackoffMs = -1;
        private long maintenanceBackoffMs = DEFAULT_MAINTENANCE_BACKOFF_MS;
        private long bookResyncTimeoutMs = DEFAULT_BOOK_RESYNC_TIMEOUT_MS;
        private long bookResyncBackoffMs = DEFAULT_BOOK_RESYNC_BACKOFF_MS;
        private int bookResyncMaxTries = DEFAULT_BOOK_RESYNC_MAX_TRIES;
        private DeribitBookTimer bookTimer = DeribitBookTimer.shared();

        private Builder()
        {
        }

        /**
         * Sets the bound for a book resync's snapshot (and a restored subscription's snapshot, after a reconnect)
         * to arrive; 5 s by default. A try that ends without an applicable snapshot is retried after the backoff.
         *
         * @param timeoutMs milliseconds, > 0.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder bookResyncTimeoutMs(final long timeoutMs)
        {
            if (timeoutMs <= 0)
            {
                throw new IllegalArgumentException("bookResyncTimeoutMs: must be > 0, was " + timeoutMs);
            }
            this.bookResyncTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * Sets the delay before the second resync try; it doubles for each further try. 500 ms by default.
         *
         * @param backoffMs milliseconds, >= 0.
         * @return this.
         * @throws IllegalArgumentException when negative.
         */
        public Builder bookResyncBackoffMs(final long backoffMs)
        {
            this.bookResyncBackoffMs = notNegative("bookResyncBackoffMs", backoffMs);
            return this;
        }

        /**
         * Sets how many resync tries are made before escalating to a reconnect; 3 by default.
         *
         * @param maxTries at least 1.
         * @return this.
         * @throws IllegalArgumentException below 1.
         */
        public Builder bookResyncMaxTries(final int maxTries)
        {
            if (maxTries < 1)
            {
                throw new IllegalArgumentException("bookResyncMaxTries: must be >= 1, was " + maxTries);
            }
            this.bookResyncMaxTries = maxTries;
            return this;
        }

        /**
         * Test seam: the timer that runs resync tries, deadlines and escalation.
         */
        Builder bookTimer(final DeribitBookTimer timer)
        {
            this.bookTimer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * Shares one rate limiter between every connection of this adapter (Deribit's limits are per
         * sub-account); by default each connection gets its own {@link DeribitRateLimiter#standard()}.
         *
         * @param rateLimiter the shared limiter.
         * @return this.
         */
        public Builder rateLimiter(final DeribitRateLimiter rateLimiter)
        {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * Sets the least delay before reconnecting after {@code too_many_requests}; by default the time the
         * limiter's credit pool takes to refill (5 s with Deribit's figures).
         *
         * @param backoffMs milliseconds, >= 0.
         * @return this.
         * @throws IllegalArgumentException when negative.
         */
        public Builder rateLimitBackoffMs(final long backoffMs)
        {
            this.rateLimitBackoffMs = notNegative("rateLimitBackoffMs", backoffMs);
            return this;
        }

        /**
         * Sets the least delay before reconnecting after {@code system_maintenance}; 30 s by default.
         *
         * @param backoffMs milliseconds, >= 0.
         * @return this.
         * @throws IllegalArgumentException when negative.
         */
        public Builder maintenanceBackoffMs(final long backoffMs)
        {
            this.maintenanceBackoffMs = notNegative("maintenanceBackoffMs", backoffMs);
            return this;
        }

        private static long notNegative(final String name, final long value)
        {
            if (value < 0)
            {
                throw new IllegalArgumentException(name + ": must be >= 0, was " + value);
            }
            return value;
        }

        /**
         * Sets the market-data listener; by default market data is dropped.
         *
         * @param listener called on the message thread.
         * @return this.
         */
        public Builder listener(final DeribitMarketListener listener)
        {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the grant; the default, {@code client_signature}, never sends the secret.
         *
         * @param grant the grant.
         * @return this.
         */
        public Builder grant(final DeribitAuthHandler.Grant grant)
        {
            this.grant = Objects.requireNonNull(grant, "grant");
            return this;
        }

        /**
         * Sets the heartbeat interval asked of the server.
         *
         * @param intervalS seconds, at least {@link DeribitAdapter#MIN_HEARTBEAT_INTERVAL_S}.
         * @return this.
         * @throws IllegalArgumentException below the minimum.
         */
        public Builder heartbeatIntervalS(final int intervalS)
        {
            if (intervalS < MIN_HEARTBEAT_INTERVAL_S)
            {
                throw new IllegalArgumentException("heartbeatIntervalS: must be >= " + MIN_HEARTBEAT_INTERVAL_S +
                    ", was " + intervalS);
            }
            this.heartbeatIntervalS = intervalS;
            return this;
        }

        /**
         * Also delivers the market data as the venue-neutral events of {@code io.wsnova.market} (trades,
         * liquidations, book updates with the generic {@code OrderBook}, top of book, derivatives tickers, feed
         * status), mapped from the same decoded objects right after the {@link DeribitMarketListener} call of each
         * message. By default no normalized events are made.
         *
         * @param marketListener called on the message thread (statuses as {@link DeribitMarketListener#onBookStatus}).
         * @return this.
         */
        public Builder marketListener(final MarketListener marketListener)
        {
            this.marketListener = Objects.requireNonNull(marketListener, "marketListener");
            return this;
        }

        /**
         * Sets the registry the normalized events' instrument ids refer to (instruments registered with a spec
         * beforehand keep it); by default the adapter makes its own.
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
         * Offers RFC 7692 permessage-deflate in the upgrade ({@link io.wsnova.engine.config.Option#PERMESSAGE_DEFLATE}
         * in {@link DeribitAdapter#defaultOptions()}); off by default. The reference documents no permessage-deflate
         * support on Deribit, so the default is off; a server that declines the offer leaves the connection
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
         * Builds the immutable adapter.
         *
         * @return the adapter.
         */
        public DeribitAdapter build()
        {
            return new DeribitAdapter(this);
        }
    }
}
