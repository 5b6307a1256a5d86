package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.JsonPayload;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Deribit authentication: {@code public/auth} with grant {@code client_credentials} (id and secret sent as is) or
 * {@code client_signature} (an HMAC-SHA256 signature over a fresh timestamp and nonce, see
 * {@link DeribitSignature}; the secret never leaves the process), and refresh with grant {@code refresh_token}.
 * <p>
 * The access token of the last successful authentication is kept for private calls that need it explicitly (a
 * token with the default {@code connection} scope authorises the whole WebSocket, so usually none do). Neither the
 * secret nor any token appears in {@link #toString()}, in exceptions or in logs. One instance per connection;
 * called on the connection's event thread.
 */
public final class DeribitAuthHandler implements AuthHandler
{
    /** The auth request method. */
    public static final String AUTH_METHOD = "public/auth";

    /**
     * How the connection proves who it is.
     */
    public enum Grant
    {
        /** {@code client_credentials}: client id and secret in the request (over TLS). */
        CLIENT_CREDENTIALS,
        /** {@code client_signature}: client id, timestamp, nonce and an HMAC-SHA256 signature. */
        CLIENT_SIGNATURE
    }

    private static final byte[] RESULT = ascii("result");
    private static final byte[] ACCESS_TOKEN = ascii("access_token");
    private static final byte[] REFRESH_TOKEN = ascii("refresh_token");
    private static final byte[] EXPIRES_IN = ascii("expires_in");
    private static final char[] NONCE_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int NONCE_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Grant grant;
    private final LongSupplier clockMs;
    private final Supplier<String> nonces;
    private volatile String accessToken;

    /**
     * Creates a handler for one connection.
     *
     * @param grant the grant used by {@link #authParams}.
     */
    public DeribitAuthHandler(final Grant grant)
    {
        this(grant, System::currentTimeMillis, DeribitAuthHandler::randomNonce);
    }

    DeribitAuthHandler(final Grant grant, final LongSupplier clockMs, final Supplier<String> nonces)
    {
        this.grant = Objects.requireNonNull(grant, "grant");
        this.clockMs = clockMs;
        this.nonces = nonces;
    }

    /**
     * The grant this handler authenticates with.
     *
     * @return the grant.
     */
    public Grant grant()
    {
        return grant;
    }

    /**
     * The access token of the last successful authentication on this connection. Never log it.
     *
     * @return the token, or null before the first success.
     */
    public String accessToken()
    {
        return accessToken;
    }

    @Override
    public String authMethod()
    {
        return AUTH_METHOD;
    }

    @Override
    public JsonPayload authParams(final Credentials credentials)
    {
        final String clientId = credentials.clientId();
        if (grant == Grant.CLIENT_CREDENTIALS)
        {
            final String clientSecret = credentials.clientSecret();
            return encoder -> encoder.startObject()
                .name("grant_type").string("client_credentials")
                .name("client_id").string(clientId)
                .name("client_secret").string(clientSecret)
                .endObject();
        }
        final long timestampMs = clockMs.getAsLong();
        final String nonce = nonces.get();
        final String signature = new DeribitSignature(credentials.clientSecret()).sign(timestampMs, nonce, "");
        return encoder -> encoder.startObject()
            .name("grant_type").string("client_signature")
            .name("client_id").string(clientId)
            .name("timestamp").number(timestampMs)
            .name("nonce").string(nonce)
            .name("data").string("")
            .name("signature").string(signature)
            .endObject();
    }

    /**
     * Reads {@code result.access_token}, {@code result.refresh_token} and {@code result.expires_in} (seconds);
     * an error response is a failure with the venue's code (13004 {@code invalid_credentials}, 13009
     * {@code unauthorized}...).
     *
     * @param response the {@code public/auth} response.
     * @return the result; a success response without an access token is a failure.
     */
    @Override
    public AuthResult onAuthResponse(final Response response)
    {
        if (response.isError())
        {
            return new AuthResult(false, null, 0, response.errorCode(), response.errorMessage());
        }
        final JsonParser parser = response.parse(new JsonParser());
        String access = null;
        String refresh = null;
        long expiresInS = 0;
        if (parser.nextToken() == JsonParser.START_OBJECT)
        {
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(RESULT) && parser.nextToken() == JsonParser.START_OBJECT)
                {
                    while (parser.nextToken() == JsonParser.FIELD_NAME)
                    {
                        if (parser.nameEquals(ACCESS_TOKEN))
                        {
                            access = readString(parser);
                        }
                        else if (parser.nameEquals(REFRESH_TOKEN))
                        {
                            refresh = readString(parser);
                        }
                        else if (parser.nameEquals(EXPIRES_IN))
                        {
                            expiresInS = parser.nextToken() == JsonParser.NUMBER ? parser.readLong() : 0;
                        }
                        else
                        {
                            parser.skipValue();
                        }
                    }
                }
                else
                {
                    parser.skipValue();
                }
            }
        }
        if (access == null || parser.hasError())
        {
            return new AuthResult(false, null, 0, 0, "public/auth result has no access_token");
        }
        accessToken = access;
        return new AuthResult(true, refresh, expiresInS * 1000L, 0, null);
    }

    /**
     * Refreshes with {@code {"grant_type":"refresh_token","refresh_token":...}}.
     *
     * @param previous the result being refreshed.
     * @return the params, or null when the previous result carried no refresh token.
     */
    @Override
    public JsonPayload refreshParams(final AuthResult previous)
    {
        final String refreshToken = previous.refreshToken();
        if (refreshToken == null)
        {
            return null;
        }
        return encoder -> encoder.startObject()
            .name("grant_type").string("refresh_token")
            .name("refresh_token").string(refreshToken)
            .endObject();
    }

    @Override
    public String toString()
    {
        return "DeribitAuthHandler{grant=" + grant + ", accessToken=" + (accessToken == null ? "null" : "***") + "}";
    }

    private static String readString(final JsonParser parser)
    {
        if (parser.nextToken() != JsonParser.STRING)
        {
            parser.skipValue();
            return null;
        }
        final StringBuilder text = new StringBuilder(parser.tokenLength());
        parser.readString(text);
        return text.toString();
    }

    static String randomNonce()
    {
        final char[] nonce = new char[NONCE_LENGTH];
        for (int i = 0; i < NONCE_LENGTH; i++)
        {
            nonce[i] = NONCE_ALPHABET[RANDOM.nextInt(NONCE_ALPHABET.length)];
        }
        return new String(nonce);
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
