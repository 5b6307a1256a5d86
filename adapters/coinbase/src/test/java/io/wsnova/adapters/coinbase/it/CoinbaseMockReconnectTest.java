package io.wsnova.adapters.coinbase.it;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.Option;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.coinbase.MockCoinbaseExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.coinbase.it.CoinbaseMockFixture.BTC;
import static io.wsnova.adapters.coinbase.it.CoinbaseMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Coinbase adapter across the ends of a connection: a disconnect and a restart (subscriptions restored in one
 * request per channel, every book resynced, no trade lost or repeated), a silent server (detected by the idle
 * timeout), a rate-limit close, and the request pacing that avoids it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CoinbaseMockReconnectTest
{
    private static final String[] CHANNELS = {"level2:" + BTC, "level2:" + ETH, "market_trades:" + BTC,
        "market_trades:" + ETH};

    @Test
    void shouldRestoreInOneRequestPerChannelAndLoseNoTradeAcrossADisconnect() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder().seed(3)))
        {
            final Connection connection = fixture.connect();
            CoinbaseMockFixture.subscribe(connection, CHANNELS);
            fixture.exchange.step(40);
            fixture.awaitBooksCaughtUp(BTC, ETH);
            final long requestsBefore = fixture.exchange.requests();

            fixture.exchange.disconnectAll(1011);
            fixture.exchange.step(10); // trades made while the client is away: the trade snapshot replays them
            fixture.await("reconnected and resynced", () -> fixture.exchange.connectionsOpened() == 2 &&
                fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.CONNECTION_LOST) == 2);
            fixture.exchange.step(40);
            fixture.awaitBooksCaughtUp(BTC, ETH);
            fixture.await("trades caught up", () ->
                fixture.recorder.tradeIds(ETH).contains(fixture.exchange.tradeIds(ETH).getLast()) &&
                fixture.recorder.tradeIds(BTC).contains(fixture.exchange.tradeIds(BTC).getLast()));

            assertThat(fixture.exchange.requests() - requestsBefore).as("level2, market_trades, heartbeats")
                .isEqualTo(3);
            assertThat(fixture.exchange.subscriptions()).containsExactly(Set.of("level2:" + BTC, "level2:" + ETH,
                "market_trades:" + BTC, "market_trades:" + ETH, "heartbeats"));
            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.CONNECTION_LOST)).isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(80);
            fixture.thenEveryTradeDeliveredOnce(BTC);
            fixture.thenEveryTradeDeliveredOnce(ETH);
            assertThat(fixture.adapter.counters().duplicateTrades()).isPositive();
        }
    }

    @Test
    void shouldNotAnnounceAResyncForABookTheUserUnsubscribed() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder().seed(9)))
        {
            final Connection connection = fixture.connect();
            CoinbaseMockFixture.subscribe(connection, "level2:" + BTC, "level2:" + ETH);
            fixture.exchange.step(10);
            fixture.awaitBooksCaughtUp(BTC, ETH);
            connection.unsubscribe("level2:" + ETH).get(CoinbaseMockFixture.WAIT_MS, TimeUnit.MILLISECONDS);

            fixture.exchange.disconnectAll(1011);
            fixture.await("BTC resynced", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 1);
            fixture.exchange.step(10);
            fixture.awaitBooksCaughtUp(BTC);

            assertThat(fixture.recorder.statuses).filteredOn(status -> status.state() == FeedState.RESYNC_STARTED)
                .extracting(CoinbaseRecorder.Status::product).containsExactly(BTC);
            assertThat(fixture.thenEveryPrintedBookMatched()).isPositive();
        }
    }

    @Test
    void shouldResyncNewBooksAfterARestart() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder().seed(5)))
        {
            final Connection connection = fixture.connect();
            CoinbaseMockFixture.subscribe(connection, CHANNELS);
            fixture.exchange.step(20);
            fixture.awaitBooksCaughtUp(BTC, ETH);

            fixture.exchange.restart();
            fixture.await("resynced", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 2);
            fixture.exchange.step(20);
            fixture.awaitBooksCaughtUp(BTC, ETH);

            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(40);
            fixture.thenEveryTradeDeliveredOnce(BTC);
            assertThat(connection.subscription("heartbeats")).isNotNull();
        }
    }

    @Test
    void shouldDetectASilentServerWithinTheIdleTimeoutAndRecover() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder()
            .heartbeatIntervalMs(100)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(),
                fixture.options().set(Option.IDLE_TIMEOUT_MS, 1_500L));
            CoinbaseMockFixture.subscribe(connection, "level2:" + BTC);
            fixture.exchange.step(5);
            fixture.awaitBooksCaughtUp(BTC);
            CoinbaseMockFixture.pause(2_500); // heartbeats alone keep a quiet connection open
            assertThat(fixture.recorder.count(FeedState.DISCONNECTED)).isZero();

            final long silentAtNs = System.nanoTime();
            fixture.exchange.silence(true);
            fixture.await("silence detected", () ->
                fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.NO_DATA_TIMEOUT) == 1);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentAtNs);
            fixture.exchange.silence(false);
            fixture.await("resynced", () -> fixture.recorder.count(FeedState.RESYNC_DONE) >= 1);
            fixture.exchange.step(5);
            fixture.awaitBooksCaughtUp(BTC);

            System.out.println("silence detected after " + detectedMs + " ms (idle timeout 1500 ms)");
            assertThat(detectedMs).isGreaterThanOrEqualTo(1_300);
            assertThat(fixture.thenEveryPrintedBookMatched()).isPositive();
        }
    }

    @Test
    void shouldReconnectAfterARateLimitClose() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder()
            .maxIncomingPerSecond(4)))
        {
            // 6 requests at once (5 subscribes and heartbeats) break the mock's 4 a second; the restore takes 4
            // (one per channel: level2, market_trades, ticker, heartbeats) and stays within it.
            final Connection connection = fixture.connect(fixture.adapterBuilder().requestIntervalMs(1),
                fixture.options());
            for (final String channel : CHANNELS)
            {
                connection.subscribe(channel, null);
            }
            connection.subscribe("ticker:" + BTC, null);

            fixture.await("closed for too many messages, then restored", () ->
                fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.RATE_LIMITED) >= 1 &&
                fixture.exchange.subscriptions().equals(List.of(Set.of("level2:" + BTC, "level2:" + ETH,
                    "market_trades:" + BTC, "market_trades:" + ETH, "ticker:" + BTC, "heartbeats"))));
            assertThat(fixture.exchange.rateLimitCloses()).isPositive();
            fixture.exchange.step(10);
            fixture.awaitBooksCaughtUp(BTC, ETH);
        }
    }

    @Test
    void shouldPaceABurstOfSubscribesUnderTheVenueLimit() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder()
            .products(List.of("A-USD", "B-USD", "C-USD", "D-USD")).maxIncomingPerSecond(8)))
        {
            final Connection connection = fixture.connect();
            final String[] channels = {"level2:A-USD", "level2:B-USD", "level2:C-USD", "level2:D-USD",
                "market_trades:A-USD", "market_trades:B-USD", "market_trades:C-USD", "market_trades:D-USD",
                "ticker:A-USD", "ticker:B-USD", "ticker:C-USD", "ticker:D-USD"};
            CoinbaseMockFixture.subscribe(connection, channels);

            assertThat(fixture.exchange.rateLimitCloses()).isZero();
            assertThat(fixture.exchange.maxIncomingInWindow()).isLessThanOrEqualTo(8);
            System.out.println("13 requests, at most " + fixture.exchange.maxIncomingInWindow() + " in any second");
        }
    }
}
