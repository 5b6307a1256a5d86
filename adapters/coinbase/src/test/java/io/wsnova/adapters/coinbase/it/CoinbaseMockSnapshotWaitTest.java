package io.wsnova.adapters.coinbase.it;

import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.coinbase.MockCoinbaseExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.coinbase.it.CoinbaseMockFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resync whose snapshot never comes: the mock confirms the gap's resubscribe but withholds its level2 snapshot
 * ({@link MockCoinbaseExchange#withholdNextSnapshots(int)}); the adapter must ask again after its snapshot wait
 * (5 s) instead of leaving the book in {@code RESYNC_STARTED} for good.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoinbaseMockSnapshotWaitTest
{
    @Test
    void shouldAskAgainWhenTheVenueConfirmsAResubscribeButSendsNoSnapshot() throws Exception
    {
        try (CoinbaseMockFixture fixture = CoinbaseMockFixture.start(MockCoinbaseExchange.builder().seed(21)))
        {
            final Connection connection = fixture.connect();
            CoinbaseMockFixture.subscribe(connection, "level2:" + BTC);
            fixture.exchange.step(20);
            fixture.awaitBooksCaughtUp(BTC);

            fixture.exchange.withholdNextSnapshots(1);
            fixture.exchange.dropNextMessages(1);
            fixture.exchange.step(3);
            fixture.await("the gap's resync started", () ->
                fixture.recorder.count(FeedState.RESYNC_STARTED, FeedReason.SEQUENCE_MISMATCH) == 1);
            fixture.await("the resync done after asking again", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.SEQUENCE_MISMATCH) == 1);
            fixture.exchange.step(20);
            fixture.awaitBooksCaughtUp(BTC);

            assertThat(fixture.exchange.snapshotsWithheld()).isEqualTo(1);
            assertThat(fixture.adapter.counters().snapshotTimeouts()).isEqualTo(1);
            final List<FeedState> states = fixture.recorder.statuses.stream().map(CoinbaseRecorder.Status::state)
                .toList();
            assertThat(states).as("stale until the snapshot, then live, nothing else")
                .containsExactly(FeedState.SEQUENCE_GAP, FeedState.RESYNC_STARTED, FeedState.RESYNC_DONE);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(20);
        }
    }
}
