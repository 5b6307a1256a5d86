package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.JsonPayload;

import io.wsnova.engine.api.Response;

/**
 * The venue's authentication protocol: the auth request, the meaning of its response (success, token, expiry,
 * error), and when and how to refresh the token before it expires. The engine sends, times and repeats it (after
 * every reconnect of an authenticated connection).
 * Secrets pass through {@link #authParams} into the send buffer only; implementations must never log them.
 */
public interface AuthHandler
{
    /**
     * Outcome of an authentication.
     *
     * @param success      whether the venue accepted it.
     * @param refreshToken a token for {@link #refreshParams}, or null.
     * @param expiresInMs  lifetime of the session in ms, or 0 when it does not expire.
     * @param errorCode    the venue's error code when it failed, else 0.
     * @param errorMessage the venue's error message when it failed (never a secret), else null.
     */
    record AuthResult(boolean success, String refreshToken, long expiresInMs, long errorCode, String errorMessage)
    {
        @Override
        public String toString()
        {
            return "AuthResult{success=" + success + ", refreshToken=" + (refreshToken == null ? "null" : "***") +
                ", expiresInMs=" + expiresInMs + ", errorCode=" + errorCode + ", errorMessage=" + errorMessage + "}";
        }
    }

    /**
     * The request method that authenticates.
     *
     * @return the method; the default is {@code "auth"}.
     */
    default String authMethod()
    {
        return "auth";
    }

    /**
     * The params of the auth request. The default sends {@code {"client_id":..,"client_secret":..}}.
     *
     * @param credentials the credentials.
     * @return the params writer.
     */
    default JsonPayload authParams(final Credentials credentials)
    {
        return encoder -> encoder.startObject()
            .name("client_id").string(credentials.clientId())
            .name("client_secret").string(credentials.clientSecret())
            .endObject();
    }

    /**
     * Interprets the auth response. The default: success unless the response is an error.
     *
     * @param response the response.
     * @return the result.
     */
    default AuthResult onAuthResponse(final Response response)
    {
        return response.isError() ?
            new AuthResult(false, null, 0, response.errorCode(), response.errorMessage()) :
            new AuthResult(true, null, 0, 0, null);
    }

    /**
     * How long before expiry to refresh.
     *
     * @return milliseconds; the default is 60 000.
     */
    default long refreshLeadMs()
    {
        return 60_000;
    }

    /**
     * The params of a refresh request, or null when this venue re-authenticates with credentials instead.
     *
     * @param previous the result being refreshed.
     * @return the params writer or null (the default).
     */
    default JsonPayload refreshParams(final AuthResult previous)
    {
        return null;
    }
}
