package io.wsnova.adapters.binance.it;

import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.Option;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.binance.MockBinanceExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.wsnova.adapters.binance.it.BinanceMockFixture.BTC;
import static io.wsnova.adapters.binance.it.BinanceMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cuts against the mock over real sockets: {@code serverShutdown}, a venue restart with new books, a rate-limit
 * close, silence. After each: subscriptions restored (in as few requests as the batch limit allows), books resynced
 * and equal to the mock's, every trade delivered once or reported missing, every step reported as a status.
 */
class BinanceMockReconnectTest
{
    private static final String[] STREAMS = {"btcusdt@trade", "btcusdt@depth@100ms", "ethusdt@trade",
        "ethusdt@depth", "btcusdt@bookTicker"};

    @Test
    void shouldReconnectOnServerShutdownWithoutLosingTradesSilently() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(MockBinanceExchange.builder().seed(21)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BinanceMarket.SPOT));
            BinanceMockFixture.subscribe(connection, STREAMS);
            fixture.stepUntil("books live and trades flowing", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE) == 2 && fixture.recorder.trades(BTC).size() >= 30);

            fixture.exchange.serverShutdown(500);
            fixture.stepUntil("reconnected, restored and resynced", () ->
                fixture.exchange.connectionsOpened() == 2 && fixture.recorder.count(FeedState.RESYNC_DONE) == 4);
            final int before = fixture.recorder.trades(BTC).size();
            fixture.stepUntil("trades after the cut", () -> fixture.recorder.trades(BTC).size() >= before + 30);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.recorder.count(FeedState.STALE, FeedReason.SERVER_SHUTDOWN)).isEqualTo(1);
            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.SERVER_SHUTDOWN)).isEqualTo(1);
            assertThat(fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.SERVER_SHUTDOWN)).isEqualTo(2);
            assertThat(fixture.adapter.counters().serverShutdowns()).isEqualTo(1);
            fixture.thenTradesAccountedFor(BTC);
            fixture.thenTradesAccountedFor(ETH);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
            assertThat(fixture.exchange.subscriptions()).containsExactly(Set.of(STREAMS));
        }
    }

    @Test
    void shouldRestoreInBatchesAndResyncToTheNewBooksAfterARestart() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(MockBinanceExchange.builder().seed(22)))
        {
            final Connection connection = fixture.connect(
                fixture.adapterBuilder(BinanceMarket.SPOT).maxStreamsPerRequest(2));
            BinanceMockFixture.subscribe(connection, STREAMS);
            fixture.stepUntil("books live", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 2);
            final long requestsBefore = fixture.exchange.requests();
            final long oldUpdateId = fixture.exchange.lastUpdateId(BTC);

            fixture.exchange.restart();
            fixture.stepUntil("restored and resynced", () ->
                fixture.exchange.connectionsOpened() == 2 && fixture.recorder.count(FeedState.RESYNC_DONE) == 4);
            fixture.await("every stream restored",
                () -> fixture.exchange.subscriptions().equals(List.of(Set.of(STREAMS))));
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.exchange.requests() - requestsBefore).as("5 streams in requests of 2").isEqualTo(3);
            assertThat(fixture.exchange.lastUpdateId(BTC)).isGreaterThan(oldUpdateId + 1_000_000L);
            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.CONNECTION_LOST)).isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
            fixture.thenTradesAccountedFor(BTC);
        }
    }

    @Test
    void shouldKeepSubscribeBurstsUnderTheVenuesMessageLimit() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(MockBinanceExchange.builder().seed(23)
            .symbols(List.of("AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT"))))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BinanceMarket.SPOT));
            final String[] streams = new String[12];
            for (int i = 0; i < streams.length; i++)
            {
                streams[i] = "aaausdt@trade" + (i == 0 ? "" : "@" + i);
            }
            streams[1] = "bbbusdt@trade";
            streams[2] = "cccusdt@trade";
            streams[3] = "dddusdt@trade";

            BinanceMockFixture.subscribe(connection, streams);

            assertThat(fixture.exchange.requests()).isEqualTo(12);
            assertThat(fixture.exchange.rateLimitCloses()).isZero();
            assertThat(fixture.exchange.maxIncomingInWindow()).isLessThanOrEqualTo(5);
            assertThat(fixture.exchange.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportARateLimitCloseAndComeBack() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(MockBinanceExchange.builder().seed(24)))
        {
            final Connection connection = fixture.connect(
                fixture.adapterBuilder(BinanceMarket.SPOT).requestIntervalMs(5));
            for (int i = 0; i < 8; i++)
            {
                connection.subscribe("btcusdt@trade" + (i == 0 ? "" : "@" + i), null);
            }
            fixture.await("rate-limit close", () -> fixture.exchange.rateLimitCloses() >= 1);
            fixture.stepUntil("reconnected and trades flowing", () -> fixture.exchange.connectionsOpened() >= 2 &&
                fixture.recorder.trades(BTC).size() >= 10);

            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.RATE_LIMITED))
                .isGreaterThanOrEqualTo(1);
            fixture.thenTradesAccountedFor(BTC);
        }
    }

    @Test
    void shouldStayUpOnServerPingsAndDetectSilence() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().seed(25).pingIntervalMs(300)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BinanceMarket.SPOT),
                fixture.options().set(Option.IDLE_TIMEOUT_MS, 1_000L));
            BinanceMockFixture.subscribe(connection, "btcusdt@depth");
            fixture.stepUntil("book live", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 1);

            final long pings = fixture.exchange.serverPings();
            fixture.await("pings answered across 3 idle timeouts of no data",
                () -> fixture.exchange.serverPings() >= pings + 10);
            assertThat(fixture.exchange.connectionsOpened()).isEqualTo(1);

            fixture.exchange.silence(true);
            fixture.await("idle timeout", () -> fixture.recorder.count(FeedState.DISCONNECTED,
                FeedReason.NO_DATA_TIMEOUT) >= 1);
            fixture.exchange.silence(false);
            fixture.stepUntil("resynced", () -> fixture.recorder.count(FeedState.RESYNC_DONE) >= 2);
            fixture.stepUntilBooksCaughtUp(BTC);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
        }
    }

    @Test
    void shouldUnsubscribeAndReportTheUsersClose() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(MockBinanceExchange.builder().seed(26)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BinanceMarket.SPOT));
            BinanceMockFixture.subscribe(connection, "btcusdt@trade", "ethusdt@trade");
            fixture.stepUntil("trades of both", () -> fixture.recorder.trades(BTC).size() >= 5 &&
                fixture.recorder.trades(ETH).size() >= 5);

            connection.unsubscribe("ethusdt@trade").get(BinanceMockFixture.WAIT_MS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
            final int ethAfter = fixture.recorder.trades(ETH).size();
            final int btcAfter = fixture.recorder.trades(BTC).size();
            fixture.stepUntil("more BTC trades", () -> fixture.recorder.trades(BTC).size() >= btcAfter + 20);

            assertThat(fixture.exchange.subscriptions()).containsExactly(Set.of("btcusdt@trade"));
            assertThat(fixture.recorder.trades(ETH)).hasSize(ethAfter);
            connection.close();
            fixture.await("user close reported", () ->
                fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.USER_REQUEST) == 1);
            assertThat(fixture.exchange.connectionsOpened()).isEqualTo(1);
        }
    }
}
