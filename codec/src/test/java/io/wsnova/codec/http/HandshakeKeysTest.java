package io.wsnova.codec.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeKeysTest
{
    @Test
    void shouldComputeAcceptKeyWhenGivenRfc6455Section13Vector()
    {
        assertThat(HandshakeKeys.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void shouldGenerateDistinctSixteenByteKeysWhenCalledRepeatedly()
    {
        final long seed = Long.getLong("wsnova.test.seed", System.nanoTime());
        System.out.println("HandshakeKeysTest seed=" + seed);
        final Random random = new Random(seed);
        final Set<String> keys = new HashSet<>();

        for (int i = 0; i < 1000; i++)
        {
            final String key = HandshakeKeys.generateKey(random);
            assertThat(key).hasSize(HandshakeKeys.KEY_LENGTH);
            assertThat(Base64.getDecoder().decode(key)).hasSize(HandshakeKeys.KEY_NONCE_LENGTH);
            assertThat(HandshakeKeys.isValidKey(key)).isTrue();
            assertThat(HandshakeKeys.acceptKey(key)).hasSize(HandshakeKeys.ACCEPT_LENGTH);
            keys.add(key);
        }

        assertThat(keys).hasSize(1000);
    }

    @Test
    void shouldGenerateSameKeyWhenSeedIsSame()
    {
        assertThat(HandshakeKeys.generateKey(new Random(42))).isEqualTo(HandshakeKeys.generateKey(new Random(42)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "dGhlIHNhbXBsZSBub25jZQ=",      // 23 characters
        "dGhlIHNhbXBsZSBub25jZQ===",    // 25 characters
        "dGhlIHNhbXBsZSBub25jZQAA",     // no padding: 18 bytes
        "dGhlIHNhbXBsZSBub25jZR==",     // non-canonical last character
        "dGhlIHNhbXBsZSBub25jZ-==",     // URL-safe alphabet
        "dGhlIHNhbXBsZSBub25j\r\n==",
        "dGhlIHNhbXBsZSBub25jZQ=A"})
    void shouldRejectKeyWhenNotBase64OfSixteenBytes(final String key)
    {
        assertThat(HandshakeKeys.isValidKey(key)).isFalse();
    }

    @Test
    void shouldRejectNullKey()
    {
        assertThat(HandshakeKeys.isValidKey(null)).isFalse();
        assertThatThrownBy(() -> HandshakeKeys.acceptKey(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAcceptKeyWhenKeyIsNotAscii()
    {
        assertThatThrownBy(() -> HandshakeKeys.acceptKey("d\u00e9")).isInstanceOf(IllegalArgumentException.class);
    }
}
