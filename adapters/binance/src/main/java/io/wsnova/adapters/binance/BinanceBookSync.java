package io.wsnova.adapters.binance;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One symbol's diff-depth book, kept in sync with Binance by the official procedure (reference section A, "Local
 * book procedure"; USD-M: "Local book"):
 * <ol>
 *   <li>buffer the depth events; on the first one, fetch the REST snapshot ({@link BinanceSnapshotFetcher}, on the
 *   control thread; the result is applied as soon as it arrives, see below);</li>
 *   <li>a snapshot older than the first buffered event (spot {@code lastUpdateId < U - 1}, futures
 *   {@code lastUpdateId < U}) is refetched with backoff;</li>
 *   <li>apply the snapshot, then the buffered events: the first one after the snapshot by the venue's snapshot
 *   rules ({@link #applyDelta}: stale dropped, one straddling the snapshot applied, one entirely newer means the
 *   snapshot is too old, refetched as {@link FeedReason#SNAPSHOT_TOO_OLD}), the others through its
 *   {@link SequenceRule}. When every buffered event is older than the snapshot, the book goes live on the snapshot
 *   alone and the first live event is checked by the same snapshot rules, never as a gap;</li>
 *   <li>then every event through the rule; a gap reports {@link FeedState#SEQUENCE_GAP}, the book is stale, the
 *   event is buffered and a new snapshot fetched (attempt n after {@code backoff * 2^(n-2)}, capped), then
 *   {@link FeedState#RESYNC_DONE} when live again.</li>
 * </ol>
 * An event whose {@code u} is not above the book's (a duplicate) is dropped and counted before the rule.
 * <p>
 * Threads: the connection's listener is called by one thread at a time. {@code lock} is the connection's listener
 * lock and {@code syncingBooks} the count of its books not live, both shared by every sync of the connection
 * ({@link BinanceSession}). While live, only the message thread touches this sync, the book and the listener (one
 * volatile read of {@code live} per event, no lock). While syncing, every step runs under {@code lock}: the message
 * thread holds it for each whole message while {@code syncingBooks > 0} ({@link BinanceMessageHandler#handle}), and
 * the fetcher's completion (control thread) takes it to apply the snapshot at once, so a symbol whose depth stream
 * is quiet (Binance pushes only changes) goes live when the snapshot arrives, not at its next change. The snapshot,
 * the buffered events and {@link FeedState#RESYNC_DONE} (or the next {@link FeedState#RESYNC_STARTED}) may thus
 * reach the listener on the control thread, but never concurrently with any listener call of the connection's
 * message thread, whichever symbol that call is for.
 * <p>
 * Why the message thread may skip the lock when it reads {@code syncingBooks == 0}: a book stops being live only on
 * the message thread (its construction, a gap in {@link #onDelta}, {@link #onNewSocket}), which
 * raises the count before the book can be fetched; the count is lowered only under the lock, by the thread that
 * made the book live, after its last listener call (so reading 0 also orders every earlier control-thread call
 * before the message thread's next one). With the count 0 every book is live, and the control thread calls the
 * listener only for a book that is not live and waits for a fetch (a late or stale fetch result of a live book, a
 * retry's completion included, is ignored under the lock), so it calls none before the message thread makes a book
 * syncing. The message thread does that only inside {@code lock} (a new book's first event, a gap; the reentrant
 * lock costs nothing more when the whole message already holds it), schedules the fetch inside it, and calls the
 * listener no more for that message after leaving it; its next message sees the count above 0 and takes the lock.
 * A new socket's restart ({@code epoch} changed) runs under the lock too. A fetch is only ever scheduled, never run
 * inline, and retries are scheduled from inside the lock. A feed's leg listener takes the handover's lock inside
 * this one; nothing takes this lock while holding the handover's, so the two cannot deadlock.
 * {@code live} turns true only under the lock and false only on the message thread under it.
 * Allocation-free while live; buffering grows the pool only beyond any earlier backlog.
 */
final class BinanceBookSync
{
    static final int MAX_BUFFERED = 50_000;
    /** {@link #applyDelta} result: the first event after the snapshot is entirely newer than it. */
    private static final int SNAPSHOT_TOO_OLD = -1;

    private final OrderBook book;
    private final String symbol;
    private final SequenceRule rule;
    private final boolean futures;
    private final MarketListener listener;
    private final FeedStatus status;
    private final BinanceSnapshotFetcher fetcher;
    private final BinanceCounters counters;
    private final long backoffMs;
    private final long maxBackoffMs;
    private final AtomicReference<BinanceSnapshotFetcher.Result> slot = new AtomicReference<>();
    private final ReentrantLock lock;
    private final AtomicInteger syncingBooks;
    private final Consumer<BinanceSnapshotFetcher.Result> onFetched = this::onFetched;
    private BookUpdate[] buffered = pool(new BookUpdate[0], 16);
    private int bufferedCount;
    private volatile boolean live;
    private boolean firstPending;
    private boolean fetchPending;
    private int generation;
    private int attempt;
    private FeedReason syncReason = FeedReason.NONE;
    private long gaps;

    BinanceBookSync(final OrderBook book, final String symbol, final BinanceMarket market,
        final MarketListener listener, final FeedStatus status, final BinanceSnapshotFetcher fetcher,
        final BinanceCounters counters, final BinanceSession session, final long backoffMs,
        final long maxBackoffMs)
    {
        this.lock = session.listenerLock;
        this.syncingBooks = session.syncingBooks;
        syncingBooks.incrementAndGet(); // message thread: a new book syncs until its first snapshot
        this.book = book;
        this.symbol = symbol;
        this.rule = market.sequenceRule();
        this.futures = market == BinanceMarket.USDM_FUTURES;
        this.listener = listener;
        this.status = status;
        this.fetcher = fetcher;
        this.counters = counters;
        this.backoffMs = backoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    OrderBook book()
    {
        return book;
    }

    boolean isLive()
    {
        return live;
    }

    /**
     * A diff-depth event of this symbol (its header set).
     */
    void onDelta(final BookUpdate update, final long nowNs)
    {
        if (live)
        {
            if (update.lastSequence() <= book.lastSequence())
            {
                counters.staleDepthEvents.incrementAndGet();
                return;
            }
            final long lastSequence = book.lastSequence();
            final int result = applyDelta(update);
            if (result == OrderBook.APPLIED_DELTA)
            {
                listener.onBook(update, book);
            }
            else if (result == SNAPSHOT_TOO_OLD)
            {
                lock.lock();
                try
                {
                    restart(FeedReason.SNAPSHOT_TOO_OLD);
                    snapshotTooOld();
                    buffer(update);
                    requestFetch(nowNs);
                }
                finally
                {
                    lock.unlock();
                }
            }
            else if (result == OrderBook.GAP)
            {
                lock.lock();
                try
                {
                    gaps++;
                    counters.depthGaps.incrementAndGet();
                    emit(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH, nowNs)
                        .sequences(futures ? lastSequence : lastSequence + 1,
                            futures ? update.previousSequence() : update.firstSequence());
                    listener.onStatus(status);
                    restart(FeedReason.SEQUENCE_MISMATCH);
                    buffer(update);
                    requestFetch(nowNs);
                }
                finally
                {
                    lock.unlock();
                }
            }
            else
            {
                counters.staleDepthEvents.incrementAndGet();
            }
            return;
        }
        final boolean wentLive;
        lock.lock();
        try
        {
            wentLive = live;
            if (!wentLive)
            {
                buffer(update);
                if (!fetchPending)
                {
                    requestFetch(nowNs);
                }
                trySnapshot(nowNs);
            }
        }
        finally
        {
            lock.unlock();
        }
        if (wentLive)
        {
            onDelta(update, nowNs); // the snapshot was applied by the control thread since the check above
        }
    }

    /**
     * The connection was replaced (a reconnect): the book cannot be trusted until a new snapshot.
     */
    void onNewSocket(final FeedReason reason)
    {
        lock.lock();
        try
        {
            book.clear();
            restart(reason);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The fetcher's completion (control thread): applies the snapshot now if this book is still waiting for it.
     */
    private void onFetched(final BinanceSnapshotFetcher.Result result)
    {
        lock.lock();
        try
        {
            if (!live && fetchPending)
            {
                trySnapshot(System.nanoTime());
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void restart(final FeedReason reason)
    {
        if (live)
        {
            syncingBooks.incrementAndGet(); // message thread, under the lock, before the fetch is scheduled
        }
        live = false;
        firstPending = false;
        syncReason = reason;
        attempt = 0;
        bufferedCount = 0;
        generation++;
        fetchPending = false;
        slot.set(null);
    }

    private void requestFetch(final long nowNs)
    {
        attempt++;
        final long delayMs = attempt == 1 ? 0L : Math.min(maxBackoffMs, backoffMs << Math.min(attempt - 2, 20));
        fetchPending = true;
        counters.snapshotRequests.incrementAndGet();
        emit(FeedState.RESYNC_STARTED, syncReason, nowNs);
        listener.onStatus(status);
        fetcher.fetch(symbol, delayMs, generation, slot, onFetched);
    }

    private void trySnapshot(final long nowNs)
    {
        final BinanceSnapshotFetcher.Result result = slot.getAndSet(null);
        if (result == null || result.generation != generation)
        {
            return;
        }
        fetchPending = false;
        if (result.failure != null)
        {
            counters.snapshotFailures.incrementAndGet();
            requestFetch(nowNs);
            return;
        }
        final BookUpdate snapshot = result.snapshot;
        final long lastUpdateId = snapshot.lastSequence();
        final long firstU = buffered[0].firstSequence();
        if (futures ? lastUpdateId < firstU : lastUpdateId < firstU - 1)
        {
            counters.snapshotsTooOld.incrementAndGet();
            syncReason = FeedReason.SNAPSHOT_TOO_OLD;
            requestFetch(nowNs);
            return;
        }
        snapshot.header(book.venueId(), book.instrumentId(), MarketEvent.NO_TIMESTAMP, nowNs);
        book.apply(snapshot, rule);
        firstPending = true;
        listener.onBook(snapshot, book);
        for (int i = 0; i < bufferedCount; i++)
        {
            final BookUpdate event = buffered[i];
            final long lastSequence = book.lastSequence();
            final int applied = applyDelta(event);
            if (applied == OrderBook.APPLIED_DELTA)
            {
                listener.onBook(event, book);
            }
            else if (applied == SNAPSHOT_TOO_OLD)
            {
                keepFrom(i);
                final int kept = bufferedCount;
                restart(FeedReason.SNAPSHOT_TOO_OLD);
                bufferedCount = kept;
                snapshotTooOld();
                requestFetch(nowNs);
                return;
            }
            else if (applied == OrderBook.GAP)
            {
                gaps++;
                counters.depthGaps.incrementAndGet();
                emit(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH, nowNs)
                    .sequences(futures ? lastSequence : lastSequence + 1,
                        futures ? event.previousSequence() : event.firstSequence());
                listener.onStatus(status);
                keepFrom(i);
                final int kept = bufferedCount;
                restart(FeedReason.SEQUENCE_MISMATCH);
                bufferedCount = kept;
                requestFetch(nowNs);
                return;
            }
        }
        bufferedCount = 0;
        live = true;
        counters.resyncsDone.incrementAndGet();
        emit(FeedState.RESYNC_DONE, syncReason, nowNs).sequences(BookUpdate.NO_SEQUENCE, book.lastSequence());
        listener.onStatus(status);
        syncingBooks.decrementAndGet(); // after this book's last listener call of the sync, still under the lock
    }

    /**
     * Applies a delta; the first one after the snapshot by the venue's snapshot rules (reference section A, "Local
     * book procedure"; USD-M "Local book"), whether it was buffered or arrived after the snapshot was applied:
     * <ul>
     *   <li>one the snapshot already holds (spot {@code u <= lastUpdateId}, futures {@code u < lastUpdateId}) is
     *   dropped ({@link OrderBook#DROPPED_STALE});</li>
     *   <li>spot: one with {@code U <= lastUpdateId + 1} applies (it straddles the snapshot or starts right after
     *   it);</li>
     *   <li>futures: one with {@code U <= lastUpdateId} (it straddles) applies, and so does one whose {@code pu} is
     *   not above {@code lastUpdateId}: the event before it ended inside the snapshot, and the {@code pu} chain says
     *   no update of the symbol lies between the two events (futures ids are not consecutive, so a snapshot taken
     *   between two events would otherwise never be usable for a quiet symbol);</li>
     *   <li>any other is entirely newer than the snapshot: {@link #SNAPSHOT_TOO_OLD}, the caller refetches.</li>
     * </ul>
     * Later deltas go through the venue's {@link SequenceRule}.
     */
    private int applyDelta(final BookUpdate event)
    {
        if (!firstPending)
        {
            return book.apply(event, rule);
        }
        final long lastUpdateId = book.lastSequence();
        final long last = event.lastSequence();
        if (futures ? last < lastUpdateId : last <= lastUpdateId)
        {
            return OrderBook.DROPPED_STALE;
        }
        final long first = event.firstSequence();
        final long previous = event.previousSequence();
        final boolean follows = futures ?
            first <= lastUpdateId || (previous != BookUpdate.NO_SEQUENCE && previous <= lastUpdateId) :
            first <= lastUpdateId + 1;
        if (!follows)
        {
            return SNAPSHOT_TOO_OLD;
        }
        firstPending = false;
        return book.apply(event, SequenceRule.UNCHECKED);
    }

    /**
     * The first event after the applied snapshot is entirely newer than it (under the lock, after {@link #restart}):
     * the book is stale until a newer snapshot, counted and reported as {@link FeedReason#SNAPSHOT_TOO_OLD}.
     */
    private void snapshotTooOld()
    {
        book.markStale();
        counters.snapshotsTooOld.incrementAndGet();
    }

    private FeedStatus emit(final FeedState state, final FeedReason reason, final long nowNs)
    {
        status.header(book.venueId(), book.instrumentId(), MarketEvent.NO_TIMESTAMP, nowNs);
        return status.set(state, reason).counters(gaps, attempt);
    }

    private void buffer(final BookUpdate update)
    {
        if (bufferedCount == MAX_BUFFERED)
        {
            keepFrom(MAX_BUFFERED / 2);
            counters.bufferOverflows.incrementAndGet();
        }
        if (bufferedCount == buffered.length)
        {
            buffered = pool(buffered, buffered.length * 2);
        }
        copy(update, buffered[bufferedCount++]);
    }

    /**
     * Moves buffered events {@code [from, count)} to the front (the pooled instances rotate, none is lost).
     */
    private void keepFrom(final int from)
    {
        final int kept = bufferedCount - from;
        final BookUpdate[] head = new BookUpdate[from];
        System.arraycopy(buffered, 0, head, 0, from);
        System.arraycopy(buffered, from, buffered, 0, kept);
        System.arraycopy(head, 0, buffered, kept, from);
        bufferedCount = kept;
    }

    static void copy(final BookUpdate src, final BookUpdate dst)
    {
        dst.reset(src.isSnapshot()).sequences(src.firstSequence(), src.lastSequence(), src.previousSequence());
        dst.header(src.venueId(), src.instrumentId(), src.exchangeTimestampNs(), src.receiveTimeNs());
        for (int i = 0, n = src.levelCount(); i < n; i++)
        {
            dst.addLevel(src.side(i), src.price(i), src.size(i));
        }
    }

    private static BookUpdate[] pool(final BookUpdate[] old, final int capacity)
    {
        final BookUpdate[] grown = java.util.Arrays.copyOf(old, capacity);
        for (int i = old.length; i < capacity; i++)
        {
            grown[i] = new BookUpdate();
        }
        return grown;
    }

    @Override
    public String toString()
    {
        return "BinanceBookSync{symbol=" + symbol + ", live=" + live + ", buffered=" + bufferedCount + ", attempt=" +
            attempt + ", book=" + book + '}';
    }
}
