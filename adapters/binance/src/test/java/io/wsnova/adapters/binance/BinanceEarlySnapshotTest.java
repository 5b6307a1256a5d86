package io.wsnova.adapters.binance;

import io.wsnova.market.OrderBook;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot applied as soon as it arrives (before any event newer than it was seen) must still subject the first
 * live event after it to the venue's snapshot rules (reference section A "Local book procedure"; USD-M "Local book"):
 * an event the snapshot already holds is dropped, one that straddles it (or, futures, continues it by {@code pu})
 * applies, and one entirely newer means the snapshot is too old: refetch, counted as {@code SNAPSHOT_TOO_OLD}, never
 * a {@code SEQUENCE_GAP}. The order is controlled: the one buffered event is older than the snapshot, so the
 * snapshot goes live on its own before the next event is fed.
 */
class BinanceEarlySnapshotTest
{
    private static final String SNAPSHOT = "{\"lastUpdateId\":1000,\"bids\":[[\"64980.50000000\",\"1.00000000\"]]," +
        "\"asks\":[[\"64981.00000000\",\"0.40000000\"]]}";

    @Test
    void shouldApplyAFuturesEventThatContinuesTheSnapshotByItsPreviousUpdateId() throws Exception
    {
        try (BinanceHandlerHarness harness = liveOnSnapshot(BinanceMarket.USDM_FUTURES))
        {
            final OrderBook book = harness.handler.book("BTCUSDT");
            harness.receive(futures(996, 1000, 995, "1.10000000")); // u == lastUpdateId: already in the snapshot
            harness.receive(futures(1001, 1003, 1000, "1.20000000")); // pu == lastUpdateId: the next event

            assertThat(book.isLive()).isTrue();
            assertThat(book.lastSequence()).isEqualTo(1003);
            assertThat(book.bids().size(0).toString()).isEqualTo("1.20000000");
            assertThat(harness.adapter.counters().depthGaps()).isZero();
            assertThat(harness.adapter.counters().snapshotsTooOld()).isZero();
        }
    }

    @Test
    void shouldApplyAFuturesEventThatStraddlesTheSnapshot() throws Exception
    {
        try (BinanceHandlerHarness harness = liveOnSnapshot(BinanceMarket.USDM_FUTURES))
        {
            final OrderBook book = harness.handler.book("BTCUSDT");
            harness.receive(futures(998, 1002, 997, "1.30000000"));
            harness.receive(futures(1003, 1004, 1002, "1.40000000"));

            assertThat(book.lastSequence()).isEqualTo(1004);
            assertThat(book.bids().size(0).toString()).isEqualTo("1.40000000");
            assertThat(harness.adapter.counters().depthGaps()).isZero();
        }
    }

    @Test
    void shouldRefetchWhenTheFirstFuturesEventIsEntirelyNewerThanTheSnapshot() throws Exception
    {
        try (BinanceHandlerHarness harness = liveOnSnapshot(BinanceMarket.USDM_FUTURES))
        {
            final OrderBook book = harness.handler.book("BTCUSDT");
            harness.receive(futures(1005, 1006, 1004, "1.50000000")); // pu 1004 > 1000: 1001..1004 missing

            assertThat(book.isLive()).isFalse();
            assertThat(harness.adapter.counters().snapshotsTooOld()).isEqualTo(1);
            assertThat(harness.adapter.counters().depthGaps()).isZero();
            Await.until(() -> harness.adapter.fetcher().fetchCount() >= 2, 10_000, "a newer snapshot requested");
            assertThat(harness.adapter.counters().depthGaps()).isZero();
        }
    }

    @Test
    void shouldApplyASpotEventThatStartsRightAfterTheSnapshotAndDropOneItHolds() throws Exception
    {
        try (BinanceHandlerHarness harness = liveOnSnapshot(BinanceMarket.SPOT))
        {
            final OrderBook book = harness.handler.book("BTCUSDT");
            harness.receive(spot(996, 1000, "1.10000000"));
            harness.receive(spot(1001, 1002, "1.20000000"));

            assertThat(book.lastSequence()).isEqualTo(1002);
            assertThat(book.bids().size(0).toString()).isEqualTo("1.20000000");
            assertThat(harness.adapter.counters().depthGaps()).isZero();
            assertThat(harness.adapter.counters().snapshotsTooOld()).isZero();
        }
    }

    @Test
    void shouldRefetchWhenTheFirstSpotEventIsEntirelyNewerThanTheSnapshot() throws Exception
    {
        try (BinanceHandlerHarness harness = liveOnSnapshot(BinanceMarket.SPOT))
        {
            final OrderBook book = harness.handler.book("BTCUSDT");
            harness.receive(spot(1002, 1003, "1.50000000")); // U > lastUpdateId + 1: 1001 missing

            assertThat(book.isLive()).isFalse();
            assertThat(harness.adapter.counters().snapshotsTooOld()).isEqualTo(1);
            assertThat(harness.adapter.counters().depthGaps()).isZero();
        }
    }

    private static BinanceHandlerHarness liveOnSnapshot(final BinanceMarket market) throws Exception
    {
        final BinanceHandlerHarness harness = new BinanceHandlerHarness(market, SNAPSHOT);
        harness.receive(market == BinanceMarket.SPOT ? spot(990, 995, "1.90000000") :
            futures(990, 995, 989, "1.90000000"));
        final OrderBook book = harness.handler.book("BTCUSDT");
        Await.until(() -> harness.adapter.counters().resyncsDone() == 1, 10_000, "book live on the snapshot");
        assertThat(book.lastSequence()).isEqualTo(1000);
        return harness;
    }

    private static String spot(final long first, final long last, final String bidSize)
    {
        return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136," +
            "\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last + ",\"b\":[[\"64980.50000000\",\"" + bidSize +
            "\"]],\"a\":[]}}";
    }

    private static String futures(final long first, final long last, final long previous, final String bidSize)
    {
        return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136," +
            "\"T\":1672515782130,\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last + ",\"pu\":" + previous +
            ",\"b\":[[\"64980.50000000\",\"" + bidSize + "\"]],\"a\":[]}}";
    }
}
