package io.wsnova.adapters.deribit;

import io.wsnova.engine.ClientTemplate;
import io.wsnova.engine.config.NovaOptions;

/**
 * The Deribit client template (a ready-made Deribit client): {@link DeribitAdapter} plus the template's own
 * defaults, with the same connect API as every template. Options resolve as user &gt; template &gt; adapter &gt;
 * system defaults, so {@code DeribitClient.testnet(listener).connect(NovaOptions.builder().url("ws://...").build())}
 * connects to a local mock while keeping every Deribit behaviour.
 * <pre>{@code
 * Connection deribit = DeribitClient.testnet(listener).connectBlocking(NovaOptions.builder()
 *     .credentials(new Credentials(clientId, clientSecret)).build());
 * deribit.subscribe("ticker.BTC-PERPETUAL.100ms", null).join();
 * }</pre>
 */
public final class DeribitClient extends ClientTemplate
{
    /** Reconnect attempts of the template: 5, then the connection gives up. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 5;
    /** Request timeout of the template: 15 s, above Deribit's slowest private answers under load. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 15_000L;

    private DeribitClient(final DeribitAdapter adapter, final NovaOptions defaults)
    {
        super(adapter, defaults);
    }

    /**
     * A client for the testnet ({@code wss://test.deribit.com/ws/api/v2}).
     *
     * @param listener receives market data on the message thread.
     * @return the client.
     */
    public static DeribitClient testnet(final DeribitMarketListener listener)
    {
        return create(DeribitAdapter.of(listener), DeribitAdapter.TESTNET_HOST);
    }

    /**
     * A client for production ({@code wss://www.deribit.com/ws/api/v2}).
     *
     * @param listener receives market data on the message thread.
     * @return the client.
     */
    public static DeribitClient production(final DeribitMarketListener listener)
    {
        return create(DeribitAdapter.of(listener), DeribitAdapter.PRODUCTION_HOST);
    }

    /**
     * A client over a configured adapter (grant, heartbeat interval), for the testnet unless the user's options
     * say otherwise.
     *
     * @param adapter the adapter.
     * @return the client.
     */
    public static DeribitClient of(final DeribitAdapter adapter)
    {
        return create(adapter, DeribitAdapter.TESTNET_HOST);
    }

    /**
     * A client over a configured adapter and host.
     *
     * @param adapter the adapter.
     * @param host    e.g. {@link DeribitAdapter#PRODUCTION_HOST}.
     * @return the client.
     */
    public static DeribitClient create(final DeribitAdapter adapter, final String host)
    {
        return new DeribitClient(adapter, NovaOptions.builder()
            .host(host)
            .retryAttempts(DEFAULT_RETRY_ATTEMPTS)
            .requestTimeoutMs(DEFAULT_REQUEST_TIMEOUT_MS)
            .build());
    }

    /**
     * The adapter.
     *
     * @return the Deribit adapter.
     */
    @Override
    public DeribitAdapter adapter()
    {
        return (DeribitAdapter)super.adapter();
    }

    @Override
    public String toString()
    {
        return "DeribitClient{" + adapter() + ", defaults=" + defaults() + "}";
    }
}
