package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.DisconnectReason;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The lifecycle of one connection's books: every state change reported ({@link DeribitMarketListener#onBookStatus})
 * and counted (per book and per adapter), resyncs retried under a bound, then escalated to a reconnect, then given
 * up. Never a loop: every resync try has a deadline, tries are bounded, an adapter escalates once per failure
 * episode (from one stale period to the next applied snapshot), and a book that still has no snapshot after its
 * escalation stops asking ({@link DeribitBookStatus#RESYNC_FAILED}) until a snapshot arrives on its own.
 *
 * <h2>States ({@link DeribitOrderBook#state()})</h2>
 * <pre>
 *   AWAITING_SNAPSHOT --snapshot--> LIVE --gap / unapplicable--> RESYNCING --snapshot--> LIVE
 *   RESYNCING --deadline / rejected snapshot / request failed--> next try after backoff, or escalation
 *   any --connection dropped--> DISCONNECTED --snapshot--> LIVE (RESTORED)
 *   DISCONNECTED --no snapshot within the bound after the reconnect--> RESYNCING, or FAILED after an escalation
 * </pre>
 *
 * <h2>Threads</h2>
 * Data-driven changes (snapshot applied, gap, unapplicable) run on the message thread and allocate nothing unless
 * the book leaves the live state; a dropped connection is marked on the connection's event thread (every book is
 * stale from that moment); requests, deadlines, backoff and escalation run on the {@link DeribitBookTimer}, never on
 * the reader. The state is one atomic int per book, so the threads never wait for each other.
 */
final class DeribitBookLifecycle implements ConnectionListener
{
    private final DeribitMarketListener listener;
    private final AtomicLongArray adapterStatusCounts;
    private final DeribitBookTimer timer;
    private final DeribitResubscriber resubscriber;
    private final long resyncTimeoutMs;
    private final long resyncBackoffMs;
    private final int resyncMaxTries;
    private final CopyOnWriteArrayList<DeribitOrderBook> books = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerErrors = new AtomicLong();
    private volatile Connection connection;

    DeribitBookLifecycle(
        final DeribitMarketListener listener,
        final AtomicLongArray adapterStatusCounts,
        final DeribitBookTimer timer,
        final DeribitResubscriber resubscriber,
        final long resyncTimeoutMs,
        final long resyncBackoffMs,
        final int resyncMaxTries)
    {
        this.listener = listener;
        this.adapterStatusCounts = adapterStatusCounts;
        this.timer = timer;
        this.resubscriber = resubscriber;
        this.resyncTimeoutMs = resyncTimeoutMs;
        this.resyncBackoffMs = resyncBackoffMs;
        this.resyncMaxTries = resyncMaxTries;
    }

    /**
     * A book was created (message thread; rare).
     */
    void add(final DeribitOrderBook book)
    {
        books.add(book);
    }

    /**
     * The connection the handler serves, learnt from the first handled message (message thread): from then on
     * resyncs can be requested and a dropped connection marks every book stale.
     */
    void connection(final Connection connection)
    {
        if (this.connection == null && connection != null)
        {
            this.connection = connection;
            connection.addListener(this);
            // A book that went stale before the connection was known could not ask the venue: it starts afresh.
            for (final DeribitOrderBook book : books)
            {
                final int state = book.state();
                if ((state == DeribitOrderBook.RESYNCING || state == DeribitOrderBook.FAILED) &&
                    book.casState(state, DeribitOrderBook.RESYNCING))
                {
                    book.resyncAttempt(0);
                    book.escalated(false);
                    scheduleTry(book, 0L);
                }
            }
        }
    }

    boolean hasConnection()
    {
        return connection != null;
    }

    /**
     * Listener calls from the timer or event thread that threw (counted, not propagated).
     */
    long listenerErrors()
    {
        return listenerErrors.get();
    }

    /**
     * A snapshot was applied (message thread): the book is live; reports how it got there.
     */
    void onSnapshotApplied(final DeribitOrderBook book)
    {
        book.resyncAttempt(0);
        book.escalated(false);
        final int before = book.swapState(DeribitOrderBook.LIVE);
        switch (before)
        {
            case DeribitOrderBook.AWAITING_SNAPSHOT -> report(book, DeribitBookStatus.SNAPSHOT_APPLIED);
            case DeribitOrderBook.RESYNCING, DeribitOrderBook.FAILED -> report(book, DeribitBookStatus.RESYNC_DONE);
            case DeribitOrderBook.DISCONNECTED -> report(book, DeribitBookStatus.RESTORED);
            default ->
            {
            }
        }
    }

    /**
     * An update revealed an inconsistency, or a notification could not be decoded (message thread).
     *
     * @param book     the book.
     * @param snapshot whether the update was (as far as decoded) a snapshot.
     * @return true when the book just left the live (or never-live) state, i.e. a resync started.
     */
    boolean onInconsistent(final DeribitOrderBook book, final boolean snapshot)
    {
        final int state = book.state();
        switch (state)
        {
            case DeribitOrderBook.LIVE, DeribitOrderBook.AWAITING_SNAPSHOT ->
            {
                if (!book.casState(state, DeribitOrderBook.RESYNCING))
                {
                    return onInconsistent(book, snapshot);
                }
                book.countResync();
                final DeribitBookResync reason = book.lastResyncReason();
                report(book, reason == DeribitBookResync.CHANGE_ID_GAP ||
                    reason == DeribitBookResync.CHANGE_BEFORE_SNAPSHOT ?
                    DeribitBookStatus.GAP_DETECTED : DeribitBookStatus.UNAPPLICABLE);
                listener.onResync(book, reason);
                scheduleTry(book, 0L);
                return true;
            }
            case DeribitOrderBook.RESYNCING ->
            {
                if (snapshot)
                {
                    report(book, DeribitBookStatus.UNAPPLICABLE);
                    final long tryId = book.tryId();
                    timer.schedule(() -> failTry(book, tryId), 0L);
                }
            }
            case DeribitOrderBook.DISCONNECTED ->
            {
                if (snapshot)
                {
                    report(book, DeribitBookStatus.UNAPPLICABLE);
                    final long tryId = book.tryId();
                    timer.schedule(() -> restoreFailed(book, tryId), 0L);
                }
            }
            default ->
            {
                if (snapshot)
                {
                    report(book, DeribitBookStatus.UNAPPLICABLE);
                }
            }
        }
        return false;
    }

    /**
     * Event thread: every book is stale from now on. Reported, except when the user closed the connection (the
     * books end with it; a clean shutdown raises no alarm) and for a book whose channel the user unsubscribed (no
     * restore will bring its snapshot: a stale status would never be cleared).
     */
    @Override
    public void onDisconnected(final Connection connection, final CloseStatus status)
    {
        final boolean userClose = status.reason() == DisconnectReason.LOCAL_CLOSE;
        for (final DeribitOrderBook book : books)
        {
            if (book.swapState(DeribitOrderBook.DISCONNECTED) != DeribitOrderBook.DISCONNECTED)
            {
                book.nextTryId();
                if (!userClose && (connection == null || DeribitResubscriber.isWanted(connection, book.channel())))
                {
                    reportOffThread(book, DeribitBookStatus.STALE_ON_DISCONNECT);
                }
            }
        }
    }

    @Override
    public void onReconnected(final Connection connection)
    {
        for (final DeribitOrderBook book : books)
        {
            if (book.state() == DeribitOrderBook.DISCONNECTED)
            {
                final long tryId = book.tryId();
                timer.schedule(() -> restoreDeadline(book, tryId), resyncTimeoutMs);
            }
        }
    }

    /**
     * Schedules the book's next try; any try or deadline scheduled before is void from now on.
     */
    private void scheduleTry(final DeribitOrderBook book, final long delayMs)
    {
        final long tryId = book.nextTryId();
        timer.schedule(() -> startTry(book, tryId), delayMs);
    }

    /**
     * Timer thread: the next resync try of a stale book.
     */
    private void startTry(final DeribitOrderBook book, final long scheduledTryId)
    {
        if (book.tryId() != scheduledTryId || book.state() != DeribitOrderBook.RESYNCING)
        {
            return;
        }
        final Connection connection = this.connection;
        if (connection != null && !DeribitResubscriber.isWanted(connection, book.channel()))
        {
            return;
        }
        final int attempt = book.resyncAttempt() + 1;
        book.resyncAttempt(attempt);
        final long tryId = book.nextTryId();
        if (connection != null)
        {
            reportOffThread(book, DeribitBookStatus.RESYNC_REQUESTED);
            resubscriber.resubscribe(connection, book, confirmed ->
            {
                if (!confirmed)
                {
                    timer.schedule(() -> failTry(book, tryId), 0L);
                }
            });
        }
        timer.schedule(() -> tryDeadline(book, tryId), resyncTimeoutMs);
    }

    private void tryDeadline(final DeribitOrderBook book, final long tryId)
    {
        if (book.tryId() == tryId && book.state() == DeribitOrderBook.RESYNCING)
        {
            reportOffThread(book, DeribitBookStatus.RESYNC_TIMEOUT);
            failTry(book, tryId);
        }
    }

    /**
     * Timer thread: the try ended without an applicable snapshot; the next one after the backoff, or escalation.
     */
    private void failTry(final DeribitOrderBook book, final long tryId)
    {
        if (book.tryId() != tryId || book.state() != DeribitOrderBook.RESYNCING)
        {
            return;
        }
        final int attempt = book.resyncAttempt();
        if (attempt < resyncMaxTries)
        {
            scheduleTry(book, backoffMs(attempt));
        }
        else
        {
            escalate(book, book.nextTryId());
        }
    }

    private long backoffMs(final int attempt)
    {
        return resyncBackoffMs << Math.min(attempt - 1, 20);
    }

    private void escalate(final DeribitOrderBook book, final long tryId)
    {
        final Connection connection = this.connection;
        if (book.isEscalated() || connection == null)
        {
            giveUp(book);
            return;
        }
        book.escalated(true);
        reportOffThread(book, DeribitBookStatus.RESYNC_ESCALATED);
        connection.reconnect("deribit book resync failed: " + book.channel());
        // If the reconnect did not happen (the connection was not connected), the book still reports.
        timer.schedule(() ->
        {
            if (book.tryId() == tryId && book.state() == DeribitOrderBook.RESYNCING)
            {
                giveUp(book);
            }
        }, resyncTimeoutMs);
    }

    private void giveUp(final DeribitOrderBook book)
    {
        final int state = book.state();
        if ((state == DeribitOrderBook.RESYNCING || state == DeribitOrderBook.DISCONNECTED) &&
            book.casState(state, DeribitOrderBook.FAILED))
        {
            book.nextTryId();
            reportOffThread(book, DeribitBookStatus.RESYNC_FAILED);
        }
    }

    private void restoreDeadline(final DeribitOrderBook book, final long tryId)
    {
        final Connection connection = this.connection;
        if (book.tryId() == tryId && book.state() == DeribitOrderBook.DISCONNECTED &&
            connection != null && DeribitResubscriber.isWanted(connection, book.channel()))
        {
            reportOffThread(book, DeribitBookStatus.RESYNC_TIMEOUT);
            restoreFailed(book, tryId);
        }
    }

    /**
     * Timer thread: no applicable snapshot after a reconnect: a resync, or, after an escalation, give up.
     */
    private void restoreFailed(final DeribitOrderBook book, final long tryId)
    {
        if (book.tryId() != tryId || book.state() != DeribitOrderBook.DISCONNECTED)
        {
            return;
        }
        if (book.isEscalated())
        {
            giveUp(book);
        }
        else if (book.casState(DeribitOrderBook.DISCONNECTED, DeribitOrderBook.RESYNCING))
        {
            startTry(book, book.tryId());
        }
    }

    /**
     * Counts and reports a status on the message thread (a listener that throws is the message path's error).
     */
    private void report(final DeribitOrderBook book, final DeribitBookStatus status)
    {
        book.count(status);
        adapterStatusCounts.getAndIncrement(status.ordinal());
        listener.onBookStatus(book, status);
    }

    /**
     * Counts and reports a status from the timer or event thread: a listener that throws is counted.
     */
    private void reportOffThread(final DeribitOrderBook book, final DeribitBookStatus status)
    {
        try
        {
            report(book, status);
        }
        catch (final RuntimeException | Error error)
        {
            listenerErrors.incrementAndGet();
        }
    }
}
