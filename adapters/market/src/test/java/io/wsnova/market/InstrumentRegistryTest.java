package io.wsnova.market;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstrumentRegistryTest
{
    private final InstrumentRegistry registry = new InstrumentRegistry();

    @Test
    void shouldInternVenuesAndKeepTheSameSymbolApartPerVenue()
    {
        final int binance = registry.venue("binance");
        final int bybit = registry.venue("bybit");
        assertThat(registry.venue("binance")).isEqualTo(binance);
        final int onBinance = registry.register(binance, "BTCUSDT", InstrumentSpec.spot(1, 2, 1, 5));
        final int onBybit = registry.register(bybit, "BTCUSDT", InstrumentSpec.spot(1, 1, 1, 3));

        assertThat(onBinance).isNotEqualTo(onBybit);
        assertThat(lookup(binance, "BTCUSDT")).isEqualTo(onBinance);
        assertThat(lookup(bybit, "BTCUSDT")).isEqualTo(onBybit);
        assertThat(registry.spec(onBybit).tickSize().toString()).isEqualTo("0.1");
        assertThat(registry.venueOf(onBybit)).isEqualTo(bybit);
        assertThat(registry.venueName(bybit)).isEqualTo("bybit");
    }

    @Test
    void shouldFindEveryInstrumentFromBytesAfterGrowingAndMissUnknownOnes()
    {
        final int okx = registry.venue("okx");
        for (int i = 0; i < 5_000; i++)
        {
            assertThat(registry.register(okx, "BTC-USD-" + i, InstrumentSpec.spot(1, 1, 1, 0))).isEqualTo(i);
        }
        for (int i = 0; i < 5_000; i++)
        {
            assertThat(lookup(okx, "BTC-USD-" + i)).isEqualTo(i);
            assertThat(registry.symbol(i)).isEqualTo("BTC-USD-" + i);
        }
        assertThat(lookup(okx, "BTC-USD-5000")).isEqualTo(InstrumentRegistry.NOT_FOUND);
        assertThat(lookup(okx, "")).isEqualTo(InstrumentRegistry.NOT_FOUND);
        assertThat(registry.instrumentCount()).isEqualTo(5_000);
    }

    @Test
    void shouldReplaceTheSpecWhenRegisteredTwice()
    {
        final int deribit = registry.venue("deribit");
        final int id = registry.register(deribit, "BTC-PERPETUAL", InstrumentSpec.spot(5, 1, 10, 0));
        final InstrumentSpec perpetual = new InstrumentSpec(new io.wsnova.codec.json.Decimal(5, 1),
            new io.wsnova.codec.json.Decimal(10, 0), new io.wsnova.codec.json.Decimal(10, 0), QuantityUnit.QUOTE);
        assertThat(registry.register(deribit, "BTC-PERPETUAL", perpetual)).isEqualTo(id);
        assertThat(registry.spec(id).quantityUnit()).isEqualTo(QuantityUnit.QUOTE);
        assertThatThrownBy(() -> registry.register(7, "X", perpetual)).isInstanceOf(IllegalArgumentException.class);
    }

    private int lookup(final int venue, final String symbol)
    {
        final byte[] padded = ("xx" + symbol + "yy").getBytes(StandardCharsets.US_ASCII);
        final int fromBuffer = registry.instrument(venue, new UnsafeBuffer(padded), 2, padded.length - 4);
        final int fromBytes = registry.instrument(venue, padded, 2, padded.length - 4);
        assertThat(fromBytes).isEqualTo(fromBuffer);
        return fromBuffer;
    }
}
