package io.wsnova.cli;

import io.wsnova.ab.AbArbiter;
import io.wsnova.ab.AbFeed;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.BinanceFuturesSequenceRule;
import io.wsnova.market.BinanceSpotSequenceRule;
import io.wsnova.market.BybitSequenceRule;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.OkxSequenceRule;
import io.wsnova.market.SequenceRule;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./nova stream --ab}: two connections (legs A and B, {@code --url} and {@code --url-b}) to one market-model
 * venue, each with an unmodified adapter and its own {@link StreamSession} (lifecycle lines of both legs are
 * printed), arbitrated by an {@link AbFeed} into one {@link MarketStreamPrinter}: the same JSON lines as a single
 * stream, each market event once. At exit the arbitration counters and the lead histogram go to stderr.
 */
final class AbStream
{
    private static final int RING_CAPACITY = 4096;

    private AbStream()
    {
    }

    static int run(final StreamArgs args, final Venues.Venue venue, final StreamOutput output, final PrintStream err,
        final TermHook term)
    {
        final InstrumentRegistry registry = new InstrumentRegistry();
        final InstrumentRegistry registryA = new InstrumentRegistry();
        final InstrumentRegistry registryB = new InstrumentRegistry();
        final boolean content = "coinbase".equals(venue.name());
        final AbArbiter arbiter = AbArbiter.builder()
            .consumer(new MarketStreamPrinter(args.channels(), registry, output))
            .rule(rule(venue.name())).contentBooks(content).build();
        final AtomicInteger codeB = new AtomicInteger(Main.EXIT_FAILURE);
        final int codeA;
        try (AbFeed feed = new AbFeed(arbiter, registry, registryA, registryB, RING_CAPACITY).start(null))
        {
            final StreamArgs argsB = args.legB();
            final StreamSession sessionA = new StreamSession(args, output, err, term);
            final StreamSession sessionB = new StreamSession(argsB, output, err, term);
            final NovaOptions.Builder optionsA = sessionA.options();
            final NovaOptions.Builder optionsB = sessionB.options();
            final Adapter adapterA = venue.factory().create(feed.leg(AbArbiter.LEG_A), registryA, args.restUrl(),
                optionsA);
            final Adapter adapterB = venue.factory().create(feed.leg(AbArbiter.LEG_B), registryB, args.restUrl(),
                optionsB);
            final Thread legB = Thread.ofPlatform().name("nova-stream-leg-b").start(() ->
                codeB.set(sessionB.run(resolved -> Nova.connect(adapterB, resolved), optionsB.build())));
            codeA = sessionA.run(resolved -> Nova.connect(adapterA, resolved), optionsA.build());
            output.stop();
            legB.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.print(arbiter.counters().summary());
            return Main.EXIT_FAILURE;
        }
        err.print(arbiter.counters().summary());
        return codeA == Main.EXIT_OK || codeB.get() == Main.EXIT_OK ? Main.EXIT_OK : codeA;
    }

    /**
     * The book rule of a market-model venue (the same its adapter uses); Coinbase's sequence is per connection, so
     * its books are arbitrated by content and its rule is not used.
     */
    static SequenceRule rule(final String venue)
    {
        return switch (venue)
        {
            case "binance" -> BinanceSpotSequenceRule.INSTANCE;
            case "binance-usdm" -> BinanceFuturesSequenceRule.INSTANCE;
            case "bybit", "bybit-spot" -> BybitSequenceRule.INSTANCE;
            case "okx" -> OkxSequenceRule.INSTANCE;
            default -> SequenceRule.UNCHECKED;
        };
    }
}
