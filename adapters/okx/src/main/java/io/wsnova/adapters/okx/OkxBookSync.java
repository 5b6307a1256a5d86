package io.wsnova.adapters.okx;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OkxSequenceRule;
import io.wsnova.market.OrderBook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the books of one connection in sync with OKX: each book item goes through {@link OkxSequenceRule}
 * ({@code prevSeqId} equal to the last applied {@code seqId}; a no-change update with {@code seqId == prevSeqId}
 * and a reset with {@code seqId < prevSeqId} are in order), then a non-zero {@code checksum} is verified over the
 * top 25 levels ({@link OkxChecksum}). A gap or a mismatch makes the book stale, reports
 * {@code SEQUENCE_GAP} (reason {@code SEQUENCE_MISMATCH} or {@code CHECKSUM_MISMATCH}) and {@code RESYNC_STARTED},
 * and resyncs the book's channel (an unsubscribe then a subscribe, sent by {@link #sendResyncs} through the engine's
 * request path and rate limiter); the snapshot that follows reports {@code RESYNC_DONE}. A refused resync is
 * reported {@code STALE} and retried after a backoff (1 s doubling to 60 s) by a timer ({@code wsnova-okx-retry}),
 * which sends the unsubscribe and subscribe through {@link Connection#request(String, io.wsnova.engine.api.JsonPayload,
 * Operation)} itself: a book-only connection receives nothing else (the engine consumes the pongs), so a retry
 * waiting for the next data message would leave the book stale until OKX closed the idle connection. The timer
 * touches only the book's retry ticket ({@link OkxBook#retryTicket}: it sends only if the ticket is still the one
 * it was scheduled with), the immutable resync args and atomic counters; everything else is message thread only.
 */
final class OkxBookSync
{
    static final long RETRY_BASE_MS = 1_000L;
    static final long RETRY_MAX_MS = 60_000L;
    static final ScheduledExecutorService RETRY_TIMER = retryTimer();

    private final OkxAdapter adapter;
    private final OkxCounters counters;
    private final MarketListener listener;
    private final FeedStatus status;
    private final ScheduledExecutorService retryTimer;
    private final OkxChecksum checksum = new OkxChecksum();
    private final List<OkxBook> all = new ArrayList<>();
    private final Map<String, OkxBook> byChannel = new HashMap<>();
    private OkxBook[] resyncs = new OkxBook[8];
    private int resyncCount;
    private Connection connection;

    OkxBookSync(final OkxAdapter adapter, final FeedStatus status)
    {
        this.adapter = adapter;
        this.counters = adapter.counters();
        this.listener = adapter.listener();
        this.status = status;
        this.retryTimer = adapter.retryTimer();
    }

    void add(final OkxBook book)
    {
        all.add(book);
        byChannel.put(book.channel, book);
    }

    OrderBook book(final String channel)
    {
        final OkxBook book = byChannel.get(channel);
        return book == null ? null : book.book;
    }

    void apply(final OkxBook okxBook, final BookUpdate update, final int venueChecksum, final boolean verify,
        final long receivedNs)
    {
        final OrderBook book = okxBook.book;
        final boolean wasLive = book.isLive();
        final long expected = book.lastSequence();
        final int result = book.apply(update, OkxSequenceRule.INSTANCE);
        switch (result)
        {
            case OrderBook.APPLIED_SNAPSHOT, OrderBook.APPLIED_DELTA ->
            {
                if (verify && checksum.compute(book) != venueChecksum)
                {
                    counters.checksumMismatches.incrementAndGet();
                    book.markStale();
                    startResync(okxBook, FeedReason.CHECKSUM_MISMATCH, venueChecksum, checksum.compute(book),
                        receivedNs);
                    return;
                }
                if (result == OrderBook.APPLIED_DELTA)
                {
                    if (update.lastSequence() < update.previousSequence())
                    {
                        counters.sequenceResets.incrementAndGet();
                    }
                    if (update.levelCount() == 0)
                    {
                        counters.bookHeartbeats.incrementAndGet();
                        return;
                    }
                }
                else if (!wasLive)
                {
                    okxBook.resyncing = false;
                    okxBook.resyncAttempt = 0;
                    okxBook.retryTicket.set(0);
                    counters.resyncsDone.incrementAndGet();
                    report(book.instrumentId(), FeedState.RESYNC_DONE, FeedReason.NONE, receivedNs)
                        .sequences(BookUpdate.NO_SEQUENCE, update.lastSequence());
                    listener.onStatus(status);
                }
                listener.onBook(update, book);
            }
            case OrderBook.GAP ->
            {
                counters.sequenceGaps.incrementAndGet();
                startResync(okxBook, FeedReason.SEQUENCE_MISMATCH, expected, update.previousSequence(), receivedNs);
            }
            default -> counters.updatesBeforeSnapshot.incrementAndGet();
        }
    }

    void sendResyncs(final MessageContext context, final long nowNs)
    {
        if (resyncCount > 0 && connection == null)
        {
            connection = context.connection();
        }
        for (int i = 0; i < resyncCount; i++)
        {
            final OkxBook book = resyncs[i];
            resyncs[i] = null;
            context.request(OkxSubscriptionHandler.UNSUBSCRIBE, book.resyncArgs);
            context.request(OkxSubscriptionHandler.SUBSCRIBE, book.resyncArgs);
        }
        resyncCount = 0;
    }

    void onResyncRefused(final List<String> channels, final CharSequence code, final long nowNs)
    {
        for (int i = 0; i < channels.size(); i++)
        {
            final OkxBook book = byChannel.get(channels.get(i));
            if (book == null || !book.resyncing)
            {
                continue;
            }
            counters.resyncRefusals.incrementAndGet();
            final long delayMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS << Math.min(16, book.resyncAttempt));
            book.resyncAttempt++;
            final int ticket = ++book.retryGeneration == 0 ? ++book.retryGeneration : book.retryGeneration;
            book.retryTicket.set(ticket);
            final Connection connection = this.connection;
            retryTimer.schedule(() -> retry(connection, book, ticket), delayMs, TimeUnit.MILLISECONDS);
            report(book.book.instrumentId(), FeedState.STALE, "60014".contentEquals(code) ? FeedReason.RATE_LIMITED :
                FeedReason.NONE, nowNs).counters(counters.resyncRefusals.get(), book.resyncAttempt);
            listener.onStatus(status);
        }
    }

    void onNewSocket(final FeedReason reason, final long nowNs)
    {
        for (int i = 0; i < all.size(); i++)
        {
            final OkxBook book = all.get(i);
            book.book.clear();
            book.resyncing = false;
            book.retryTicket.set(0);
            report(book.book.instrumentId(), FeedState.RESYNC_STARTED, reason, nowNs);
            listener.onStatus(status);
        }
        for (int i = 0; i < resyncCount; i++)
        {
            resyncs[i] = null;
        }
        resyncCount = 0;
    }

    private void startResync(final OkxBook book, final FeedReason reason, final long expected, final long received,
        final long receivedNs)
    {
        final int instrumentId = book.book.instrumentId();
        report(instrumentId, FeedState.SEQUENCE_GAP, reason, receivedNs).sequences(expected, received)
            .counters(counters.sequenceGaps.get() + counters.checksumMismatches.get(), book.resyncAttempt);
        listener.onStatus(status);
        if (book.resyncing)
        {
            return;
        }
        book.resyncing = true;
        counters.resyncsStarted.incrementAndGet();
        report(instrumentId, FeedState.RESYNC_STARTED, reason, receivedNs)
            .counters(counters.resyncsStarted.get(), book.resyncAttempt + 1);
        listener.onStatus(status);
        queue(book);
    }

    /**
     * Timer thread: resends the refused resync of {@code book} unless a new socket or a snapshot (or a newer
     * refusal, which scheduled its own retry) took the ticket since. The answers come on the message thread as for
     * any resync; a refusal schedules the next retry. Both are costed as {@link Operation#QUERY}, as on the message
     * thread, so that during a reconnect both wait for the open in order (an unsubscribe alone after the restore
     * would drop the book).
     */
    private void retry(final Connection connection, final OkxBook book, final int ticket)
    {
        if (connection == null || !book.retryTicket.compareAndSet(ticket, 0))
        {
            return;
        }
        counters.resyncsStarted.incrementAndGet();
        connection.request(OkxSubscriptionHandler.UNSUBSCRIBE, book.resyncArgs, Operation.QUERY);
        connection.request(OkxSubscriptionHandler.SUBSCRIBE, book.resyncArgs, Operation.QUERY);
    }

    private static ScheduledExecutorService retryTimer()
    {
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "wsnova-okx-retry");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private void queue(final OkxBook book)
    {
        if (resyncCount == resyncs.length)
        {
            resyncs = java.util.Arrays.copyOf(resyncs, resyncCount * 2);
        }
        resyncs[resyncCount++] = book;
    }

    private FeedStatus report(final int instrumentId, final FeedState state, final FeedReason reason,
        final long receivedNs)
    {
        status.header(adapter.venueId(), instrumentId, MarketEvent.NO_TIMESTAMP, receivedNs);
        return status.set(state, reason);
    }
}
