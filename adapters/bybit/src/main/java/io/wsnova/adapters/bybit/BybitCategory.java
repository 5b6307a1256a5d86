package io.wsnova.adapters.bybit;

/**
 * Which Bybit v5 public category a {@link BybitAdapter} speaks: the endpoint path, the venue name in the registry,
 * the order-book depths and how many topics one subscribe request may carry differ.
 * <p>
 * Facts from {@code /work/shared/reference/binance-bybit-coinbase.md} section B: endpoints
 * {@code wss://stream.bybit.com/v5/public/{spot|linear}}; order-book depths 1/50/200/1000 for linear and spot;
 * spot at most 10 args per subscribe request; 21,000 characters of args per public connection; no other
 * per-request cap is documented for linear (the adapter's default there is {@link #defaultArgsPerRequest()}).
 */
public enum BybitCategory
{
    /** USDT perpetuals: {@code wss://stream.bybit.com/v5/public/linear}; derivatives tickers (mark, index, funding). */
    LINEAR("bybit", "/v5/public/linear", 50, Integer.MAX_VALUE),
    /** Spot: {@code wss://stream.bybit.com/v5/public/spot}; at most 10 topics per subscribe request. */
    SPOT("bybit-spot", "/v5/public/spot", 10, 10);

    /** The production host of every category. */
    public static final String HOST = "stream.bybit.com";
    /** The production port. */
    public static final int PORT = 443;
    /** The most characters of topics one public connection may carry (both categories). */
    public static final int MAX_ARGS_CHARS_PER_CONNECTION = 21_000;

    private final String venueName;
    private final String path;
    private final int defaultArgsPerRequest;
    private final int maxArgsPerRequest;

    BybitCategory(final String venueName, final String path, final int defaultArgsPerRequest,
        final int maxArgsPerRequest)
    {
        this.venueName = venueName;
        this.path = path;
        this.defaultArgsPerRequest = defaultArgsPerRequest;
        this.maxArgsPerRequest = maxArgsPerRequest;
    }

    /**
     * The venue name in the {@link io.wsnova.market.InstrumentRegistry} and the adapter's name (linear and spot
     * symbols overlap: {@code BTCUSDT} is both).
     *
     * @return {@code bybit} (linear) or {@code bybit-spot}.
     */
    public String venueName()
    {
        return venueName;
    }

    /**
     * The endpoint path.
     *
     * @return {@code /v5/public/linear} or {@code /v5/public/spot}.
     */
    public String path()
    {
        return path;
    }

    /**
     * The production URL.
     *
     * @return e.g. {@code wss://stream.bybit.com/v5/public/linear}.
     */
    public String url()
    {
        return "wss://" + HOST + path;
    }

    /**
     * Topics per subscribe request the adapter uses unless told otherwise.
     *
     * @return 10 for spot (the venue's limit), 50 for linear (no limit documented).
     */
    public int defaultArgsPerRequest()
    {
        return defaultArgsPerRequest;
    }

    /**
     * The venue's documented limit of topics per subscribe request.
     *
     * @return 10 for spot; {@link Integer#MAX_VALUE} for linear (none documented).
     */
    public int maxArgsPerRequest()
    {
        return maxArgsPerRequest;
    }

    /**
     * Whether {@code orderbook.{depth}.{symbol}} exists in this category.
     *
     * @param depth the depth.
     * @return true for 1, 50, 200 and 1000.
     */
    public boolean hasDepth(final int depth)
    {
        return depth == 1 || depth == 50 || depth == 200 || depth == 1000;
    }
}
