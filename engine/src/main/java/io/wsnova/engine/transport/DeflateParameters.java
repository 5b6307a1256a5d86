package io.wsnova.engine.transport;

import java.util.List;

/**
 * The permessage-deflate extension (RFC 7692) as the client offers it and as a server's 101 response accepted it.
 * <p>
 * The client offers {@link #OFFER}: no parameter but {@code client_max_window_bits} (so the server may ask for a
 * smaller client window; section 7.1.2.2). The response is checked by {@link #negotiate(List)}: it may name
 * permessage-deflate once, with at most one of each of {@code server_no_context_takeover},
 * {@code client_no_context_takeover} (no value), {@code server_max_window_bits} and {@code client_max_window_bits}
 * (a value 8 to 15 without leading zeros, as a token or a quoted string). Anything else (another extension, which
 * the client did not offer; an unknown, duplicated or malformed parameter; permessage-deflate twice) refuses the
 * response: the connection is then failed (RFC 6455 section 9.1, RFC 7692 section 5).
 * <p>
 * Immutable; built once per handshake on the connecting thread.
 */
final class DeflateParameters
{
    /** The value of {@code Sec-WebSocket-Extensions} the client sends when permessage-deflate is on. */
    static final String OFFER = "permessage-deflate; client_max_window_bits";
    /** Extension name (RFC 7692 section 7). */
    static final String EXTENSION_NAME = "permessage-deflate";
    /** Largest LZ77 window, and the one java.util.zip always uses. */
    static final int MAX_WINDOW_BITS = 15;
    /** Smallest window a response may name. */
    static final int MIN_WINDOW_BITS = 8;

    /** The server resets its compression context after each message: the client resets its inflater. */
    final boolean serverNoContextTakeover;
    /** The client must reset its compression context after each message. */
    final boolean clientNoContextTakeover;
    /** The server's window, 8 to 15 (15 when not named); the client's inflater decodes any. */
    final int serverMaxWindowBits;
    /** The largest window the client may compress with, 8 to 15 (15 when not named). */
    final int clientMaxWindowBits;
    /** Why the response was refused, or null when it was accepted. */
    final String error;

    private DeflateParameters(
        final boolean serverNoContextTakeover,
        final boolean clientNoContextTakeover,
        final int serverMaxWindowBits,
        final int clientMaxWindowBits,
        final String error)
    {
        this.serverNoContextTakeover = serverNoContextTakeover;
        this.clientNoContextTakeover = clientNoContextTakeover;
        this.serverMaxWindowBits = serverMaxWindowBits;
        this.clientMaxWindowBits = clientMaxWindowBits;
        this.error = error;
    }

    /**
     * Whether the client may compress what it sends: java.util.zip always compresses with a 32 KiB window, so a
     * server that demands {@code client_max_window_bits} below 15 gets every client message uncompressed (RFC
     * 7692 section 6: a sender may always send a message uncompressed, without RSV1).
     *
     * @return true when outbound messages are compressed.
     */
    boolean compressOutbound()
    {
        return clientMaxWindowBits == MAX_WINDOW_BITS;
    }

    /**
     * Checks the server's answer to {@link #OFFER}.
     *
     * @param fieldValues the values of every {@code Sec-WebSocket-Extensions} field of the 101, in order.
     * @return null when the server declined the extension (no field, or only empty list elements); otherwise the
     * negotiated parameters, with {@link #error} set when the response must be refused.
     */
    static DeflateParameters negotiate(final List<String> fieldValues)
    {
        final StringBuilder joined = new StringBuilder();
        for (int i = 0, size = fieldValues.size(); i < size; i++)
        {
            joined.append(i == 0 ? "" : ",").append(fieldValues.get(i));
        }
        return new Parser(joined.toString()).parse();
    }

    @Override
    public String toString()
    {
        return error != null ? "refused: " + error : EXTENSION_NAME +
            (serverNoContextTakeover ? "; server_no_context_takeover" : "") +
            (clientNoContextTakeover ? "; client_no_context_takeover" : "") +
            "; server_max_window_bits=" + serverMaxWindowBits + "; client_max_window_bits=" + clientMaxWindowBits;
    }

    private static DeflateParameters refused(final String error)
    {
        return new DeflateParameters(false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS, error);
    }

    /**
     * RFC 6455 section 9.1 grammar: {@code 1#(token *(";" token ["=" (token | quoted-string)]))}, optional
     * whitespace around separators, empty list elements ignored.
     */
    private static final class Parser
    {
        private final String text;
        private int position;

        Parser(final String text)
        {
            this.text = text;
        }

        DeflateParameters parse()
        {
            DeflateParameters accepted = null;
            while (true)
            {
                skipWhitespace();
                if (position >= text.length())
                {
                    return accepted;
                }
                if (text.charAt(position) == ',')
                {
                    position++;
                    continue;
                }
                final String name = token();
                if (name.isEmpty())
                {
                    return refused("malformed Sec-WebSocket-Extensions (expected an extension name)");
                }
                if (!EXTENSION_NAME.equalsIgnoreCase(name))
                {
                    return refused("server selected an extension the client did not offer: " + printable(name));
                }
                if (accepted != null)
                {
                    return refused("server selected permessage-deflate more than once");
                }
                accepted = parameters();
                if (accepted.error != null)
                {
                    return accepted;
                }
                skipWhitespace();
                if (position < text.length() && text.charAt(position) != ',')
                {
                    return refused("malformed Sec-WebSocket-Extensions after permessage-deflate");
                }
            }
        }

        private DeflateParameters parameters()
        {
            boolean serverNoContextTakeover = false;
            boolean clientNoContextTakeover = false;
            int serverMaxWindowBits = -1;
            int clientMaxWindowBits = -1;
            while (true)
            {
                skipWhitespace();
                if (position >= text.length() || text.charAt(position) != ';')
                {
                    return new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover,
                        serverMaxWindowBits < 0 ? MAX_WINDOW_BITS : serverMaxWindowBits,
                        clientMaxWindowBits < 0 ? MAX_WINDOW_BITS : clientMaxWindowBits, null);
                }
                position++;
                skipWhitespace();
                final String name = token();
                if (name.isEmpty())
                {
                    return refused("malformed permessage-deflate parameter");
                }
                skipWhitespace();
                String value = null;
                if (position < text.length() && text.charAt(position) == '=')
                {
                    position++;
                    skipWhitespace();
                    value = position < text.length() && text.charAt(position) == '"' ? quotedString() : token();
                    if (value == null || value.isEmpty())
                    {
                        return refused("malformed value of permessage-deflate parameter " + printable(name));
                    }
                }
                switch (name.toLowerCase(java.util.Locale.ROOT))
                {
                    case "server_no_context_takeover":
                        if (serverNoContextTakeover || value != null)
                        {
                            return refused(serverNoContextTakeover ? "duplicate server_no_context_takeover" :
                                "server_no_context_takeover must have no value");
                        }
                        serverNoContextTakeover = true;
                        break;

                    case "client_no_context_takeover":
                        if (clientNoContextTakeover || value != null)
                        {
                            return refused(clientNoContextTakeover ? "duplicate client_no_context_takeover" :
                                "client_no_context_takeover must have no value");
                        }
                        clientNoContextTakeover = true;
                        break;

                    case "server_max_window_bits":
                        if (serverMaxWindowBits >= 0)
                        {
                            return refused("duplicate server_max_window_bits");
                        }
                        serverMaxWindowBits = windowBits(value);
                        if (serverMaxWindowBits < 0)
                        {
                            return refused("server_max_window_bits must be 8 to 15, was " + printable(value));
                        }
                        break;

                    case "client_max_window_bits":
                        if (clientMaxWindowBits >= 0)
                        {
                            return refused("duplicate client_max_window_bits");
                        }
                        clientMaxWindowBits = windowBits(value);
                        if (clientMaxWindowBits < 0)
                        {
                            return refused("client_max_window_bits must be 8 to 15, was " + printable(value));
                        }
                        break;

                    default:
                        return refused("unknown permessage-deflate parameter " + printable(name));
                }
            }
        }

        private static int windowBits(final String value)
        {
            if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0')
            {
                return -1;
            }
            int bits = 0;
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c < '0' || c > '9')
                {
                    return -1;
                }
                bits = bits * 10 + (c - '0');
            }
            return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS ? bits : -1;
        }

        private String token()
        {
            final int start = position;
            while (position < text.length() && isTchar(text.charAt(position)))
            {
                position++;
            }
            return text.substring(start, position);
        }

        /**
         * A quoted string starting at the current '"': its unescaped content, or null if it is not terminated.
         */
        private String quotedString()
        {
            final StringBuilder value = new StringBuilder();
            position++;
            while (position < text.length())
            {
                final char c = text.charAt(position++);
                if (c == '"')
                {
                    return value.toString();
                }
                if (c == '\\')
                {
                    if (position >= text.length())
                    {
                        return null;
                    }
                    value.append(text.charAt(position++));
                }
                else
                {
                    value.append(c);
                }
            }
            return null;
        }

        private void skipWhitespace()
        {
            while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t'))
            {
                position++;
            }
        }

        private static boolean isTchar(final char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private static String printable(final String value)
        {
            if (value == null)
            {
                return "no value";
            }
            final StringBuilder out = new StringBuilder();
            for (int i = 0; i < value.length() && i < 64; i++)
            {
                final char c = value.charAt(i);
                out.append(c >= 0x20 && c < 0x7F ? c : '?');
            }
            return out.toString();
        }
    }
}
