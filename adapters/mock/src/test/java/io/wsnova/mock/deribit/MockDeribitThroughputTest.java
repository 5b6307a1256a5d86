package io.wsnova.mock.deribit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures (prints, asserts only loose sanity) what the generator sustains at its top rate on this machine.
 */
@Tag("slow")
class MockDeribitThroughputTest
{
    private static final long WINDOW_MS = 3_000;

    @Test
    void shouldSustainTheTopRateWithoutAnUnboundedBacklog() throws InterruptedException
    {
        try (MockDeribitExchange exchange = MockTestSupport.started(MockTestSupport.config()
            .messagesPerSecond(MockDeribitConfig.MAX_MESSAGES_PER_SECOND).build()))
        {
            final MockClient client = MockClient.open(exchange);
            try
            {
                result(client.call("public/subscribe", "{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"," +
                    "\"book.BTC-PERPETUAL.100ms\",\"trades.ETH-PERPETUAL.100ms\",\"quote.ETH-PERPETUAL\"]}"));
                Thread.sleep(500);
                final MockDeribitStats stats = exchange.stats();
                final long sent = stats.notificationsSent();
                final long skipped = stats.notificationsSkipped();
                final long dropped = stats.eventsDropped();
                final int frames = client.frames.size();
                final long startNs = System.nanoTime();

                Thread.sleep(WINDOW_MS);

                final double seconds = (System.nanoTime() - startNs) / 1e9;
                final long sentPerSecond = (long)((stats.notificationsSent() - sent) / seconds);
                System.out.printf("mock at %,d/s target: sent %,d/s, skipped (slow client) %,d/s, generator " +
                    "dropped %,d/s, client received %,d/s%n", MockDeribitConfig.MAX_MESSAGES_PER_SECOND,
                    sentPerSecond, (long)((stats.notificationsSkipped() - skipped) / seconds),
                    (long)((stats.eventsDropped() - dropped) / seconds),
                    (long)((client.frames.size() - frames) / seconds));
                assertThat(sentPerSecond).isPositive();
                assertThat(client.isOpen()).isTrue();
            }
            finally
            {
                client.closeQuietly();
            }
        }
    }
}
