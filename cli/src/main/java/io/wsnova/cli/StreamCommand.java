package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitBookResync;
import io.wsnova.adapters.deribit.DeribitBookStatus;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.adapters.deribit.DeribitMarketListener;
import io.wsnova.adapters.deribit.DeribitOrderBook;
import io.wsnova.adapters.deribit.DeribitQuote;
import io.wsnova.adapters.deribit.DeribitTicker;
import io.wsnova.adapters.deribit.DeribitTrade;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.Credentials;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@code ./nova stream}: connects with a venue adapter, subscribes, and writes one JSON object per line (flushed per
 * line) for every market event and lifecycle change, until N market events, S seconds or SIGTERM. Exit 0 then; 1
 * when the connection or authentication fails or no channel could be subscribed (one line on stderr, never a stack
 * trace); 2 on a usage error. A subscribe that fails in any way (refused, cancelled, unanswered) is a
 * {@code subscribe_failed} status line and the other channels keep streaming.
 */
final class StreamCommand
{
    static final String USAGE = CommandLine.usage("""
        usage: ./nova stream --adapter deribit --url URL --channel CH [--channel CH]...
                             [--client-id ID --client-secret SECRET] [--count N] [--duration SECONDS]
        One JSON object per line for every market event and lifecycle change (status events).
        """, StreamArgs.FLAGS, """
        Exit 0 after N market events, S seconds, or SIGTERM/Ctrl-C (connection closed, output flushed); 1 when the
        connection, authentication or every subscription fails (one line on stderr); 2 on a usage error. A channel
        whose subscribe fails is a "subscribe_failed" status event; the others keep streaming.
        """);
    /** How long the connect and the subscribes may take. */
    static final long START_TIMEOUT_S = 30;
    /** How long a close waits for the close handshake before the command ends anyway. */
    static final long CLOSE_TIMEOUT_MS = 2_000;

    private StreamCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final StreamArgs parsed;
        try
        {
            parsed = StreamArgs.parse(args, System.getenv());
        }
        catch (final IllegalArgumentException ex)
        {
            return Main.usageError(err, "stream: " + ex.getMessage(), USAGE);
        }
        if (parsed == null)
        {
            out.print(USAGE);
            return Main.EXIT_OK;
        }
        try (TermHook term = TermHook.install("stream", out, err))
        {
            return new Session(parsed, out, err, term).run();
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("nova stream: unexpected failure: " + describe(ex));
            return Main.EXIT_FAILURE;
        }
    }

    /**
     * One line for a failure: the message, else the exception's name; for a wrapper, its cause.
     *
     * @param failure what went wrong.
     * @return the text.
     */
    static String describe(final Throwable failure)
    {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) &&
            cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException)
        {
            return "cancelled";
        }
        if (cause instanceof TimeoutException)
        {
            return "no answer within the time limit";
        }
        final String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /**
     * Waits for every subscribe future within one deadline and reports each failure (an exception, a refusal, a
     * cancellation, no answer) as one "subscribe_failed" status line; never throws for a future's failure.
     *
     * @param channels   the channels, in the order of the futures.
     * @param subscribes the subscribe futures.
     * @param timeoutS   the deadline for all of them.
     * @param emit       where status lines go.
     * @return how many subscribes succeeded.
     * @throws InterruptedException when the waiting thread is interrupted (a shutdown).
     */
    static int awaitSubscribes(final List<String> channels, final List<CompletableFuture<Subscription>> subscribes,
        final long timeoutS, final Consumer<CharSequence> emit) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        int subscribed = 0;
        for (int i = 0; i < subscribes.size(); i++)
        {
            try
            {
                subscribes.get(i).get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
                subscribed++;
            }
            catch (final ExecutionException | CancellationException | TimeoutException ex)
            {
                emit.accept(MarketJson.status("subscribe_failed", "channel", channels.get(i), "error",
                    describe(ex)));
            }
        }
        return subscribed;
    }

    /**
     * One run: the listener side writes lines, the main thread waits for the end.
     */
    private static final class Session implements DeribitMarketListener, ConnectionListener
    {
        private final StreamArgs args;
        private final PrintStream out;
        private final PrintStream err;
        private final MarketJson marketJson = new MarketJson();
        private final AtomicLong marketEvents = new AtomicLong();
        private final ReentrantLock outLock = new ReentrantLock();
        private final CountDownLatch enough = new CountDownLatch(1);
        private final TermHook term;
        private volatile boolean stopping;

        Session(final StreamArgs args, final PrintStream out, final PrintStream err, final TermHook term)
        {
            this.args = args;
            this.out = out;
            this.err = err;
            this.term = term;
        }

        int run()
        {
            final DeribitAdapter adapter = DeribitAdapter.builder().listener(this).build();
            final NovaOptions.Builder options = NovaOptions.builder().url(args.url()).retryAttempts(-1)
                .listeners(List.of(this));
            if (args.clientId() != null)
            {
                options.credentials(new Credentials(args.clientId(), args.clientSecret()));
            }
            final CompletableFuture<Connection> connecting = DeribitClient.of(adapter).connect(options.build());
            final Connection connection;
            try
            {
                connection = connecting.get(START_TIMEOUT_S, TimeUnit.SECONDS);
            }
            catch (final ExecutionException | CancellationException ex)
            {
                err.println("nova stream: connection to " + args.url() + " failed: " + describe(ex));
                return Main.EXIT_FAILURE;
            }
            catch (final TimeoutException ex)
            {
                connecting.thenAccept(Connection::close);
                err.println("nova stream: connection to " + args.url() + " did not complete within " +
                    START_TIMEOUT_S + " s");
                return Main.EXIT_FAILURE;
            }
            catch (final InterruptedException ex)
            {
                connecting.thenAccept(Connection::close);
                return interrupted();
            }
            try
            {
                if (subscribe(connection) == 0)
                {
                    if (term.requested())
                    {
                        return Main.EXIT_OK;
                    }
                    err.println("nova stream: no channel could be subscribed (see the subscribe_failed events)");
                    return Main.EXIT_FAILURE;
                }
                final boolean ended = awaitEnd(connection);
                if (ended)
                {
                    final CloseStatus status = connection.closeFuture().getNow(null);
                    err.println("nova stream: connection ended: " + status);
                    return Main.EXIT_FAILURE;
                }
                return Main.EXIT_OK;
            }
            catch (final InterruptedException ex)
            {
                return interrupted();
            }
            finally
            {
                stopping = true;
                Thread.interrupted();
                close(connection);
                out.flush();
            }
        }

        private int interrupted()
        {
            if (term.requested())
            {
                return Main.EXIT_OK;
            }
            Thread.currentThread().interrupt();
            err.println("nova stream: interrupted");
            return Main.EXIT_FAILURE;
        }

        private static void close(final Connection connection)
        {
            connection.close();
            try
            {
                connection.closeFuture().get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final ExecutionException | TimeoutException | CancellationException ex)
            {
                // closing anyway: the socket is released by close() whatever the handshake did
            }
        }

        /**
         * Subscribes to every channel and waits for each answer within one deadline. A failed subscribe (refused,
         * cancelled, no answer, or thrown) is a "subscribe_failed" status event; the others keep streaming.
         *
         * @return how many channels were subscribed.
         */
        private int subscribe(final Connection connection) throws InterruptedException
        {
            final List<CompletableFuture<Subscription>> subscribes = new ArrayList<>();
            for (final String channel : args.channels())
            {
                CompletableFuture<Subscription> future;
                try
                {
                    future = connection.subscribe(channel, null);
                }
                catch (final RuntimeException ex)
                {
                    future = CompletableFuture.failedFuture(ex);
                }
                subscribes.add(future);
            }
            return awaitSubscribes(args.channels(), subscribes, START_TIMEOUT_S, this::emit);
        }

        /**
         * Waits for the count, the duration, or the end of the connection.
         *
         * @return true when the connection ended on its own.
         */
        private boolean awaitEnd(final Connection connection) throws InterruptedException
        {
            final long deadlineNs = args.durationS() > 0 ?
                System.nanoTime() + TimeUnit.SECONDS.toNanos(args.durationS()) : Long.MAX_VALUE;
            while (true)
            {
                if (enough.await(50, TimeUnit.MILLISECONDS) || System.nanoTime() - deadlineNs >= 0)
                {
                    return false;
                }
                if (connection.closeFuture().isDone())
                {
                    return true;
                }
                if (out.checkError())
                {
                    return false;
                }
            }
        }

        private void market(final CharSequence line)
        {
            if (stopping || enough.getCount() == 0)
            {
                return;
            }
            emit(line);
            if (args.count() > 0 && marketEvents.incrementAndGet() >= args.count())
            {
                enough.countDown();
            }
        }

        private void emit(final CharSequence line)
        {
            final ReentrantLock lock = outLock;
            lock.lock();
            try
            {
                out.append(line).append('\n');
                out.flush();
            }
            finally
            {
                lock.unlock();
            }
        }

        @Override
        public void onTicker(final DeribitTicker ticker)
        {
            market(marketJson.ticker(args.channelFor("ticker.", ticker.instrumentName()), ticker));
        }

        @Override
        public void onBook(final DeribitOrderBook book)
        {
            market(marketJson.book(book));
        }

        @Override
        public void onTrade(final DeribitTrade trade)
        {
            market(marketJson.trade(args.channelFor("trades.", trade.instrumentName()), trade));
        }

        @Override
        public void onQuote(final DeribitQuote quote)
        {
            market(marketJson.quote(args.channelFor("quote.", quote.instrumentName()), quote));
        }

        @Override
        public void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
        {
            emit(MarketJson.status("resync", "channel", book.channel(), "reason",
                reason.name().toLowerCase(java.util.Locale.ROOT)));
        }

        /**
         * Every book state change as a status line: {@code "state":"book"} with the channel, the status
         * ({@code snapshot_applied}, {@code gap_detected}, {@code unapplicable}, {@code resync_requested},
         * {@code resync_timeout}, {@code resync_done}, {@code stale_on_disconnect}, {@code restored},
         * {@code resync_escalated}, {@code resync_failed}), whether the book is stale, its change id and the
         * resync try. Called from the message, event or book timer thread: {@link #emit} serialises the output.
         */
        @Override
        public void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus status)
        {
            emitStatus(MarketJson.status("book", "channel", book.channel(), "status",
                status.name().toLowerCase(java.util.Locale.ROOT), "stale", book.isStale(),
                "change_id", book.changeId(), "resync_attempt", book.resyncAttempt()));
        }

        @Override
        public void onConnected(final Connection connection)
        {
            emitStatus(MarketJson.status("connected", "url", args.url()));
        }

        @Override
        public void onAuthenticated(final Connection connection)
        {
            emitStatus(MarketJson.status("authenticated"));
        }

        @Override
        public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
        {
            emitStatus(MarketJson.status("subscribed", "channel", subscription.channel()));
        }

        @Override
        public void onSubscriptionFailed(final Connection connection, final Subscription subscription)
        {
            emitStatus(MarketJson.status("subscription_failed", "channel", subscription.channel(), "error",
                String.valueOf(subscription.failure() == null ? null : subscription.failure().getMessage())));
        }

        @Override
        public void onDisconnected(final Connection connection, final CloseStatus status)
        {
            emitStatus(MarketJson.status("disconnected", "reason", status.reason().name().toLowerCase(
                java.util.Locale.ROOT), "code", status.closeCode()));
        }

        @Override
        public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
        {
            emitStatus(MarketJson.status("reconnecting", "attempt", attempt, "delay_ms", delayMs));
        }

        @Override
        public void onReconnected(final Connection connection)
        {
            emitStatus(MarketJson.status("reconnected"));
        }

        private void emitStatus(final CharSequence line)
        {
            if (!stopping)
            {
                emit(line);
            }
        }
    }
}
