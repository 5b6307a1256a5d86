package io.wsnova.adapters.deribit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import io.wsnova.testkit.Allocation;
import org.junit.jupiter.api.Test;

import static io.wsnova.adapters.deribit.DeribitHandlerHarness.OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Book changes, trades and quotes through the adapter's message handler (decode, classify, handle, listener): a
 * million messages each after warm-up, exactly zero bytes allocated.
 */
class DeribitMarketDataAllocationTest
{
    private static final int MEASURED = 1_000_000;
    private static final int CHANGE_ID_DIGITS = 10;
    private static final int FIRST_CHANGE_ID = 1_000_000_000;

    private final DeribitHandlerHarness harness = new DeribitHandlerHarness();

    @BeforeEach
    void quietListener()
    {
        harness.listener.recordText = false;
    }

    @Test
    void shouldApplyAMillionBookChangesWithoutAllocating()
    {
        harness.receive(DeribitHandlerHarness.snapshot(FIRST_CHANGE_ID,
            "[\"new\",5042.34,30],[\"new\",5041.94,20],[\"new\",5040,10.5]",
            "[\"new\",5042.64,40],[\"new\",5043.3,40],[\"new\",5044,1]"));
        final String change = DeribitHandlerHarness.change(FIRST_CHANGE_ID, FIRST_CHANGE_ID + 1,
            "[\"change\",5042.34,31],[\"new\",5041.5,7],[\"delete\",5041.5,0],[\"change\",5040,10.5]",
            "[\"change\",5042.64,41.0],[\"new\",5043.5,1],[\"delete\",5043.5,0]");
        final UnsafeBuffer buffer = DeribitHandlerHarness.offHeap(change);
        final int length = DeribitHandlerHarness.length(change);
        final int prevOffset = OFFSET + change.indexOf("\"prev_change_id\":") + "\"prev_change_id\":".length();
        final int idOffset = OFFSET + change.indexOf(",\"change_id\":") + ",\"change_id\":".length();
        final int[] next = {FIRST_CHANGE_ID};

        final long allocated = measure("book change", () ->
        {
            final int prev = next[0]++;
            buffer.putNaturalPaddedIntAscii(prevOffset, CHANGE_ID_DIGITS, prev);
            buffer.putNaturalPaddedIntAscii(idOffset, CHANGE_ID_DIGITS, prev + 1);
            harness.receive(buffer, length);
        });

        final DeribitOrderBook book = harness.book();
        assertThat(allocated).isZero();
        assertThat(book.isStale()).isFalse();
        assertThat(book.resyncCount()).isZero();
        assertThat(book.changeId()).isEqualTo(next[0]);
        assertThat(book.changeCount()).isEqualTo(next[0] - FIRST_CHANGE_ID);
        assertThat(DeribitHandlerHarness.levels(book.bids(), 10))
            .isEqualTo("[[\"5042.34\",\"31\"],[\"5041.94\",\"20\"],[\"5040\",\"10.5\"]]");
        assertThat(DeribitHandlerHarness.levels(book.asks(), 10))
            .isEqualTo("[[\"5042.64\",\"41.0\"],[\"5043.3\",\"40\"],[\"5044\",\"1\"]]");
    }

    @Test
    void shouldDeliverAMillionTradesNotificationsWithoutAllocating()
    {
        final String trades = DeribitTradesAndQuotesTest.trades(3);
        final UnsafeBuffer buffer = DeribitHandlerHarness.offHeap(trades);
        final int length = DeribitHandlerHarness.length(trades);

        final long allocated = measure("trades x3", () -> harness.receive(buffer, length));

        assertThat(allocated).isZero();
        assertThat(harness.listener.tradeCount % 3).isZero();
        // at least one warm-up round and the measured one
        assertThat(harness.listener.tradeCount).isGreaterThanOrEqualTo(3L * 2 * MEASURED);
    }

    @Test
    void shouldDeliverAMillionQuotesWithoutAllocating()
    {
        final UnsafeBuffer buffer = DeribitHandlerHarness.offHeap(DeribitHandlerHarness.QUOTE);
        final int length = DeribitHandlerHarness.length(DeribitHandlerHarness.QUOTE);

        final long allocated = measure("quote", () -> harness.receive(buffer, length));

        assertThat(allocated).isZero();
        assertThat(harness.listener.checksum).isEqualTo(harness.listener.quoteCount * (1550658624149L + 391497L));
    }

    /**
     * Warms up until a whole round allocates nothing (or the round limit), then measures a million messages.
     */
    private long measure(final String what, final Runnable receiveOne)
    {
        final Allocation.Result result = Allocation.measure(MEASURED, receiveOne);
        System.out.printf("%s: %d ns/message through the handler (indicative, not a benchmark), %d warm-up rounds, " +
            "%d bytes allocated%n", what, result.elapsedNs() / MEASURED, result.warmUpRounds(), result.bytes());
        return result.bytes();
    }
}
