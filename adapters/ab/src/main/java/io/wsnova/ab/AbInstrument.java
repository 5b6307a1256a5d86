package io.wsnova.ab;

import io.wsnova.market.MarketEvent;
import io.wsnova.market.OrderBook;

/**
 * The arbiter's state for one instrument: the consumer's book (the book of one perfect connection), a mirror of
 * each leg's book (the leg's delivered updates applied in the arbiter, so a gap both legs missed can be repaired
 * from the leg that is ahead without waiting for a venue snapshot), and the windows of recently delivered keys.
 * Arbitration thread only.
 */
final class AbInstrument
{
    /** {@link #newest} index of tops of book. */
    static final int TOP = 0;
    /** {@link #newest} index of tickers. */
    static final int TICKER = 1;
    /** A kind delivered once per key with no order (liquidations). */
    static final int UNORDERED = -1;

    final int instrumentId;
    final OrderBook book;
    final OrderBook[] mirrors = new OrderBook[AbArbiter.LEGS];
    final PendingDeltas[] pending = new PendingDeltas[AbArbiter.LEGS];
    final RecentKeys sequences;
    final RecentKeys trades;
    final RecentKeys quotes;
    boolean firstAfterSnapshot;
    /** The newest delivered order (venue sequence or exchange time) per ordered kind: {@link #TOP}, {@link #TICKER}. */
    final long[] newest = {MarketEvent.NO_TIMESTAMP, MarketEvent.NO_TIMESTAMP};
    long gaps;

    AbInstrument(final int venueId, final int instrumentId, final int window, final int pendingCapacity)
    {
        this.instrumentId = instrumentId;
        book = new OrderBook(venueId, instrumentId);
        for (int leg = 0; leg < AbArbiter.LEGS; leg++)
        {
            mirrors[leg] = new OrderBook(venueId, instrumentId);
            pending[leg] = new PendingDeltas(pendingCapacity);
        }
        sequences = new RecentKeys(window);
        trades = new RecentKeys(window);
        quotes = new RecentKeys(window);
    }
}
