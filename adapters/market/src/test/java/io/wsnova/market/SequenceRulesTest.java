package io.wsnova.market;

import org.junit.jupiter.api.Test;

import static io.wsnova.market.BookUpdate.NO_SEQUENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each venue's {@link SequenceRule} over hand-written cases taken from the reference documents (the section each
 * rule's Javadoc cites), through a real {@link OrderBook}.
 */
class SequenceRulesTest
{
    private final BookUpdate update = new BookUpdate();
    private OrderBook book = new OrderBook(0, 0);

    @Test
    void deribitAppliesAChangeWhosePrevChangeIdIsTheLastChangeId()
    {
        snapshot(10, 10, NO_SEQUENCE);
        assertThat(delta(DeribitSequenceRule.INSTANCE, 11, 11, 10)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(DeribitSequenceRule.INSTANCE, 15, 15, 11)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(book.lastSequence()).isEqualTo(15);
    }

    @Test
    void deribitFindsAGapWhenPrevChangeIdDiffersOrIsMissing()
    {
        snapshot(10, 10, NO_SEQUENCE);
        assertThat(verdict(DeribitSequenceRule.INSTANCE, 12, 12, 11)).isEqualTo(SequenceVerdict.GAP);
        assertThat(verdict(DeribitSequenceRule.INSTANCE, 10, 10, 9)).isEqualTo(SequenceVerdict.GAP);
        assertThat(verdict(DeribitSequenceRule.INSTANCE, 11, 11, NO_SEQUENCE)).isEqualTo(SequenceVerdict.GAP);
    }

    @Test
    void binanceSpotSyncsTheDiffStreamToTheRestSnapshot()
    {
        // The reference's diff depth event: "U":157,"u":160.
        snapshot(NO_SEQUENCE, 160, NO_SEQUENCE);
        assertThat(delta(BinanceSpotSequenceRule.INSTANCE, 157, 160, NO_SEQUENCE))
            .as("u <= lastUpdateId: already in the snapshot").isEqualTo(OrderBook.DROPPED_STALE);
        assertThat(delta(BinanceSpotSequenceRule.INSTANCE, 161, 165, NO_SEQUENCE)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(BinanceSpotSequenceRule.INSTANCE, 166, 166, NO_SEQUENCE)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(BinanceSpotSequenceRule.INSTANCE, 160, 166, NO_SEQUENCE)).isEqualTo(OrderBook.DROPPED_STALE);
        assertThat(delta(BinanceSpotSequenceRule.INSTANCE, 168, 170, NO_SEQUENCE))
            .as("U > local + 1").isEqualTo(OrderBook.GAP);
    }

    @Test
    void binanceSpotAppliesAFirstEventThatStraddlesTheSnapshot()
    {
        snapshot(NO_SEQUENCE, 158, NO_SEQUENCE);
        assertThat(delta(BinanceSpotSequenceRule.INSTANCE, 157, 160, NO_SEQUENCE)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(book.lastSequence()).isEqualTo(160);
    }

    @Test
    void binanceSpotFindsASnapshotOlderThanTheFirstEvent()
    {
        snapshot(NO_SEQUENCE, 150, NO_SEQUENCE);
        assertThat(delta(BinanceSpotSequenceRule.INSTANCE, 157, 160, NO_SEQUENCE))
            .as("lastUpdateId < U - 1: refetch").isEqualTo(OrderBook.GAP);
    }

    @Test
    void binanceFuturesSyncsTheFirstEventByContainmentThenChainsByPu()
    {
        snapshot(NO_SEQUENCE, 100, NO_SEQUENCE);
        assertThat(delta(BinanceFuturesSequenceRule.INSTANCE, 90, 99, 85)).as("u < lastUpdateId")
            .isEqualTo(OrderBook.DROPPED_STALE);
        assertThat(delta(BinanceFuturesSequenceRule.INSTANCE, 95, 105, 99)).as("U <= lastUpdateId <= u")
            .isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(BinanceFuturesSequenceRule.INSTANCE, 112, 120, 105)).as("pu == previous u, ids jump")
            .isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(BinanceFuturesSequenceRule.INSTANCE, 125, 130, 121)).isEqualTo(OrderBook.GAP);
    }

    @Test
    void binanceFuturesAcceptsAFirstEventEndingAtTheSnapshotAndRejectsOneStartingAfterIt()
    {
        snapshot(NO_SEQUENCE, 100, NO_SEQUENCE);
        assertThat(verdict(BinanceFuturesSequenceRule.INSTANCE, 98, 100, 97)).isEqualTo(SequenceVerdict.APPLY);
        assertThat(verdict(BinanceFuturesSequenceRule.INSTANCE, 101, 110, 100))
            .as("U > lastUpdateId: the snapshot may miss part of the event before U").isEqualTo(SequenceVerdict.GAP);
    }

    @Test
    void bybitAppliesConsecutiveUpdateIdsAndResetsOnUEqualsOne()
    {
        // The reference's snapshot: "u":18521288.
        snapshot(18521288, 18521288, NO_SEQUENCE);
        assertThat(delta(BybitSequenceRule.INSTANCE, 18521289, 18521289, NO_SEQUENCE))
            .isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(verdict(BybitSequenceRule.INSTANCE, 18521289, 18521289, NO_SEQUENCE))
            .as("a repeated u").isEqualTo(SequenceVerdict.GAP);
        assertThat(verdict(BybitSequenceRule.INSTANCE, 18521291, 18521291, NO_SEQUENCE))
            .isEqualTo(SequenceVerdict.GAP);

        update.reset(false).sequences(1, 1, NO_SEQUENCE).addLevel(BookSide.ASK, 30000, 0, 1, 0);
        assertThat(book.apply(update, BybitSequenceRule.INSTANCE)).as("service restart: the message is the book")
            .isEqualTo(OrderBook.APPLIED_SNAPSHOT);
        assertThat(book.bids().depth()).isZero();
        assertThat(book.asks().depth()).isEqualTo(1);
        assertThat(delta(BybitSequenceRule.INSTANCE, 2, 2, NO_SEQUENCE)).isEqualTo(OrderBook.APPLIED_DELTA);
    }

    @Test
    void okxChainsPrevSeqIdToSeqIdWithIrregularStepsAndNoChangeUpdates()
    {
        snapshot(123456, 123456, OkxSequenceRule.SNAPSHOT_PREVIOUS_SEQUENCE);
        assertThat(delta(OkxSequenceRule.INSTANCE, 123463, 123463, 123456)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(OkxSequenceRule.INSTANCE, 123463, 123463, 123463)).as("seqId == prevSeqId: no change")
            .isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(OkxSequenceRule.INSTANCE, 123508, 123508, 123463)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(verdict(OkxSequenceRule.INSTANCE, 123520, 123520, 123510)).isEqualTo(SequenceVerdict.GAP);
        assertThat(verdict(OkxSequenceRule.INSTANCE, 123520, 123520, -1)).as("-1 only on a snapshot")
            .isEqualTo(SequenceVerdict.GAP);
    }

    @Test
    void okxFollowsASequenceResetToASmallerSeqId()
    {
        snapshot(15, 15, OkxSequenceRule.SNAPSHOT_PREVIOUS_SEQUENCE);
        assertThat(delta(OkxSequenceRule.INSTANCE, 3, 3, 15)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(delta(OkxSequenceRule.INSTANCE, 9, 9, 3)).isEqualTo(OrderBook.APPLIED_DELTA);
        assertThat(book.lastSequence()).isEqualTo(9);
    }

    @Test
    void coinbaseChecksTheConnectionSequenceStrictlyPlusOne()
    {
        final SequenceRule rule = CoinbaseSequenceRule.INSTANCE;
        update.reset(false).sequences(0, 0, NO_SEQUENCE);
        assertThat(rule.check(NO_SEQUENCE, false, update)).as("first message of a connection")
            .isEqualTo(SequenceVerdict.APPLY);
        update.reset(false).sequences(1, 1, NO_SEQUENCE);
        assertThat(rule.check(0, false, update)).isEqualTo(SequenceVerdict.APPLY);
        update.reset(false).sequences(3, 3, NO_SEQUENCE);
        assertThat(rule.check(1, false, update)).isEqualTo(SequenceVerdict.GAP);
        update.reset(false).sequences(1, 1, NO_SEQUENCE);
        assertThat(rule.check(1, false, update)).as("a repeat").isEqualTo(SequenceVerdict.GAP);
    }

    @Test
    void coinbaseFindsAGapRightAfterASnapshot()
    {
        snapshot(7, 7, NO_SEQUENCE);
        assertThat(verdict(CoinbaseSequenceRule.INSTANCE, 9, 9, NO_SEQUENCE)).isEqualTo(SequenceVerdict.GAP);
        assertThat(verdict(CoinbaseSequenceRule.INSTANCE, 8, 8, NO_SEQUENCE)).isEqualTo(SequenceVerdict.APPLY);
    }

    private void snapshot(final long first, final long last, final long previous)
    {
        book = new OrderBook(0, 0);
        update.reset(true).sequences(first, last, previous).addLevel(BookSide.BID, 100, 0, 1, 0);
        assertThat(book.apply(update, SequenceRule.UNCHECKED)).isEqualTo(OrderBook.APPLIED_SNAPSHOT);
    }

    private int delta(final SequenceRule rule, final long first, final long last, final long previous)
    {
        update.reset(false).sequences(first, last, previous).addLevel(BookSide.BID, 100, 0, last & 0xFFFF, 0);
        return book.apply(update, rule);
    }

    private SequenceVerdict verdict(final SequenceRule rule, final long first, final long last, final long previous)
    {
        update.reset(false).sequences(first, last, previous);
        return rule.check(book.lastSequence(), book.isFirstAfterSnapshot(), update);
    }
}
