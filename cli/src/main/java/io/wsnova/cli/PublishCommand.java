package io.wsnova.cli;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.exceptions.AeronException;
import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.aeron.EmbeddedDriver;
import io.wsnova.aeron.MarketPublisher;
import io.wsnova.aeron.PublisherCounters;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.InstrumentRegistry;

import java.io.File;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./nova publish}: every flag of {@code ./nova stream} plus {@code [--aeron-channel URI] [--stream-id N]
 * [--aeron-dir DIR]}. Runs the venue adapter and publishes every normalized event, status events included, as SBE
 * on an Aeron publication ({@code aeron:ipc} by default) through the media driver of {@code DIR} (Aeron's default
 * directory when absent); when no driver runs there, an embedded one is started for the run. {@code ./nova
 * subscribe} in another process prints what it publishes. Back pressure: the publisher spins within a bound, then
 * counts the event as dropped; it never blocks the reader (docs/AERON.md). Prints the connection's lifecycle lines as
 * {@code stream} does and, at the end, one {@code published} status line with the publisher's counters. Exit codes
 * as {@code stream}'s; 1 also when the media driver cannot be reached or started.
 */
final class PublishCommand
{
    /** The flags this command adds to {@code stream}'s. */
    static final List<Flag> AERON_FLAGS = List.of(
        new Flag(AeronFlags.CHANNEL, "URI", "the Aeron channel to publish on (default aeron:ipc; " +
            "aeron:udp?endpoint=HOST:PORT for another host)"),
        new Flag(AeronFlags.STREAM_ID, "N", "the stream id (default " + SubscribeCommand.DEFAULT_STREAM_ID + ")"),
        new Flag(AeronFlags.AERON_DIR, "DIR", "the media driver's directory (default: Aeron's default; a driver is " +
            "embedded when none runs there)"));
    /** Every flag of {@code ./nova publish}. */
    static final List<Flag> FLAGS = AeronFlags.concat(StreamArgs.FLAGS, AERON_FLAGS);
    static final String USAGE = CommandLine.usage("""
        usage: ./nova publish --adapter NAME --url URL [--rest-url URL] --channel CH [--channel CH]...
                              [--client-id ID --client-secret SECRET] [--count N] [--duration SECONDS]
                              [--aeron-channel URI] [--stream-id N] [--aeron-dir DIR]
        Runs the venue adapter and publishes every normalized event (status events included) as SBE on Aeron,
        for ./nova subscribe and MarketSubscriber consumers in other processes (docs/AERON.md).
        """, FLAGS, """
        Exit 0 after N market events, S seconds or SIGTERM/Ctrl-C; 1 when the connection, authentication, every
        subscription or the media driver fails (one line on stderr); 2 on a usage error.
        """);
    private static final long DRIVER_TIMEOUT_MS = 5_000;

    private PublishCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return AeronFlags.run("publish", args, AERON_FLAGS, SubscribeCommand.DEFAULT_STREAM_ID, USAGE, out, err,
            (flags, parsed) -> publish(flags, parsed, out, err));
    }

    private static int publish(final AeronFlags flags, final StreamArgs parsed, final PrintStream out,
        final PrintStream err)
    {
        final String channel = flags.value(AeronFlags.CHANNEL, "aeron:ipc");
        final String aeronDir = flags.value(AeronFlags.AERON_DIR, CommonContext.getAeronDirectoryName());
        final int streamId = flags.streamId();
        final boolean embed = !CommonContext.isDriverActive(new File(aeronDir), DRIVER_TIMEOUT_MS, ignore -> { });
        try (MediaDriver driver = embed ? EmbeddedDriver.launch(aeronDir) : null;
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)
                .driverTimeoutMs(DRIVER_TIMEOUT_MS));
            Publication publication = aeron.addPublication(channel, streamId);
            PublisherCounters counters = PublisherCounters.allocate(aeron, "nova publish " + parsed.adapter());
            TermHook term = TermHook.install("publish", out, err))
        {
            final InstrumentRegistry registry = new InstrumentRegistry();
            final MarketPublisher publisher = MarketPublisher.builder().publication(publication).registry(registry)
                .counters(counters).build();
            final StreamOutput output = new StreamOutput(out, parsed.count());
            output.status(MarketJson.status("publishing", "aeron_channel", channel, "stream_id", streamId,
                "aeron_dir", aeronDir, "embedded_driver", driver != null));
            final int exit = publish(parsed, new PublishingListener(publisher, output), registry, output, err, term);
            output.emit(MarketJson.status("published", "events", counters.published().get(), "dropped",
                counters.droppedBackPressured().get() + counters.droppedNotConnected().get() +
                counters.droppedClosed().get()));
            return exit;
        }
        catch (final AeronException | IllegalStateException ex)
        {
            err.println("nova publish: the media driver at " + aeronDir + " failed: " + ex.getMessage());
            return Main.EXIT_FAILURE;
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("nova publish: unexpected failure: " + StreamCommand.describe(ex));
            return Main.EXIT_FAILURE;
        }
    }

    private static int publish(final StreamArgs args, final PublishingListener listener,
        final InstrumentRegistry registry, final StreamOutput output, final PrintStream err, final TermHook term)
    {
        final StreamSession session = new StreamSession(args, output, err, term);
        final NovaOptions.Builder options = session.options();
        final Venues.Venue venue = Venues.find(args.adapter());
        if (venue == null)
        {
            final DeribitAdapter adapter = DeribitAdapter.builder().marketListener(listener).registry(registry)
                .build();
            if (args.clientId() != null)
            {
                options.credentials(new Credentials(args.clientId(), args.clientSecret()));
            }
            return session.run(DeribitClient.of(adapter)::connect, options.build());
        }
        final Adapter adapter = venue.factory().create(listener, registry, args.restUrl(), options);
        return session.run(resolved -> Nova.connect(adapter, resolved), options.build());
    }
}
