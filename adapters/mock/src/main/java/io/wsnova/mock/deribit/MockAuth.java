package io.wsnova.mock.deribit;


import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code public/auth} with the three grants, and the tokens it issued. Tokens look like the venue's
 * ({@code <ms>.<8 chars>.<64 chars>}), are random per grant and live until the exchange is closed (access tokens
 * authorise for {@link MockDeribitConfig#tokenLifetimeMs()}). Any request thread may call.
 */
final class MockAuth
{
    private static final char[] TOKEN_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private record Grant(String clientId, long expiresAtMs)
    {
    }

    private final MockDeribitConfig config;
    private final MockDeribitStats stats;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Grant> grantByAccessTokenMap = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> clientIdByRefreshTokenMap = new ConcurrentHashMap<>();

    MockAuth(final MockDeribitConfig config, final MockDeribitStats stats)
    {
        this.config = config;
        this.stats = stats;
    }

    void auth(final MockSession session, final Map<?, ?> params, final MockReply reply, final long nowMs)
    {
        final Object grantType = params.get("grant_type");
        if (!(grantType instanceof String grant))
        {
            reply.invalidParams("must be a string", "grant_type");
            return;
        }
        final String clientId;
        switch (grant)
        {
            case "client_credentials" -> clientId = credentials(params, reply);
            case "client_signature" -> clientId = signature(params, reply, nowMs);
            case "refresh_token" -> clientId = refresh(params, reply);
            default ->
            {
                reply.invalidParams("invalid value", "grant_type");
                return;
            }
        }
        if (clientId == null)
        {
            stats.authFailures.incrementAndGet();
            return;
        }
        final String accessToken = token(nowMs);
        final String refreshToken = token(nowMs);
        grantByAccessTokenMap.put(accessToken, new Grant(clientId, nowMs + config.tokenLifetimeMs()));
        clientIdByRefreshTokenMap.put(refreshToken, clientId);
        session.clientId = clientId;
        session.authExpiresAtMs = nowMs + config.tokenLifetimeMs();
        stats.authSuccesses.incrementAndGet();
        reply.result("{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + config.expiresInS() +
            ",\"refresh_token\":\"" + refreshToken + "\",\"scope\":\"connection mainaccount\"," +
            "\"enabled_features\":[],\"token_type\":\"bearer\"}");
    }

    /**
     * The client id an access token was issued to, if the token is known and not expired.
     *
     * @return the client id or null.
     */
    String clientIdOf(final Object accessToken, final long nowMs)
    {
        if (!(accessToken instanceof String token))
        {
            return null;
        }
        final Grant grant = grantByAccessTokenMap.get(token);
        return grant == null || nowMs >= grant.expiresAtMs() ? null : grant.clientId();
    }

    private String credentials(final Map<?, ?> params, final MockReply reply)
    {
        if (!(params.get("client_id") instanceof String clientId))
        {
            reply.invalidParams("must be a string", "client_id");
            return null;
        }
        if (!(params.get("client_secret") instanceof String secret))
        {
            reply.invalidParams("must be a string", "client_secret");
            return null;
        }
        final String expected = config.secretByClientIdMap().get(clientId);
        if (expected == null || !constantTimeEquals(expected, secret))
        {
            reply.error(MockErrors.INVALID_CREDENTIALS, "invalid_credentials");
            return null;
        }
        return clientId;
    }

    private String signature(final Map<?, ?> params, final MockReply reply, final long nowMs)
    {
        if (!(params.get("client_id") instanceof String clientId))
        {
            reply.invalidParams("must be a string", "client_id");
            return null;
        }
        final long timestampMs = integral(params.get("timestamp"));
        if (timestampMs < 0)
        {
            reply.invalidParams("invalid format", "timestamp");
            return null;
        }
        if (!(params.get("signature") instanceof String signature))
        {
            reply.invalidParams("must be a string", "signature");
            return null;
        }
        if (!(params.get("nonce") instanceof String nonce) || nonce.isEmpty())
        {
            reply.invalidParams("invalid format", "nonce");
            return null;
        }
        final Object dataValue = params.get("data");
        final String data = dataValue instanceof String text ? text : "";
        final String secret = config.secretByClientIdMap().get(clientId);
        if (secret == null ||
            Math.abs(nowMs - timestampMs) > config.signatureWindowMs() ||
            !constantTimeEquals(MockSignature.sign(secret, timestampMs, nonce, data), signature))
        {
            reply.error(MockErrors.INVALID_CREDENTIALS, "invalid_credentials");
            return null;
        }
        return clientId;
    }

    private String refresh(final Map<?, ?> params, final MockReply reply)
    {
        if (!(params.get("refresh_token") instanceof String refreshToken))
        {
            reply.invalidParams("must be a string", "refresh_token");
            return null;
        }
        final String clientId = clientIdByRefreshTokenMap.get(refreshToken);
        if (clientId == null)
        {
            reply.error(MockErrors.UNAUTHORIZED, "unauthorized");
            return null;
        }
        return clientId;
    }

    /**
     * A non-negative integral JSON number as a long, or -1.
     */
    static long integral(final Object value)
    {
        if (!(value instanceof BigDecimal number) || number.signum() < 0 ||
            number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
        {
            return -1;
        }
        final BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() > 0 ? -1 : stripped.longValue();
    }

    private String token(final long nowMs)
    {
        final StringBuilder token = new StringBuilder(96).append(nowMs).append('.');
        appendRandom(token, 8).append('.');
        return appendRandom(token, 64).toString();
    }

    private StringBuilder appendRandom(final StringBuilder out, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            out.append(TOKEN_CHARS[random.nextInt(TOKEN_CHARS.length)]);
        }
        return out;
    }

    private static boolean constantTimeEquals(final String expected, final String actual)
    {
        return MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
