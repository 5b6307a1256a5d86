package io.wsnova.adapters.binance;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place where the legs of a {@link BinanceFeed} meet the user's {@link MarketListener}: every event of
 * every leg passes here under one lock, and each is delivered at most once.
 * <p>
 * Outside a handover only the active leg delivers. During a handover the old (active) leg keeps delivering and the
 * new (standby) leg's copies are suppressed; each stream key (trades, aggregate trades, book, book ticker of an
 * instrument) switches to the new leg on its own, at the moment both legs stand at the same id: the new leg's
 * value equals the last one delivered from the old leg (trade id, the book's last update id, the book ticker's
 * update id). From then on the new leg delivers what is above that id and the old leg's copies are suppressed: the
 * listener sees every id once, in order, and one continuous book (both legs' books equal the venue's at the same
 * update id). When every subscribed key with data has switched, the new leg has every stream and every book of it
 * is live (a book can switch at its snapshot while its sync still applies buffered events; that sync's statuses stay
 * internal), the new leg becomes the active one and the old one is closed ({@link FeedState#HANDOVER_DONE}). When
 * the old leg ends first, or the handover times out, the remaining keys switch at once ("forced"): the first id then
 * delivered from the new leg is checked against the last delivered and a jump is reported as
 * {@link FeedState#SEQUENCE_GAP}; a book of the new leg still syncing then is reported as
 * {@link FeedState#RESYNC_STARTED}.
 * <p>
 * Tickers, liquidations and statuses come from the active leg only (the standby's sync statuses stay internal).
 * Allocation-free after warm-up (the key arrays grow with the instrument ids); the lock is uncontended outside a
 * handover.
 */
final class BinanceHandover
{
    static final int TRADE = 0;
    static final int AGG_TRADE = 1;
    static final int BOOK = 2;
    static final int TOP = 3;
    private static final int KINDS = 4;
    private static final long NONE = Long.MIN_VALUE;
    private static final int DROP = 0;
    private static final int DELIVER = 1;
    private static final int DELIVER_FORCED = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final BinanceFeed feed;
    private final MarketListener listener;
    private final BinanceCounters counters;
    private final int venueId;
    private final FeedStatus status = new FeedStatus();
    private final long[][] delivered = new long[KINDS][];
    private final long[][] standbyLast = new long[KINDS][];
    private final boolean[][] switched = new boolean[KINDS][];
    private final boolean[][] forced = new boolean[KINDS][];
    private final boolean[][] expected = new boolean[KINDS][];
    /** Per instrument: the standby's book is syncing (its RESYNC_STARTED seen, its RESYNC_DONE not yet). */
    private boolean[] standbySyncing = new boolean[16];

    private BinanceLeg active;
    private BinanceLeg standby;
    private boolean standbyReady;
    private boolean activeDown;
    private FeedReason reason = FeedReason.NONE;

    BinanceHandover(final BinanceFeed feed, final BinanceAdapter adapter)
    {
        this.feed = feed;
        this.listener = adapter.listener();
        this.counters = adapter.counters();
        this.venueId = adapter.venueId();
        for (int kind = 0; kind < KINDS; kind++)
        {
            delivered[kind] = filled(16);
            standbyLast[kind] = filled(16);
            switched[kind] = new boolean[16];
            forced[kind] = new boolean[16];
            expected[kind] = new boolean[16];
        }
    }

    void onTrade(final BinanceLeg leg, final Trade trade, final boolean aggregate)
    {
        final int kind = aggregate ? AGG_TRADE : TRADE;
        final long id = trade.tradeId().numeric();
        final int instrumentId = trade.instrumentId();
        lock.lock();
        try
        {
            final long last = lastDelivered(kind, instrumentId);
            final int verdict = accept(leg, kind, instrumentId, id);
            if (verdict == DELIVER_FORCED && last != NONE && id > last + 1)
            {
                gap(instrumentId, last + 1, id, trade.receiveTimeNs(), false);
            }
            if (verdict != DROP)
            {
                listener.onTrade(trade);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    void onBook(final BinanceLeg leg, final BookUpdate update, final OrderBook book)
    {
        final int instrumentId = book.instrumentId();
        lock.lock();
        try
        {
            final long last = lastDelivered(BOOK, instrumentId);
            final int verdict = accept(leg, BOOK, instrumentId, book.lastSequence());
            if (verdict == DELIVER_FORCED && last != NONE && (update.isSnapshot() ||
                (update.previousSequence() != BookUpdate.NO_SEQUENCE ? update.previousSequence() != last :
                update.firstSequence() > last + 1)))
            {
                // a jump to the replacement's book: the updates in between are not delivered
                gap(instrumentId, last + 1, update.isSnapshot() ? update.lastSequence() : update.firstSequence(),
                    update.receiveTimeNs(), true);
            }
            if (verdict != DROP)
            {
                listener.onBook(update, book);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    void onTopOfBook(final BinanceLeg leg, final TopOfBook top)
    {
        lock.lock();
        try
        {
            if (top.sequence() == BookUpdate.NO_SEQUENCE)
            {
                if (leg == active)
                {
                    listener.onTopOfBook(top);
                }
            }
            else if (accept(leg, TOP, top.instrumentId(), top.sequence()) != DROP)
            {
                listener.onTopOfBook(top);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    void onTicker(final BinanceLeg leg, final DerivativesTicker ticker)
    {
        lock.lock();
        try
        {
            if (leg == active)
            {
                listener.onTicker(ticker);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    void onLiquidation(final BinanceLeg leg, final Liquidation liquidation)
    {
        lock.lock();
        try
        {
            if (leg == active)
            {
                listener.onLiquidation(liquidation);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    void onStatus(final BinanceLeg leg, final FeedStatus legStatus)
    {
        lock.lock();
        try
        {
            if (leg != active)
            {
                if (leg == standby)
                {
                    onStandbyStatus(legStatus); // the standby's sync stays internal
                }
                return; // and so does a retired leg's close
            }
            if (standby == null)
            {
                listener.onStatus(legStatus);
                return;
            }
            if (legStatus.state() == FeedState.STALE && legStatus.reason() == FeedReason.SERVER_SHUTDOWN)
            {
                return; // reported as HANDOVER_STARTED
            }
            if (legStatus.state() == FeedState.DISCONNECTED)
            {
                activeDown = true;
                forceAll(); // the replacement delivers from now on: what the old connection had not yet delivered
                if (standbyReady)
                {
                    complete(legStatus.receiveTimeNs());
                    return;
                }
            }
            listener.onStatus(legStatus);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Makes {@code leg} the active one (the feed's first connection).
     */
    void activate(final BinanceLeg leg)
    {
        lock.lock();
        try
        {
            active = leg;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Starts a handover from the active leg {@code from} to {@code to}, unless {@code from} is no longer active or
     * a handover is already under way.
     *
     * @return true when started.
     */
    boolean begin(final BinanceLeg from, final BinanceLeg to, final FeedReason why, final long nowNs)
    {
        lock.lock();
        try
        {
            if (from != active || standby != null)
            {
                return false;
            }
            standby = to;
            standbyReady = false;
            activeDown = false;
            Arrays.fill(standbySyncing, false);
            reason = why;
            counters.handoversStarted.incrementAndGet();
            emit(FeedState.HANDOVER_STARTED, why, nowNs, counters.handoversStarted.get());
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The standby has every stream: the handover completes as soon as every key has switched (at once when the
     * old leg already ended).
     */
    void onStandbyReady(final BinanceLeg leg, final long nowNs)
    {
        lock.lock();
        try
        {
            if (leg != standby)
            {
                return;
            }
            standbyReady = true;
            if (activeDown || allSwitched())
            {
                complete(nowNs);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The handover's time ran out: completes (forced) when the standby is ready, else fails.
     *
     * @return true when {@code leg} was the standby and failed here.
     */
    boolean onTimeout(final BinanceLeg leg, final long nowNs)
    {
        lock.lock();
        try
        {
            if (leg != standby)
            {
                return false;
            }
            if (standbyReady)
            {
                complete(nowNs);
                return false;
            }
            fail(nowNs);
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The standby could not connect or subscribe.
     *
     * @return true when {@code leg} was the standby (the caller falls back to a reconnect of the active leg).
     */
    boolean onStandbyFailed(final BinanceLeg leg, final long nowNs)
    {
        lock.lock();
        try
        {
            if (leg != standby)
            {
                return false;
            }
            fail(nowNs);
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    boolean isStandby(final BinanceLeg leg)
    {
        lock.lock();
        try
        {
            return leg == standby;
        }
        finally
        {
            lock.unlock();
        }
    }

    boolean isActive(final BinanceLeg leg)
    {
        lock.lock();
        try
        {
            return leg == active;
        }
        finally
        {
            lock.unlock();
        }
    }

    boolean activeDown()
    {
        lock.lock();
        try
        {
            return activeDown;
        }
        finally
        {
            lock.unlock();
        }
    }

    BinanceLeg active()
    {
        lock.lock();
        try
        {
            return active;
        }
        finally
        {
            lock.unlock();
        }
    }

    BinanceLeg standby()
    {
        lock.lock();
        try
        {
            return standby;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Marks a subscribed stream's key (kind and instrument) as one the handover must switch, or not.
     */
    void expect(final int kind, final int instrumentId, final boolean subscribed)
    {
        lock.lock();
        try
        {
            ensure(instrumentId);
            expected[kind][instrumentId] = subscribed;
            if (standby != null && standbyReady && allSwitched())
            {
                complete(System.nanoTime());
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Follows the standby's book syncs: the handover waits for them ({@link #allSwitched}), so that a book switched
     * at its snapshot, while its sync still applies the buffered events, reports its {@code RESYNC_DONE} here and
     * not to the user.
     */
    private void onStandbyStatus(final FeedStatus legStatus)
    {
        final int instrumentId = legStatus.instrumentId();
        if (instrumentId < 0)
        {
            return;
        }
        ensure(instrumentId);
        if (legStatus.state() == FeedState.RESYNC_STARTED)
        {
            standbySyncing[instrumentId] = true;
        }
        else if (legStatus.state() == FeedState.RESYNC_DONE)
        {
            standbySyncing[instrumentId] = false;
            if (standbyReady && allSwitched())
            {
                complete(legStatus.receiveTimeNs());
            }
        }
    }

    private long lastDelivered(final int kind, final int instrumentId)
    {
        return instrumentId < delivered[kind].length ? delivered[kind][instrumentId] : NONE;
    }

    /**
     * Decides whether one event of a key is delivered, and switches the key when both legs stand at the same id.
     */
    private int accept(final BinanceLeg leg, final int kind, final int instrumentId, final long value)
    {
        if (instrumentId < 0)
        {
            return leg == active ? DELIVER : DROP;
        }
        ensure(instrumentId);
        final long last = delivered[kind][instrumentId];
        if (leg == active)
        {
            if (standby == null)
            {
                delivered[kind][instrumentId] = value;
                return forced(kind, instrumentId);
            }
            if (switched[kind][instrumentId] || (last != NONE && value <= last))
            {
                counters.duplicatesSuppressed.incrementAndGet();
                return DROP;
            }
            delivered[kind][instrumentId] = value;
            if (value == standbyLast[kind][instrumentId])
            {
                switchKey(kind, instrumentId);
            }
            return DELIVER;
        }
        if (leg != standby)
        {
            return DROP; // a retired leg's last messages: the active leg has them
        }
        if (switched[kind][instrumentId])
        {
            if (last != NONE && value <= last)
            {
                counters.duplicatesSuppressed.incrementAndGet();
                return DROP;
            }
            delivered[kind][instrumentId] = value;
            return forced(kind, instrumentId);
        }
        standbyLast[kind][instrumentId] = value;
        counters.duplicatesSuppressed.incrementAndGet();
        if (value == last)
        {
            switchKey(kind, instrumentId);
        }
        return DROP;
    }

    private int forced(final int kind, final int instrumentId)
    {
        if (forced[kind][instrumentId])
        {
            forced[kind][instrumentId] = false;
            return DELIVER_FORCED;
        }
        return DELIVER;
    }

    private void switchKey(final int kind, final int instrumentId)
    {
        switched[kind][instrumentId] = true;
        if (standbyReady && allSwitched())
        {
            complete(System.nanoTime());
        }
    }

    private boolean allSwitched()
    {
        for (final boolean syncing : standbySyncing)
        {
            if (syncing)
            {
                return false; // a standby book not live yet: its sync's statuses stay internal
            }
        }
        for (int kind = 0; kind < KINDS; kind++)
        {
            final boolean[] expect = expected[kind];
            for (int i = 0; i < expect.length; i++)
            {
                // a key with data on either connection waits for its switch (a first event seen only by the
                // replacement so far will come from the old connection too)
                if (expect[i] && !switched[kind][i] && (delivered[kind][i] != NONE || standbyLast[kind][i] != NONE))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Switches every key not switched yet to the standby at once: the first id it then delivers is checked against
     * the last delivered.
     */
    private void forceAll()
    {
        for (int kind = 0; kind < KINDS; kind++)
        {
            for (int i = 0; i < switched[kind].length; i++)
            {
                if (!switched[kind][i])
                {
                    switched[kind][i] = true;
                    forced[kind][i] = delivered[kind][i] != NONE;
                }
            }
        }
    }

    /**
     * The standby becomes the active leg; keys not switched yet are forced. A book of the new active leg still
     * syncing (a forced completion: the old leg ended or the time ran out) is reported as
     * {@link FeedState#RESYNC_STARTED} with the handover's reason, so that its coming {@code RESYNC_DONE} pairs up.
     */
    private void complete(final long nowNs)
    {
        forceAll();
        for (int kind = 0; kind < KINDS; kind++)
        {
            Arrays.fill(switched[kind], false);
            Arrays.fill(standbyLast[kind], NONE);
        }
        final BinanceLeg retired = active;
        active = standby;
        standby = null;
        standbyReady = false;
        activeDown = false;
        counters.handoversDone.incrementAndGet();
        emit(FeedState.HANDOVER_DONE, reason, nowNs, counters.handoversDone.get());
        for (int i = 0; i < standbySyncing.length; i++)
        {
            if (standbySyncing[i])
            {
                standbySyncing[i] = false;
                status.header(venueId, i, MarketEvent.NO_TIMESTAMP, nowNs);
                status.set(FeedState.RESYNC_STARTED, reason).sequences(BookUpdate.NO_SEQUENCE, BookUpdate.NO_SEQUENCE)
                    .counters(counters.handoversDone.get(), 0);
                listener.onStatus(status);
            }
        }
        feed.onHandoverDone(retired, active);
    }

    private void fail(final long nowNs)
    {
        for (int kind = 0; kind < KINDS; kind++)
        {
            for (int i = 0; i < switched[kind].length; i++)
            {
                // after the old connection ended, what it delivers next is checked against the last delivered
                forced[kind][i] = activeDown && delivered[kind][i] != NONE;
            }
            Arrays.fill(switched[kind], false);
            Arrays.fill(standbyLast[kind], NONE);
        }
        activeDown = false;
        standby = null;
        standbyReady = false;
        Arrays.fill(standbySyncing, false);
        counters.handoversFailed.incrementAndGet();
        emit(FeedState.HANDOVER_FAILED, reason, nowNs, counters.handoversFailed.get());
    }

    private void gap(final int instrumentId, final long expectedId, final long receivedId, final long nowNs,
        final boolean depth)
    {
        (depth ? counters.depthGaps : counters.tradeGaps).incrementAndGet();
        status.header(venueId, instrumentId, MarketEvent.NO_TIMESTAMP, nowNs);
        status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(expectedId, receivedId)
            .counters(counters.handoversDone.get(), 0);
        listener.onStatus(status);
    }

    private void emit(final FeedState state, final FeedReason why, final long nowNs, final long occurrences)
    {
        status.header(venueId, MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, nowNs);
        status.set(state, why).sequences(BookUpdate.NO_SEQUENCE, BookUpdate.NO_SEQUENCE).counters(occurrences, 0);
        listener.onStatus(status);
    }

    private void ensure(final int instrumentId)
    {
        if (instrumentId < delivered[0].length)
        {
            return;
        }
        final int capacity = Math.max(instrumentId + 1, delivered[0].length * 2);
        for (int kind = 0; kind < KINDS; kind++)
        {
            delivered[kind] = grow(delivered[kind], capacity);
            standbyLast[kind] = grow(standbyLast[kind], capacity);
            switched[kind] = Arrays.copyOf(switched[kind], capacity);
            forced[kind] = Arrays.copyOf(forced[kind], capacity);
            expected[kind] = Arrays.copyOf(expected[kind], capacity);
        }
        standbySyncing = Arrays.copyOf(standbySyncing, capacity);
    }

    private static long[] filled(final int capacity)
    {
        final long[] values = new long[capacity];
        Arrays.fill(values, NONE);
        return values;
    }

    private static long[] grow(final long[] old, final int capacity)
    {
        final long[] grown = Arrays.copyOf(old, capacity);
        Arrays.fill(grown, old.length, capacity, NONE);
        return grown;
    }
}
