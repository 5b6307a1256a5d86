package io.wsnova.cli;

import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.adapters.bybit.BybitCategory;
import io.wsnova.adapters.coinbase.CoinbaseAdapter;
import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketListener;

import java.util.ArrayList;
import java.util.List;

/**
 * The venues {@code ./nova stream --adapter NAME} speaks: {@code deribit} (its own adapter and listener, printed
 * by the cli's {@link MarketJson}) and every venue on the normalized market model ({@code io.wsnova.market}),
 * printed by {@link io.wsnova.market.MarketJson} in one schema. A market-model venue is one {@link Venue}: its
 * name (the adapter's {@code name()}, printed as {@code exchange}), an example of its channel syntax for the usage,
 * whether it takes {@code --rest-url}, and a {@link Factory} that builds its adapter.
 * <p>
 * <b>Adding a venue</b> (bybit, okx, coinbase: each a module built like {@code adapters/binance}), two steps:
 * <ol>
 *   <li>{@code cli/pom.xml}: a dependency on {@code io.wsnova:wsnova-<venue>} beside {@code wsnova-binance} (with
 *   a {@code version} element of {@code ${project.version}} unless the root pom's dependencyManagement lists it).</li>
 *   <li>Here, one entry in {@link #MARKET_VENUES}, e.g.
 *   <pre>{@code
 *   new Venue("bybit", "orderbook.50.BTCUSDT, publicTrade.BTCUSDT", false,
 *       (listener, registry, restUrl, options) -> BybitAdapter.builder().listener(listener).registry(registry)
 *           .build()),
 *   }</pre>
 *   The name must equal the adapter's {@code name()} (the venue name its events carry; {@code VenuesTest} checks
 *   every entry). The factory gets the stream's {@link MarketListener} and {@link InstrumentRegistry} (pass both
 *   to the builder: the printer reads symbols from that registry), {@code --rest-url} (null when not given; only
 *   for a venue whose entry says it takes one) and the connection's options builder (for a venue option such as
 *   permessage-deflate).</li>
 * </ol>
 * Nothing else changes: {@code --adapter} accepts the name, the usage lists it, the channels are passed to
 * {@code Connection.subscribe} as given, and {@link MarketStreamPrinter} finds the channel of each event from the
 * instrument's symbol and the kind of event (see {@link StreamChannels}). A demo of the venue
 * ({@code ./nova demo --venues}) is a {@link DemoVenue} of its own, registered in {@link MultiVenueDemo}.
 */
final class Venues
{
    /** The Deribit adapter: not on the market model yet, streamed by its own listener. */
    static final String DERIBIT = "deribit";

    /**
     * Builds a venue's adapter for one stream.
     */
    @FunctionalInterface
    interface Factory
    {
        /**
         * Builds the adapter.
         *
         * @param listener where the adapter delivers every event.
         * @param registry the registry the events' instrument ids refer to.
         * @param restUrl  the base of the venue's REST snapshot endpoint, or null for the venue's default.
         * @param options  the connection's options (the URL is set), for venue options.
         * @return the adapter.
         */
        Adapter create(MarketListener listener, InstrumentRegistry registry, String restUrl,
            NovaOptions.Builder options);
    }

    /**
     * A venue on the market model.
     *
     * @param name         the adapter name ({@code --adapter}, the printed {@code exchange}).
     * @param channels     example channels for the usage text.
     * @param takesRestUrl whether {@code --rest-url} applies.
     * @param factory      builds the adapter.
     */
    record Venue(String name, String channels, boolean takesRestUrl, Factory factory)
    {
    }

    /** The venues on the market model, in the order the usage lists them. */
    static final List<Venue> MARKET_VENUES = List.of(
        new Venue("binance", "btcusdt@depth@100ms, btcusdt@trade", true,
            (listener, registry, restUrl, options) -> binance(BinanceMarket.SPOT, listener, registry, restUrl)),
        new Venue("binance-usdm", "btcusdt@depth@100ms, btcusdt@markPrice", true,
            (listener, registry, restUrl, options) ->
                binance(BinanceMarket.USDM_FUTURES, listener, registry, restUrl)),
        new Venue("bybit", "orderbook.50.BTCUSDT, publicTrade.BTCUSDT, tickers.BTCUSDT", false,
            (listener, registry, restUrl, options) -> BybitAdapter.builder().category(BybitCategory.LINEAR)
                .listener(listener).registry(registry).build()),
        new Venue("bybit-spot", "orderbook.50.BTCUSDT, publicTrade.BTCUSDT", false,
            (listener, registry, restUrl, options) -> BybitAdapter.builder().category(BybitCategory.SPOT)
                .listener(listener).registry(registry).build()),
        new Venue("okx", "books:BTC-USDT, trades:BTC-USDT, tickers:BTC-USDT-SWAP", false,
            (listener, registry, restUrl, options) -> OkxAdapter.builder().listener(listener).registry(registry)
                .build()),
        new Venue("coinbase", "level2:BTC-USD, market_trades:BTC-USD, ticker:BTC-USD", false,
            (listener, registry, restUrl, options) -> CoinbaseAdapter.builder().listener(listener)
                .registry(registry).build()));

    private Venues()
    {
    }

    private static Adapter binance(final BinanceMarket market, final MarketListener listener,
        final InstrumentRegistry registry, final String restUrl)
    {
        final BinanceAdapter.Builder builder = BinanceAdapter.builder().market(market).listener(listener)
            .registry(registry);
        if (restUrl != null)
        {
            builder.restUrl(restUrl);
        }
        return builder.build();
    }

    /**
     * The market-model venue of a name.
     *
     * @param name the adapter name.
     * @return the venue, or null (Deribit, or unknown).
     */
    static Venue find(final String name)
    {
        for (final Venue venue : MARKET_VENUES)
        {
            if (venue.name().equals(name))
            {
                return venue;
            }
        }
        return null;
    }

    /**
     * Every adapter name {@code --adapter} accepts.
     *
     * @return deribit, then the market-model venues.
     */
    static List<String> names()
    {
        final List<String> names = new ArrayList<>();
        names.add(DERIBIT);
        for (final Venue venue : MARKET_VENUES)
        {
            names.add(venue.name());
        }
        return names;
    }
}
