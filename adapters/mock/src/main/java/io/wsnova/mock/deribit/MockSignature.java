package io.wsnova.mock.deribit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mock's own computation of Deribit's {@code client_signature} grant signature: lower-case hex of
 * HMAC-SHA256(client secret, {@code timestamp + "\n" + nonce + "\n" + data}) (the venue's documented
 * formula). Written independently of the adapter's signer on purpose, so that a test of the adapter against the
 * mock checks one implementation against another rather than against itself.
 */
public final class MockSignature
{
    private MockSignature()
    {
    }

    /**
     * Computes the signature Deribit expects.
     *
     * @param secret      the client secret.
     * @param timestampMs the request timestamp in milliseconds since the epoch.
     * @param nonce       the request nonce.
     * @param data        the optional user data, "" when none.
     * @return the lower-case hex signature.
     */
    public static String sign(final String secret, final long timestampMs, final String nonce, final String data)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            final String text = timestampMs + "\n" + nonce + "\n" + data;
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
        }
    }
}
