package io.wsnova.mock.deribit;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The immutable options of a {@link MockDeribitExchange}, made by {@link #builder()}. Defaults follow the real
 * venue where it documents a value (credit bucket 500 a request, 50,000 max, 10,000 a second; heartbeat interval at
 * least 10 s; signature timestamps valid for 60 s).
 */
public final class MockDeribitConfig
{
    /** The largest total notification rate the generator is designed for, in messages per second. */
    public static final int MAX_MESSAGES_PER_SECOND = 100_000;

    /** The largest credit value (cost, bucket size, refill rate) the bucket arithmetic allows. */
    public static final long MAX_CREDITS = 1_000_000_000L;

    private final int port;
    private final Map<String, String> secretByClientIdMap;
    private final long expiresInS;
    private final long tokenLifetimeMs;
    private final long signatureWindowMs;
    private final int minHeartbeatIntervalS;
    private final long heartbeatPeriodMs;
    private final int messagesPerSecond;
    private final long seed;
    private final int bookDepth;
    private final long requestCost;
    private final long maxCredits;
    private final long refillCreditsPerSecond;
    private final Map<String, Long> costByMethodMap;
    private final int violationsBeforeClose;
    private final int maxOutboundFrames;
    private final boolean rawRequiresAuth;
    private final int changeIdHistory;
    private final long closeTimeoutMs;
    private final Set<MockHostileFeature> hostileFeatures;
    private final long hostileSeed;
    private final long lateResponseDelayMs;
    private final long maxStallMs;
    private final int bookHistoryDepth;

    private MockDeribitConfig(final Builder builder)
    {
        port = builder.port;
        secretByClientIdMap = Map.copyOf(builder.secretByClientIdMap);
        expiresInS = builder.expiresInS;
        tokenLifetimeMs = builder.tokenLifetimeMs > 0 ? builder.tokenLifetimeMs : builder.expiresInS * 1000L;
        signatureWindowMs = builder.signatureWindowMs;
        minHeartbeatIntervalS = builder.minHeartbeatIntervalS;
        heartbeatPeriodMs = builder.heartbeatPeriodMs;
        messagesPerSecond = builder.messagesPerSecond;
        seed = builder.seed;
        bookDepth = builder.bookDepth;
        requestCost = builder.requestCost;
        maxCredits = builder.maxCredits;
        refillCreditsPerSecond = builder.refillCreditsPerSecond;
        costByMethodMap = Map.copyOf(builder.costByMethodMap);
        violationsBeforeClose = builder.violationsBeforeClose;
        maxOutboundFrames = builder.maxOutboundFrames;
        rawRequiresAuth = builder.rawRequiresAuth;
        changeIdHistory = builder.changeIdHistory;
        closeTimeoutMs = builder.closeTimeoutMs;
        hostileFeatures = builder.hostileFeatures.isEmpty() ? Set.of() :
            Collections.unmodifiableSet(EnumSet.copyOf(builder.hostileFeatures));
        hostileSeed = builder.hostileSeed;
        lateResponseDelayMs = builder.lateResponseDelayMs;
        maxStallMs = builder.maxStallMs;
        bookHistoryDepth = builder.bookHistoryDepth;
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The default options: port 0, no accounts, 1,000 messages a second.
     *
     * @return the defaults.
     */
    public static MockDeribitConfig defaults()
    {
        return new Builder().build();
    }

    /**
     * The port to bind on 127.0.0.1; 0 picks a free port at start.
     *
     * @return the configured port.
     */
    public int port()
    {
        return port;
    }

    /**
     * The accounts that may authenticate.
     *
     * @return client id to client secret.
     */
    public Map<String, String> secretByClientIdMap()
    {
        return secretByClientIdMap;
    }

    /**
     * The {@code expires_in} of every auth result.
     *
     * @return seconds.
     */
    public long expiresInS()
    {
        return expiresInS;
    }

    /**
     * How long an access token authorises private calls (the connection's grant included).
     *
     * @return milliseconds.
     */
    public long tokenLifetimeMs()
    {
        return tokenLifetimeMs;
    }

    /**
     * How far a {@code client_signature} timestamp may be from the mock's clock.
     *
     * @return milliseconds.
     */
    public long signatureWindowMs()
    {
        return signatureWindowMs;
    }

    /**
     * The smallest {@code interval} {@code public/set_heartbeat} accepts.
     *
     * @return seconds.
     */
    public int minHeartbeatIntervalS()
    {
        return minHeartbeatIntervalS;
    }

    /**
     * The effective heartbeat period replacing {@code interval * 1000} when positive (fast tests).
     *
     * @return milliseconds, 0 for the requested interval.
     */
    public long heartbeatPeriodMs()
    {
        return heartbeatPeriodMs;
    }

    /**
     * The initial generator rate: market events a second, one notification on one channel each.
     *
     * @return messages per second.
     */
    public int messagesPerSecond()
    {
        return messagesPerSecond;
    }

    /**
     * The seed of the synthetic market.
     *
     * @return the seed.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * The number of price levels each side of the synthetic book keeps around.
     *
     * @return levels per side.
     */
    public int bookDepth()
    {
        return bookDepth;
    }

    /**
     * The credits one request costs unless {@link #costByMethodMap()} says otherwise.
     *
     * @return credits.
     */
    public long requestCost()
    {
        return requestCost;
    }

    /**
     * The size of each connection's credit bucket (a new connection starts full).
     *
     * @return credits.
     */
    public long maxCredits()
    {
        return maxCredits;
    }

    /**
     * The refill rate of each connection's credit bucket.
     *
     * @return credits per second.
     */
    public long refillCreditsPerSecond()
    {
        return refillCreditsPerSecond;
    }

    /**
     * Per-method costs overriding {@link #requestCost()}.
     *
     * @return method name to credits.
     */
    public Map<String, Long> costByMethodMap()
    {
        return costByMethodMap;
    }

    /**
     * How many {@code too_many_requests} errors a connection gets before it is closed (the venue closes at once).
     *
     * @return violations.
     */
    public int violationsBeforeClose()
    {
        return violationsBeforeClose;
    }

    /**
     * The bound on a connection's outgoing frame queue above which notifications are skipped and counted.
     *
     * @return frames.
     */
    public int maxOutboundFrames()
    {
        return maxOutboundFrames;
    }

    /**
     * Whether {@code raw} channels need an authenticated connection (error 13778 otherwise), as on the venue.
     *
     * @return true if they do.
     */
    public boolean rawRequiresAuth()
    {
        return rawRequiresAuth;
    }

    /**
     * How many sent book change ids are kept per instrument for tests.
     *
     * @return the ring capacity.
     */
    public int changeIdHistory()
    {
        return changeIdHistory;
    }

    /**
     * The bound on each step of stopping the server and joining threads.
     *
     * @return milliseconds.
     */
    public long closeTimeoutMs()
    {
        return closeTimeoutMs;
    }

    /**
     * The hostile features in force; empty (the default) serves the canonical shapes through Java-WebSocket, any
     * feature switches the exchange to its raw RFC 6455 server ({@code docs/MOCK-DERIBIT.md}, hostile mode).
     *
     * @return an unmodifiable set.
     */
    public Set<MockHostileFeature> hostileFeatures()
    {
        return hostileFeatures;
    }

    /**
     * Whether the hostile server serves the connections.
     *
     * @return true if any hostile feature is on.
     */
    public boolean isHostile()
    {
        return !hostileFeatures.isEmpty();
    }

    /**
     * The seed of every hostile choice (number forms, field order, fragmentation, stalls...), printed at start.
     *
     * @return the seed.
     */
    public long hostileSeed()
    {
        return hostileSeed;
    }

    /**
     * How long a late response ({@link MockHostileFeature#LATE_RESPONSES}) is held back: set it above the client's
     * request timeout.
     *
     * @return milliseconds.
     */
    public long lateResponseDelayMs()
    {
        return lateResponseDelayMs;
    }

    /**
     * The longest stall of the hostile writer ({@link MockHostileFeature#STALLS}); keep it well below the client's
     * idle bound.
     *
     * @return milliseconds.
     */
    public long maxStallMs()
    {
        return maxStallMs;
    }

    /**
     * How many levels a side of the book are kept per change id for {@link MockDeribitExchange#bookAt}; 0 (the
     * default) keeps no history.
     *
     * @return levels a side.
     */
    public int bookHistoryDepth()
    {
        return bookHistoryDepth;
    }

    /**
     * Builds a {@link MockDeribitConfig}. Not thread-safe.
     */
    public static final class Builder
    {
        private int port;
        private final Map<String, String> secretByClientIdMap = new LinkedHashMap<>();
        private long expiresInS = 31_536_000L;
        private long tokenLifetimeMs;
        private long signatureWindowMs = 60_000L;
        private int minHeartbeatIntervalS = 10;
        private long heartbeatPeriodMs;
        private int messagesPerSecond = 1_000;
        private long seed = 42L;
        private int bookDepth = 20;
        private long requestCost = 500L;
        private long maxCredits = 50_000L;
        private long refillCreditsPerSecond = 10_000L;
        private final Map<String, Long> costByMethodMap = new LinkedHashMap<>();
        private int violationsBeforeClose = 1;
        private int maxOutboundFrames = 4_096;
        private boolean rawRequiresAuth = true;
        private int changeIdHistory = 65_536;
        private long closeTimeoutMs = 2_000L;
        private final EnumSet<MockHostileFeature> hostileFeatures = EnumSet.noneOf(MockHostileFeature.class);
        private long hostileSeed = 42L;
        private long lateResponseDelayMs = 12_000L;
        private long maxStallMs = 250L;
        private int bookHistoryDepth;

        private Builder()
        {
        }

        /**
         * Sets the port.
         *
         * @param port 0 (any free port, the default) to 65535.
         * @return this.
         */
        public Builder port(final int port)
        {
            this.port = port;
            return this;
        }

        /**
         * Adds an account.
         *
         * @param clientId     the client id.
         * @param clientSecret the client secret.
         * @return this.
         */
        public Builder account(final String clientId, final String clientSecret)
        {
            secretByClientIdMap.put(clientId, clientSecret);
            return this;
        }

        /**
         * Sets the {@code expires_in} of auth results (default 31,536,000 s, the reference example).
         *
         * @param expiresInS seconds, at least 1.
         * @return this.
         */
        public Builder expiresInS(final long expiresInS)
        {
            this.expiresInS = expiresInS;
            return this;
        }

        /**
         * Sets how long tokens really last, for refresh tests (default {@code expiresInS * 1000}).
         *
         * @param tokenLifetimeMs milliseconds, 0 for the default.
         * @return this.
         */
        public Builder tokenLifetimeMs(final long tokenLifetimeMs)
        {
            this.tokenLifetimeMs = tokenLifetimeMs;
            return this;
        }

        /**
         * Sets the accepted distance of a signature timestamp from now (default 60,000 ms).
         *
         * @param signatureWindowMs milliseconds.
         * @return this.
         */
        public Builder signatureWindowMs(final long signatureWindowMs)
        {
            this.signatureWindowMs = signatureWindowMs;
            return this;
        }

        /**
         * Sets the smallest accepted heartbeat interval (default 10 s).
         *
         * @param minHeartbeatIntervalS seconds.
         * @return this.
         */
        public Builder minHeartbeatIntervalS(final int minHeartbeatIntervalS)
        {
            this.minHeartbeatIntervalS = minHeartbeatIntervalS;
            return this;
        }

        /**
         * Sets an effective heartbeat period that replaces the requested interval (default 0: the interval).
         *
         * @param heartbeatPeriodMs milliseconds, 0 to use the interval.
         * @return this.
         */
        public Builder heartbeatPeriodMs(final long heartbeatPeriodMs)
        {
            this.heartbeatPeriodMs = heartbeatPeriodMs;
            return this;
        }

        /**
         * Sets the generator rate (default 1,000).
         *
         * @param messagesPerSecond 0 (no market data) to {@link #MAX_MESSAGES_PER_SECOND}.
         * @return this.
         */
        public Builder messagesPerSecond(final int messagesPerSecond)
        {
            this.messagesPerSecond = messagesPerSecond;
            return this;
        }

        /**
         * Sets the market seed (default 42).
         *
         * @param seed the seed.
         * @return this.
         */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the levels each side of the book keeps around (default 20).
         *
         * @param bookDepth 5 to 1,000.
         * @return this.
         */
        public Builder bookDepth(final int bookDepth)
        {
            this.bookDepth = bookDepth;
            return this;
        }

        /**
         * Sets the credit bucket (defaults 500, 50,000, 10,000).
         *
         * @param requestCost            credits per request.
         * @param maxCredits             bucket size.
         * @param refillCreditsPerSecond refill rate.
         * @return this.
         */
        public Builder credits(final long requestCost, final long maxCredits, final long refillCreditsPerSecond)
        {
            this.requestCost = requestCost;
            this.maxCredits = maxCredits;
            this.refillCreditsPerSecond = refillCreditsPerSecond;
            return this;
        }

        /**
         * Sets the cost of one method, e.g. {@code public/subscribe}.
         *
         * @param method the JSON-RPC method.
         * @param cost   credits, 0 for free.
         * @return this.
         */
        public Builder methodCost(final String method, final long cost)
        {
            costByMethodMap.put(method, cost);
            return this;
        }

        /**
         * Sets how many 10028 errors a connection gets before the mock closes it (default 1: at once).
         *
         * @param violationsBeforeClose at least 1.
         * @return this.
         */
        public Builder violationsBeforeClose(final int violationsBeforeClose)
        {
            this.violationsBeforeClose = violationsBeforeClose;
            return this;
        }

        /**
         * Sets the outgoing queue bound above which notifications are skipped (default 4,096 frames).
         *
         * @param maxOutboundFrames frames, at least 1.
         * @return this.
         */
        public Builder maxOutboundFrames(final int maxOutboundFrames)
        {
            this.maxOutboundFrames = maxOutboundFrames;
            return this;
        }

        /**
         * Sets whether raw channels need authentication (default true).
         *
         * @param rawRequiresAuth true as on the venue.
         * @return this.
         */
        public Builder rawRequiresAuth(final boolean rawRequiresAuth)
        {
            this.rawRequiresAuth = rawRequiresAuth;
            return this;
        }

        /**
         * Sets how many sent change ids are kept per instrument (default 65,536).
         *
         * @param changeIdHistory at least 1.
         * @return this.
         */
        public Builder changeIdHistory(final int changeIdHistory)
        {
            this.changeIdHistory = changeIdHistory;
            return this;
        }

        /**
         * Sets the bound on each step of stopping (default 2,000 ms).
         *
         * @param closeTimeoutMs milliseconds.
         * @return this.
         */
        public Builder closeTimeoutMs(final long closeTimeoutMs)
        {
            this.closeTimeoutMs = closeTimeoutMs;
            return this;
        }

        /**
         * Switches hostile mode on with the given features (none: off) and seed.
         *
         * @param seed     the seed of every hostile choice.
         * @param features the features; an empty set turns hostile mode off.
         * @return this.
         */
        public Builder hostile(final long seed, final Set<MockHostileFeature> features)
        {
            this.hostileSeed = seed;
            this.hostileFeatures.clear();
            this.hostileFeatures.addAll(features);
            return this;
        }

        /**
         * Sets how long late responses are held back (default 12,000 ms, above the adapter's 10 s request timeout).
         *
         * @param lateResponseDelayMs milliseconds, at least 1.
         * @return this.
         */
        public Builder lateResponseDelayMs(final long lateResponseDelayMs)
        {
            this.lateResponseDelayMs = lateResponseDelayMs;
            return this;
        }

        /**
         * Sets the longest hostile stall (default 250 ms).
         *
         * @param maxStallMs milliseconds, at least 1.
         * @return this.
         */
        public Builder maxStallMs(final long maxStallMs)
        {
            this.maxStallMs = maxStallMs;
            return this;
        }

        /**
         * Keeps the top {@code depth} levels a side of every book state by change id (default 0: none).
         *
         * @param depth levels a side, 0 to 1,000.
         * @return this.
         */
        public Builder bookHistoryDepth(final int depth)
        {
            this.bookHistoryDepth = depth;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options.
         * @throws IllegalArgumentException if a value is out of range.
         */
        public MockDeribitConfig build()
        {
            check(port >= 0 && port <= 65_535, "port");
            check(expiresInS >= 1, "expiresInS");
            check(tokenLifetimeMs >= 0, "tokenLifetimeMs");
            check(signatureWindowMs >= 0, "signatureWindowMs");
            check(minHeartbeatIntervalS >= 0, "minHeartbeatIntervalS");
            check(heartbeatPeriodMs >= 0, "heartbeatPeriodMs");
            check(messagesPerSecond >= 0 && messagesPerSecond <= MAX_MESSAGES_PER_SECOND, "messagesPerSecond");
            check(bookDepth >= 5 && bookDepth <= 1_000, "bookDepth");
            check(requestCost >= 0 && requestCost <= MAX_CREDITS && maxCredits >= 0 && maxCredits <= MAX_CREDITS &&
                refillCreditsPerSecond >= 0 && refillCreditsPerSecond <= MAX_CREDITS, "credits");
            check(violationsBeforeClose >= 1, "violationsBeforeClose");
            check(maxOutboundFrames >= 1, "maxOutboundFrames");
            check(changeIdHistory >= 1, "changeIdHistory");
            check(closeTimeoutMs >= 1, "closeTimeoutMs");
            check(lateResponseDelayMs >= 1, "lateResponseDelayMs");
            check(maxStallMs >= 1, "maxStallMs");
            check(bookHistoryDepth >= 0 && bookHistoryDepth <= 1_000, "bookHistoryDepth");
            for (final Map.Entry<String, Long> entry : costByMethodMap.entrySet())
            {
                check(entry.getValue() >= 0 && entry.getValue() <= MAX_CREDITS, "methodCost " + entry.getKey());
            }
            for (final Map.Entry<String, String> entry : secretByClientIdMap.entrySet())
            {
                check(entry.getKey() != null && !entry.getKey().isEmpty(), "account client id");
                check(entry.getValue() != null && !entry.getValue().isEmpty(), "account secret");
            }
            return new MockDeribitConfig(this);
        }

        private static void check(final boolean valid, final String name)
        {
            if (!valid)
            {
                throw new IllegalArgumentException(name + ": out of range");
            }
        }
    }
}
