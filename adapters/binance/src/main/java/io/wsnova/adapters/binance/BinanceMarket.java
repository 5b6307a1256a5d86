package io.wsnova.adapters.binance;

import io.wsnova.market.BinanceFuturesSequenceRule;
import io.wsnova.market.BinanceSpotSequenceRule;
import io.wsnova.market.SequenceRule;

/**
 * Which Binance market a {@link BinanceAdapter} speaks: the endpoints, the REST depth snapshot, the control-message
 * limit per connection, the server's ping interval and the diff-depth sequence rule differ.
 * <p>
 * Facts from {@code /work/shared/reference/binance-bybit-coinbase.md} section A (spot) and
 * {@code okx-binance-futures-more.md} "Binance USD-M futures".
 */
public enum BinanceMarket
{
    /** Spot: {@code wss://stream.binance.com:9443/stream}, REST {@code /api/v3/depth}, 5 messages/s, ping 20 s. */
    SPOT("binance", "stream.binance.com", 9443, "https://api.binance.com", "/api/v3/depth", 5, 20_000L,
        BinanceSpotSequenceRule.INSTANCE),
    /**
     * USD-M futures: {@code wss://fstream.binance.com/stream}, REST {@code /fapi/v1/depth}, 10 messages/s, ping
     * 3 min. Since 2026-03 Binance splits the futures streams by base ({@code /public} for depth and bookTicker,
     * {@code /market} for trades and mark price): give the URL of the base that carries the streams you subscribe.
     */
    USDM_FUTURES("binance-usdm", "fstream.binance.com", 443, "https://fapi.binance.com", "/fapi/v1/depth", 10,
        180_000L, BinanceFuturesSequenceRule.INSTANCE);

    private final String venueName;
    private final String host;
    private final int port;
    private final String restBaseUrl;
    private final String depthPath;
    private final int incomingMessagesPerSecond;
    private final long serverPingIntervalMs;
    private final SequenceRule sequenceRule;

    BinanceMarket(final String venueName, final String host, final int port, final String restBaseUrl,
        final String depthPath, final int incomingMessagesPerSecond, final long serverPingIntervalMs,
        final SequenceRule sequenceRule)
    {
        this.venueName = venueName;
        this.host = host;
        this.port = port;
        this.restBaseUrl = restBaseUrl;
        this.depthPath = depthPath;
        this.incomingMessagesPerSecond = incomingMessagesPerSecond;
        this.serverPingIntervalMs = serverPingIntervalMs;
        this.sequenceRule = sequenceRule;
    }

    /**
     * The venue name in the {@link io.wsnova.market.InstrumentRegistry} (spot and futures symbols overlap).
     *
     * @return {@code binance} or {@code binance-usdm}.
     */
    public String venueName()
    {
        return venueName;
    }

    /**
     * The production stream host.
     *
     * @return the host.
     */
    public String host()
    {
        return host;
    }

    /**
     * The production stream port.
     *
     * @return the port.
     */
    public int port()
    {
        return port;
    }

    /**
     * The production REST base URL for the depth snapshot.
     *
     * @return the base, without a trailing slash.
     */
    public String restBaseUrl()
    {
        return restBaseUrl;
    }

    /**
     * The REST depth snapshot path.
     *
     * @return {@code /api/v3/depth} or {@code /fapi/v1/depth}.
     */
    public String depthPath()
    {
        return depthPath;
    }

    /**
     * The venue's limit of messages a client may send per second on one connection (pings, pongs and JSON
     * requests all count); more disconnects.
     *
     * @return messages per second.
     */
    public int incomingMessagesPerSecond()
    {
        return incomingMessagesPerSecond;
    }

    /**
     * How often the server pings.
     *
     * @return milliseconds.
     */
    public long serverPingIntervalMs()
    {
        return serverPingIntervalMs;
    }

    /**
     * The diff-depth sequence rule.
     *
     * @return the rule.
     */
    public SequenceRule sequenceRule()
    {
        return sequenceRule;
    }
}
