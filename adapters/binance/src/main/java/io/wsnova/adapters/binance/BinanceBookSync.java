package io.wsnova.adapters.binance;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;

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
 *   <li>apply the snapshot, then the buffered events through the venue's {@link SequenceRule} (it drops
 *   {@code u <= lastUpdateId}, spot, or {@code u < lastUpdateId}, futures, and checks the first applied event);</li>
 *   <li>then every event through the rule; a gap reports {@link FeedState#SEQUENCE_GAP}, the book is stale, the
 *   event is buffered and a new snapshot fetched (attempt n after {@code backoff * 2^(n-2)}, capped), then
 *   {@link FeedState#RESYNC_DONE} when live again.</li>
 * </ol>
 * An event whose {@code u} is not above the book's (a duplicate) is dropped and counted before the rule.
 * <p>
 * Threads: while live, only the connection's message thread touches the sync, the book and the listener, with no
 * lock (one volatile read of {@code live} per event). While syncing, every step runs under {@code lock}: the
 * message thread takes it for each depth event, and the fetcher's completion (control thread) takes it to apply
 * the snapshot at once, so a symbol whose depth stream is quiet (Binance pushes only changes) goes live when the
 * snapshot arrives, not at its next change. The snapshot, the buffered events and {@link FeedState#RESYNC_DONE}
 * (or the next {@link FeedState#RESYNC_STARTED}) may thus reach the listener on the control thread, serialised with
 * this book's message-thread calls by the lock (which also publishes the book), but concurrently with other
 * symbols' callbacks. {@code live} turns true only under the lock and false only on the message thread under it.
 * Allocation-free while live; buffering grows the pool only beyond any earlier backlog.
 */
final class BinanceBookSync
{
    static final int MAX_BUFFERED = 50_000;

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
    private final ReentrantLock lock = new ReentrantLock();
    private final Consumer<BinanceSnapshotFetcher.Result> onFetched = this::onFetched;
    private BookUpdate[] buffered = pool(new BookUpdate[0], 16);
    private int bufferedCount;
    private volatile boolean live;
    private boolean fetchPending;
    private int generation;
    private int attempt;
    private FeedReason syncReason = FeedReason.NONE;
    private long gaps;

    BinanceBookSync(final OrderBook book, final String symbol, final BinanceMarket market,
        final MarketListener listener, final FeedStatus status, final BinanceSnapshotFetcher fetcher,
        final BinanceCounters counters, final long backoffMs, final long maxBackoffMs)
    {
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
            final int result = book.apply(update, rule);
            if (result == OrderBook.APPLIED_DELTA)
            {
                listener.onBook(update, book);
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
        live = false;
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
        listener.onBook(snapshot, book);
        for (int i = 0; i < bufferedCount; i++)
        {
            final BookUpdate event = buffered[i];
            final long lastSequence = book.lastSequence();
            final int applied = book.apply(event, rule);
            if (applied == OrderBook.APPLIED_DELTA)
            {
                listener.onBook(event, book);
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
