package io.wsnova.adapters.deribit;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.NovaOptions;
import io.wsnova.engine.Option;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.Objects;

/**
 * The Deribit API v2 adapter (JSON-RPC over WebSocket): the behaviours that make the generic client speak Deribit.
 * <ul>
 *   <li>options: {@code wss://test.deribit.com/ws/api/v2}, WebSocket keepalive off (Deribit has its own
 *   heartbeats), an idle timeout of three heartbeat intervals, a 10 s request timeout;</li>
 *   <li>connection: {@code public/set_heartbeat} after every connect and reconnect;</li>
 *   <li>messages: responses matched by id, {@code ticker.*} decoded allocation-free into a pooled
 *   {@link DeribitTicker} for the {@link DeribitMarketListener}, {@code test_request} heartbeats answered with
 *   {@code public/test}, other channels delivered raw;</li>
 *   <li>auth: {@code public/auth} with {@code client_credentials} or {@code client_signature}
 *   ({@link DeribitAuthHandler});</li>
 *   <li>subscriptions: {@code public/subscribe}, {@code private/subscribe} for {@code user.*} channels,
 *   confirmed when the result lists the channel.</li>
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

    private final DeribitMarketListener listener;
    private final DeribitAuthHandler.Grant grant;
    private final int heartbeatIntervalS;

    private DeribitAdapter(final Builder builder)
    {
        this.listener = builder.listener;
        this.grant = builder.grant;
        this.heartbeatIntervalS = builder.heartbeatIntervalS;
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

    @Override
    public String name()
    {
        return "deribit";
    }

    @Override
    public NovaOptions defaultOptions()
    {
        return NovaOptions.builder()
            .secure(true)
            .host(TESTNET_HOST)
            .path(PATH)
            .keepalive(0, 0)
            .set(Option.IDLE_TIMEOUT_MS, 3_000L * heartbeatIntervalS)
            .requestTimeoutMs(DEFAULT_REQUEST_TIMEOUT_MS)
            .build();
    }

    @Override
    public ConnectionHandler connectionHandler()
    {
        return new DeribitConnectionHandler(heartbeatIntervalS);
    }

    @Override
    public MessageHandler messageHandler()
    {
        return new DeribitMessageHandler(listener);
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
        return "DeribitAdapter{grant=" + grant + ", heartbeatIntervalS=" + heartbeatIntervalS + "}";
    }

    /**
     * Builds an adapter. Not thread-safe.
     */
    public static final class Builder
    {
        private DeribitMarketListener listener = new DeribitMarketListener()
        {
        };
        private DeribitAuthHandler.Grant grant = DeribitAuthHandler.Grant.CLIENT_SIGNATURE;
        private int heartbeatIntervalS = DEFAULT_HEARTBEAT_INTERVAL_S;

        private Builder()
        {
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
