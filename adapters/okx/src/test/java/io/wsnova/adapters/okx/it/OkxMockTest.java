package io.wsnova.adapters.okx.it;

import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.okx.MockOkxExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.okx.it.OkxMockFixture.SPOT;
import static io.wsnova.adapters.okx.it.OkxMockFixture.SWAP;
import static io.wsnova.adapters.okx.it.OkxMockFixture.WAIT_MS;
import static io.wsnova.adapters.okx.it.OkxMockFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The OKX adapter against the mock exchange: books equal to the mock's at every printed update, each fault (gap,
 * bad checksum, maintenance reset, disconnect, silence, refusal, rate limit) leading to the right statuses and a
 * recovery, trades neither lost nor duplicated across a reconnect.
 */
class OkxMockTest
{
    @Test
    void shouldKeepEveryBookEqualToTheMocksAndVerifyItsChecksum() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(3)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "books:" + SPOT, "books:" + SWAP);

            fixture.exchange.step(300);
            fixture.stepUntilBooksCaughtUp(SPOT, SWAP);

            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(600);
            assertThat(fixture.adapter.counters().checksumMismatches()).isZero();
            assertThat(fixture.adapter.counters().sequenceGaps()).isZero();
            assertThat(fixture.recorder.count(SPOT, FeedState.RESYNC_DONE, null)).isEqualTo(1);
        }
    }

    @Test
    void shouldResyncTheBookAfterASequenceGap() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(5)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "books:" + SPOT);
            fixture.exchange.step(20);

            fixture.exchange.gapNext(SPOT);
            fixture.exchange.step(20);
            fixture.await("resynced", () -> fixture.recorder.count(SPOT, FeedState.RESYNC_DONE, null) == 2);
            fixture.stepUntilBooksCaughtUp(SPOT);

            assertThat(fixture.recorder.count(SPOT, FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH)).isEqualTo(1);
            assertThat(fixture.recorder.count(SPOT, FeedState.RESYNC_STARTED, FeedReason.SEQUENCE_MISMATCH))
                .isEqualTo(1);
            assertThat(fixture.adapter.counters().sequenceGaps()).isEqualTo(1);
            assertThat(fixture.adapter.counters().resyncsStarted()).isEqualTo(1);
            fixture.thenEveryPrintedBookMatched();
        }
    }

    @Test
    void shouldResyncTheBookAfterABadChecksum() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(7)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "books:" + SPOT);
            fixture.exchange.step(20);

            fixture.exchange.badChecksumNext(SPOT);
            fixture.exchange.step(20);
            fixture.await("resynced", () -> fixture.recorder.count(SPOT, FeedState.RESYNC_DONE, null) == 2);
            fixture.stepUntilBooksCaughtUp(SPOT);

            assertThat(fixture.recorder.count(SPOT, FeedState.SEQUENCE_GAP, FeedReason.CHECKSUM_MISMATCH))
                .isEqualTo(1);
            assertThat(fixture.adapter.counters().checksumMismatches()).isEqualTo(1);
            fixture.thenEveryPrintedBookMatched();
        }
    }

    @Test
    void shouldContinueThroughAMaintenanceResetAndABookHeartbeat() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(9)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "books:" + SPOT);
            fixture.exchange.step(10);
            fixture.exchange.bookHeartbeat(SPOT);
            fixture.exchange.maintenanceReset(SPOT);
            fixture.exchange.step(10);
            fixture.stepUntilBooksCaughtUp(SPOT);

            assertThat(fixture.exchange.lastSeqId(SPOT)).isLessThan(1_000_000L);
            assertThat(fixture.adapter.counters().sequenceResets()).isEqualTo(1);
            assertThat(fixture.adapter.counters().bookHeartbeats()).isEqualTo(1);
            assertThat(fixture.adapter.counters().resyncsStarted()).isZero();
            fixture.thenEveryPrintedBookMatched();
        }
    }

    @Test
    void shouldAccountForEveryTradeAndResyncBooksAcrossAReconnect() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(11)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "trades:" + SPOT, "books:" + SPOT, "trades:" + SWAP, "books:" + SWAP);
            fixture.exchange.step(50);
            fixture.await("trades", () -> fixture.recorder.trades(SPOT).size() == 50);
            final long requestsBefore = fixture.exchange.requests();

            fixture.exchange.disconnectAll();
            fixture.await("disconnect reported", () ->
                fixture.recorder.count(null, FeedState.DISCONNECTED, FeedReason.CONNECTION_LOST) == 1);
            fixture.exchange.step(5);
            fixture.await("reconnected and restored", () -> fixture.exchange.openConnections() == 1 &&
                fixture.exchange.subscribeArgs() == 8);
            fixture.exchange.step(50);
            fixture.stepUntilBooksCaughtUp(SPOT, SWAP);
            fixture.await("trades after the reconnect", () ->
                last(fixture.recorder.trades(SPOT)) == last(fixture.exchange.tradeIds(SPOT)));

            assertThat(fixture.exchange.requests() - requestsBefore).as("restore in one request").isEqualTo(1);
            fixture.thenTradesAccountedFor(SPOT);
            fixture.thenTradesAccountedFor(SWAP);
            assertThat(fixture.adapter.counters().duplicateTrades()).isZero();
            assertThat(fixture.recorder.count(SPOT, FeedState.RESYNC_STARTED, FeedReason.CONNECTION_LOST))
                .isEqualTo(1);
            assertThat(fixture.recorder.count(SPOT, FeedState.RESYNC_DONE, null)).isEqualTo(2);
            fixture.thenEveryPrintedBookMatched();
        }
    }

    private static long last(final List<Long> ids)
    {
        return ids.isEmpty() ? -1L : ids.get(ids.size() - 1);
    }

    @Test
    void shouldFailARefusedSubscriptionWithTheVenuesMessage() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(13)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            final CompletableFuture<Subscription> refused = connection.subscribe("books:NOPE-USDT", null);
            final CompletableFuture<Subscription> accepted = connection.subscribe("trades:" + SPOT, null);

            final Throwable failure = catchThrowable(() -> refused.get(WAIT_MS, TimeUnit.MILLISECONDS));
            accepted.get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause().getMessage()).contains("doesn't exist");
            assertThat(fixture.adapter.counters().refusals()).isEqualTo(1);
            fixture.exchange.step(3);
            fixture.await("trades", () -> fixture.recorder.trades(SPOT).size() == 3);
        }
    }

    @Test
    void shouldDetectASilentServerWithinTheKeepaliveBoundAndRecover() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(15)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder().keepalive(200, 300));
            subscribe(connection, "trades:" + SPOT);
            fixture.await("pings answered", () -> fixture.exchange.pings() >= 2);

            fixture.exchange.silence(true);
            final long silentAtNs = System.nanoTime();
            fixture.await("silence detected", () ->
                fixture.recorder.count(null, FeedState.DISCONNECTED, FeedReason.NO_DATA_TIMEOUT) == 1);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentAtNs);
            fixture.exchange.silence(false);
            fixture.await("restored", () -> fixture.exchange.subscribeArgs() == 2);
            fixture.exchange.step(2);
            fixture.await("trades again", () -> fixture.recorder.trades(SPOT).size() == 2);

            System.out.println("silent server detected after " + detectedMs + " ms (bound: 200 + 300 ms)");
            assertThat(detectedMs).isLessThan(WAIT_MS);
        }
    }

    @Test
    void shouldRetryRequestsTheVenueRefusedForTheRateLimit() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(17).rateLimit(2, 300, false)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "trades:" + SPOT, "tickers:" + SPOT, "trades:" + SWAP, "tickers:" + SWAP);

            assertThat(fixture.exchange.rateLimited()).isPositive();
            assertThat(fixture.adapter.counters().refusals()).isEqualTo(fixture.exchange.rateLimited());
            fixture.exchange.step(2);
            fixture.await("every channel delivers", () -> fixture.recorder.trades(SWAP).size() == 2 &&
                fixture.recorder.tops.get() >= 4);
        }
    }

    @Test
    void shouldReconnectAfterARateLimitCloseAndRestoreInOneRequest() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(19).rateLimit(3, 400, true)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            final List<CompletableFuture<Subscription>> subscriptions = List.of(
                connection.subscribe("trades:" + SPOT, null), connection.subscribe("trades:" + SWAP, null),
                connection.subscribe("books:" + SPOT, null), connection.subscribe("tickers:" + SPOT, null));
            fixture.await("rate-limit close reported", () ->
                fixture.recorder.count(null, FeedState.DISCONNECTED, FeedReason.RATE_LIMITED) >= 1);
            CompletableFuture.allOf(subscriptions.toArray(new CompletableFuture<?>[0]))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);
            fixture.exchange.step(3);
            fixture.await("trades", () -> fixture.recorder.trades(SWAP).size() == 3);
            assertThat(fixture.exchange.connectionsOpened()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldMergeMarkPriceOpenInterestAndFundingIntoOneDerivativesTicker() throws Exception
    {
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(21)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "tickers:" + SWAP, "mark-price:" + SWAP, "open-interest:" + SWAP,
                "funding-rate:" + SWAP, "tickers:" + SPOT);
            fixture.exchange.step(3);
            fixture.await("a full ticker", () ->
            {
                final OkxRecorder.Ticker ticker = fixture.recorder.tickers.get(SWAP);
                return ticker != null && !"null".equals(ticker.last()) && !"null".equals(ticker.mark()) &&
                    !"null".equals(ticker.openInterest()) && !"null".equals(ticker.fundingRate());
            });

            // The SPOT tops of the last step may still be on their way when the SWAP ticker is complete.
            fixture.await("six tops", () -> fixture.recorder.tops.get() >= 6);
            assertThat(fixture.recorder.tickers.get(SWAP).nextFundingTimeNs()).isEqualTo(1767225600000L * 1_000_000L);
            assertThat(fixture.recorder.tickers).doesNotContainKey(SPOT);
            assertThat(OkxAdapter.channel("books", SPOT)).isEqualTo("books:BTC-USDT");
        }
    }
}
