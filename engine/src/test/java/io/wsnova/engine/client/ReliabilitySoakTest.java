package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.Await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * About a minute of a sequence-numbered stream on several channels while the server drops the connection at random
 * moments (FIN without a close frame, or a 1012/1013 close). At the end every subscription is active again, nothing
 * was duplicated, and the sequence numbers the client saw skipped are exactly the ones the server generated while
 * the client was not subscribed.
 */
@Tag("slow")
@Timeout(180)
class ReliabilitySoakTest
{
    private static final long WAIT_MS = 10_000;

    private static final long SEED = Long.getLong("wsnova.soak.seed", System.nanoTime());
    private static final long DURATION_MS = Long.getLong("wsnova.soak.durationMs", 60_000L);
    private static final int CHANNEL_COUNT = 8;
    private static final int RATE_PER_CHANNEL = 250;

    @Test
    void shouldRestoreEverythingAndAccountForEveryMissedSequenceNumberAcrossRandomDrops() throws Exception
    {
        System.out.println("soak seed " + SEED + " (rerun with -Dwsnova.soak.seed=" + SEED + ")");
        final List<String> channels = new ArrayList<>();
        for (int i = 0; i < CHANNEL_COUNT; i++)
        {
            channels.add("ch.s" + i);
        }
        final SequenceTracker tracker = new SequenceTracker();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer();
            Connection connection = Nova.connectBlocking(tracker.adapter("ch."), NovaOptions.builder()
                .url(server.url()).connectionHandler(EventLog.registrar(log)).keepalive(500, 1_000)
                .set(Option.RECONNECT_BASE_DELAY_MS, 10L)
                .set(Option.RECONNECT_MAX_DELAY_MS, 500L)
                .set(Option.RECONNECT_JITTER, ReconnectJitter.FULL)
                .set(Option.RECONNECT_RESET_AFTER_MS, 1_000L)
                .build()))
        {
            final FaultServer.Stream stream = server.stream(channels, RATE_PER_CHANNEL, SEED, 2_500);
            for (final String channel : channels)
            {
                connection.subscribe(channel, null).get(10, TimeUnit.SECONDS);
            }
            TimeUnit.MILLISECONDS.sleep(DURATION_MS);

            stream.stopDrops();
            Await.until(() -> connection.status() == ConnectionStatus.CONNECTED &&
                connection.activeSubscriptions().stream().allMatch(s -> s.state() == Subscription.State.CONFIRMED) &&
                connection.activeSubscriptions().size() == CHANNEL_COUNT, WAIT_MS, "everything restored");
            TimeUnit.MILLISECONDS.sleep(500);
            stream.stop();
            Await.until(() -> channels.stream().allMatch(channel ->
                tracker.received(channel) == stream.delivered.get(channel).get()), WAIT_MS,
                    "everything delivered arrives");

            final long drops = stream.drops.get();
            final long reconnects = log.texts().stream().filter("reconnected"::equals).count();
            System.out.printf("soak: %d ms, %d drops, %d reconnects, generated %d, delivered %d, missed %d%n",
                DURATION_MS, drops, reconnects, stream.total(stream.generated), stream.total(stream.delivered),
                stream.total(stream.missed));
            assertThat(drops).as("drops injected").isGreaterThanOrEqualTo(DURATION_MS / 5_000);
            assertThat(reconnects).as("reconnect series (a drop during a restore joins the next)").isBetween(1L, drops);
            for (final String channel : channels)
            {
                final SequenceTracker.Counts counts = tracker.byChannel.get(channel);
                assertThat(counts.duplicates).as(channel + " duplicates").isZero();
                assertThat(counts.last).as(channel + " last seq").isEqualTo(stream.generated.get(channel).get());
                assertThat(counts.received).as(channel + " received").isEqualTo(stream.delivered.get(channel).get());
                assertThat(counts.skipped).as(channel + " missed while disconnected")
                    .isEqualTo(stream.missed.get(channel).get());
                assertThat(connection.subscription(channel).state()).isEqualTo(Subscription.State.CONFIRMED);
            }
            assertThat(connection.faultCounters().malformedMessages().get()).isZero();
        }
    }
}
