package io.wsnova.codec.http;

import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encoder of the client's HTTP/1.1 WebSocket opening handshake (RFC 6455 section 4.1).
 * <p>
 * Everything is validated and the request bytes are built once, in the constructor; {@link #encode} only copies
 * them, so it may be called again (e.g. to retry on a fresh socket with the same key). The encoded request is:
 * <pre>
 * GET &lt;resource&gt; HTTP/1.1\r\n
 * Host: &lt;hostHeader&gt;\r\n
 * Upgrade: websocket\r\n
 * Connection: Upgrade\r\n
 * Sec-WebSocket-Key: &lt;key&gt;\r\n
 * Sec-WebSocket-Version: 13\r\n
 * [Sec-WebSocket-Protocol: a, b\r\n]          only when subprotocols are offered
 * [Sec-WebSocket-Extensions: offer\r\n]      only when an extension is offered
 * [&lt;name&gt;: &lt;value&gt;\r\n]...                 extra headers, in the order given
 * \r\n
 * </pre>
 * Validation errors are misconfiguration and throw {@link IllegalArgumentException}. The message names the
 * header, never its value: values are often secrets (Authorization, API keys, signed query strings).
 * <p>
 * Immutable after construction and safe to share between threads.
 */
public final class UpgradeRequestEncoder
{
    /** The WebSocket protocol version this client speaks (RFC 6455 section 4.1, item 9). */
    public static final String WEBSOCKET_VERSION = "13";

    /**
     * Header names a caller may not pass as extra headers: the handshake sets them itself, or they would
     * contradict it (a request body, an extension the decoder does not support). Compared ignoring case.
     */
    private static final List<String> RESERVED_HEADER_NAMES = List.of(
        "Host",
        "Upgrade",
        "Connection",
        "Sec-WebSocket-Key",
        "Sec-WebSocket-Version",
        "Sec-WebSocket-Accept",
        "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Protocol",
        "Content-Length",
        "Transfer-Encoding");

    private final String secWebSocketKey;
    private final List<String> subprotocols;
    private final byte[] request;

    /**
     * Validate the handshake parameters and build the request.
     *
     * @param hostHeader      value of the Host header: {@code host} or {@code host:port}; IPv6 literals in
     *                        brackets ({@code [::1]:8443}). Visible US-ASCII, no spaces; IDNs must already be
     *                        in A-label (punycode) form.
     * @param resource        the request-target in origin form: {@code /path[?query]}; visible US-ASCII only,
     *                        anything else percent-encoded by the caller.
     * @param secWebSocketKey the key from {@link HandshakeKeys#generateKey(java.util.Random)}.
     * @param subprotocols    subprotocols offered, in order of preference; RFC 7230 tokens, unique
     *                        (case-sensitive). Null or empty to offer none.
     * @param extraHeaders    further headers (Origin, Authorization, User-Agent...), written in the given order;
     *                        names are tokens, values visible US-ASCII, space or tab. Null or empty for none.
     * @throws IllegalArgumentException if any parameter is invalid; the message names the offending header (or
     *                                  the resource) but never echoes a value.
     */
    public UpgradeRequestEncoder(
        final String hostHeader,
        final String resource,
        final String secWebSocketKey,
        final List<String> subprotocols,
        final List<Map.Entry<String, String>> extraHeaders)
    {
        this(hostHeader, resource, secWebSocketKey, subprotocols, null, extraHeaders);
    }

    /**
     * Validate the handshake parameters and build the request, offering extensions.
     *
     * @param hostHeader      as {@link #UpgradeRequestEncoder(String, String, String, List, List)}.
     * @param resource        as {@link #UpgradeRequestEncoder(String, String, String, List, List)}.
     * @param secWebSocketKey as {@link #UpgradeRequestEncoder(String, String, String, List, List)}.
     * @param subprotocols    as {@link #UpgradeRequestEncoder(String, String, String, List, List)}.
     * @param extensions      the value of {@code Sec-WebSocket-Extensions} (e.g.
     *                        {@code permessage-deflate; client_max_window_bits}), visible US-ASCII, space or tab;
     *                        null or empty to offer none. The caller must be able to handle what it offers.
     * @param extraHeaders    as {@link #UpgradeRequestEncoder(String, String, String, List, List)}.
     * @throws IllegalArgumentException if any parameter is invalid.
     */
    public UpgradeRequestEncoder(
        final String hostHeader,
        final String resource,
        final String secWebSocketKey,
        final List<String> subprotocols,
        final String extensions,
        final List<Map.Entry<String, String>> extraHeaders)
    {
        validateHost(hostHeader);
        validateResource(resource);
        if (!HandshakeKeys.isValidKey(secWebSocketKey))
        {
            throw new IllegalArgumentException("Sec-WebSocket-Key must be base64 of 16 bytes (24 characters)");
        }
        final List<String> protocols = null == subprotocols ? List.of() : List.copyOf(validateSubprotocols(
            subprotocols));

        final StringBuilder sb = new StringBuilder(256)
            .append("GET ").append(resource).append(" HTTP/1.1\r\n")
            .append("Host: ").append(hostHeader).append("\r\n")
            .append("Upgrade: websocket\r\n")
            .append("Connection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: ").append(secWebSocketKey).append("\r\n")
            .append("Sec-WebSocket-Version: ").append(WEBSOCKET_VERSION).append("\r\n");

        if (!protocols.isEmpty())
        {
            sb.append("Sec-WebSocket-Protocol: ").append(String.join(", ", protocols)).append("\r\n");
        }
        if (null != extensions && !extensions.isEmpty())
        {
            validateValue("Sec-WebSocket-Extensions", extensions);
            sb.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
        }

        if (null != extraHeaders)
        {
            for (int i = 0, size = extraHeaders.size(); i < size; i++)
            {
                final Map.Entry<String, String> header = extraHeaders.get(i);
                final String name = null == header ? null : header.getKey();
                final String value = null == header ? null : header.getValue();
                validateExtraHeader(i, name, value);
                sb.append(name).append(": ").append(value).append("\r\n");
            }
        }
        sb.append("\r\n");

        this.secWebSocketKey = secWebSocketKey;
        this.subprotocols = protocols;
        this.request = sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Write the request into a buffer.
     *
     * @param dst    destination; must have {@link #encodedLength()} bytes from offset, unless expandable.
     * @param offset index in dst of the first byte written.
     * @return the number of bytes written, always {@link #encodedLength()}.
     * @throws IndexOutOfBoundsException if a non-expandable dst is too small.
     */
    public int encode(final MutableDirectBuffer dst, final int offset)
    {
        final byte[] request = this.request;
        if (!dst.isExpandable() && (offset < 0 || dst.capacity() - offset < request.length))
        {
            throw new IndexOutOfBoundsException(
                "request needs " + request.length + " bytes at offset " + offset + ", capacity=" + dst.capacity());
        }
        dst.putBytes(offset, request);

        return request.length;
    }

    /**
     * The exact number of bytes {@link #encode} writes.
     *
     * @return the length of the request in bytes.
     */
    public int encodedLength()
    {
        return request.length;
    }

    /**
     * The key sent, to construct the matching {@link UpgradeResponseDecoder}.
     *
     * @return the Sec-WebSocket-Key value.
     */
    public String secWebSocketKey()
    {
        return secWebSocketKey;
    }

    /**
     * The subprotocols offered, to construct the matching {@link UpgradeResponseDecoder}.
     *
     * @return an immutable list, empty if none were offered.
     */
    public List<String> subprotocols()
    {
        return subprotocols;
    }

    private static void validateHost(final String hostHeader)
    {
        if (null == hostHeader || hostHeader.isEmpty())
        {
            throw new IllegalArgumentException("Host is null or empty");
        }
        for (int i = 0, length = hostHeader.length(); i < length; i++)
        {
            final char c = hostHeader.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '/' || c == '?' || c == '#' || c == '@')
            {
                throw new IllegalArgumentException("Host has a character not allowed in host[:port]");
            }
        }
    }

    private static void validateResource(final String resource)
    {
        if (null == resource || resource.isEmpty() || resource.charAt(0) != '/')
        {
            throw new IllegalArgumentException("resource must start with '/'");
        }
        for (int i = 0, length = resource.length(); i < length; i++)
        {
            final char c = resource.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '#')
            {
                throw new IllegalArgumentException(
                    "resource has a character that must be percent-encoded (space, control, non-ASCII or '#')");
            }
        }
    }

    private static List<String> validateSubprotocols(final List<String> subprotocols)
    {
        for (int i = 0, size = subprotocols.size(); i < size; i++)
        {
            final String protocol = subprotocols.get(i);
            if (!HttpGrammar.isToken(protocol))
            {
                throw new IllegalArgumentException("Sec-WebSocket-Protocol entry " + i + " is not an RFC 7230 token");
            }
            if (subprotocols.indexOf(protocol) != i)
            {
                throw new IllegalArgumentException("Sec-WebSocket-Protocol entry " + i + " is a duplicate");
            }
        }

        return subprotocols;
    }

    private static void validateExtraHeader(final int index, final String name, final String value)
    {
        if (!HttpGrammar.isToken(name))
        {
            // The name itself is not echoed: a caller who wrote "Authorization: Bearer ..." as a name would
            // otherwise see the secret in a log.
            throw new IllegalArgumentException(
                "extra header " + index + " has a name that is not an RFC 7230 token (null, empty or bad character)");
        }

        final String lowerName = name.toLowerCase(Locale.ROOT);
        for (int i = 0, size = RESERVED_HEADER_NAMES.size(); i < size; i++)
        {
            final String reserved = RESERVED_HEADER_NAMES.get(i);
            if (reserved.toLowerCase(Locale.ROOT).equals(lowerName))
            {
                throw new IllegalArgumentException(reserved + " is set by the handshake and may not be an extra " +
                    "header" + ("Sec-WebSocket-Protocol".equals(reserved) ? " (pass subprotocols instead)" : ""));
            }
        }

        if (null == value)
        {
            throw new IllegalArgumentException(name + " value is null");
        }
        validateValue(name, value);
    }

    private static void validateValue(final String name, final String value)
    {
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            if (c >= 0x7F || HttpGrammar.isForbiddenControl(c))
            {
                throw new IllegalArgumentException(
                    name + " value has a character that is not visible US-ASCII, space or tab (CR, LF, NUL...)");
            }
        }
    }
}
