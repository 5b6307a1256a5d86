package io.wsnova.cli;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.config.NovaOptions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One {@code ./nova stream} run, for any venue: connects (the venue's connect function), subscribes to every
 * channel, prints the connection's lifecycle as status lines, and waits for the count, the duration, the end of
 * the connection or SIGTERM. The venue's listener prints the market events through the same {@link StreamOutput}.
 */
final class StreamSession implements ConnectionListener
{
    private final StreamArgs args;
    private final StreamOutput output;
    private final PrintStream err;
    private final TermHook term;

    StreamSession(final StreamArgs args, final StreamOutput output, final PrintStream err, final TermHook term)
    {
        this.args = args;
        this.output = output;
        this.err = err;
        this.term = term;
    }

    /**
     * The options every stream connects with: the URL, endless reconnects, this session as a listener.
     *
     * @return a builder the venue may add to.
     */
    NovaOptions.Builder options()
    {
        return NovaOptions.builder().url(args.url()).retryAttempts(-1).listeners(List.of(this));
    }

    /**
     * Runs the stream.
     *
     * @param connect connects with the venue's adapter (or template) and the options.
     * @param options the options.
     * @return the exit code.
     */
    int run(final Function<NovaOptions, CompletableFuture<Connection>> connect, final NovaOptions options)
    {
        final CompletableFuture<Connection> connecting = connect.apply(options);
        final Connection connection;
        try
        {
            connection = connecting.get(StreamCommand.START_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final ExecutionException | CancellationException ex)
        {
            err.println("nova stream: connection to " + args.url() + " failed: " + StreamCommand.describe(ex));
            return Main.EXIT_FAILURE;
        }
        catch (final TimeoutException ex)
        {
            connecting.thenAccept(Connection::close);
            err.println("nova stream: connection to " + args.url() + " did not complete within " +
                StreamCommand.START_TIMEOUT_S + " s");
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
            if (awaitEnd(connection))
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
            output.stop();
            Thread.interrupted();
            close(connection);
            output.flush();
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
            connection.closeFuture().get(StreamCommand.CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
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
        return StreamCommand.awaitSubscribes(args.channels(), subscribes, StreamCommand.START_TIMEOUT_S,
            output::emit);
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
            if (output.awaitCount(50) || System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            if (connection.closeFuture().isDone())
            {
                return true;
            }
            if (output.failed())
            {
                return false;
            }
        }
    }

    @Override
    public void onConnected(final Connection connection)
    {
        output.status(MarketJson.status("connected", "url", args.url()));
    }

    @Override
    public void onAuthenticated(final Connection connection)
    {
        output.status(MarketJson.status("authenticated"));
    }

    @Override
    public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
    {
        output.status(MarketJson.status("subscribed", "channel", subscription.channel()));
    }

    @Override
    public void onSubscriptionFailed(final Connection connection, final Subscription subscription)
    {
        output.status(MarketJson.status("subscription_failed", "channel", subscription.channel(), "error",
            String.valueOf(subscription.failure() == null ? null : subscription.failure().getMessage())));
    }

    @Override
    public void onDisconnected(final Connection connection, final CloseStatus status)
    {
        output.status(MarketJson.status("disconnected", "reason", status.reason().name().toLowerCase(Locale.ROOT),
            "code", status.closeCode()));
    }

    @Override
    public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
    {
        output.status(MarketJson.status("reconnecting", "attempt", attempt, "delay_ms", delayMs));
    }

    @Override
    public void onReconnected(final Connection connection)
    {
        output.status(MarketJson.status("reconnected"));
    }
}
