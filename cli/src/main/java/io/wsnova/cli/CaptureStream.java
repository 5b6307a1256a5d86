package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.InboundTap;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.InstrumentRegistry;

import java.io.PrintStream;
import java.util.List;

/**
 * The stream of {@code ./nova record} and {@code ./nova replay}: exactly {@code ./nova stream}'s adapters, printers
 * and session, with an {@link InboundTap} on the connection, one more listener, and reconnect delays without jitter
 * (so that the {@code reconnecting} lines, which print the delay, are the same in the recording run and in its
 * replay). {@code connectUrl} is where the client connects: the venue's URL when recording, the replay server's when
 * replaying, while the lines print the venue's URL of the arguments either way.
 */
final class CaptureStream
{
    private CaptureStream()
    {
    }

    /**
     * Runs the stream.
     *
     * @param args       the stream's arguments (the recorded ones in a replay).
     * @param connectUrl the URL to connect to.
     * @param output     the run's output.
     * @param err        where failures go.
     * @param term       ends the run on SIGTERM (or when a replay is done).
     * @param tap        sees every inbound message.
     * @param listener   one more connection listener (the recorder's lifecycle markers, or none: null).
     * @return the exit code.
     */
    static int run(final StreamArgs args, final String connectUrl, final StreamOutput output, final PrintStream err,
        final TermHook term, final InboundTap tap, final ConnectionListener listener)
    {
        final StreamSession session = new StreamSession(args, output, err, term);
        final NovaOptions.Builder options = session.options()
            .url(connectUrl)
            .listeners(listener == null ? List.of(session) : List.of(session, listener))
            .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
            .set(Option.INBOUND_TAP, tap);
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
        final InstrumentRegistry registry = new InstrumentRegistry();
        final Adapter adapter = venue.factory().create(new MarketStreamPrinter(args.channels(), registry, output),
            registry, args.restUrl(), options);
        return session.run(resolved -> Nova.connect(adapter, resolved), options.build());
    }
}
