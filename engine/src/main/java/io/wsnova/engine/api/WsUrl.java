package io.wsnova.engine.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A parsed {@code ws://} or {@code wss://} URL (RFC 6455 section 3): scheme, host, port with its default
 * (80 for {@code ws}, 443 for {@code wss}), and the resource name (path and query) sent in the request line.
 * <p>
 * Immutable and thread-safe. Parsing happens on the control plane, once per connect.
 * <p>
 * A query string may carry credentials (tokens, signatures), so {@link #toString()} (what logs and error messages
 * show) redacts it: {@code wss://host/path?<redacted>}. Only the request line sent to the server carries
 * {@link #resource()} in full.
 *
 * @param secure   true for {@code wss} (TLS).
 * @param host     the host name or IP literal, without brackets.
 * @param port     the TCP port, 1-65535.
 * @param resource the path and query for the request line, never empty (at least {@code /}).
 */
public record WsUrl(boolean secure, String host, int port, String resource)
{
    /** What {@link #toString()} shows in place of a query string. */
    public static final String REDACTED_QUERY = "?<redacted>";
    /** Default port of {@code ws://}. */
    public static final int WS_DEFAULT_PORT = 80;
    /** Default port of {@code wss://}. */
    public static final int WSS_DEFAULT_PORT = 443;

    /**
     * Parses a WebSocket URL.
     *
     * @param url the URL, e.g. {@code wss://test.deribit.com/ws/api/v2}.
     * @return the parsed URL.
     * @throws IllegalArgumentException naming what is wrong: not a URL, a scheme other than ws or wss, no host,
     *                                  a port outside 1-65535, or a fragment (forbidden by RFC 6455).
     */
    public static WsUrl parse(final String url)
    {
        if (url == null || url.isBlank())
        {
            throw new IllegalArgumentException("url: must be a ws:// or wss:// URL, was empty");
        }

        final URI uri;
        try
        {
            uri = new URI(url.trim());
        }
        catch (final URISyntaxException ex)
        {
            // The syntax exception's message (and so a cause) quotes the whole input, query included: keep neither.
            throw new IllegalArgumentException("url: not a valid URL: " + ex.getReason() + " at index " +
                ex.getIndex() + " of " + redact(url));
        }

        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        final boolean secure;
        switch (scheme)
        {
            case "ws" -> secure = false;
            case "wss" -> secure = true;
            default -> throw new IllegalArgumentException(
                "url: unknown scheme '" + scheme + "' in " + redact(url) + " (expected ws or wss)");
        }

        String host = uri.getHost();
        if (host == null || host.isEmpty())
        {
            throw new IllegalArgumentException("url: no host in " + redact(url));
        }
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }

        final int explicitPort = uri.getPort();
        if (explicitPort == 0 || explicitPort > 65535 || (explicitPort < 0 && hasPortSeparator(uri)))
        {
            throw new IllegalArgumentException("url: port out of range 1-65535 in " + redact(url));
        }
        final int port = explicitPort > 0 ? explicitPort : secure ? WSS_DEFAULT_PORT : WS_DEFAULT_PORT;

        if (uri.getRawFragment() != null)
        {
            throw new IllegalArgumentException("url: fragments are not allowed in WebSocket URLs: " + redact(url));
        }

        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        final String resource = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();

        return new WsUrl(secure, host, port, resource);
    }

    /**
     * The value of the HTTP {@code Host} header: the host (bracketed if IPv6) and the port unless it is the
     * scheme's default.
     *
     * @return the Host header value.
     */
    public String hostHeader()
    {
        final String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        final int defaultPort = secure ? WSS_DEFAULT_PORT : WS_DEFAULT_PORT;
        return port == defaultPort ? h : h + ":" + port;
    }

    private static boolean hasPortSeparator(final URI uri)
    {
        final String authority = uri.getRawAuthority();
        if (authority == null)
        {
            return false;
        }
        final int close = authority.lastIndexOf(']');
        return authority.indexOf(':', Math.max(close, 0)) >= 0 && close < authority.lastIndexOf(':');
    }

    /**
     * The URL for logs and messages: scheme, host, port (unless the default) and path; a query string, which may
     * hold credentials, is shown as {@code ?<redacted>}.
     *
     * @return the redacted URL.
     */
    @Override
    public String toString()
    {
        final int query = resource.indexOf('?');
        final String path = query < 0 ? resource : resource.substring(0, query) + REDACTED_QUERY;
        return (secure ? "wss://" : "ws://") + hostHeader() + path;
    }

    /**
     * Redacts the query string (and fragment) of raw URL text for an error message, as {@link #toString()} does.
     *
     * @param url URL text, possibly invalid.
     * @return the text up to the first {@code ?} or {@code #}, followed by {@code ?<redacted>} if anything was cut.
     */
    public static String redact(final String url)
    {
        if (url == null)
        {
            return null;
        }
        int cut = url.indexOf('?');
        final int hash = url.indexOf('#');
        if (hash >= 0 && (cut < 0 || hash < cut))
        {
            cut = hash;
        }
        return cut < 0 ? url : url.substring(0, cut) + REDACTED_QUERY;
    }
}
