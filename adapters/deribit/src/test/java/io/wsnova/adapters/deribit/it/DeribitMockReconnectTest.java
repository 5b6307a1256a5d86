package io.wsnova.adapters.deribit.it;

import io.wsnova.mock.deribit.MockConnectionStats;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.CLIENT_ID;
import static io.wsnova.adapters.deribit.it.DeribitMockFixture.SIX_CHANNELS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection the exchange drops, or that goes silent, comes back authenticated with all its subscriptions, and
 * data flows again.
 */
@Timeout(90)
class DeribitMockReconnectTest
{
    private static final int MESSAGES_PER_SECOND = 1_000;
    /** The mock's heartbeat period in the silence test; the client's idle timeout is four of them. */
    private static final long HEARTBEAT_PERIOD_MS = 250L;
    private static final long IDLE_TIMEOUT_MS = 4 * HEARTBEAT_PERIOD_MS;
    private static final long SILENCE_MS = 2_500L;

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
    void shouldRestoreAuthAndEverySubscriptionWhenTheExchangeDropsTheConnection() throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config().messagesPerSecond(MESSAGES_PER_SECOND));
        final Connection connection = givenAnAuthenticatedConnectionWithSixChannels(fixture.connect());

        assertThat(fixture.exchange.dropConnections()).isEqualTo(1);

        fixture.await("reconnected", () -> fixture.recorder.reconnects() == 1);
        final CloseStatus drop = fixture.recorder.disconnectStatuses().get(0);
        assertThat(drop.reason()).as(drop.toString()).isIn(DisconnectReason.EOF, DisconnectReason.IO_ERROR);
        thenRestoredWithAuthAndSixChannels(connection);
        assertThat(fixture.exchange.stats().authSuccesses()).as("auth on the mock").isEqualTo(2);
        assertThat(fixture.exchange.stats().connectionsAccepted()).isEqualTo(2);
        assertThat(fixture.recorder.disconnects()).isEqualTo(1);
        assertThat(fixture.recorder.reconnectAttempts()).isEqualTo(1);
    }

    @Test
    void shouldDetectASilentExchangeAndRestoreTheConnection() throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config()
            .messagesPerSecond(MESSAGES_PER_SECOND)
            .heartbeatPeriodMs(HEARTBEAT_PERIOD_MS));
        final Connection connection = givenAnAuthenticatedConnectionWithSixChannels(fixture.connect(fixture.adapter(),
            fixture.options().set(Option.IDLE_TIMEOUT_MS, IDLE_TIMEOUT_MS).retryAttempts(20)));
        fixture.await("a heartbeat answered", () -> fixture.exchange.stats().heartbeatsAnswered() >= 1);

        fixture.exchange.silence(SILENCE_MS);

        fixture.await("reconnected after the silence", () -> fixture.recorder.reconnects() >= 1);
        final CloseStatus silent = fixture.recorder.disconnectStatuses().get(0);
        assertThat(silent.reason()).as(silent.toString()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
        assertThat(fixture.exchange.isSilent()).as("restored only once the exchange speaks again").isFalse();
        thenRestoredWithAuthAndSixChannels(connection);
        fixture.await("a heartbeat answered on the new connection", () ->
        {
            final List<MockConnectionStats> open = fixture.exchange.connections();
            return open.size() == 1 && open.get(0).heartbeatsAnswered() >= 1;
        });
        assertThat(fixture.exchange.stats().heartbeatTimeouts()).isZero();
        assertThat(fixture.exchange.stats().connectionsAccepted()).isGreaterThanOrEqualTo(2);
    }

    private Connection givenAnAuthenticatedConnectionWithSixChannels(final Connection connection) throws Exception
    {
        DeribitMockFixture.subscribe(connection, SIX_CHANNELS);
        fixture.awaitMessages(SIX_CHANNELS, new long[SIX_CHANNELS.size()], 1);
        assertThat(connection.isAuthenticated()).isTrue();
        return connection;
    }

    private void thenRestoredWithAuthAndSixChannels(final Connection connection)
    {
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(connection.isAuthenticated()).isTrue();
        for (final String channel : SIX_CHANNELS)
        {
            assertThat(connection.subscription(channel).state()).as(channel).isEqualTo(Subscription.State.CONFIRMED);
        }
        assertThat(connection.activeSubscriptions()).hasSize(SIX_CHANNELS.size());
        fixture.await("the mock's one open connection authenticated and subscribed to the six channels", () ->
        {
            final List<MockConnectionStats> open = fixture.exchange.connections();
            return open.size() == 1 && CLIENT_ID.equals(open.get(0).clientId()) &&
                open.get(0).subscriptions().equals(Set.copyOf(SIX_CHANNELS));
        });
        fixture.awaitMessages(SIX_CHANNELS, fixture.recorder.messagesByChannel(SIX_CHANNELS), 3);
    }
}
