package io.wsnova.adapters.binance;

import io.wsnova.market.BookUpdate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST snapshot's parsing and its hand-off slot.
 */
class BinanceSnapshotFetcherTest
{
    @Test
    void shouldKeepTheNewerSyncsResultWhenAnAbandonedFetchCompletesLater()
    {
        final AtomicReference<BinanceSnapshotFetcher.Result> slot = new AtomicReference<>();
        final BinanceSnapshotFetcher.Result current = new BinanceSnapshotFetcher.Result(2, new BookUpdate(), null);
        final BinanceSnapshotFetcher.Result abandoned = new BinanceSnapshotFetcher.Result(1, null, "late");

        BinanceSnapshotFetcher.offer(slot, current);
        BinanceSnapshotFetcher.offer(slot, abandoned);

        assertThat(slot.get()).isSameAs(current);
    }

    @Test
    void shouldReplaceAnOlderResult()
    {
        final AtomicReference<BinanceSnapshotFetcher.Result> slot = new AtomicReference<>();
        final BinanceSnapshotFetcher.Result old = new BinanceSnapshotFetcher.Result(1, null, "failed");
        final BinanceSnapshotFetcher.Result current = new BinanceSnapshotFetcher.Result(2, new BookUpdate(), null);

        BinanceSnapshotFetcher.offer(slot, old);
        BinanceSnapshotFetcher.offer(slot, current);

        assertThat(slot.get()).isSameAs(current);
    }

    @Test
    void shouldParseTheReferenceSnapshotInAnyKeyOrderWithUnknownFields()
    {
        final BookUpdate snapshot = BinanceSnapshotFetcher.parse((
            "{\"E\":1,\"asks\":[[\"4.00000200\",\"12.00000000\"]]," +
            "\"x\":{\"y\":[1]},\"bids\":[[\"4.00000000\",\"431.00000000\",[]]],\"lastUpdateId\":1027024}")
            .getBytes(StandardCharsets.UTF_8));

        assertThat(snapshot).isNotNull();
        assertThat(snapshot.isSnapshot()).isTrue();
        assertThat(snapshot.lastSequence()).isEqualTo(1027024L);
        assertThat(snapshot.levelCount()).isEqualTo(2);
        assertThat(snapshot.price(0).toString()).isEqualTo("4.00000200");
        assertThat(snapshot.size(1).toString()).isEqualTo("431.00000000");
    }

    @Test
    void shouldRefuseASnapshotWithoutLastUpdateIdOrWithABadLevel()
    {
        assertThat(BinanceSnapshotFetcher.parse("{\"bids\":[],\"asks\":[]}".getBytes(StandardCharsets.UTF_8)))
            .isNull();
        assertThat(BinanceSnapshotFetcher.parse("{\"lastUpdateId\":1,\"bids\":[[\"x\",\"1\"]],\"asks\":[]}"
            .getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(BinanceSnapshotFetcher.parse("{\"lastUpdateId\":1,\"bids\":[".getBytes(StandardCharsets.UTF_8)))
            .isNull();
    }
}
