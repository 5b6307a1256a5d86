package io.wsnova.adapters.binance.it;

import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.binance.MockBinanceExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.wsnova.adapters.binance.it.BinanceMockFixture.BTC;
import static io.wsnova.adapters.binance.it.BinanceMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's books against the mock's, over real loopback sockets and the REST snapshot: equal at every printed
 * update, through the initial sync (events buffered while the snapshot is fetched), a gap and its resync, failing
 * snapshots, and the unusual spellings mode.
 */
class BinanceMockBookTest
{
    @ParameterizedTest
    @EnumSource(BinanceMarket.class)
    void shouldPrintTheMocksBookAtEveryUpdate(final BinanceMarket market) throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().futures(market == BinanceMarket.USDM_FUTURES).seed(11)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(market));
            BinanceMockFixture.subscribe(connection, "btcusdt@depth@100ms", "ethusdt@depth");

            fixture.stepUntil("both books printed 200 updates", () -> fixture.recorder.books.size() >= 400);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThanOrEqualTo(400);
            assertThat(fixture.recorder.count(FeedState.RESYNC_DONE)).isEqualTo(2);
            assertThat(fixture.recorder.count(FeedState.SEQUENCE_GAP)).isZero();
            assertThat(fixture.adapter.counters().malformedMessages()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(BinanceMarket.class)
    void shouldResyncAfterAGapAndMatchAgain(final BinanceMarket market) throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().futures(market == BinanceMarket.USDM_FUTURES).seed(12)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(market));
            BinanceMockFixture.subscribe(connection, "btcusdt@depth@100ms");
            fixture.stepUntil("book live", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 1);
            fixture.exchange.step(20);

            fixture.exchange.dropNextDepth(BTC);
            fixture.exchange.failNextSnapshots(2);
            fixture.stepUntil("gap, then live again", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 2);
            fixture.stepUntilBooksCaughtUp(BTC);

            assertThat(fixture.recorder.count(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH)).isEqualTo(1);
            assertThat(fixture.adapter.counters().depthGaps()).isEqualTo(1);
            assertThat(fixture.adapter.counters().snapshotFailures()).isEqualTo(2);
            assertThat(fixture.recorder.statuses.stream().filter(s -> s.state() == FeedState.RESYNC_STARTED &&
                s.reason() == FeedReason.SEQUENCE_MISMATCH).count()).as("first try and two retries").isEqualTo(3);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(20);
        }
    }

    @Test
    void shouldReadEveryValidSpellingKeyOrderAndUnknownField() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().futures(true).seed(13).unusual(true)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BinanceMarket.USDM_FUTURES));
            BinanceMockFixture.subscribe(connection, "btcusdt@depth@100ms", "btcusdt@aggTrade",
                "btcusdt@bookTicker", "btcusdt@markPrice", "btcusdt@forceOrder");

            fixture.stepUntil("300 book prints", () -> fixture.recorder.books.size() >= 300);
            fixture.stepUntilBooksCaughtUp(BTC);

            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThanOrEqualTo(300);
            fixture.thenTradesAccountedFor(BTC);
            assertThat(fixture.recorder.count(FeedState.SEQUENCE_GAP)).isZero();
            assertThat(fixture.adapter.counters().malformedMessages()).isZero();
            assertThat(fixture.adapter.counters().unknownEvents()).isZero();
            assertThat(fixture.recorder.tickers).isNotEmpty();
            assertThat(fixture.recorder.liquidations).isNotEmpty();
            assertThat(fixture.recorder.tops).isNotEmpty();
            assertThat(fixture.recorder.tickers.peek()).contains("BTCUSDT mark=").contains("funding=0.0001");
        }
    }

    @Test
    void shouldCountMalformedMessagesAndGoOn() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(MockBinanceExchange.builder().seed(14)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BinanceMarket.SPOT));
            BinanceMockFixture.subscribe(connection, "btcusdt@trade", "btcusdt@depth");
            fixture.stepUntil("trades flow", () -> fixture.recorder.trades(BTC).size() >= 5);

            fixture.exchange.sendRaw("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"p\":");
            fixture.exchange.sendRaw("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\"," +
                "\"t\":1,\"p\":\"abc\",\"q\":\"1\"}}");
            fixture.exchange.sendRaw("{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\"," +
                "\"s\":\"BTCUSDT\"," +
                "\"U\":1,\"u\":2,\"b\":[[\"1\"]],\"a\":[]}}");
            fixture.exchange.sendRaw("[1,2,3]");
            fixture.exchange.sendRaw(
                "{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"s\":\"BTCUSDT\"}}");
            final int before = fixture.recorder.trades(BTC).size();
            fixture.stepUntil("trades flow again", () -> fixture.recorder.trades(BTC).size() >= before + 20);
            // The REST snapshot may land late on a loaded machine: step until books print, not for a count of steps.
            fixture.stepUntil("books flow", () -> fixture.recorder.books.size() > 10);
            fixture.stepUntilBooksCaughtUp(BTC);

            assertThat(fixture.adapter.counters().malformedMessages()).isEqualTo(4);
            assertThat(fixture.adapter.counters().unknownEvents()).isEqualTo(1);
            assertThat(connection.status().name()).isEqualTo("CONNECTED");
            fixture.thenTradesAccountedFor(BTC);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(10);
        }
    }
}
