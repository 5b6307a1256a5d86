package io.wsnova.engine.api;

import java.util.Objects;

/**
 * API credentials for a venue. {@link #toString()} never shows the secret; nothing in the engine logs it.
 *
 * @param clientId     the public client id.
 * @param clientSecret the secret.
 */
public record Credentials(String clientId, String clientSecret)
{
    /**
     * Validates presence.
     *
     * @param clientId     the public client id.
     * @param clientSecret the secret.
     */
    public Credentials
    {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public String toString()
    {
        return "Credentials{clientId=" + clientId + ", clientSecret=***}";
    }
}
