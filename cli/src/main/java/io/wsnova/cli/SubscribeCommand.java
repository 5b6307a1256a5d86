package io.wsnova.cli;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.wsnova.aeron.MarketSubscriber;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketJson;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./nova subscribe [--aeron-channel URI] [--stream-id N] [--aeron-dir DIR] [--count N] [--duration S]}:
 * subscribes to the normalized events a {@code MarketPublisher} publishes on Aeron (docs/AERON.md) through the media
 * driver of {@code DIR} (Aeron's default directory when absent) and prints each as one JSON line of
 * {@link MarketJson} (its {@code channel} field holds the Aeron channel: the venue's channel is not on the wire).
 * Exit 0 after N events or S seconds (or on Ctrl-C), 1 when no media driver answers, 2 on a usage error.
 */
final class SubscribeCommand
{
    /** The stream id of the publisher's default. */
    static final int DEFAULT_STREAM_ID = 1601;
    /** The flag table of {@code ./nova subscribe}. */
    static final List<Flag> FLAGS = List.of(
        new Flag("--aeron-channel", "URI", "the publisher's channel (default aeron:ipc)"),
        new Flag("--stream-id", "N", "the stream id (default " + DEFAULT_STREAM_ID + ")"),
        new Flag("--aeron-dir", "DIR", "the media driver's directory (default: Aeron's default)"),
        new Flag("--count", "N", "exit 0 after N events"),
        new Flag("--duration", "S", "exit 0 after S seconds"));
    static final String USAGE = CommandLine.usage("""
        usage: ./nova subscribe [--aeron-channel URI] [--stream-id N] [--aeron-dir DIR] [--count N] [--duration S]
        Prints the normalized events a publisher sends on Aeron, one JSON object per line (docs/AERON.md).
        """, FLAGS, """
        Exit 0 after N events or S seconds; 1 when no media driver answers; 2 on a usage error.
        """);
    private static final long DRIVER_TIMEOUT_MS = 5_000;

    private SubscribeCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine line;
        try
        {
            line = CommandLine.parse(args, FLAGS, 0);
        }
        catch (final IllegalArgumentException ex)
        {
            return Main.usageError(err, "subscribe: " + ex.getMessage(), USAGE);
        }
        if (line.help())
        {
            out.print(USAGE);
            return Main.EXIT_OK;
        }
        String channel = "aeron:ipc";
        String aeronDir = CommonContext.getAeronDirectoryName();
        long streamId = DEFAULT_STREAM_ID;
        long count = Long.MAX_VALUE;
        long durationNs = Long.MAX_VALUE;
        for (final CommandLine.Option option : line.options())
        {
            switch (option.name())
            {
                case "--aeron-channel" -> channel = option.value();
                case "--aeron-dir" -> aeronDir = option.value();
                default ->
                {
                    final long value = positive(option.value());
                    if (value <= 0 || "--stream-id".equals(option.name()) && value > Integer.MAX_VALUE)
                    {
                        return Main.usageError(err, "subscribe: " + option.name() +
                            " needs a positive whole number, was '" + option.value() + "'", USAGE);
                    }
                    switch (option.name())
                    {
                        case "--stream-id" -> streamId = value;
                        case "--count" -> count = value;
                        default -> durationNs = TimeUnit.SECONDS.toNanos(value);
                    }
                }
            }
        }
        final Aeron.Context context = new Aeron.Context().aeronDirectoryName(aeronDir)
            .driverTimeoutMs(DRIVER_TIMEOUT_MS);
        try (Aeron aeron = Aeron.connect(context))
        {
            final Printer printer = new Printer(out, channel);
            final MarketSubscriber subscriber = new MarketSubscriber(printer);
            printer.registry = subscriber;
            try (Subscription subscription = aeron.addSubscription(channel, (int)streamId, null,
                subscriber::onUnavailableImage))
            {
                final IdleStrategy idle = new BackoffIdleStrategy();
                final long startNs = System.nanoTime();
                while (printer.printed < count && System.nanoTime() - startNs < durationNs &&
                    !Thread.currentThread().isInterrupted())
                {
                    idle.idle(subscriber.poll(subscription, (int)Math.min(100, count - printer.printed)));
                }
                // Closing the subscription reports its images as lost: not an event of the feed.
                printer.stopped = true;
                out.flush();
                return Main.EXIT_OK;
            }
        }
        catch (final AeronException | IllegalStateException ex)
        {
            err.println("nova subscribe: no media driver at " + aeronDir + ": " + ex.getMessage());
            return Main.EXIT_FAILURE;
        }
    }

    private static long positive(final String value)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** Prints every event as a JSON line, on the polling thread. */
    private static final class Printer implements MarketListener
    {
        private final PrintStream out;
        private final String channel;
        private MarketSubscriber registry;
        private MarketJson json;
        private byte[] line = new byte[1024];
        private long printed;
        private boolean stopped;

        Printer(final PrintStream out, final String channel)
        {
            this.out = out;
            this.channel = channel;
        }

        @Override
        public void onTrade(final Trade trade)
        {
            print(json().trade(trade, channel));
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            print(json().book(update, book, channel));
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            print(json().topOfBook(top, channel));
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            print(json().ticker(ticker, channel));
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            print(json().liquidation(liquidation, channel));
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            print(json().status(status, channel));
        }

        private MarketJson json()
        {
            if (json == null)
            {
                json = new MarketJson(registry.registry());
            }
            return json;
        }

        private void print(final int length)
        {
            if (stopped)
            {
                return;
            }
            if (line.length < length + 1)
            {
                line = new byte[Math.max(length + 1, line.length * 2)];
            }
            json.buffer().getBytes(0, line, 0, length);
            line[length] = '\n';
            out.write(line, 0, length + 1);
            printed++;
        }
    }
}
