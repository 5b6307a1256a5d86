package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.InstrumentRegistry;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        usage: ./nova stream --adapter NAME --url URL [--rest-url URL] --channel CH [--channel CH]...
                             [--client-id ID --client-secret SECRET] [--count N] [--duration SECONDS]
                             [--ab [--url-b URL]]
        One JSON object per line for every market event and lifecycle change (status events), in one schema for
        every venue (docs/ADAPTERS.md, "The stream schema"). CH is the venue's own channel name:
        """ + channelExamples(), StreamArgs.FLAGS, """
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

    private static String channelExamples()
    {
        final StringBuilder text = new StringBuilder("  deribit: book.BTC-PERPETUAL.100ms, trades.BTC-PERPETUAL.100ms")
            .append('\n');
        for (final Venues.Venue venue : Venues.MARKET_VENUES)
        {
            text.append("  ").append(venue.name()).append(": ").append(venue.channels()).append('\n');
        }
        return text.toString();
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
            return stream(parsed, out, err, term);
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("nova stream: unexpected failure: " + describe(ex));
            return Main.EXIT_FAILURE;
        }
    }

    /**
     * Streams with the adapter the arguments name: Deribit with its own listener and printer, a market-model venue
     * ({@link Venues}) with {@link MarketStreamPrinter}.
     */
    private static int stream(final StreamArgs args, final PrintStream out, final PrintStream err, final TermHook term)
    {
        final StreamOutput output = new StreamOutput(out, args.count());
        final StreamSession session = new StreamSession(args, output, err, term);
        final NovaOptions.Builder options = session.options();
        final Venues.Venue venue = Venues.find(args.adapter());
        if (venue == null)
        {
            final DeribitAdapter adapter = DeribitAdapter.builder().listener(new DeribitStreamPrinter(args, output))
                .build();
            if (args.clientId() != null)
            {
                options.credentials(new Credentials(args.clientId(), args.clientSecret()));
            }
            return session.run(DeribitClient.of(adapter)::connect, options.build());
        }
        if (args.ab())
        {
            return AbStream.run(args, venue, output, err, term);
        }
        final InstrumentRegistry registry = new InstrumentRegistry();
        final Adapter adapter = venue.factory().create(new MarketStreamPrinter(args.channels(), registry, output),
            registry, args.restUrl(), options);
        return session.run(resolved -> Nova.connect(adapter, resolved), options.build());
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
}
