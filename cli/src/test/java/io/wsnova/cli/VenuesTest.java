package io.wsnova.cli;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link Venues} entry builds an adapter whose name is the entry's (the {@code exchange} the stream prints is
 * the venue name the adapter's events carry), with the given registry; and {@link StreamChannels} finds the
 * channel of an event in each venue's channel syntax.
 */
class VenuesTest
{
    @Test
    void shouldBuildEveryVenuesAdapterUnderItsOwnName()
    {
        assertThat(Venues.names()).first().isEqualTo(Venues.DERIBIT);
        for (final Venues.Venue venue : Venues.MARKET_VENUES)
        {
            final InstrumentRegistry registry = new InstrumentRegistry();
            final Adapter adapter = venue.factory().create(new MarketListener()
            {
            }, registry, venue.takesRestUrl() ? "http://127.0.0.1:1" : null, NovaOptions.builder());

            assertThat(adapter.name()).as(venue.name()).isEqualTo(venue.name());
            assertThat(registry.venue(venue.name())).as("the adapter registered its venue in the given registry")
                .isZero();
            assertThat(venue.channels()).isNotBlank();
        }
    }

    @Test
    void shouldFindTheChannelOfAnEventInEachVenuesSyntax()
    {
        final InstrumentRegistry registry = new InstrumentRegistry();
        final InstrumentSpec spec = InstrumentSpec.spot(1, 2, 1, 3);
        final int venue = registry.venue("any");
        final int btcusdt = registry.register(venue, "BTCUSDT", spec);
        final int btcUsd = registry.register(venue, "BTC-USD", spec);
        final int btcUsdt = registry.register(venue, "BTC-USDT", spec);
        final StreamChannels channels = new StreamChannels(List.of("btcusdt@depth@100ms", "btcusdt@trade",
            "btcusdt@bookTicker", "market_trades:BTC-USD", "level2:BTC-USD", "books:BTC-USDT", "trades:BTC-USDT"),
            registry);

        assertThat(channels.channel(StreamChannels.BOOK, btcusdt)).isEqualTo("btcusdt@depth@100ms");
        assertThat(channels.channel(StreamChannels.TRADE, btcusdt)).isEqualTo("btcusdt@trade");
        assertThat(channels.channel(StreamChannels.TOP, btcusdt)).isEqualTo("btcusdt@bookTicker");
        assertThat(channels.channel(StreamChannels.TICKER, btcusdt)).as("no ticker channel: the first of the symbol")
            .isEqualTo("btcusdt@depth@100ms");
        assertThat(channels.channel(StreamChannels.BOOK, btcUsd)).isEqualTo("level2:BTC-USD");
        assertThat(channels.channel(StreamChannels.TRADE, btcUsd)).isEqualTo("market_trades:BTC-USD");
        assertThat(channels.channel(StreamChannels.BOOK, btcUsdt)).as("BTC-USD is not a token of BTC-USDT")
            .isEqualTo("books:BTC-USDT");
        assertThat(channels.channel(StreamChannels.TRADE, btcUsdt)).isEqualTo("trades:BTC-USDT");
        assertThat(channels.channel(StreamChannels.BOOK, -1)).isNull();
        assertThat(StreamChannels.kindOf("orderbook.50.btcusdt")).isEqualTo(StreamChannels.BOOK);
        assertThat(StreamChannels.kindOf("publictrade.btcusdt")).isEqualTo(StreamChannels.TRADE);
    }
}
