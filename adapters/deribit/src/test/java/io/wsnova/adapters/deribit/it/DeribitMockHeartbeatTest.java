package io.wsnova.adapters.deribit.it;

import io.wsnova.mock.deribit.MockDeribitStats;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.SIX_CHANNELS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deribit's {@code test_request} heartbeats answered while the exchange streams at 50,000 messages a second: the
 * answer must not wait behind market data, or the venue closes the connection.
 */
@Timeout(90)
class DeribitMockHeartbeatTest
{
    private static final int MESSAGES_PER_SECOND = 50_000;
    /**
     * Ten times stricter than Deribit's shortest interval (10 s). On the shared 2-core build machine the stream can
     * outrun the client, and a heartbeat then waits behind whatever is queued ahead of it: with 500 ms about one run
     * in three timed out there, with 1 s none did.
     */
    private static final long HEARTBEAT_PERIOD_MS = 1_000L;
    /** Bounds the exchange's queue ahead of a heartbeat: when the client falls behind, notifications are skipped. */
    private static final int MAX_OUTBOUND_FRAMES = 1_024;
    private static final long STREAM_MS = 3_000L;

    private DeribitMockFixture fixture;

    @AfterEach
    void close()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldAnswerEveryHeartbeatWithoutADisconnectUnderAFiftyThousandMessagesASecondStream() throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config()
            .messagesPerSecond(MESSAGES_PER_SECOND)
            .heartbeatPeriodMs(HEARTBEAT_PERIOD_MS)
            .maxOutboundFrames(MAX_OUTBOUND_FRAMES));
        final Connection connection = fixture.connect();
        DeribitMockFixture.subscribe(connection, SIX_CHANNELS);
        fixture.awaitMessages(SIX_CHANNELS, new long[SIX_CHANNELS.size()], 1);
        final long[] before = fixture.recorder.messagesByChannel(SIX_CHANNELS);
        final long notificationsBefore = fixture.exchange.stats().notificationsSent();
        final long startNs = System.nanoTime();

        DeribitMockFixture.pause(STREAM_MS);

        final long elapsedNs = System.nanoTime() - startNs;
        final MockDeribitStats stats = fixture.exchange.stats();
        final long answered = stats.heartbeatsAnswered();
        final long sent = stats.heartbeatsSent();
        final long[] after = fixture.recorder.messagesByChannel(SIX_CHANNELS);
        System.out.printf("heartbeats under load: %d sent, %d answered, %d timeouts; mock sent %,d notifications " +
            "(%,d skipped, %,d events dropped) in %d ms; client got %s more messages per channel; resyncs %s%n",
            sent, answered, stats.heartbeatTimeouts(), stats.notificationsSent() - notificationsBefore,
            stats.notificationsSkipped(), stats.eventsDropped(), TimeUnit.NANOSECONDS.toMillis(elapsedNs),
            Arrays.toString(delta(before, after)), fixture.recorder.resyncs().size());
        assertThat(sent).as("heartbeats sent").isPositive();
        assertThat(answered).as("heartbeats answered (the last may be in flight)").isBetween(sent - 1, sent);
        assertThat(stats.heartbeatTimeouts()).as("heartbeat timeouts").isZero();
        assertThat(stats.connectionsAccepted()).as("connections accepted").isEqualTo(1);
        assertThat(fixture.recorder.disconnects()).as("disconnects: " + fixture.recorder.events()).isZero();
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
        for (final long more : delta(before, after))
        {
            assertThat(more).as("messages per channel during the stream").isPositive();
        }
    }

    private static long[] delta(final long[] before, final long[] after)
    {
        final long[] delta = new long[before.length];
        for (int i = 0; i < delta.length; i++)
        {
            delta[i] = after[i] - before[i];
        }
        return delta;
    }
}
