package io.wsnova.adapters.binance;

import io.wsnova.market.OrderBook;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binance's diff-depth stream pushes an event only when the book changed (reference section A: "@depth" at 1000 ms or
 * 100 ms, changes only), so a quiet symbol may send one event and then nothing for minutes. The documented procedure
 * (buffer, fetch the REST snapshot, apply it and the buffered events) needs nothing after the snapshot arrives: the
 * book must go live once the snapshot is there, not at the symbol's next change.
 */
class BinanceQuietBookSpecTest
{
    private static final String SNAPSHOT = "{\"lastUpdateId\":1000,\"bids\":[[\"64980.50000000\",\"1.00000000\"]]," +
        "\"asks\":[[\"64981.00000000\",\"0.40000000\"]]}";
    private static final String DEPTH = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"," +
        "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":1001,\"u\":1001,\"b\":[[\"64980.50000000\",\"1.10000000\"]]," +
        "\"a\":[]}}";

    @Test
    void shouldGoLiveWhenTheSnapshotArrivesWithoutAnotherDepthEvent() throws Exception
    {
        try (BinanceHandlerHarness harness = new BinanceHandlerHarness(BinanceMarket.SPOT, SNAPSHOT))
        {
            harness.receive(DEPTH);
            Await.until(() -> harness.adapter.fetcher().fetchCount() == 1, 10_000, "snapshot fetched");

            final OrderBook book = harness.handler.book("BTCUSDT");
            // the control thread applies the snapshot then the buffered event: wait for both, not the first only
            Await.until(() -> book.isLive() && book.lastSequence() == 1001, 5_000,
                "book live without a further depth event");
            assertThat(book.bids().size(0).toString()).isEqualTo("1.10000000");
        }
    }

    @Test
    void shouldGoLiveOnASnapshotNewerThanEveryBufferedEventAndCheckTheNextEventOnTheMessageThread() throws Exception
    {
        try (BinanceHandlerHarness harness = new BinanceHandlerHarness(BinanceMarket.SPOT, SNAPSHOT))
        {
            harness.receive(depth(990, 995, "1.20000000"));
            final OrderBook book = harness.handler.book("BTCUSDT");
            // u <= lastUpdateId: dropped; the book equals the snapshot and is live without a further event
            Await.until(() -> book.isLive() && book.lastSequence() == 1000, 10_000, "book live on the snapshot");
            assertThat(book.bids().size(0).toString()).isEqualTo("1.00000000");
            assertThat(harness.adapter.counters().resyncsDone()).isEqualTo(1);

            harness.receive(depth(1001, 1003, "1.30000000"));
            assertThat(book.lastSequence()).isEqualTo(1003);
            assertThat(book.bids().size(0).toString()).isEqualTo("1.30000000");
            harness.receive(depth(1005, 1006, "1.40000000")); // U > last + 1: a gap, a new sync
            assertThat(book.isLive()).isFalse();
            assertThat(harness.adapter.counters().depthGaps()).isEqualTo(1);
        }
    }

    private static String depth(final long first, final long last, final String bidSize)
    {
        return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136," +
            "\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last + ",\"b\":[[\"64980.50000000\",\"" + bidSize +
            "\"]],\"a\":[]}}";
    }
}
