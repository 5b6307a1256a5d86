package io.wsnova.adapters.deribit.it;

import io.wsnova.engine.Nova;
import io.wsnova.adapters.deribit.DeribitAuthHandler;
import io.wsnova.adapters.deribit.DeribitError;
import io.wsnova.mock.deribit.MockConnectionStats;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.CLIENT_ID;
import static io.wsnova.adapters.deribit.it.DeribitMockFixture.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Authentication of the real client against the mock exchange, both grants: the right secret authenticates the
 * connection, a wrong one fails the connect with a typed {@code 13004} once, without a reconnect loop and without
 * the secret showing anywhere.
 */
@Timeout(60)
class DeribitMockAuthTest
{
    /** How long the absence of a reconnect loop is watched. */
    private static final long NO_LOOP_WATCH_MS = 2_000L;

    private DeribitMockFixture fixture;

    @AfterEach
    void close()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @ParameterizedTest
    @EnumSource(DeribitAuthHandler.Grant.class)
    void shouldAuthenticateWhenTheSecretIsRight(final DeribitAuthHandler.Grant grant) throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config().messagesPerSecond(0));

        final Connection connection = fixture.connect(fixture.adapter().grant(grant), fixture.options());

        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(fixture.exchange.stats().authSuccesses()).isEqualTo(1);
        assertThat(fixture.exchange.stats().authFailures()).isZero();
        final List<MockConnectionStats> seen = fixture.exchange.connections();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).clientId()).isEqualTo(CLIENT_ID);
        fixture.thenNoSecretIn(CLIENT_SECRET, connection, Nova.options(connection),
            fixture.adapter().grant(grant).build());
    }

    @ParameterizedTest
    @EnumSource(DeribitAuthHandler.Grant.class)
    void shouldFailWithInvalidCredentialsOnceAndNeverReconnectWhenTheSecretIsWrong(
        final DeribitAuthHandler.Grant grant) throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config().messagesPerSecond(0));
        final String wrongSecret = "wrong-" + CLIENT_SECRET;

        final CompletableFuture<Connection> connect = fixture.connectAsync(fixture.adapter().grant(grant),
            fixture.options().credentials(new Credentials(CLIENT_ID, wrongSecret)));
        final Throwable failure = catchThrowable(() -> connect.get(DeribitMockFixture.WAIT_MS, TimeUnit.MILLISECONDS));

        thenTheConnectFailedWithInvalidCredentials(failure);
        final Connection connection = fixture.recorder.connection();
        assertThat(connection).as("the connection seen by onConnected").isNotNull();
        connection.closeFuture().get(DeribitMockFixture.WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
        assertThat(connection.isAuthenticated()).isFalse();

        DeribitMockFixture.pause(NO_LOOP_WATCH_MS);
        assertThat(fixture.exchange.stats().connectionsAccepted()).as("connections accepted").isEqualTo(1);
        assertThat(fixture.exchange.stats().authFailures()).isEqualTo(1);
        assertThat(fixture.exchange.stats().authSuccesses()).isZero();
        assertThat(fixture.recorder.reconnectAttempts()).isZero();
        assertThat(fixture.recorder.closes()).isEqualTo(1);
        fixture.thenNoSecretIn(wrongSecret, Recorder.describe(failure), connection, Nova.options(connection),
            connection.closeFuture().join(), DeribitError.of(failure));
    }

    private static void thenTheConnectFailedWithInvalidCredentials(final Throwable failure)
    {
        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOfSatisfying(RequestException.class, refused ->
        {
            assertThat(refused.kind()).isEqualTo(RequestException.Kind.AUTH_FAILED);
            assertThat(refused.errorCode()).isEqualTo(DeribitError.INVALID_CREDENTIALS.code());
            assertThat(refused.getMessage()).contains("invalid_credentials");
        });
        assertThat(DeribitError.of(failure)).isEqualTo(DeribitError.INVALID_CREDENTIALS);
    }
}
