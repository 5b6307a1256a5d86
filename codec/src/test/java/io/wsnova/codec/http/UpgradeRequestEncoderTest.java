package io.wsnova.codec.http;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpgradeRequestEncoderTest
{
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String SECRET = "s3cr3t-T0k3n";

    @Test
    void shouldEncodeMinimalRequestWhenNoSubprotocolsOrExtraHeaders()
    {
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder("server.example.com", "/chat", KEY, null, null);

        assertThat(encode(encoder, 0)).isEqualTo(
            "GET /chat HTTP/1.1\r\n" +
            "Host: server.example.com\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            "\r\n");
    }

    @Test
    void shouldEncodeSubprotocolsAndExtraHeadersInOrderWhenGiven()
    {
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder(
            "[::1]:8443",
            "/ws/api/v2?token=abc%20def&x=1",
            KEY,
            List.of("chat", "superchat"),
            List.of(
                Map.entry("Origin", "http://example.com"),
                Map.entry("Authorization", "Bearer " + SECRET),
                Map.entry("X-Empty", ""),
                Map.entry("X-Dup", "1"),
                Map.entry("x-dup", "2")));

        assertThat(encode(encoder, 7)).isEqualTo(
            "GET /ws/api/v2?token=abc%20def&x=1 HTTP/1.1\r\n" +
            "Host: [::1]:8443\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            "Sec-WebSocket-Protocol: chat, superchat\r\n" +
            "Origin: http://example.com\r\n" +
            "Authorization: Bearer s3cr3t-T0k3n\r\n" +
            "X-Empty: \r\n" +
            "X-Dup: 1\r\n" +
            "x-dup: 2\r\n" +
            "\r\n");
        assertThat(encoder.subprotocols()).containsExactly("chat", "superchat");
        assertThat(encoder.secWebSocketKey()).isEqualTo(KEY);
    }

    @Test
    void shouldEncodeSameBytesWhenCalledTwice()
    {
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder("h", "/", KEY, List.of("a"), List.of());

        assertThat(encode(encoder, 0)).isEqualTo(encode(encoder, 3));
    }

    @Test
    void shouldGrowExpandableBufferWhenRequestDoesNotFit()
    {
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder("h", "/", KEY, null, null);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);

        assertThat(encoder.encode(buffer, 4)).isEqualTo(encoder.encodedLength());
        assertThat(buffer.getStringWithoutLengthAscii(4, encoder.encodedLength())).startsWith("GET / HTTP/1.1\r\n");
    }

    @Test
    void shouldThrowWhenFixedBufferIsTooSmall()
    {
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder("h", "/", KEY, null, null);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[encoder.encodedLength()]);

        assertThat(encoder.encode(buffer, 0)).isEqualTo(encoder.encodedLength());
        assertThatThrownBy(() -> encoder.encode(buffer, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        SECRET + "\r\nX-Injected: 1",
        SECRET + "\nX-Injected: 1",
        SECRET + "\r",
        SECRET + "\u0000",
        SECRET + "\u007f",
        SECRET + "\u0001",
        SECRET + "\u00e9",
        SECRET + "\u2028"})
    void shouldRejectHeaderValueWithoutEchoingItWhenItHasControlOrNonAscii(final String value)
    {
        assertThatThrownBy(() -> encoderWithExtraHeader("Authorization", value))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Authorization")
            .hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "X Space",
        "X-Colon:",
        "Authorization: Bearer " + SECRET,
        "X-Crlf\r\nX-Injected",
        "X-\u00e9",
        "(comment)"})
    void shouldRejectHeaderNameWithoutEchoingItWhenNotAToken(final String name)
    {
        assertThatThrownBy(() -> encoderWithExtraHeader(name, "v"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("extra header 0")
            .hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Host", "host", "UPGRADE", "Connection", "sec-websocket-key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "content-length",
        "Transfer-Encoding"})
    void shouldRejectReservedHeaderWhenGivenAsExtraHeaderInAnyCase(final String name)
    {
        assertThatThrownBy(() -> encoderWithExtraHeader(name, SECRET))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageNotContaining(SECRET)
            .satisfies(ex -> assertThat(ex.getMessage()).containsIgnoringCase(name));
    }

    @Test
    void shouldRejectNullHeaderEntryNameOrValue()
    {
        final List<Map.Entry<String, String>> nullEntry = new ArrayList<>();
        nullEntry.add(null);

        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", "/", KEY, null, nullEntry))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoderWithExtraHeader(null, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoderWithExtraHeader("X-Null", null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("X-Null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "chat superchat", "chat,superchat", "chat\r\nX-Injected: 1", "ch\u00e4t", "a/b"})
    void shouldRejectSubprotocolWhenNotAToken(final String protocol)
    {
        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", "/", KEY, List.of("ok", protocol), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Sec-WebSocket-Protocol entry 1");
    }

    @Test
    void shouldRejectDuplicateOrNullSubprotocol()
    {
        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", "/", KEY, List.of("a", "b", "a"), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("entry 2");
        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", "/", KEY, Arrays.asList("a", null), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("entry 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host name", "host\r\nX-Injected: 1", "host/path", "user@host", "h\u00f6st", "h\u0000"})
    void shouldRejectHostWhenNotHostAndPort(final String host)
    {
        assertThatThrownBy(() -> new UpgradeRequestEncoder(host, "/", KEY, null, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("Host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "chat", "/a b", "/a\r\nX-Injected: 1", "/?q=\u00e9", "/#fragment", "/\t", "*"})
    void shouldRejectResourceWithoutEchoingItWhenNotOriginForm(final String resource)
    {
        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", resource, KEY, null, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("resource");
    }

    @Test
    void shouldRejectNullHostResourceOrKey()
    {
        assertThatThrownBy(() -> new UpgradeRequestEncoder(null, "/", KEY, null, null))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", null, KEY, null, null))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", "/", null, null, null))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectKeyWhenNotSixteenBytesOfBase64()
    {
        assertThatThrownBy(() -> new UpgradeRequestEncoder("h", "/", "c2hvcnQ=", null, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Sec-WebSocket-Key");
    }

    private static UpgradeRequestEncoder encoderWithExtraHeader(final String name, final String value)
    {
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(new AbstractMap.SimpleEntry<>(name, value));
        return new UpgradeRequestEncoder("h", "/", KEY, null, headers);
    }

    private static String encode(final UpgradeRequestEncoder encoder, final int offset)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + encoder.encodedLength()]);
        final int length = encoder.encode(buffer, offset);
        assertThat(length).isEqualTo(encoder.encodedLength());

        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
