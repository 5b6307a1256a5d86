package io.wsnova.ab;

import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.SequenceVerdict;

/**
 * The book rule of {@link AbArbiter} (docs/AB.md "The book rule"): per instrument, the consumer's book, a mirror of
 * each leg's book and each leg's held deltas; a delta is delivered when it continues the consumer's book, dropped as a
 * duplicate at or before it, held when past it, and a gap is reported (and repaired from the leading leg's mirror)
 * only when both legs missed an update. Content mode for venues whose book sequence is per connection.
 * <p>
 * Arbitration thread only; the leg flags are the arbiter's own arrays (read here, written by the arbiter).
 */
final class BookArbiter
{
    private final MarketListener consumer;
    private final SequenceRule rule;
    private final boolean contentBooks;
    private final AbCounters counters;
    private final boolean[] legDown;
    private final boolean[] legStale;
    private final FeedStatus status = new FeedStatus();
    private final BookUpdate resync = new BookUpdate();

    BookArbiter(
        final MarketListener consumer,
        final SequenceRule rule,
        final boolean contentBooks,
        final AbCounters counters,
        final boolean[] legDown,
        final boolean[] legStale)
    {
        this.consumer = consumer;
        this.rule = rule;
        this.contentBooks = contentBooks;
        this.counters = counters;
        this.legDown = legDown;
        this.legStale = legStale;
    }

    void onBook(final int leg, final BookUpdate update, final AbInstrument instrument)
    {
        final OrderBook mirror = instrument.mirrors[leg];
        final boolean mirrorWasLive = mirror.isLive();
        mirror.apply(update, rule);
        if (contentBooks)
        {
            onContentBook(leg, update, instrument, mirrorWasLive);
            return;
        }
        final OrderBook book = instrument.book;
        if (!book.isLive())
        {
            if (update.isSnapshot())
            {
                deliverSnapshot(leg, update, instrument);
            }
            else
            {
                counters.onNotLive();
            }
            return;
        }
        final long last = update.lastSequence();
        final long bookLast = book.lastSequence();
        if (update.isSnapshot())
        {
            if (last <= bookLast || instrument.sequences.timeOf(last) != RecentKeys.MISSING)
            {
                counters.onDuplicate(leg);
            }
            else if (mirrorWasLive)
            {
                deliverSnapshot(leg, update, instrument);
            }
            else
            {
                instrument.pending[leg].clear();
                counters.onBeyond(leg);
                recheck(instrument, update.receiveTimeNs());
            }
            return;
        }
        final SequenceVerdict verdict = rule.check(bookLast, instrument.firstAfterSnapshot, update);
        if (verdict == SequenceVerdict.APPLY && last != bookLast)
        {
            deliverDelta(leg, update, instrument);
            drain(instrument);
        }
        else if (verdict == SequenceVerdict.RESET && instrument.sequences.timeOf(last) == RecentKeys.MISSING)
        {
            deliverSnapshot(leg, update, instrument);
        }
        else if (last <= bookLast || verdict == SequenceVerdict.RESET)
        {
            counters.isDuplicate(leg, instrument.sequences, last, update.receiveTimeNs());
        }
        else
        {
            counters.onBeyond(leg);
            if (mirrorWasLive && !instrument.pending[leg].add(update))
            {
                counters.onPendingOverflow(leg);
            }
            recheck(instrument, update.receiveTimeNs());
        }
    }

    /**
     * A leg's book of this instrument can no longer be trusted (its connection dropped, or its adapter reported a
     * gap or a resync): its mirror is stale and its held deltas are dropped.
     */
    static void legBookLost(final AbInstrument instrument, final int leg)
    {
        instrument.mirrors[leg].markStale();
        instrument.pending[leg].clear();
    }

    /**
     * Reports a gap both legs missed: one leg is past the consumer's book and the other cannot continue it.
     */
    void recheck(final AbInstrument instrument, final long nowNs)
    {
        if (contentBooks || !instrument.book.isLive())
        {
            return;
        }
        for (int leg = 0; leg < AbArbiter.LEGS; leg++)
        {
            if (isBeyond(instrument, leg) && !canFill(instrument, 1 - leg))
            {
                resyncFrom(leg, instrument, nowNs);
                return;
            }
        }
    }

    private void deliverDelta(final int leg, final BookUpdate update, final AbInstrument instrument)
    {
        if (!canFill(instrument, 1 - leg))
        {
            counters.onFilled(leg);
        }
        final OrderBook book = instrument.book;
        book.apply(update, SequenceRule.UNCHECKED);
        instrument.firstAfterSnapshot = false;
        remember(instrument, update);
        counters.onWin(leg);
        consumer.onBook(update, book);
    }

    /**
     * Delivers the held deltas that now continue the consumer's book (from either leg), drops those it passed.
     */
    private void drain(final AbInstrument instrument)
    {
        final OrderBook book = instrument.book;
        boolean progress = true;
        while (progress)
        {
            progress = false;
            for (int leg = 0; leg < AbArbiter.LEGS; leg++)
            {
                final PendingDeltas pending = instrument.pending[leg];
                while (!pending.isEmpty())
                {
                    final BookUpdate held = pending.peek();
                    if (held.lastSequence() <= book.lastSequence())
                    {
                        pending.remove();
                    }
                    else if (rule.check(book.lastSequence(), instrument.firstAfterSnapshot, held) ==
                        SequenceVerdict.APPLY)
                    {
                        deliverDelta(leg, held, instrument);
                        pending.remove();
                        progress = true;
                    }
                    else
                    {
                        break;
                    }
                }
            }
        }
    }

    private void deliverSnapshot(final int leg, final BookUpdate update, final AbInstrument instrument)
    {
        final OrderBook book = instrument.book;
        book.apply(update, rule);
        instrument.firstAfterSnapshot = true;
        remember(instrument, update);
        counters.onWin(leg);
        consumer.onBook(update, book);
        drain(instrument);
    }

    private static void remember(final AbInstrument instrument, final BookUpdate update)
    {
        final long last = update.lastSequence();
        if (instrument.sequences.timeOf(last) == RecentKeys.MISSING)
        {
            instrument.sequences.add(last, update.receiveTimeNs());
        }
    }

    /**
     * Whether a leg can still deliver the continuation of the consumer's book: connected, not stale, its own book
     * live and not past the consumer's.
     */
    private boolean canFill(final AbInstrument instrument, final int leg)
    {
        final OrderBook mirror = instrument.mirrors[leg];
        return !legDown[leg] && !legStale[leg] && mirror.isLive() &&
            mirror.lastSequence() <= instrument.book.lastSequence();
    }

    private boolean isBeyond(final AbInstrument instrument, final int leg)
    {
        final OrderBook mirror = instrument.mirrors[leg];
        return !legDown[leg] && mirror.isLive() && mirror.lastSequence() > instrument.book.lastSequence();
    }

    private void resyncFrom(final int leg, final AbInstrument instrument, final long nowNs)
    {
        final OrderBook mirror = instrument.mirrors[leg];
        final OrderBook book = instrument.book;
        final long gaps = ++instrument.gaps;
        counters.onBothMissed();
        status.header(book.venueId(), instrument.instrumentId, MarketEvent.NO_TIMESTAMP, nowNs);
        status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH)
            .sequences(book.lastSequence(), mirror.lastSequence()).counters(gaps, 0);
        consumer.onStatus(status);
        status.set(FeedState.RESYNC_STARTED, FeedReason.SEQUENCE_MISMATCH).counters(gaps, 1);
        consumer.onStatus(status);
        copyBook(mirror, nowNs);
        book.apply(resync, rule);
        instrument.firstAfterSnapshot = mirror.isFirstAfterSnapshot();
        remember(instrument, resync);
        counters.onWin(leg);
        consumer.onBook(resync, book);
        status.set(FeedState.RESYNC_DONE, FeedReason.NONE).counters(gaps, 1);
        consumer.onStatus(status);
        drain(instrument);
    }

    private void copyBook(final OrderBook mirror, final long nowNs)
    {
        resync.header(mirror.venueId(), mirror.instrumentId(), mirror.exchangeTimestampNs(), nowNs);
        resync.reset(true).sequences(mirror.lastSequence(), mirror.lastSequence(), BookUpdate.NO_SEQUENCE);
        copySide(mirror.bids(), BookSide.BID);
        copySide(mirror.asks(), BookSide.ASK);
    }

    private void copySide(final PriceLevels levels, final BookSide side)
    {
        for (int i = 0, n = levels.depth(); i < n; i++)
        {
            resync.addLevel(side, levels.price(i), levels.size(i));
        }
    }

    /**
     * Coinbase-style books (the sequence is per connection): a delta is delivered once per content; a snapshot
     * only when the consumer's book has none yet, or when the other leg cannot continue the book (reported as a
     * gap both legs missed and a resync, since continuity cannot be proven by content).
     */
    private void onContentBook(final int leg, final BookUpdate update, final AbInstrument instrument,
        final boolean mirrorWasLive)
    {
        final OrderBook book = instrument.book;
        if (update.isSnapshot())
        {
            if (!book.isLive())
            {
                deliverSnapshot(leg, update, instrument);
            }
            else if (!mirrorWasLive && canFillByContent(1 - leg))
            {
                counters.onBeyond(leg);
            }
            else
            {
                resyncFrom(leg, instrument, update.receiveTimeNs());
            }
            return;
        }
        if (!book.isLive())
        {
            counters.onNotLive();
            return;
        }
        final long key = AbKeys.content(update);
        if (counters.isDuplicate(leg, instrument.sequences, key, update.receiveTimeNs()))
        {
            return;
        }
        if (!canFillByContent(1 - leg))
        {
            counters.onFilled(leg);
        }
        book.apply(update, SequenceRule.UNCHECKED);
        instrument.sequences.add(key, update.receiveTimeNs());
        counters.onWin(leg);
        consumer.onBook(update, book);
    }

    private boolean canFillByContent(final int leg)
    {
        return !legDown[leg] && !legStale[leg];
    }
}
