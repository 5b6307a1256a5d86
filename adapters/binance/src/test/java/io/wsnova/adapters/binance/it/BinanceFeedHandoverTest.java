package io.wsnova.adapters.binance.it;

import io.wsnova.adapters.binance.BinanceFeed;
import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.engine.config.Option;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.binance.MockBinanceExchange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.wsnova.adapters.binance.it.BinanceMockFixture.BTC;
import static io.wsnova.adapters.binance.it.BinanceMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Make-before-break against the mock over real sockets, with the market publishing at a steady rate throughout:
 * across a {@code serverShutdown} handover and across age-triggered handovers every trade id the mock sent is
 * delivered exactly once, every printed book equals the mock's at its update id and follows the previous one
 * without a hole, and no resync, gap or disconnect is reported; when the replacement cannot connect, the handover
 * fails and today's reconnect follows, reported step by step.
 */
class BinanceFeedHandoverTest
{
    private static final String[] STREAMS = {"btcusdt@trade", "btcusdt@depth@100ms", "ethusdt@trade",
        "ethusdt@depth", "btcusdt@bookTicker"};

    @Test
    void shouldHandOverOnServerShutdownWithEveryTradeOnceAndOneContinuousBook() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().seed(31).publishIntervalMs(3)))
        {
            final BinanceFeed feed = fixture.startFeed(fixture.adapterBuilder(BinanceMarket.SPOT), fixture.options(),
                b -> b);
            BinanceMockFixture.subscribe(feed, STREAMS);
            givenBooksLiveAndTradesFlowing(fixture);
            final long resyncsBefore = resyncStatuses(fixture);

            assertThat(fixture.exchange.serverShutdown(10_000, 1)).isEqualTo(1);
            fixture.await("handover done", () -> fixture.recorder.count(FeedState.HANDOVER_DONE) == 1);
            final int before = fixture.recorder.trades(BTC).size();
            fixture.await("trades after the handover", () -> fixture.recorder.trades(BTC).size() >= before + 50);
            fixture.await("the old connection closed", () -> fixture.exchange.openConnections() == 1);

            assertThat(fixture.recorder.count(FeedState.HANDOVER_STARTED, FeedReason.SERVER_SHUTDOWN)).isEqualTo(1);
            assertThat(fixture.exchange.connectionsOpened()).isEqualTo(2);
            assertThat(feed.counters().handoversDone()).isEqualTo(1);
            assertThat(feed.counters().handoversFailed()).isZero();
            assertThat(feed.counters().duplicatesSuppressed()).isPositive();
            thenNothingLostOrRepeated(fixture, resyncsBefore);
        }
    }

    @Test
    void shouldHandOverBeforeTheConnectionReachesItsAgeWithEveryTradeOnce() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().seed(32).publishIntervalMs(3)))
        {
            final BinanceFeed feed = fixture.startFeed(fixture.adapterBuilder(BinanceMarket.SPOT), fixture.options(),
                b -> b.maxConnectionAgeMs(3_000));
            BinanceMockFixture.subscribe(feed, STREAMS);
            givenBooksLiveAndTradesFlowing(fixture);
            final long resyncsBefore = resyncStatuses(fixture);

            fixture.await("two handovers done", () -> fixture.recorder.count(FeedState.HANDOVER_DONE) >= 2);
            final int before = fixture.recorder.trades(BTC).size();
            fixture.await("trades after the handovers", () -> fixture.recorder.trades(BTC).size() >= before + 50);
            feed.close(); // no further handover while the history is checked (its close is the user's)

            assertThat(fixture.recorder.count(FeedState.HANDOVER_STARTED, FeedReason.CONNECTION_AGE))
                .isGreaterThanOrEqualTo(2);
            assertThat(feed.counters().handoversFailed()).isZero();
            assertThat(fixture.exchange.shutdownNotices()).isZero();
            thenNothingLostOrRepeated(fixture, resyncsBefore);
        }
    }

    @Test
    void shouldFallBackToAReconnectWhenTheReplacementIsRefused() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().seed(33).publishIntervalMs(3)))
        {
            final BinanceFeed feed = fixture.startFeed(fixture.adapterBuilder(BinanceMarket.SPOT),
                fixture.options().set(Option.CONNECT_RETRY_ATTEMPTS, 0), b -> b);
            BinanceMockFixture.subscribe(feed, STREAMS);
            givenBooksLiveAndTradesFlowing(fixture);

            fixture.exchange.refuseConnections(true);
            fixture.exchange.serverShutdown(5_000, 1);
            fixture.await("handover failed", () -> fixture.recorder.count(FeedState.HANDOVER_FAILED) == 1);
            fixture.exchange.refuseConnections(false);
            fixture.await("reconnected and resynced", () ->
                fixture.recorder.count(FeedState.RESYNC_DONE, FeedReason.SERVER_SHUTDOWN) == 2);
            final int before = fixture.recorder.trades(BTC).size();
            fixture.await("trades after the reconnect", () -> fixture.recorder.trades(BTC).size() >= before + 30);

            assertThat(fixture.exchange.refusedConnections()).isPositive();
            assertThat(statesInOrder(fixture)).containsSubsequence(FeedState.HANDOVER_STARTED,
                FeedState.HANDOVER_FAILED, FeedState.DISCONNECTED, FeedState.RESYNC_STARTED, FeedState.RESYNC_DONE);
            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.SERVER_SHUTDOWN)).isEqualTo(1);
            assertThat(feed.counters().handoversFailed()).isEqualTo(1);
            assertThat(feed.counters().handoversDone()).isZero();
            fixture.thenTradesAccountedFor(BTC);
            fixture.thenTradesAccountedFor(ETH);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
        }
    }

    @Test
    void shouldReportWhatIsMissedWhenTheOldConnectionEndsBeforeTheReplacementIsReady() throws Exception
    {
        try (BinanceMockFixture fixture = BinanceMockFixture.start(
            MockBinanceExchange.builder().seed(34).publishIntervalMs(3)))
        {
            final BinanceFeed feed = fixture.startFeed(fixture.adapterBuilder(BinanceMarket.SPOT), fixture.options(),
                b -> b);
            BinanceMockFixture.subscribe(feed, STREAMS);
            givenBooksLiveAndTradesFlowing(fixture);

            // no grace: the old connection ends while the replacement still subscribes (5 streams at 3 per second)
            fixture.exchange.serverShutdown(0, 1);
            fixture.await("handover done", () -> fixture.recorder.count(FeedState.HANDOVER_DONE) == 1);
            final int before = fixture.recorder.trades(BTC).size();
            fixture.await("trades after the handover", () -> fixture.recorder.trades(BTC).size() >= before + 50);
            fixture.stepUntilBooksCaughtUp(BTC, ETH);

            assertThat(fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.SERVER_SHUTDOWN)).isEqualTo(1);
            assertThat(feed.counters().handoversDone()).isEqualTo(1);
            fixture.thenTradesAccountedFor(BTC);
            fixture.thenTradesAccountedFor(ETH);
            assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
            for (final String symbol : List.of(BTC, ETH))
            {
                final List<Long> delivered = fixture.recorder.trades(symbol);
                assertThat(new java.util.HashSet<>(delivered)).as("%s: no trade twice", symbol)
                    .hasSize(delivered.size());
            }
        }
    }

    private static void givenBooksLiveAndTradesFlowing(final BinanceMockFixture fixture)
    {
        fixture.await("books live and trades flowing", () ->
            fixture.recorder.count(FeedState.RESYNC_DONE) == 2 && fixture.recorder.trades(BTC).size() >= 30 &&
            fixture.recorder.trades(ETH).size() >= 30);
    }

    private static long resyncStatuses(final BinanceMockFixture fixture)
    {
        return fixture.recorder.count(FeedState.RESYNC_STARTED) + fixture.recorder.count(FeedState.RESYNC_DONE);
    }

    private static List<FeedState> statesInOrder(final BinanceMockFixture fixture)
    {
        final List<FeedState> states = new ArrayList<>();
        fixture.recorder.statuses.forEach(status -> states.add(status.state()));
        return states;
    }

    /**
     * Every trade id the mock generated between the first and the last delivered one was delivered exactly once;
     * every printed book equals the mock's and continues the previous one (no update twice, none skipped); no
     * resync after the first syncs, no gap, no disconnect.
     */
    private static void thenNothingLostOrRepeated(final BinanceMockFixture fixture, final long resyncsBefore)
    {
        for (final String symbol : List.of(BTC, ETH))
        {
            final List<Long> delivered = fixture.recorder.trades(symbol);
            final List<Long> generated = fixture.exchange.tradeIds(symbol);
            final int from = generated.indexOf(delivered.get(0));
            assertThat(from).as("first delivered trade of %s generated", symbol).isGreaterThanOrEqualTo(0);
            assertThat(delivered).as("trades of %s: each once, none missing (statuses %s, %s)", symbol,
                    fixture.recorder.statuses, fixture.adapter.counters())
                .isEqualTo(generated.subList(from, from + delivered.size()));
        }
        assertThat(fixture.thenEveryPrintedBookMatched()).isGreaterThan(0);
        for (final String symbol : List.of(BTC, ETH))
        {
            BinanceRecorder.PrintedBook previous = null;
            int snapshots = 0;
            for (final BinanceRecorder.PrintedBook printed : fixture.recorder.books)
            {
                if (!printed.symbol().equals(symbol))
                {
                    continue;
                }
                if (printed.snapshot())
                {
                    snapshots++;
                }
                else if (previous != null && !previous.snapshot())
                {
                    assertThat(printed.firstUpdateId()).as("%s update after %d", symbol, previous.updateId())
                        .isEqualTo(previous.updateId() + 1);
                }
                if (previous != null)
                {
                    assertThat(printed.updateId()).as("%s printed once", symbol).isGreaterThan(previous.updateId());
                }
                previous = printed;
            }
            assertThat(snapshots).as("%s snapshots printed", symbol).isEqualTo(1);
        }
        assertThat(resyncStatuses(fixture)).as("no resync " + fixture.recorder.statuses).isEqualTo(resyncsBefore);
        assertThat(fixture.recorder.count(FeedState.SEQUENCE_GAP)).isZero();
        assertThat(fixture.recorder.count(FeedState.DISCONNECTED) -
            fixture.recorder.count(FeedState.DISCONNECTED, FeedReason.USER_REQUEST)).as("disconnects").isZero();
        assertThat(fixture.adapter.counters().missedTrades()).isZero();
    }
}
