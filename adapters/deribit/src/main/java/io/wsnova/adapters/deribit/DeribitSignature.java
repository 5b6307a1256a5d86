package io.wsnova.adapters.deribit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deribit {@code client_signature} authentication over WebSocket:
 * {@code signature = lowerHex(HMAC-SHA256(clientSecret, timestamp + "\n" + nonce + "\n" + data))}.
 * <p>
 * Used on the control plane only (once per authentication). The secret never leaves this class in any
 * printable form: {@link #toString()} does not show it.
 */
public final class DeribitSignature
{
    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Mac mac;

    /**
     * Creates a signer for one client secret.
     *
     * @param clientSecret the API client secret.
     * @throws IllegalArgumentException if the secret is empty.
     */
    public DeribitSignature(final String clientSecret)
    {
        if (clientSecret == null || clientSecret.isEmpty())
        {
            throw new IllegalArgumentException("clientSecret: must not be empty");
        }
        try
        {
            mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
        }
        catch (final InvalidKeyException ex)
        {
            throw new IllegalArgumentException("clientSecret: not usable as an HMAC key", ex);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
        }
    }

    /**
     * Signs one authentication request. Not thread-safe: one signer per authenticating thread.
     *
     * @param timestampMs the request timestamp in milliseconds since the epoch (valid for 60 s at Deribit).
     * @param nonce       a random nonce.
     * @param data        optional user data, "" when none.
     * @return the lower-case hex signature.
     */
    public String sign(final long timestampMs, final String nonce, final String data)
    {
        final String stringToSign = timestampMs + "\n" + nonce + "\n" + (data == null ? "" : data);
        final byte[] digest = mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
        final char[] hex = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++)
        {
            hex[i * 2] = HEX[(digest[i] >> 4) & 0xF];
            hex[i * 2 + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    @Override
    public String toString()
    {
        return "DeribitSignature{secret=***}";
    }
}
