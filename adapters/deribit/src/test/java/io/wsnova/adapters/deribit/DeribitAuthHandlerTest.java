package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.JsonPayload;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeribitAuthHandlerTest
{
    private static final String ACCESS_TOKEN = "1582628593469.1MbQ-J_4.CBP-OqOwm_FBdMYj4cRK2dMXyHPfBtXGpzLxhWg31nHu3H";
    private static final String REFRESH_TOKEN = "1582628593469.1GP4rQd0.A9Wa78o5kFRIUP49mScaD1CqHgiK50HOl2VA6kCtWa8BQ";
    private static final String AUTH_RESULT = "{\"jsonrpc\":\"2.0\",\"id\":9929,\"result\":{\"access_token\":\"" +
        ACCESS_TOKEN + "\",\"expires_in\":31536000,\"refresh_token\":\"" + REFRESH_TOKEN + "\"," +
        "\"scope\":\"connection mainaccount\",\"enabled_features\":[],\"token_type\":\"bearer\"}}";

    @Test
    void shouldSignTheOfficialTestVector()
    {
        final DeribitAuthHandler handler = new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_SIGNATURE,
            () -> 1576074319000L, () -> "1iqt2wls");

        final String params = json(handler.authParams(new Credentials("AMANDA", "AMANDASECRECT")));

        assertThat(handler.authMethod()).isEqualTo("public/auth");
        assertThat(params).isEqualTo("{\"grant_type\":\"client_signature\",\"client_id\":\"AMANDA\"," +
            "\"timestamp\":1576074319000,\"nonce\":\"1iqt2wls\",\"data\":\"\"," +
            "\"signature\":\"56590594f97921b09b18f166befe0d1319b198bbcdad7ca73382de2f88fe9aa1\"}");
    }

    @Test
    void shouldSendClientCredentialsAsTheOfficialExample()
    {
        final DeribitAuthHandler handler = new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_CREDENTIALS);

        final String params = json(handler.authParams(new Credentials("fo7WAPRm4P",
            "W0H6FJW4IRPZ1MOQ8FP6KMC5RZDUUKXS")));

        assertThat(params).isEqualTo("{\"grant_type\":\"client_credentials\",\"client_id\":\"fo7WAPRm4P\"," +
            "\"client_secret\":\"W0H6FJW4IRPZ1MOQ8FP6KMC5RZDUUKXS\"}");
    }

    @Test
    void shouldReadTokensAndExpiryAndRefreshWithTheRefreshToken()
    {
        final DeribitAuthHandler handler = new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_SIGNATURE);

        final AuthHandler.AuthResult result = handler.onAuthResponse(response(AUTH_RESULT));

        assertThat(result.success()).isTrue();
        assertThat(result.refreshToken()).isEqualTo(REFRESH_TOKEN);
        assertThat(result.expiresInMs()).isEqualTo(31_536_000_000L);
        assertThat(handler.accessToken()).isEqualTo(ACCESS_TOKEN);
        assertThat(json(handler.refreshParams(result)))
            .isEqualTo("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + REFRESH_TOKEN + "\"}");
        assertThat(result.toString() + handler).doesNotContain(ACCESS_TOKEN).doesNotContain(REFRESH_TOKEN);
    }

    @Test
    void shouldFailWithTheVenueCodeWhenRefused()
    {
        final DeribitAuthHandler handler = new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_CREDENTIALS);

        final AuthHandler.AuthResult result = handler.onAuthResponse(response("{\"jsonrpc\":\"2.0\",\"id\":1," +
            "\"error\":{\"message\":\"invalid_credentials\",\"code\":13004},\"usIn\":1,\"testnet\":true}"));

        assertThat(result.success()).isFalse();
        assertThat(result.errorCode()).isEqualTo(13004);
        assertThat(result.errorMessage()).isEqualTo("invalid_credentials");
        assertThat(handler.accessToken()).isNull();
        assertThat(handler.refreshParams(result)).isNull();
    }

    @Test
    void shouldFailWhenASuccessCarriesNoAccessToken()
    {
        final DeribitAuthHandler handler = new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_CREDENTIALS);

        final AuthHandler.AuthResult result = handler.onAuthResponse(response("{\"id\":1,\"result\":\"ok\"}"));

        assertThat(result.success()).isFalse();
    }

    @Test
    void shouldMakeSixteenCharacterNonces()
    {
        assertThat(DeribitAuthHandler.randomNonce()).matches("[a-z0-9]{16}")
            .isNotEqualTo(DeribitAuthHandler.randomNonce());
    }

    static String json(final JsonPayload payload)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final JsonEncoder encoder = new JsonEncoder().wrap(buffer, 0);
        payload.writeTo(encoder);
        return buffer.getStringWithoutLengthUtf8(0, encoder.length());
    }

    static Response response(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Response.fromJson(1, new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
