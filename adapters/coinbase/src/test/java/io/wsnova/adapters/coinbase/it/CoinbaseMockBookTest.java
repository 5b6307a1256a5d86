package io.wsnova.adapters.coinbase.it;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.RequestException;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.coinbase.MockCoinbaseExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.coinbase.it.CoinbaseMockFixture.BTC;
import static io.wsnova.adapters.coinbase.it.CoinbaseMockFixture.ETH;
import static io.wsnova.adapters.coinbase.it.CoinbaseMockFixture.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Coinbase adapter against {@link MockCoinbaseExchange} on loopback: books equal the mock's at every printed
 * update, a {@code sequence_num} gap resyncs every book with fresh snapshots and loses no trade, a bad product
 * fails its subscription with the venue's message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CoinbaseMockBookTest
{
    @Test
    void shouldMatchTheMockBookAtEveryUpdate() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder().seed(7)))
        {
            final Connection connection = fixture.connect();
            CoinbaseMockFixture.subscribe(connection, "level2:" + BTC, "level2:" + ETH, "market_trades:" + BTC,
                "ticker:" + BTC);

            fixture.exchange.step(300);
            fixture.awaitBooksCaughtUp(BTC, ETH);
            fixture.await("all trades", () -> fixture.recorder.tradeIds(BTC).size() >= 300);

            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(300);
            fixture.thenEveryTradeDeliveredOnce(BTC);
            assertThat(fixture.recorder.tops).isNotEmpty();
            assertThat(fixture.adapter.counters().malformedMessages()).isZero();
            assertThat(fixture.adapter.counters().sequenceGaps()).isZero();
            fixture.await("heartbeats subscribed by default", () -> fixture.adapter.counters().heartbeats() > 0);
        }
    }

    @Test
    void shouldResyncEveryBookAfterASequenceGap() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder().seed(11)))
        {
            final Connection connection = fixture.connect();
            CoinbaseMockFixture.subscribe(connection, "level2:" + BTC, "level2:" + ETH, "market_trades:" + BTC);
            fixture.exchange.step(50);
            fixture.awaitBooksCaughtUp(BTC, ETH);

            fixture.exchange.dropNextMessages(4);
            fixture.exchange.step(5);

            fixture.await("a gap and both books resynced", () ->
                fixture.recorder.count(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH) >= 1 &&
                fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.SEQUENCE_MISMATCH) >= 2);
            fixture.exchange.step(50);
            fixture.awaitBooksCaughtUp(BTC, ETH);
            fixture.await("trades caught up", () ->
                fixture.recorder.tradeIds(BTC).contains(fixture.exchange.tradeIds(BTC).getLast()));

            assertThat(fixture.recorder.count(FeedState.RESYNC_STARTED, FeedReason.SEQUENCE_MISMATCH)).isEqualTo(2);
            assertThat(fixture.adapter.counters().sequenceGaps()).isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(100);
            fixture.thenEveryTradeDeliveredOnce(BTC);
            assertThat(fixture.adapter.counters().duplicateTrades()).isPositive();
            assertThat(fixture.adapter.counters().missedTrades()).isZero();
        }
    }

    @Test
    void shouldFailASubscriptionToAnUnknownProductWithTheVenueMessage() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder()))
        {
            final Connection connection = fixture.connect();
            CoinbaseMockFixture.subscribe(connection, "level2:" + BTC);

            assertThatThrownBy(() -> connection.subscribe("level2:NOPE-USD", null)
                .get(WAIT_MS, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RequestException.class)
                .hasMessageContaining("unknown product_id NOPE-USD");

            CoinbaseMockFixture.subscribe(connection, "market_trades:" + ETH);
            fixture.exchange.step(20);
            fixture.awaitBooksCaughtUp(BTC);
            assertThat(fixture.adapter.counters().venueErrors()).isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isPositive();
        }
    }
}
