package io.wsnova.codec.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;

/**
 * The RFC 6455 section 4 handshake nonce: the client's {@code Sec-WebSocket-Key} and the server's
 * {@code Sec-WebSocket-Accept} derived from it.
 * <p>
 * Control plane only (once per connect): these methods allocate. Stateless and thread-safe.
 */
public final class HandshakeKeys
{
    /** Number of random bytes in a {@code Sec-WebSocket-Key} before base64 encoding. */
    public static final int KEY_NONCE_LENGTH = 16;
    /** Length in characters of a base64 encoded {@code Sec-WebSocket-Key}. */
    public static final int KEY_LENGTH = 24;
    /** Length in characters of a base64 encoded {@code Sec-WebSocket-Accept} (a 20-byte SHA-1 digest). */
    public static final int ACCEPT_LENGTH = 28;

    private static final byte[] ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
        .getBytes(StandardCharsets.US_ASCII);

    private HandshakeKeys()
    {
    }

    /**
     * Generate a fresh {@code Sec-WebSocket-Key}: the base64 encoding of 16 random bytes.
     * <p>
     * RFC 6455 asks for a nonce "randomly selected"; it is not a secret, so the caller chooses the source
     * ({@link java.security.SecureRandom} by default in the engine, a seeded {@link Random} in tests).
     *
     * @param random source of the 16 nonce bytes; called once.
     * @return a 24-character base64 string.
     * @throws NullPointerException if {@code random} is null.
     */
    public static String generateKey(final Random random)
    {
        final byte[] nonce = new byte[KEY_NONCE_LENGTH];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Compute the {@code Sec-WebSocket-Accept} value a server must return for a given key:
     * base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
     *
     * @param secWebSocketKey the key exactly as sent in the request (US-ASCII).
     * @return the 28-character base64 accept value.
     * @throws IllegalArgumentException if the key is null or not US-ASCII.
     */
    public static String acceptKey(final String secWebSocketKey)
    {
        if (null == secWebSocketKey)
        {
            throw new IllegalArgumentException("Sec-WebSocket-Key is null");
        }

        final int keyLength = secWebSocketKey.length();
        final byte[] input = new byte[keyLength + ACCEPT_GUID.length];
        for (int i = 0; i < keyLength; i++)
        {
            final char c = secWebSocketKey.charAt(i);
            if (c > 0x7F)
            {
                throw new IllegalArgumentException("Sec-WebSocket-Key is not US-ASCII");
            }
            input[i] = (byte) c;
        }
        System.arraycopy(ACCEPT_GUID, 0, input, keyLength, ACCEPT_GUID.length);

        return Base64.getEncoder().encodeToString(sha1().digest(input));
    }

    /**
     * Whether a string is a well-formed {@code Sec-WebSocket-Key}: 24 characters of standard base64 that decode
     * to exactly 16 bytes.
     *
     * @param secWebSocketKey the candidate key, may be null.
     * @return true if the key is well-formed.
     */
    public static boolean isValidKey(final String secWebSocketKey)
    {
        if (null == secWebSocketKey || secWebSocketKey.length() != KEY_LENGTH)
        {
            return false;
        }

        // 16 bytes encode to 22 significant characters and "==" padding. The last significant character carries
        // only 2 bits, so its low 4 bits must be zero for the encoding to be canonical.
        for (int i = 0; i < 22; i++)
        {
            if (base64Value(secWebSocketKey.charAt(i)) < 0)
            {
                return false;
            }
        }

        return (base64Value(secWebSocketKey.charAt(21)) & 0x0F) == 0 &&
            secWebSocketKey.charAt(22) == '=' &&
            secWebSocketKey.charAt(23) == '=';
    }

    private static int base64Value(final char c)
    {
        if (c >= 'A' && c <= 'Z')
        {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z')
        {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9')
        {
            return c - '0' + 52;
        }
        if (c == '+')
        {
            return 62;
        }
        if (c == '/')
        {
            return 63;
        }

        return -1;
    }

    private static MessageDigest sha1()
    {
        try
        {
            return MessageDigest.getInstance("SHA-1");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            // Every Java SE platform must provide SHA-1 (MessageDigest javadoc): this is a broken JRE.
            throw new IllegalStateException("SHA-1 not available", ex);
        }
    }
}
