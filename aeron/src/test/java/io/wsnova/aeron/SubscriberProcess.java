package io.wsnova.aeron;

import io.aeron.Aeron;
import io.aeron.Subscription;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link TwoProcessTest}: subscribes to the parent's driver, writes the canonical text of the
 * first N events to a file, and exits 0; exits 2 if they did not arrive within the time limit.
 * Arguments: aeronDir channel streamId count timeoutSeconds outputFile.
 */
public final class SubscriberProcess
{
    private SubscriberProcess()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final String aeronDir = args[0];
        final String channel = args[1];
        final int streamId = Integer.parseInt(args[2]);
        final int count = Integer.parseInt(args[3]);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        final Path output = Path.of(args[5]);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            Subscription subscription = aeron.addSubscription(channel, streamId))
        {
            final MarketSubscriber[] holder = new MarketSubscriber[1];
            final MarketEvents.Recorder received = new MarketEvents.Recorder(() -> holder[0].registry());
            final MarketSubscriber subscriber = new MarketSubscriber(received);
            holder[0] = subscriber;
            while (received.events.size() < count && System.nanoTime() - deadlineNs < 0)
            {
                if (subscriber.poll(subscription, 100) == 0)
                {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
            Files.write(output, received.events);
            System.exit(received.events.size() >= count ? 0 : 2);
        }
    }
}
