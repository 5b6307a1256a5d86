package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DeribitSequenceRule;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The order book of one {@code book.{instrument}.{interval}} channel, maintained from its snapshot and change
 * notifications: one instance per channel for the connection's whole life, passed to
 * {@link DeribitMarketListener#onBook} after every applied update.
 *
 * <h2>Maintenance</h2>
 * A snapshot ({@code type:"snapshot"}, or any notification without {@code prev_change_id}, as the grouped
 * {@code book.I.G.D.interval} channels send) replaces both sides. A change applies its
 * {@code ["new"|"change"|"delete", price, amount]} entries only if its {@code prev_change_id} equals the book's
 * {@link #changeId()}; otherwise a notification was missed: the book is marked {@link #isStale() stale}, a resync is
 * counted and reported ({@link DeribitMarketListener#onResync}, {@link DeribitMarketListener#onBookStatus}) and the
 * adapter has the venue start the channel over, whose first notification is a new snapshot. Changes that arrive
 * while the book is stale are dropped and counted.
 *
 * <h2>Lifecycle</h2>
 * Every state change is a {@link DeribitBookStatus}, reported and counted ({@link #statusCount}). A book is stale
 * from the moment it cannot be trusted (a gap, a change before any snapshot, a notification that cannot be decoded
 * or applied, a dropped connection) until its next applied snapshot. A resync whose snapshot does not arrive (or
 * cannot be applied) within the adapter's bound is retried with backoff, then escalated to a reconnect, then given
 * up ({@link DeribitBookStatus#RESYNC_FAILED}): bounded, and never silent. See {@code docs/DERIBIT.md}.
 * <p>
 * Levels are ordered and matched by the exact value of their price ({@link Decimal}), never
 * by a {@code double} nor by a key at a common scale: any valid price, however many digits or decimals, has a
 * level, so no price can make a book resync; each level keeps its price and amount exactly as last sent (see
 * {@link PriceLevels}).
 *
 * <h2>The generic book underneath</h2>
 * The levels live in the market model's {@link OrderBook} ({@link #bids()} and {@link #asks()} are its
 * {@link PriceLevels}, a level's amount is its size). Every decoded notification is first mapped onto a pooled
 * {@link BookUpdate} ({@link #normalizedUpdate()}: {@code change_id} as first and last sequence,
 * {@code prev_change_id} as the previous one, {@code "delete"} entries as deletes) and applied through
 * {@link OrderBook#apply(BookUpdate, io.wsnova.market.SequenceRule)} with the {@link DeribitSequenceRule}; the
 * Deribit lifecycle (states, resync, counters) stays here. A {@code "new"} or {@code "change"} entry with a zero
 * amount removes the level, as the model reads a zero size.
 *
 * <h2>Threads</h2>
 * The book is written by the connection's message thread only; read it in the listener callback, or copy what is
 * needed. The counters may be read from any thread. Allocation-free after warm-up: arrays grow only when the book
 * is deeper than ever before.
 */
public final class DeribitOrderBook
{
    /** Never live yet: waiting for the subscription's first snapshot. */
    static final int AWAITING_SNAPSHOT = 0;
    /** Live: the levels can be trusted. */
    static final int LIVE = 1;
    /** Stale after a gap or an unapplicable notification: a resync is in progress. */
    static final int RESYNCING = 2;
    /** Stale since the connection dropped: waiting for the restored subscription's snapshot. */
    static final int DISCONNECTED = 3;
    /** Stale, the adapter gave up after an escalation: waiting for any snapshot. */
    static final int FAILED = 4;

    /** {@link #apply} outcome: a snapshot was applied. */
    static final int APPLIED_SNAPSHOT = 1;
    /** {@link #apply} outcome: a change was applied. */
    static final int APPLIED_CHANGE = 2;
    /** {@link #apply} outcome: a change was dropped, the book being stale already. */
    static final int DROPPED = 0;
    /** {@link #apply} outcome: the update revealed an inconsistency ({@link #lastResyncReason()} says which). */
    static final int INCONSISTENT = -1;

    private static final AtomicIntegerFieldUpdater<DeribitOrderBook> STATE =
        AtomicIntegerFieldUpdater.newUpdater(DeribitOrderBook.class, "state");

    private final String channel;
    private final byte[] channelBytes;
    private final StringBuilder instrumentName = new StringBuilder(64);
    private final OrderBook book;
    private final BookUpdate normalized = new BookUpdate();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong droppedChanges = new AtomicLong();
    private final AtomicLong missingLevelDeletes = new AtomicLong();
    private final AtomicLong undecodables = new AtomicLong();
    private final AtomicLongArray statusCounts = new AtomicLongArray(DeribitBookStatus.count());
    private final AtomicLong tryId = new AtomicLong();
    private volatile int state = AWAITING_SNAPSHOT;
    private volatile DeribitBookResync lastResyncReason;
    private volatile DeribitBookStatus lastStatus;
    private volatile int resyncAttempt;
    private volatile boolean escalated;
    private long timestampMs;
    private long changeId;
    private boolean snapshot;

    /**
     * Creates an empty, stale book (it becomes usable with its first snapshot).
     *
     * @param channel the channel, e.g. {@code book.BTC-PERPETUAL.100ms}.
     */
    public DeribitOrderBook(final String channel)
    {
        this(channel, 0, MarketEvent.NO_INSTRUMENT);
    }

    /**
     * Creates an empty, stale book whose generic {@link OrderBook} names a venue and instrument of an
     * {@link io.wsnova.market.InstrumentRegistry}.
     *
     * @param channel      the channel, e.g. {@code book.BTC-PERPETUAL.100ms}.
     * @param venueId      the venue id.
     * @param instrumentId the instrument id, or {@link MarketEvent#NO_INSTRUMENT}.
     */
    DeribitOrderBook(final String channel, final int venueId, final int instrumentId)
    {
        this.channel = channel;
        this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
        this.book = new OrderBook(venueId, instrumentId);
    }

    /**
     * The channel the book is maintained from.
     *
     * @return e.g. {@code book.BTC-PERPETUAL.100ms}.
     */
    public String channel()
    {
        return channel;
    }

    /**
     * The instrument, from the last update.
     *
     * @return e.g. {@code BTC-PERPETUAL}; a reused character holder.
     */
    public CharSequence instrumentName()
    {
        return instrumentName;
    }

    /**
     * The bids, best (highest) first.
     *
     * @return the bid side.
     */
    public PriceLevels bids()
    {
        return book.bids();
    }

    /**
     * The asks, best (lowest) first.
     *
     * @return the ask side.
     */
    public PriceLevels asks()
    {
        return book.asks();
    }

    /**
     * The generic book of the market model these levels live in: its sequence is the last applied
     * {@code change_id}, its timestamp the notification's. Written by the message thread only; read it there.
     *
     * @return the book.
     */
    public OrderBook orderBook()
    {
        return book;
    }

    /**
     * The last decoded notification as the market model's {@link BookUpdate} (what {@link #orderBook()} applied
     * last, or what was refused). Message thread only; valid until the next notification of the channel.
     *
     * @return the pooled update.
     */
    public BookUpdate normalizedUpdate()
    {
        return normalized;
    }

    /**
     * The best bid price.
     *
     * @return the price, or NaN when there is no bid.
     */
    public double bestBidPrice()
    {
        final PriceLevels bids = book.bids();
        return bids.depth() == 0 ? Double.NaN : bids.price(0).toDouble();
    }

    /**
     * The best ask price.
     *
     * @return the price, or NaN when there is no ask.
     */
    public double bestAskPrice()
    {
        final PriceLevels asks = book.asks();
        return asks.depth() == 0 ? Double.NaN : asks.price(0).toDouble();
    }

    /**
     * The amount at the best bid.
     *
     * @return the amount, or NaN when there is no bid.
     */
    public double bestBidAmount()
    {
        final PriceLevels bids = book.bids();
        return bids.depth() == 0 ? Double.NaN : bids.size(0).toDouble();
    }

    /**
     * The amount at the best ask.
     *
     * @return the amount, or NaN when there is no ask.
     */
    public double bestAskAmount()
    {
        final PriceLevels asks = book.asks();
        return asks.depth() == 0 ? Double.NaN : asks.size(0).toDouble();
    }

    /**
     * The {@code change_id} of the last applied update.
     *
     * @return the change id, 0 before the first snapshot.
     */
    public long changeId()
    {
        return changeId;
    }

    /**
     * The venue timestamp of the last applied update.
     *
     * @return milliseconds since the epoch.
     */
    public long timestampMs()
    {
        return timestampMs;
    }

    /**
     * Whether the book cannot be trusted: before its first snapshot, and from a gap, a notification that could
     * not be decoded or applied, or a dropped connection until its next applied snapshot. Any thread.
     *
     * @return true when stale.
     */
    public boolean isStale()
    {
        return state != LIVE;
    }

    /**
     * The last status reported for this book.
     *
     * @return the status, or null before the first one; any thread.
     */
    public DeribitBookStatus lastStatus()
    {
        return lastStatus;
    }

    /**
     * Why the book last became stale because of its data.
     *
     * @return the reason, or null when that never happened; any thread.
     */
    public DeribitBookResync lastResyncReason()
    {
        return lastResyncReason;
    }

    /**
     * The try number of the current (or last) resync, from 1; reset when a snapshot is applied.
     *
     * @return the try, 0 when no resync ran since the last applied snapshot; any thread.
     */
    public int resyncAttempt()
    {
        return resyncAttempt;
    }

    /**
     * How many times a status was reported for this book.
     *
     * @param status the status.
     * @return the count; any thread.
     */
    public long statusCount(final DeribitBookStatus status)
    {
        return statusCounts.get(status.ordinal());
    }

    /**
     * Whether the last applied update was a snapshot (the book was replaced) rather than a change.
     *
     * @return true after a snapshot.
     */
    public boolean isSnapshot()
    {
        return snapshot;
    }

    /**
     * Snapshots applied.
     *
     * @return the count; any thread.
     */
    public long snapshotCount()
    {
        return snapshots.get();
    }

    /**
     * Changes applied.
     *
     * @return the count; any thread.
     */
    public long changeCount()
    {
        return changes.get();
    }

    /**
     * Resyncs: times the book was found inconsistent by its data (a gap, a change before any snapshot, a
     * notification that could not be decoded or applied) and a resync started.
     *
     * @return the count; any thread.
     */
    public long resyncCount()
    {
        return resyncs.get();
    }

    /**
     * Changes dropped, not applied: the change that revealed a gap and every change received while stale.
     *
     * @return the count; any thread.
     */
    public long droppedChangeCount()
    {
        return droppedChanges.get();
    }

    /**
     * {@code delete} entries for a price the book did not hold (ignored; a sign of an inconsistent feed).
     *
     * @return the count; any thread.
     */
    public long missingLevelDeleteCount()
    {
        return missingLevelDeletes.get();
    }

    /**
     * The book as {@code instrument changeId bids [[...]] asks [[...]]} with the best ten levels of each side.
     * Allocates: not for the hot path.
     *
     * @return a description.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(256).append("DeribitOrderBook{channel=").append(channel)
            .append(", changeId=").append(changeId).append(", stale=").append(isStale()).append(", bids=");
        book.bids().appendLevels(10, text).append(", asks=");
        return book.asks().appendLevels(10, text).append('}').toString();
    }

    boolean channelEquals(final byte[] bytes, final int offset, final int length)
    {
        return length == channelBytes.length &&
            Arrays.equals(bytes, offset, offset + length, channelBytes, 0, length);
    }

    /**
     * Applies a decoded notification (message thread). State changes are the caller's
     * ({@link DeribitBookLifecycle}); the book only reports what the update revealed.
     *
     * @return {@link #APPLIED_SNAPSHOT}, {@link #APPLIED_CHANGE}, {@link #DROPPED} (a change while stale, counted
     * in {@link #droppedChangeCount()}) or {@link #INCONSISTENT} (see {@link #lastResyncReason()}; a snapshot that
     * could not be applied leaves both sides empty).
     */
    int apply(final DeribitBookUpdate update)
    {
        normalize(update, 0L);
        return applyNormalized(update);
    }

    /**
     * Applies a decoded notification received at {@code receivedNs} (message thread): as {@link #apply}, with the
     * local receive time stamped on {@link #normalizedUpdate()}.
     */
    int apply(final DeribitBookUpdate update, final long receivedNs)
    {
        normalize(update, receivedNs);
        return applyNormalized(update);
    }

    private int applyNormalized(final DeribitBookUpdate update)
    {
        if (update.isSnapshot())
        {
            return applySnapshot(update);
        }
        final int state = this.state;
        if (state != LIVE)
        {
            book.markStale();
            droppedChanges.lazySet(droppedChanges.get() + 1);
            return state == AWAITING_SNAPSHOT ? inconsistent(DeribitBookResync.CHANGE_BEFORE_SNAPSHOT) : DROPPED;
        }
        if (!update.hasPrevChangeId || update.prevChangeId != changeId)
        {
            droppedChanges.lazySet(droppedChanges.get() + 1);
            return inconsistent(DeribitBookResync.CHANGE_ID_GAP);
        }
        final long missingBefore = book.missingDeleteCount();
        if (book.apply(normalized, DeribitSequenceRule.INSTANCE) != OrderBook.APPLIED_DELTA)
        {
            droppedChanges.lazySet(droppedChanges.get() + 1);
            return inconsistent(DeribitBookResync.CHANGE_ID_GAP);
        }
        countMissingDeletes(missingBefore);
        copyHeader(update);
        snapshot = false;
        changes.lazySet(changes.get() + 1);
        return APPLIED_CHANGE;
    }

    /**
     * A notification on this book's channel could not be decoded (message thread): counted. A live book stays live
     * (a lost change shows as a gap with the next one); a book waiting for a snapshot cannot tell whether it was
     * the snapshot.
     *
     * @return {@link #DROPPED} for a live book, else {@link #INCONSISTENT}.
     */
    int undecodable()
    {
        undecodables.lazySet(undecodables.get() + 1);
        return state == LIVE ? DROPPED : inconsistent(DeribitBookResync.UNDECODABLE);
    }

    /**
     * Notifications on this book's channel that could not be decoded (the engine dropped them as malformed).
     *
     * @return the count; any thread.
     */
    public long undecodableCount()
    {
        return undecodables.get();
    }

    int state()
    {
        return state;
    }

    /**
     * Moves the book to {@code to} whatever its state.
     *
     * @return the state before.
     */
    int swapState(final int to)
    {
        return STATE.getAndSet(this, to);
    }

    boolean casState(final int from, final int to)
    {
        return STATE.compareAndSet(this, from, to);
    }

    /**
     * Counts and records a status (any thread; zero allocation).
     */
    void count(final DeribitBookStatus status)
    {
        statusCounts.getAndIncrement(status.ordinal());
        lastStatus = status;
    }

    void countResync()
    {
        resyncs.getAndIncrement();
    }

    long tryId()
    {
        return tryId.get();
    }

    /**
     * Starts a new try (or invalidates the deadline of the current one).
     *
     * @return the new try id.
     */
    long nextTryId()
    {
        return tryId.incrementAndGet();
    }

    void resyncAttempt(final int attempt)
    {
        resyncAttempt = attempt;
    }

    boolean isEscalated()
    {
        return escalated;
    }

    void escalated(final boolean escalated)
    {
        this.escalated = escalated;
    }

    private int inconsistent(final DeribitBookResync reason)
    {
        book.markStale();
        lastResyncReason = reason;
        return INCONSISTENT;
    }

    private int applySnapshot(final DeribitBookUpdate update)
    {
        final long missingBefore = book.missingDeleteCount();
        book.apply(normalized, DeribitSequenceRule.INSTANCE);
        countMissingDeletes(missingBefore);
        copyHeader(update);
        snapshot = true;
        snapshots.lazySet(snapshots.get() + 1);
        return APPLIED_SNAPSHOT;
    }

    private void copyHeader(final DeribitBookUpdate update)
    {
        timestampMs = update.timestampMs;
        changeId = update.changeId;
        if (!contentEquals(instrumentName, update.instrumentName))
        {
            instrumentName.setLength(0);
            instrumentName.append(update.instrumentName);
        }
    }

    private void countMissingDeletes(final long missingBefore)
    {
        final long missing = book.missingDeleteCount() - missingBefore;
        if (missing != 0L)
        {
            missingLevelDeletes.lazySet(missingLevelDeletes.get() + missing);
        }
    }

    /**
     * Maps the decoded notification onto the pooled {@link BookUpdate}: one pass over the staged entries, decimals
     * copied (no allocation after warm-up).
     */
    private void normalize(final DeribitBookUpdate update, final long receivedNs)
    {
        final BookUpdate normalized = this.normalized;
        normalized.reset(update.isSnapshot());
        normalized.header(book.venueId(), book.instrumentId(), MarketEvent.millisToNanos(update.timestampMs),
            receivedNs);
        normalized.sequences(update.changeId, update.changeId,
            update.hasPrevChangeId ? update.prevChangeId : BookUpdate.NO_SEQUENCE);
        addEntries(normalized, BookSide.BID, update.bids);
        addEntries(normalized, BookSide.ASK, update.asks);
    }

    private static void addEntries(final BookUpdate normalized, final BookSide side,
        final DeribitBookUpdate.Entries entries)
    {
        final byte[] actions = entries.actions;
        final Decimal[] prices = entries.prices;
        final Decimal[] amounts = entries.amounts;
        for (int i = 0, n = entries.count; i < n; i++)
        {
            if (actions[i] == DeribitBookUpdate.ACTION_DELETE)
            {
                normalized.addDelete(side, prices[i]);
            }
            else
            {
                normalized.addLevel(side, prices[i], amounts[i]);
            }
        }
    }

    private static boolean contentEquals(final StringBuilder a, final StringBuilder b)
    {
        final int length = a.length();
        if (length != b.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (a.charAt(i) != b.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
