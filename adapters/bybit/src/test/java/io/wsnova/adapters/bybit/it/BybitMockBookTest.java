package io.wsnova.adapters.bybit.it;

import io.wsnova.adapters.bybit.BybitCategory;
import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.bybit.MockBybitExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.bybit.it.BybitMockFixture.BTC;
import static io.wsnova.adapters.bybit.it.BybitMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter against the Bybit mock over real sockets: every printed book equals the mock's book at its update id;
 * every trade the mock sent is printed once; the merged ticker equals the mock's; a gap is resynced by resubscribing,
 * a {@code u == 1} restart resets the book; a refused topic fails its subscription with the venue's words.
 */
class BybitMockBookTest
{
    private static final String[] TOPICS = {"orderbook.50.BTCUSDT", "orderbook.200.ETHUSDT", "publicTrade.BTCUSDT",
        "publicTrade.ETHUSDT", "tickers.BTCUSDT"};

    @Test
    void shouldKeepBooksEqualToTheMockAndPrintEveryTradeOnce() throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(11)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BybitCategory.LINEAR));
            BybitMockFixture.subscribe(connection, TOPICS);
            fixture.stepUntil("books live and trades flowing", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE) == 2 && fixture.recorder.tradeCount(BTC) >= 60);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(40);
            fixture.thenTradesExactlyOnce(BTC, true);
            fixture.thenTradesExactlyOnce(ETH, true);
            fixture.thenTickerMatches(BTC);
            assertThat(fixture.adapter.counters().malformedMessages()).isZero();
            assertThat(fixture.adapter.counters().bookGaps()).isZero();
        }
    }

    @Test
    void shouldResyncABookByResubscribingAfterAGap() throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(12)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BybitCategory.LINEAR));
            BybitMockFixture.subscribe(connection, TOPICS);
            fixture.stepUntil("books live", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 2);
            final long requestsBefore = fixture.exchange.subscribeRequests();

            fixture.exchange.dropNextDelta(BTC);
            fixture.stepUntil("resynced", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.SEQUENCE_MISMATCH) == 1);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.recorder.count(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH)).isEqualTo(1);
            assertThat(fixture.recorder.count(FeedState.RESYNC_STARTED, FeedReason.SEQUENCE_MISMATCH)).isEqualTo(1);
            assertThat(fixture.recorder.statuses).anySatisfy(status ->
            {
                assertThat(status.state()).isEqualTo(FeedState.SEQUENCE_GAP);
                assertThat(status.received()).isEqualTo(status.expected() + 1);
            });
            assertThat(fixture.exchange.subscribeRequests() - requestsBefore).as("one resubscribe").isEqualTo(1);
            assertThat(fixture.adapter.counters().bookGaps()).isEqualTo(1);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
            fixture.thenTradesExactlyOnce(BTC, true);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldResetTheBookWhenTheVenueRestartsItsSequence(final boolean asDelta) throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(13)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BybitCategory.LINEAR));
            BybitMockFixture.subscribe(connection, TOPICS);
            fixture.stepUntil("books live", () -> fixture.recorder.count(FeedState.RESYNC_DONE) == 2 &&
                fixture.recorder.lastU(BTC) > 5);

            fixture.exchange.restartSequence(BTC, asDelta);
            fixture.stepUntil("reset", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.SEQUENCE_RESET) == 1);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.adapter.counters().restartSnapshots()).isEqualTo(1);
            assertThat(fixture.adapter.counters().bookGaps()).isZero();
            assertThat(fixture.exchange.lastUpdateId(BTC)).isLessThan(200);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
        }
    }

    @Test
    void shouldDecodeSpotWithDataBeforeTopicAndUnknownFields() throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(14).spot(true)
            .dataFirst(true)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder(BybitCategory.SPOT));
            BybitMockFixture.subscribe(connection, "orderbook.50.BTCUSDT", "orderbook.1.ETHUSDT",
                "publicTrade.BTCUSDT", "tickers.BTCUSDT");
            fixture.stepUntil("book live and trades flowing", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE) == 2 && fixture.recorder.tradeCount(BTC) >= 30);
            fixture.stepUntilBooksCaughtUp(BTC);

            assertThat(fixture.adapter.name()).isEqualTo("bybit-spot");
            assertThat(fixture.recorder.books.stream().filter(b -> b.symbol().equals(BTC))
                .allMatch(b -> b.book().equals(fixture.exchange.bookAt(BTC, 0, b.u())))).isTrue();
            assertThat(fixture.recorder.books.stream().filter(b -> b.symbol().equals(ETH))
                .allMatch(b -> b.book().chars().filter(c -> c == ':').count() == 2)).as("depth 1: one level a side")
                .isTrue();
            fixture.thenTradesExactlyOnce(BTC, true);
            assertThat(new BigDecimal(fixture.recorder.tickers.get(BTC).get("lastPrice")))
                .isEqualByComparingTo(fixture.exchange.ticker(BTC).get("lastPrice"));
            assertThat(fixture.adapter.counters().malformedMessages()).isZero();
        }
    }

    @Test
    void shouldFailARefusedTopicWithTheVenuesMessage() throws Exception
    {
        try (BybitMockFixture fixture = BybitMockFixture.start(MockBybitExchange.builder().seed(15)))
        {
            fixture.exchange.refuseTopic("publicTrade.ETHUSDT", "error:topic:publicTrade.ETHUSDT not allowed");
            final Connection connection = fixture.connect(fixture.adapterBuilder(BybitCategory.LINEAR));

            assertThatThrownBy(() -> connection.subscribe("orderbook.40.BTCUSDT", null).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("handler not found");
            assertThatThrownBy(() -> connection.subscribe("publicTrade.ETHUSDT", null).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("not allowed");
            BybitMockFixture.subscribe(connection, "publicTrade.BTCUSDT");
            fixture.stepUntil("trades", () -> fixture.recorder.tradeCount(BTC) >= 5);

            assertThat(fixture.adapter.counters().refusals()).isEqualTo(2);
            assertThat(fixture.exchange.subscriptions()).containsExactly(java.util.Set.of("publicTrade.BTCUSDT"));
        }
    }
}
