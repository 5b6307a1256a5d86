package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.wsnova.mock.deribit.MockTestSupport.CLIENT_ID;
import static io.wsnova.mock.deribit.MockTestSupport.CLIENT_SECRET;
import static io.wsnova.mock.deribit.MockTestSupport.assertError;
import static io.wsnova.mock.deribit.MockTestSupport.number;
import static io.wsnova.mock.deribit.MockTestSupport.path;
import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

class MockDeribitAuthTest
{
    private MockDeribitExchange exchange;
    private MockClient client;

    private void givenExchange(final MockDeribitConfig config) throws InterruptedException
    {
        exchange = MockTestSupport.started(config);
        client = MockClient.open(exchange);
    }

    @AfterEach
    void tearDown()
    {
        if (client != null)
        {
            client.closeQuietly();
        }
        if (exchange != null)
        {
            exchange.close();
        }
    }

    private Map<?, ?> credentials(final String clientId, final String secret) throws InterruptedException
    {
        return client.call("public/auth", "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId +
            "\",\"client_secret\":\"" + secret + "\"}");
    }

    private Map<?, ?> signature(final String clientId, final String secret, final long timestampMs, final String data)
        throws InterruptedException
    {
        final String nonce = "1iqt2wls";
        final String signature = MockSignature.sign(secret, timestampMs, nonce, data);
        return client.call("public/auth", "{\"grant_type\":\"client_signature\",\"client_id\":\"" + clientId +
            "\",\"timestamp\":" + timestampMs + ",\"nonce\":\"" + nonce + "\",\"data\":\"" + data +
            "\",\"signature\":\"" + signature + "\"}");
    }

    private Map<?, ?> refresh(final Object refreshToken) throws InterruptedException
    {
        return client.call("public/auth", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refreshToken +
            "\"}");
    }

    @Test
    void shouldGrantClientCredentialsWithTheVenueResultShape() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).expiresInS(900).build());

        final Object auth = result(credentials(CLIENT_ID, CLIENT_SECRET));

        assertThat((String)path(auth, "access_token")).matches("\\d{13}\\.[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{64}");
        assertThat((String)path(auth, "refresh_token")).matches("\\d{13}\\.[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{64}");
        assertThat(path(auth, "refresh_token")).isNotEqualTo(path(auth, "access_token"));
        assertThat(number(auth, "expires_in")).isEqualTo(900);
        assertThat(path(auth, "scope")).isEqualTo("connection mainaccount");
        assertThat(path(auth, "token_type")).isEqualTo("bearer");
        assertThat(exchange.connections().get(0).clientId()).isEqualTo(CLIENT_ID);
        assertThat(exchange.stats().authSuccesses()).isEqualTo(1);
    }

    @Test
    void shouldIssueNewTokensPerGrant() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());

        final Object first = result(credentials(CLIENT_ID, CLIENT_SECRET));
        final Object second = result(credentials(CLIENT_ID, CLIENT_SECRET));

        assertThat(path(second, "access_token")).isNotEqualTo(path(first, "access_token"));
        assertThat(path(second, "refresh_token")).isNotEqualTo(path(first, "refresh_token"));
    }

    @Test
    void shouldRejectAWrongSecretOrAnUnknownClient() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());

        assertError(credentials(CLIENT_ID, "wrong"), 13004, "invalid_credentials");
        assertError(credentials("nobody", CLIENT_SECRET), 13004, "invalid_credentials");
        assertThat(exchange.connections().get(0).clientId()).isNull();
        assertThat(exchange.stats().authFailures()).isEqualTo(2);
    }

    @Test
    void shouldVerifyTheOfficialSignatureTestVector() throws InterruptedException
    {
        givenExchange(MockDeribitConfig.builder().account("AMANDA", "AMANDASECRECT").messagesPerSecond(0)
            .signatureWindowMs(Long.MAX_VALUE / 4).build());

        final Map<?, ?> response = client.call("public/auth", "{\"grant_type\":\"client_signature\"," +
            "\"client_id\":\"AMANDA\",\"timestamp\":1576074319000,\"nonce\":\"1iqt2wls\",\"data\":\"\"," +
            "\"signature\":\"56590594f97921b09b18f166befe0d1319b198bbcdad7ca73382de2f88fe9aa1\"}");

        assertThat(path(result(response), "token_type")).isEqualTo("bearer");
    }

    @Test
    void shouldGrantAClientSignatureWithData() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());

        assertThat(path(result(signature(CLIENT_ID, CLIENT_SECRET, System.currentTimeMillis(), "some data")),
            "token_type")).isEqualTo("bearer");
    }

    @Test
    void shouldRejectASignatureMadeWithAWrongSecret() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());

        assertError(signature(CLIENT_ID, "wrong-secret", System.currentTimeMillis(), ""), 13004,
            "invalid_credentials");
    }

    @Test
    void shouldRejectASignatureOutsideTheTimestampWindow() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());

        assertError(signature(CLIENT_ID, CLIENT_SECRET, System.currentTimeMillis() - 61_000, ""), 13004,
            "invalid_credentials");
    }

    @Test
    void shouldRejectASignatureWithoutANonce() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());

        final Map<?, ?> response = client.call("public/auth", "{\"grant_type\":\"client_signature\",\"client_id\":\"" +
            CLIENT_ID + "\",\"timestamp\":" + System.currentTimeMillis() + ",\"signature\":\"00\"}");

        assertError(response, -32602, "Invalid params");
        assertThat(path(response, "error", "data")).isEqualTo(Map.of("reason", "invalid format", "param", "nonce"));
    }

    @Test
    void shouldRejectAnUnknownGrantType() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());

        final Map<?, ?> response = client.call("public/auth", "{\"grant_type\":\"password\"}");

        assertError(response, -32602, "Invalid params");
        assertThat(path(response, "error", "data", "param")).isEqualTo("grant_type");
    }

    @Test
    void shouldRefreshWithARefreshTokenAndRejectAnUnknownOne() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());
        final Object first = result(credentials(CLIENT_ID, CLIENT_SECRET));

        final Object refreshed = result(refresh(path(first, "refresh_token")));

        assertThat(path(refreshed, "access_token")).isNotEqualTo(path(first, "access_token"));
        assertError(refresh("1582628593469.unknown"), 13009, "unauthorized");
    }

    @Test
    void shouldRefuseAnExpiredGrantUntilRefreshed() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).expiresInS(1).tokenLifetimeMs(200).build());
        final Object auth = result(credentials(CLIENT_ID, CLIENT_SECRET));
        assertThat(result(client.call("private/cancel_all", "{}"))).isNotNull();

        Thread.sleep(300);

        assertError(client.call("private/cancel_all", "{}"), 13009, "unauthorized");
        result(refresh(path(auth, "refresh_token")));
        assertThat(result(client.call("private/cancel_all", "{}"))).isNotNull();
    }

    @Test
    void shouldAuthoriseAPrivateCallByAnAccessTokenInParams() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());
        final Object auth = result(credentials(CLIENT_ID, CLIENT_SECRET));
        final MockClient other = MockClient.open(exchange);
        try
        {
            assertError(other.call("private/cancel_all", "{}"), 13009, "unauthorized");
            assertThat(number(other.call("private/cancel_all",
                "{\"access_token\":\"" + path(auth, "access_token") + "\"}"), "result")).isZero();
        }
        finally
        {
            other.closeQuietly();
        }
    }

    @Test
    void shouldLogOutAndClose() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).build());
        result(credentials(CLIENT_ID, CLIENT_SECRET));

        client.send("private/logout", "{\"invalidate_token\":true}");

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat(client.closeCode).isEqualTo(1000);
    }
}
