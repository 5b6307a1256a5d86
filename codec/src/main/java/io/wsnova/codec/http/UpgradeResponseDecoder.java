package io.wsnova.codec.http;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.wsnova.codec.http.HttpGrammar.CR;
import static io.wsnova.codec.http.HttpGrammar.HTAB;
import static io.wsnova.codec.http.HttpGrammar.LF;
import static io.wsnova.codec.http.HttpGrammar.SP;

/**
 * Decoder and validator of the server's reply to the opening handshake (RFC 6455 section 4.1, client
 * requirements; RFC 9112 message syntax). One instance per connection attempt; not thread-safe: it is driven
 * by the thread that performs the connect.
 * <p>
 * The caller accumulates the bytes read from the socket and passes the whole response so far, always from the
 * same start offset, to {@link #decode}. Bytes already passed must not change between calls. The result is
 * {@link #NEED_MORE_DATA}, the length of the response head (bytes after it are WebSocket frames and belong to the
 * frame decoder), or a negative {@code ERR_*} code. A final result (success or error) is sticky: later calls
 * return it again until {@link #reset(String)}. Waiting for more data allocates nothing and re-scans no byte;
 * the head is parsed into Strings once, when complete.
 * <p>
 * Decisions, stricter than browsers where a hostile server could otherwise smuggle something through:
 * <ul>
 *     <li>Lines end in CRLF only. A bare LF or a bare CR, or any control character other than HTAB, fails at
 *     once with {@link #ERR_MALFORMED}; so does a first line not starting with {@code HTTP/1.}, so a TLS alert or
 *     garbage fails on the first byte rather than on a timeout.</li>
 *     <li>{@code HTTP/1.0} (or any {@code HTTP/1.x}) is accepted for a rejection, so a proxy's 503 is still
 *     reported as {@link #ERR_STATUS} with its status line; a 101 needs {@code HTTP/1.1} or a higher minor
 *     version, since HTTP/1.0 has no Upgrade ({@link #ERR_HTTP_VERSION}).</li>
 *     <li>The reason phrase may be empty, with or without the space before it (RFC 9112 section 4).</li>
 *     <li>Header names are tokens followed directly by ':'. Folded lines (obs-fold) and lines without ':' are
 *     {@link #ERR_MALFORMED}. Values are trimmed of spaces and tabs and decoded as ISO-8859-1.</li>
 *     <li>Upgrade: every element of the field(s) must be "websocket" (ignoring case), at least one (RFC 6455
 *     fails the connection for a value that is not "websocket").</li>
 *     <li>Connection: one element of the field(s) must be "Upgrade" (ignoring case).</li>
 *     <li>Sec-WebSocket-Accept: exactly one field, equal to the expected value (case-sensitive).</li>
 *     <li>Sec-WebSocket-Protocol: absent, or exactly one field with one value the client offered
 *     (case-sensitive).</li>
 *     <li>Sec-WebSocket-Extensions: rejected whenever present unless the client offered extensions; then
 *     accepted here and left to the caller, who must check every field against its offer
 *     ({@link #headerName(int)}, {@link #headerValue(int)}).</li>
 *     <li>Sec-WebSocket-Version, if present in a 101, must be "13"; Content-Length other than 0 and
 *     Transfer-Encoding are malformed in a 101, which has no body.</li>
 * </ul>
 * Diagnostics ({@link #errorMessage()}, {@link #statusLine()}) contain only printable ASCII, are bounded in
 * length and never carry header values other than the status line, Location and subprotocol.
 */
public final class UpgradeResponseDecoder
{
    /** The head is not complete yet: read more and call again with the whole response. */
    public static final int NEED_MORE_DATA = 0;
    /** Not a well-formed HTTP/1.x response head. */
    public static final int ERR_MALFORMED = -1;
    /** No end of head within maxHeaderBytes. */
    public static final int ERR_TOO_LARGE = -2;
    /** A well-formed response whose status is not 101: see {@link #statusCode()}, {@link #location()}. */
    public static final int ERR_STATUS = -3;
    /** A 101 response over HTTP/1.0. */
    public static final int ERR_HTTP_VERSION = -4;
    /** Upgrade header missing or not "websocket". */
    public static final int ERR_UPGRADE_HEADER = -5;
    /** Connection header missing or without "Upgrade". */
    public static final int ERR_CONNECTION_HEADER = -6;
    /** Sec-WebSocket-Accept missing, duplicated or not matching the key sent. */
    public static final int ERR_ACCEPT = -7;
    /** Sec-WebSocket-Protocol not offered, empty, multi-valued or duplicated. */
    public static final int ERR_SUBPROTOCOL = -8;
    /** Sec-WebSocket-Extensions present although the client offered none. */
    public static final int ERR_EXTENSION = -9;
    /** Sec-WebSocket-Version present in a 101 and not "13". */
    public static final int ERR_VERSION = -10;

    /** Smallest accepted maxHeaderBytes: a minimal valid 101 response is about 130 bytes. */
    public static final int MIN_MAX_HEADER_BYTES = 128;
    /** A reasonable maxHeaderBytes for venues behind CDNs that add many headers (cookies, tracing). */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

    private static final byte[] VERSION_PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_STATUS_LINE_LENGTH = "HTTP/1.1 101".length();
    private static final int MAX_DIAGNOSTIC_CHARS = 256;

    private final List<String> offeredSubprotocols;
    private final boolean extensionsOffered;
    private final int maxHeaderBytes;
    private final ArrayList<String> headerNames = new ArrayList<>();
    private final ArrayList<String> headerValues = new ArrayList<>();
    private String expectedAccept;

    private int scannedLength;
    private int result;
    private int statusCode;
    private String statusLine;
    private String location;
    private String subprotocol;
    private String errorMessage;

    /**
     * Create a decoder for the response to one handshake request.
     *
     * @param sentKey             the Sec-WebSocket-Key sent in the request.
     * @param offeredSubprotocols the subprotocols offered in the request; null or empty for none.
     * @param maxHeaderBytes      bound on the response head, CRLF CRLF included; at least
     *                            {@link #MIN_MAX_HEADER_BYTES}.
     * @throws IllegalArgumentException if the key is not a valid Sec-WebSocket-Key, a subprotocol is not a token
     *                                  or maxHeaderBytes is too small.
     */
    public UpgradeResponseDecoder(
        final String sentKey, final List<String> offeredSubprotocols, final int maxHeaderBytes)
    {
        this(sentKey, offeredSubprotocols, false, maxHeaderBytes);
    }

    /**
     * Create a decoder for the response to one handshake request that may have offered extensions.
     *
     * @param sentKey             the Sec-WebSocket-Key sent in the request.
     * @param offeredSubprotocols the subprotocols offered in the request; null or empty for none.
     * @param extensionsOffered   whether the request offered extensions: then Sec-WebSocket-Extensions fields are
     *                            accepted here and the caller validates them against its offer.
     * @param maxHeaderBytes      bound on the response head, CRLF CRLF included; at least
     *                            {@link #MIN_MAX_HEADER_BYTES}.
     * @throws IllegalArgumentException as {@link #UpgradeResponseDecoder(String, List, int)}.
     */
    public UpgradeResponseDecoder(
        final String sentKey,
        final List<String> offeredSubprotocols,
        final boolean extensionsOffered,
        final int maxHeaderBytes)
    {
        if (maxHeaderBytes < MIN_MAX_HEADER_BYTES)
        {
            throw new IllegalArgumentException(
                "maxHeaderBytes=" + maxHeaderBytes + " < " + MIN_MAX_HEADER_BYTES);
        }
        if (null != offeredSubprotocols)
        {
            for (int i = 0, size = offeredSubprotocols.size(); i < size; i++)
            {
                if (!HttpGrammar.isToken(offeredSubprotocols.get(i)))
                {
                    throw new IllegalArgumentException("offered subprotocol " + i + " is not an RFC 7230 token");
                }
            }
        }
        this.offeredSubprotocols = null == offeredSubprotocols ? List.of() : List.copyOf(offeredSubprotocols);
        this.extensionsOffered = extensionsOffered;
        this.maxHeaderBytes = maxHeaderBytes;
        reset(sentKey);
    }

    /**
     * Forget the previous response and expect the reply to a new request (a reconnect with a fresh key).
     *
     * @param sentKey the Sec-WebSocket-Key of the new request.
     * @throws IllegalArgumentException if the key is not a valid Sec-WebSocket-Key.
     */
    public void reset(final String sentKey)
    {
        if (!HandshakeKeys.isValidKey(sentKey))
        {
            throw new IllegalArgumentException("sentKey must be base64 of 16 bytes (24 characters)");
        }
        expectedAccept = HandshakeKeys.acceptKey(sentKey);
        headerNames.clear();
        headerValues.clear();
        scannedLength = 0;
        result = NEED_MORE_DATA;
        statusCode = 0;
        statusLine = null;
        location = null;
        subprotocol = null;
        errorMessage = null;
    }

    /**
     * Decode the response accumulated so far.
     *
     * @param buffer holding the response.
     * @param offset index of the first byte of the response; the same on every call.
     * @param length number of bytes received so far from offset.
     * @return {@link #NEED_MORE_DATA}; the length in bytes of a valid 101 head (status line, headers and the
     * final CRLF), after which the first WebSocket frame starts; or a negative {@code ERR_*} code with
     * {@link #errorMessage()} set.
     * @throws IllegalArgumentException if offset or length is negative.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (NEED_MORE_DATA != result)
        {
            return result;
        }
        if (offset < 0 || length < 0)
        {
            throw new IllegalArgumentException("offset=" + offset + " length=" + length);
        }
        if (length < scannedLength)
        {
            scannedLength = 0;
        }

        final int limit = Math.min(length, maxHeaderBytes);
        final int prefixLength = VERSION_PREFIX.length;
        int headLength = 0;
        for (int i = scannedLength; i < limit; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (i < prefixLength)
            {
                if (b != VERSION_PREFIX[i])
                {
                    return fail(ERR_MALFORMED, "not an HTTP/1.x response");
                }
                continue;
            }

            final boolean afterCr = buffer.getByte(offset + i - 1) == CR;
            if (b == LF)
            {
                if (!afterCr)
                {
                    return fail(ERR_MALFORMED, "bare LF in response head (CRLF required)");
                }
                if (buffer.getByte(offset + i - 2) == LF)
                {
                    headLength = i + 1;
                    break;
                }
            }
            else if (afterCr)
            {
                return fail(ERR_MALFORMED, "bare CR in response head");
            }
            else if (b != CR && HttpGrammar.isForbiddenControl(b & 0xFF))
            {
                return fail(ERR_MALFORMED, "control character in response head");
            }
        }

        if (0 == headLength)
        {
            scannedLength = limit;
            if (length >= maxHeaderBytes)
            {
                return fail(ERR_TOO_LARGE, "response head exceeds maxHeaderBytes=" + maxHeaderBytes);
            }
            return NEED_MORE_DATA;
        }

        return parseHead(buffer, offset, headLength);
    }

    /**
     * The status code of the response.
     *
     * @return the code once the status line is parsed, else 0.
     */
    public int statusCode()
    {
        return statusCode;
    }

    /**
     * The first line of the response, for diagnostics.
     *
     * @return e.g. "HTTP/1.1 503 Service Unavailable", printable ASCII only and at most 259 characters; null
     * until the first line is complete.
     */
    public String statusLine()
    {
        return statusLine;
    }

    /**
     * The redirect target of a 3xx response, for the caller to decide whether to follow it.
     *
     * @return the Location header of a 3xx response if it is visible ASCII without spaces (as a URI must be),
     * else null.
     */
    public String location()
    {
        return location;
    }

    /**
     * The subprotocol the server selected.
     *
     * @return one of the offered subprotocols after a successful decode, or null if the server chose none.
     */
    public String subprotocol()
    {
        return subprotocol;
    }

    /**
     * Case-insensitive lookup of a response header. Available once the head is complete and well-formed: after a
     * positive result or an error other than {@link #ERR_MALFORMED} and {@link #ERR_TOO_LARGE}.
     *
     * @param name header name, any case.
     * @return the value of the first field with that name, trimmed, or null if absent.
     */
    public String header(final String name)
    {
        for (int i = 0, size = headerNames.size(); i < size; i++)
        {
            if (headerNames.get(i).equalsIgnoreCase(name))
            {
                return headerValues.get(i);
            }
        }

        return null;
    }

    /**
     * Number of header fields in the response, in wire order, duplicates included.
     *
     * @return the count; 0 before the head is complete and well-formed.
     */
    public int headerCount()
    {
        return headerNames.size();
    }

    /**
     * Name of a header field as received.
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the field name.
     * @throws IndexOutOfBoundsException if index is out of range.
     */
    public String headerName(final int index)
    {
        return headerNames.get(index);
    }

    /**
     * Value of a header field, trimmed, decoded as ISO-8859-1. May be a secret (Set-Cookie): do not log it.
     *
     * @param index 0 to {@link #headerCount()} - 1.
     * @return the field value.
     * @throws IndexOutOfBoundsException if index is out of range.
     */
    public String headerValue(final int index)
    {
        return headerValues.get(index);
    }

    /**
     * Human-readable reason of the last error, safe to log.
     *
     * @return e.g. "handshake rejected: HTTP/1.1 503 Service Unavailable"; null unless decode returned an error.
     */
    public String errorMessage()
    {
        return errorMessage;
    }

    /**
     * Name of a result code, for logs and metrics labels.
     *
     * @param code a result of {@link #decode}.
     * @return the constant's name, "OK" for a positive head length, or "UNKNOWN".
     */
    public static String errorName(final int code)
    {
        return switch (code)
        {
            case NEED_MORE_DATA -> "NEED_MORE_DATA";
            case ERR_MALFORMED -> "ERR_MALFORMED";
            case ERR_TOO_LARGE -> "ERR_TOO_LARGE";
            case ERR_STATUS -> "ERR_STATUS";
            case ERR_HTTP_VERSION -> "ERR_HTTP_VERSION";
            case ERR_UPGRADE_HEADER -> "ERR_UPGRADE_HEADER";
            case ERR_CONNECTION_HEADER -> "ERR_CONNECTION_HEADER";
            case ERR_ACCEPT -> "ERR_ACCEPT";
            case ERR_SUBPROTOCOL -> "ERR_SUBPROTOCOL";
            case ERR_EXTENSION -> "ERR_EXTENSION";
            case ERR_VERSION -> "ERR_VERSION";
            default -> code > 0 ? "OK" : "UNKNOWN";
        };
    }

    private int parseHead(final DirectBuffer buffer, final int offset, final int headLength)
    {
        // The scanner guarantees: the head starts with "HTTP/1.", every CR is followed by LF and vice versa,
        // no control other than HTAB, and it ends with the empty line CRLF CRLF.
        final int end = offset + headLength - 2;
        int lineEnd = indexOfCr(buffer, offset);
        statusLine = HttpGrammar.sanitize(latin1(buffer, offset, lineEnd - offset), MAX_DIAGNOSTIC_CHARS);
        final int versionMinor = parseStatusLine(buffer, offset, lineEnd);
        if (versionMinor < 0)
        {
            return fail(ERR_MALFORMED, "malformed status line: " + statusLine);
        }

        int headerIndex = 0;
        for (int lineStart = lineEnd + 2; lineStart < end; lineStart = lineEnd + 2, headerIndex++)
        {
            lineEnd = indexOfCr(buffer, lineStart);
            final byte first = buffer.getByte(lineStart);
            if (first == SP || first == HTAB)
            {
                return failMalformedHeaders("folded header line (obs-fold) at header " + headerIndex);
            }

            int colon = lineStart;
            while (colon < lineEnd && HttpGrammar.isTchar(buffer.getByte(colon)))
            {
                colon++;
            }
            if (colon == lineStart || colon == lineEnd || buffer.getByte(colon) != ':')
            {
                return failMalformedHeaders("header " + headerIndex + " has no ':' or an invalid name");
            }

            int valueStart = colon + 1;
            int valueEnd = lineEnd;
            while (valueStart < valueEnd && isOws(buffer.getByte(valueStart)))
            {
                valueStart++;
            }
            while (valueEnd > valueStart && isOws(buffer.getByte(valueEnd - 1)))
            {
                valueEnd--;
            }
            headerNames.add(buffer.getStringWithoutLengthAscii(lineStart, colon - lineStart));
            headerValues.add(latin1(buffer, valueStart, valueEnd - valueStart));
        }

        if (101 != statusCode)
        {
            if (statusCode >= 300 && statusCode < 400)
            {
                location = uriOrNull(header("Location"));
            }
            return fail(ERR_STATUS, "handshake rejected: " + statusLine + (null == location ? "" :
                ", Location: " + HttpGrammar.sanitize(location, MAX_DIAGNOSTIC_CHARS)));
        }

        if (versionMinor < 1)
        {
            return fail(ERR_HTTP_VERSION, "101 Switching Protocols over HTTP/1.0");
        }

        final int verdict = validateUpgrade(headLength);
        if (verdict < 0)
        {
            subprotocol = null;
        }

        return verdict;
    }

    private int validateUpgrade(final int headLength)
    {
        int websocketCount = 0;
        boolean connectionUpgrade = false;
        int acceptCount = 0;
        String accept = null;
        int protocolCount = 0;
        for (int i = 0, size = headerNames.size(); i < size; i++)
        {
            final String name = headerNames.get(i);
            final String value = headerValues.get(i);
            if ("Upgrade".equalsIgnoreCase(name))
            {
                for (final String element : value.split(",", -1))
                {
                    final String protocol = trimOws(element);
                    if ("websocket".equalsIgnoreCase(protocol))
                    {
                        websocketCount++;
                    }
                    else if (!protocol.isEmpty())
                    {
                        return fail(ERR_UPGRADE_HEADER, "Upgrade header names a protocol other than websocket");
                    }
                }
            }
            else if ("Connection".equalsIgnoreCase(name))
            {
                for (final String element : value.split(",", -1))
                {
                    connectionUpgrade |= "Upgrade".equalsIgnoreCase(trimOws(element));
                }
            }
            else if ("Sec-WebSocket-Accept".equalsIgnoreCase(name))
            {
                acceptCount++;
                accept = value;
            }
            else if ("Sec-WebSocket-Protocol".equalsIgnoreCase(name))
            {
                protocolCount++;
                subprotocol = value;
            }
            else if ("Sec-WebSocket-Extensions".equalsIgnoreCase(name) && !extensionsOffered)
            {
                return fail(ERR_EXTENSION, "server selected an extension although the client offered none");
            }
            else if ("Sec-WebSocket-Version".equalsIgnoreCase(name) &&
                !UpgradeRequestEncoder.WEBSOCKET_VERSION.equals(value))
            {
                return fail(ERR_VERSION, "Sec-WebSocket-Version in 101 response is not 13");
            }
            else if ("Transfer-Encoding".equalsIgnoreCase(name) ||
                ("Content-Length".equalsIgnoreCase(name) && !"0".equals(value)))
            {
                return fail(ERR_MALFORMED, "101 response announces a body (" + name + ")");
            }
        }

        if (0 == websocketCount)
        {
            return fail(ERR_UPGRADE_HEADER, "missing Upgrade: websocket");
        }
        if (!connectionUpgrade)
        {
            return fail(ERR_CONNECTION_HEADER, "missing Connection: Upgrade");
        }
        if (0 == acceptCount)
        {
            return fail(ERR_ACCEPT, "missing Sec-WebSocket-Accept");
        }
        if (acceptCount > 1)
        {
            return fail(ERR_ACCEPT, "duplicate Sec-WebSocket-Accept");
        }
        if (!expectedAccept.equals(accept))
        {
            return fail(ERR_ACCEPT, "Sec-WebSocket-Accept mismatch");
        }
        if (protocolCount > 1)
        {
            return fail(ERR_SUBPROTOCOL, "duplicate Sec-WebSocket-Protocol");
        }
        if (1 == protocolCount && !offeredSubprotocols.contains(subprotocol))
        {
            return fail(ERR_SUBPROTOCOL, "server selected a subprotocol the client did not offer: " +
                HttpGrammar.sanitize(subprotocol, MAX_DIAGNOSTIC_CHARS));
        }

        result = headLength;
        return headLength;
    }

    /**
     * Parse "HTTP/1.x SP 3DIGIT [SP reason]" between lineStart and lineEnd (the CR), setting statusCode.
     *
     * @return the HTTP minor version, or -1 if malformed.
     */
    private int parseStatusLine(final DirectBuffer buffer, final int lineStart, final int lineEnd)
    {
        if (lineEnd - lineStart < MIN_STATUS_LINE_LENGTH)
        {
            return -1;
        }

        final int minor = digit(buffer.getByte(lineStart + 7));
        final int d0 = digit(buffer.getByte(lineStart + 9));
        final int d1 = digit(buffer.getByte(lineStart + 10));
        final int d2 = digit(buffer.getByte(lineStart + 11));
        if (minor < 0 || buffer.getByte(lineStart + 8) != SP || d0 < 1 || d0 > 5 || d1 < 0 || d2 < 0)
        {
            return -1;
        }
        if (lineEnd - lineStart > MIN_STATUS_LINE_LENGTH && buffer.getByte(lineStart + 12) != SP)
        {
            return -1;
        }
        statusCode = d0 * 100 + d1 * 10 + d2;

        return minor;
    }

    private int failMalformedHeaders(final String message)
    {
        headerNames.clear();
        headerValues.clear();
        return fail(ERR_MALFORMED, message);
    }

    private int fail(final int code, final String message)
    {
        result = code;
        errorMessage = message;
        return code;
    }

    private static int indexOfCr(final DirectBuffer buffer, final int from)
    {
        int i = from;
        while (buffer.getByte(i) != CR)
        {
            i++;
        }

        return i;
    }

    private static int digit(final byte b)
    {
        return b >= '0' && b <= '9' ? b - '0' : -1;
    }

    private static boolean isOws(final byte b)
    {
        return b == SP || b == HTAB;
    }

    private static String trimOws(final String value)
    {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t'))
        {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t'))
        {
            end--;
        }

        return value.substring(start, end);
    }

    private static String latin1(final DirectBuffer buffer, final int index, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(index, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String uriOrNull(final String value)
    {
        if (null == value || value.isEmpty())
        {
            return null;
        }
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F)
            {
                return null;
            }
        }

        return value;
    }
}
