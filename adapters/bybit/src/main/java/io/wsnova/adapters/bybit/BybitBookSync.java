package io.wsnova.adapters.bybit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.BybitSequenceRule;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The book of one {@code orderbook.{depth}.{symbol}} topic on one connection, kept by {@link BybitSequenceRule}:
 * <ul>
 *   <li>a {@code snapshot} (after each subscribe, and at any time) replaces the book; the first one after a wait
 *   reports {@link FeedState#RESYNC_DONE};</li>
 *   <li>a message with {@code u == 1} is the venue's restart: applied as a full reset (even when sent as a
 *   {@code delta}), reported {@code RESYNC_DONE} with {@link FeedReason#SEQUENCE_RESET} when the book had a higher
 *   update id;</li>
 *   <li>a delta whose {@code u} is not the last plus one is a gap: {@link FeedState#SEQUENCE_GAP} (expected and
 *   received ids), the book goes stale, {@link FeedState#RESYNC_STARTED}, and the topic is resubscribed through the
 *   engine ({@link Connection#resubscribe}) on the control thread: its new snapshot ends the resync;</li>
 *   <li>a delta before any snapshot (and with no resync under way) starts a resync the same way
 *   ({@link FeedReason#UPDATE_BEFORE_SNAPSHOT}); deltas while a resync waits are dropped and counted;</li>
 *   <li>a new socket marks the book as waiting for the restore's snapshot ({@code RESYNC_STARTED} with the
 *   disconnect's reason): Bybit does not replay, the restore brings a new snapshot; the book of a topic the user
 *   unsubscribed is cleared without a status (no snapshot will come).</li>
 * </ul>
 * A resync whose snapshot does not come within {@link #SNAPSHOT_WAIT_MS} of the venue's confirmation (or of the new
 * socket) resubscribes again (counted in {@code snapshotTimeouts}): a book never waits forever.
 * Message thread only, except the resubscribe, which runs on the control thread and reads {@link #resyncPending}.
 * Allocation-free except when a resync is scheduled (a gap: cold path).
 */
final class BybitBookSync
{
    static final long RESYNC_RETRY_MS = 1_000L;
    /** How long a resync waits for its snapshot after the venue confirmed the subscribe before asking again. */
    static final long SNAPSHOT_WAIT_MS = 5_000L;
    private static final ScheduledExecutorService CONTROL = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "wsnova-bybit-control");
        thread.setDaemon(true);
        return thread;
    });

    private final OrderBook book;
    private final String topic;
    private final MarketListener listener;
    private final FeedStatus status;
    private final BybitCounters counters;
    private final BookUpdate restart = new BookUpdate();
    private volatile boolean resyncPending;
    /** Bumped at every resync start and end (message thread): a snapshot deadline of an older resync is void. */
    private volatile long resyncGeneration;
    private FeedReason resyncReason = FeedReason.NONE;
    private Connection connection;

    BybitBookSync(final OrderBook book, final String topic, final MarketListener listener, final FeedStatus status,
        final BybitCounters counters)
    {
        this.book = book;
        this.topic = topic;
        this.listener = listener;
        this.status = status;
        this.counters = counters;
    }

    OrderBook book()
    {
        return book;
    }

    String topic()
    {
        return topic;
    }

    boolean isResyncPending()
    {
        return resyncPending;
    }

    /**
     * Applies one message of the topic.
     *
     * @param update     the decoded message (levels, {@code u} as first and last sequence).
     * @param connection the connection, for a resync.
     * @param receivedNs the local receive time.
     */
    void onUpdate(final BookUpdate message, final Connection connection, final long receivedNs)
    {
        this.connection = connection;
        final long u = message.lastSequence();
        // u == 1 is a restart whatever its type: the listener gets it as the snapshot it is (a downstream book
        // built from the updates must reset too), on a live book as on a waiting one
        final BookUpdate update = u == 1L && !message.isSnapshot() ? asSnapshot(message) : message;
        final OrderBook book = this.book;
        final long before = book.lastSequence();
        final boolean wasLive = book.isLive();
        if (!wasLive)
        {
            if (update.isSnapshot() || u == 1L)
            {
                book.apply(update, BybitSequenceRule.INSTANCE);
                final boolean restarted = u == 1L && before != BookUpdate.NO_SEQUENCE && before != 1L;
                if (restarted)
                {
                    counters.restartSnapshots.incrementAndGet();
                }
                becameLive(u, restarted ? FeedReason.SEQUENCE_RESET : resyncReason, receivedNs);
                listener.onBook(update, book);
                return;
            }
            counters.deltasBeforeSnapshot.incrementAndGet();
            if (!resyncPending)
            {
                gap(FeedReason.UPDATE_BEFORE_SNAPSHOT, before == BookUpdate.NO_SEQUENCE ? BookUpdate.NO_SEQUENCE :
                    before + 1, u, receivedNs);
            }
            return;
        }
        switch (book.apply(update, BybitSequenceRule.INSTANCE))
        {
            case OrderBook.APPLIED_DELTA -> listener.onBook(update, book);
            case OrderBook.APPLIED_SNAPSHOT ->
            {
                if (u == 1L && before != BookUpdate.NO_SEQUENCE && before != 1L)
                {
                    counters.restartSnapshots.incrementAndGet();
                    status.header(book.venueId(), book.instrumentId(), MarketEvent.NO_TIMESTAMP, receivedNs);
                    status.set(FeedState.RESYNC_DONE, FeedReason.SEQUENCE_RESET).sequences(before + 1, u)
                        .counters(counters.restartSnapshots.get(), 0);
                    listener.onStatus(status);
                }
                listener.onBook(update, book);
            }
            default ->
            {
                counters.bookGaps.incrementAndGet();
                gap(FeedReason.SEQUENCE_MISMATCH, before + 1, u, receivedNs);
            }
        }
    }

    /**
     * A new socket: the book waits for the snapshot the restore's subscribe brings; a topic the user no longer
     * wants is restored by nobody, so its book is only cleared (a RESYNC_STARTED for it would never end).
     *
     * @param connection the connection, null before its first message.
     * @param reason     why the last socket ended.
     * @param nowNs      the local time.
     */
    void onNewSocket(final Connection connection, final FeedReason reason, final long nowNs)
    {
        if (connection != null && !isWanted(connection, topic))
        {
            book.clear();
            resyncPending = false;
            return;
        }
        book.markStale();
        resyncPending = true;
        final long generation = ++resyncGeneration;
        resyncReason = reason;
        counters.resyncsStarted.incrementAndGet();
        status.header(book.venueId(), book.instrumentId(), MarketEvent.NO_TIMESTAMP, nowNs);
        status.set(FeedState.RESYNC_STARTED, reason).counters(counters.resyncsStarted.get(), 0);
        listener.onStatus(status);
        if (connection != null)
        {
            awaitSnapshot(connection, generation);
        }
    }

    private void gap(final FeedReason reason, final long expected, final long received, final long receivedNs)
    {
        book.markStale();
        status.header(book.venueId(), book.instrumentId(), MarketEvent.NO_TIMESTAMP, receivedNs);
        status.set(FeedState.SEQUENCE_GAP, reason).sequences(expected, received)
            .counters(counters.bookGaps.get() + counters.deltasBeforeSnapshot.get(), 0);
        listener.onStatus(status);
        resyncPending = true;
        resyncGeneration++;
        resyncReason = reason;
        counters.resyncsStarted.incrementAndGet();
        status.set(FeedState.RESYNC_STARTED, reason).counters(counters.resyncsStarted.get(), 1);
        listener.onStatus(status);
        final Connection connection = this.connection;
        CONTROL.execute(() -> resubscribe(connection));
    }

    private void becameLive(final long u, final FeedReason reason, final long receivedNs)
    {
        resyncPending = false;
        resyncGeneration++;
        counters.resyncsDone.incrementAndGet();
        status.header(book.venueId(), book.instrumentId(), MarketEvent.NO_TIMESTAMP, receivedNs);
        status.set(FeedState.RESYNC_DONE, reason).sequences(BookUpdate.NO_SEQUENCE, u)
            .counters(counters.resyncsDone.get(), 0);
        resyncReason = FeedReason.NONE;
        listener.onStatus(status);
    }

    /**
     * A copy of a {@code delta} with {@code u == 1} flagged as the snapshot it is.
     */
    private BookUpdate asSnapshot(final BookUpdate update)
    {
        final BookUpdate restart = this.restart.reset(true);
        restart.header(update.venueId(), update.instrumentId(), update.exchangeTimestampNs(), update.receiveTimeNs());
        restart.sequences(update.firstSequence(), update.lastSequence(), update.previousSequence());
        for (int i = 0, n = update.levelCount(); i < n; i++)
        {
            restart.addLevel(update.side(i), update.price(i), update.size(i));
        }
        return restart;
    }

    /**
     * Control thread: resubscribes the topic while the user still wants it and the book still waits; retries
     * after {@link #RESYNC_RETRY_MS} when the venue refuses or the request fails.
     */
    private void resubscribe(final Connection connection)
    {
        if (!resyncPending || !isWanted(connection, topic))
        {
            return;
        }
        final long generation = resyncGeneration;
        connection.resubscribe(topic).whenComplete((subscription, error) ->
        {
            if (error != null || subscription == null || subscription.state() != Subscription.State.CONFIRMED)
            {
                counters.resyncFailures.incrementAndGet();
                CONTROL.schedule(() -> resubscribe(connection), RESYNC_RETRY_MS, TimeUnit.MILLISECONDS);
            }
            else
            {
                awaitSnapshot(connection, generation);
            }
        });
    }

    /**
     * Control thread (or message thread, only scheduling): if the same resync still waits after
     * {@link #SNAPSHOT_WAIT_MS}, the venue confirmed but sent no snapshot: the topic is resubscribed again.
     */
    private void awaitSnapshot(final Connection connection, final long generation)
    {
        CONTROL.schedule(() ->
        {
            if (resyncPending && resyncGeneration == generation)
            {
                counters.snapshotTimeouts.incrementAndGet();
                resubscribe(connection);
            }
        }, SNAPSHOT_WAIT_MS, TimeUnit.MILLISECONDS);
    }

    static boolean isWanted(final Connection connection, final String channel)
    {
        final Subscription subscription = connection.subscription(channel);
        if (subscription == null)
        {
            return false;
        }
        final Subscription.State state = subscription.state();
        return state == Subscription.State.PENDING || state == Subscription.State.CONFIRMED;
    }
}
