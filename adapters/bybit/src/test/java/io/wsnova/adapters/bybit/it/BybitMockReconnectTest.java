package io.wsnova.adapters.bybit.it;

import io.wsnova.adapters.bybit.BybitCategory;
import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.bybit.MockBybitExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.bybit.it.BybitMockFixture.BTC;
import static io.wsnova.adapters.bybit.it.BybitMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cuts against the mock over real sockets: a disconnect, a silent server, a rate-limit close. After each: the cut
 * reported as a status (Bybit does not replay: the gap in trades is visible, not silent), subscriptions restored in
 * {@code ceil(N / argsPerRequest)} requests, books resynced and equal to the mock's, every trade printed once.
 */
class BybitMockReconnectTest
{
    private static final String[] TOPICS = {"orderbook.50.BTCUSDT", "orderbook.50.ETHUSDT", "publicTrade.BTCUSDT",
        "publicTrade.ETHUSDT", "tickers.BTCUSDT"};

    @Test
    void shouldReportADisconnectAndRestoreInBatchesWithoutDuplicatingTrades() throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(21)))
        {
            final Connection connection = fixture.connect(
                fixture.adapterBuilder(BybitCategory.LINEAR).argsPerRequest(2));
            BybitMockFixture.subscribe(connection, TOPICS);
            fixture.stepUntil("books live and trades flowing", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE) == 2 && fixture.recorder.tradeCount(BTC) >= 30);
            final long requestsBefore = fixture.exchange.subscribeRequests();

            fixture.exchange.disconnectAll(1011);
            fixture.stepUntil("reconnected, restored and resynced", () ->
                fixture.exchange.connectionsOpened() == 2 && fixture.recorder.count(FeedState.RESYNC_DONE) == 4);
            fixture.await("every topic restored",
                () -> fixture.exchange.subscriptions().equals(List.of(Set.of(TOPICS))));
            final int before = fixture.recorder.tradeCount(BTC);
            fixture.stepUntil("trades after the cut", () -> fixture.recorder.tradeCount(BTC) >= before + 30);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.exchange.subscribeRequests() - requestsBefore).as("5 topics in requests of 2")
                .isEqualTo(3);
            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.CONNECTION_LOST)).isEqualTo(1);
            assertThat(fixture.recorder.count(FeedState.RESYNC_STARTED, FeedReason.CONNECTION_LOST)).isEqualTo(2);
            assertThat(fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.CONNECTION_LOST)).isEqualTo(2);
            fixture.thenTradesExactlyOnce(BTC, true);
            fixture.thenTradesExactlyOnce(ETH, true);
            fixture.thenTickerMatches(BTC);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
        }
    }

    @Test
    void shouldDetectASilentServerWithinTheHeartbeatBound() throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(22)))
        {
            final Connection connection = fixture.connect(
                fixture.adapterBuilder(BybitCategory.LINEAR).heartbeat(300, 300));
            BybitMockFixture.subscribe(connection, TOPICS);
            fixture.stepUntil("books live and pings answered", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE) == 2 && fixture.exchange.pings() >= 2);

            fixture.exchange.silence(true);
            final long silentAtNs = System.nanoTime();
            fixture.await("silence detected", () ->
                fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.NO_DATA_TIMEOUT) >= 1);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentAtNs);
            System.out.printf("silent server detected after %d ms (bound %d ms)%n", detectedMs,
                fixture.adapter.silenceDetectionBoundMs());
            fixture.exchange.silence(false);
            fixture.stepUntil("reconnected and resynced", () -> fixture.recorder.count(FeedState.RESYNC_DONE) >= 4);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(detectedMs).as("a generous multiple of the 600 ms bound on a shared machine")
                .isLessThan(10_000L);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
            fixture.thenTradesExactlyOnce(BTC, false);
        }
    }

    @Test
    void shouldReconnectAfterARateLimitCloseAndRestoreInOneRequest() throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(23)
            .maxIncomingPerSecond(4)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BybitCategory.LINEAR));
            for (final String topic : TOPICS)
            {
                connection.subscribe(topic, null);
            }
            fixture.await("rate-limit close", () -> fixture.exchange.rateLimitCloses() >= 1);
            fixture.stepUntil("reconnected and restored", () -> fixture.exchange.connectionsOpened() >= 2 &&
                fixture.exchange.subscriptions().equals(List.of(Set.of(TOPICS))) &&
                fixture.recorder.count(FeedState.RESYNC_DONE) >= 2);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.RATE_LIMITED)).isEqualTo(1);
            assertThat(fixture.exchange.rateLimitCloses()).isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
        }
    }
}
