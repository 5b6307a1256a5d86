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
import io.wsnova.engine.CloseStatus;
import io.wsnova.engine.Connection;
import io.wsnova.engine.ConnectionListener;
import io.wsnova.engine.NovaOptions;
import io.wsnova.engine.Subscription;
import io.wsnova.engine.behaviour.Credentials;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code ./nova stream}: connects with a venue adapter, subscribes, and writes one JSON object per line (flushed per
 * line) for every market event and lifecycle change, until N market events or S seconds. Exit 0 then; 1 when the
 * connection or authentication fails (on stderr); 2 on a usage error.
 */
final class StreamCommand
{
    static final String USAGE = """
        usage: ./nova stream --adapter deribit --url URL --channel CH [--channel CH]...
                             [--client-id ID --client-secret SECRET] [--count N] [--duration SECONDS]
          DERIBIT_CLIENT_ID / DERIBIT_CLIENT_SECRET are used when the flags are absent.
        """;

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
            return Main.usageError(err, ex.getMessage(), USAGE);
        }
        return new Session(parsed, out, err).run();
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
        private volatile boolean stopping;

        Session(final StreamArgs args, final PrintStream out, final PrintStream err)
        {
            this.args = args;
            this.out = out;
            this.err = err;
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
            final Connection connection;
            try
            {
                connection = DeribitClient.of(adapter).connect(options.build()).get(30, TimeUnit.SECONDS);
            }
            catch (final ExecutionException ex)
            {
                err.println("nova stream: connection to " + args.url() + " failed: " + ex.getCause().getMessage());
                return Main.EXIT_FAILURE;
            }
            catch (final TimeoutException | InterruptedException ex)
            {
                err.println("nova stream: connection to " + args.url() + " did not complete within 30 s");
                return Main.EXIT_FAILURE;
            }
            try
            {
                final List<CompletableFuture<Subscription>> subscribes = new ArrayList<>();
                for (final String channel : args.channels())
                {
                    subscribes.add(connection.subscribe(channel, null));
                }
                for (int i = 0; i < subscribes.size(); i++)
                {
                    try
                    {
                        subscribes.get(i).get(30, TimeUnit.SECONDS);
                    }
                    catch (final ExecutionException | TimeoutException ex)
                    {
                        final String reason = ex instanceof ExecutionException ? ex.getCause().getMessage() :
                            "no answer within 30 s";
                        err.println("nova stream: subscription to " + args.channels().get(i) + " failed: " + reason);
                        return Main.EXIT_FAILURE;
                    }
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
                Thread.currentThread().interrupt();
                return Main.EXIT_FAILURE;
            }
            finally
            {
                stopping = true;
                connection.close();
                out.flush();
            }
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
