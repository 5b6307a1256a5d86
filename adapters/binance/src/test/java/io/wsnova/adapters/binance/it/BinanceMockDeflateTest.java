package io.wsnova.adapters.binance.it;

import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedState;
import io.wsnova.mock.binance.MockBinanceExchange;
import org.junit.jupiter.api.Test;

import static io.wsnova.adapters.binance.it.BinanceMockFixture.BTC;
import static io.wsnova.adapters.binance.it.BinanceMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate end to end: the adapter's {@code permessageDeflate(true)} offers the extension, the mock
 * accepts it and compresses every message, and the books the client prints still equal the mock's at every update.
 */
class BinanceMockDeflateTest
{
    @Test
    void shouldNegotiateDeflateAndPrintTheMocksBookAtEveryUpdate() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().seed(21).deflate(true)))
        {
            final Connection connection =
                fixture.connect(fixture.adapterBuilder(BinanceMarket.SPOT).permessageDeflate(true));
            BinanceMockFixture.subscribe(connection, "btcusdt@depth@100ms", "ethusdt@depth", "btcusdt@trade");

            fixture.stepUntil("both books printed 100 updates", () -> fixture.recorder.books.size() >= 200);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.exchange.deflateConnections()).as("the mock accepted permessage-deflate").isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThanOrEqualTo(200);
            fixture.thenTradesAccountedFor(BTC);
            assertThat(fixture.recorder.count(FeedState.SEQUENCE_GAP)).isZero();
            assertThat(fixture.adapter.counters().malformedMessages()).isZero();
        }
    }

    @Test
    void shouldStayUncompressedWhenTheAdapterDoesNotOffer() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().seed(22).deflate(true)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BinanceMarket.SPOT));
            BinanceMockFixture.subscribe(connection, "btcusdt@depth");

            fixture.stepUntil("50 book prints", () -> fixture.recorder.books.size() >= 50);

            assertThat(fixture.exchange.deflateConnections()).as("nothing offered, nothing negotiated").isZero();
            assertThat(fixture.exchange.connectionsOpened()).isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThanOrEqualTo(50);
        }
    }
}
