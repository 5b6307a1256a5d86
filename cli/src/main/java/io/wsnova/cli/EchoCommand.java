package io.wsnova.cli;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.config.NovaOptions;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;

/**
 * {@code ./nova echo URL [--header K:V]... [--subprotocol P] [--trust PEM_FILE] [--insecure] [--deflate]}: an echo
 * agent for conformance testing. Echoes every message back unchanged with the same type and answers pings; with
 * {@code --deflate} it offers permessage-deflate and, if the server accepts, inflates what it receives and compresses
 * its echoes. Exit codes:
 * 0 when the server closed the connection (answered with a close frame); 1 on a protocol violation by the server
 * (failed with the RFC close code, reason on stderr), a failed handshake, or a broken connection; 2 on usage errors.
 */
final class EchoCommand
{
    /** The flag table of {@code ./nova echo}. */
    static final List<Flag> FLAGS = List.of(
        new Flag("--header", "K:V", "an HTTP header on the upgrade request (repeat for more)"),
        new Flag("--subprotocol", "P", "a subprotocol to offer (repeat for more)"),
        new Flag("--trust", "PEM_FILE", "trust the certificates in this PEM file (wss://)"),
        new Flag("--insecure", null, "trust any certificate and skip hostname verification (tests only)"),
        new Flag("--deflate", null, "offer permessage-deflate (RFC 7692); used only if the server accepts it"));
    static final String USAGE = CommandLine.usage("""
        usage: ./nova echo URL [--header K:V]... [--subprotocol P] [--trust PEM_FILE] [--insecure] [--deflate]
        Echoes every message back unchanged (conformance agent).
        """, FLAGS, """
        Exit 0 when the server closes the connection; 1 on a failure (reason on stderr); 2 on a usage error.
        """);

    private EchoCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine line;
        try
        {
            line = CommandLine.parse(args, FLAGS, 1);
        }
        catch (final IllegalArgumentException ex)
        {
            return Main.usageError(err, "echo: " + ex.getMessage(), USAGE);
        }
        if (line.help())
        {
            out.print(USAGE);
            return Main.EXIT_OK;
        }
        final String url = line.positionals().isEmpty() ? null : line.positionals().get(0);
        // The echo agent answers what the server sends and nothing more: keepalive pings off.
        final NovaOptions.Builder builder = NovaOptions.builder().keepalive(0, 0);
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<String> subprotocols = new ArrayList<>();
        Path trust = null;
        boolean insecure = false;
        for (final CommandLine.Option option : line.options())
        {
            switch (option.name())
            {
                case "--header" ->
                {
                    final String header = option.value();
                    final int colon = header.indexOf(':');
                    if (colon <= 0)
                    {
                        return Main.usageError(err, "echo: --header needs K:V, was '" + header + "'", USAGE);
                    }
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                case "--subprotocol" -> subprotocols.add(option.value());
                case "--trust" -> trust = Path.of(option.value());
                case "--insecure" -> insecure = true;
                case "--deflate" -> builder.perMessageDeflate(true);
                default -> throw new IllegalStateException("flag table and parser disagree on " + option.name());
            }
        }
        if (url == null)
        {
            return Main.usageError(err, "echo: a URL is required", USAGE);
        }
        builder.headers(headers).subprotocols(subprotocols);

        try
        {
            if (trust != null)
            {
                if (!Files.isReadable(trust))
                {
                    return Main.usageError(err, "echo: cannot read trust file " + trust, USAGE);
                }
                builder.sslContext(TlsContexts.trusting(trust));
            }
            if (insecure)
            {
                final SSLContext context = TlsContexts.trustingAnything();
                builder.sslContext(context).hostnameVerification(false);
            }
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            err.println("nova echo: cannot load trust material: " + ex.getMessage());
            return Main.EXIT_FAILURE;
        }

        final WebSocket webSocket;
        try
        {
            webSocket = WebSocketClient.connectBlocking(url, builder.build(), new EchoHandler());
        }
        catch (final WebSocketConnectException ex)
        {
            if (ex.kind() == WebSocketConnectException.Kind.INVALID_OPTIONS)
            {
                return Main.usageError(err, "echo: " + ex.getMessage(), USAGE);
            }
            err.println("nova echo: connect failed (" + ex.kind() + "): " + ex.getMessage());
            return Main.EXIT_FAILURE;
        }

        final CloseStatus status;
        try
        {
            status = webSocket.closeFuture().get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Main.EXIT_FAILURE;
        }
        catch (final ExecutionException ex)
        {
            err.println("nova echo: " + ex.getCause());
            return Main.EXIT_FAILURE;
        }

        if (status.reason() == DisconnectReason.REMOTE_CLOSE || status.reason() == DisconnectReason.LOCAL_CLOSE)
        {
            out.println("closed: " + status);
            return Main.EXIT_OK;
        }
        err.println("nova echo: connection failed: " + status);
        return Main.EXIT_FAILURE;
    }

    /**
     * Echoes each message with its type, from the reader thread (INLINE pipeline).
     */
    static final class EchoHandler implements WebSocketHandler
    {
        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            if (type == TEXT)
            {
                webSocket.sendText(buffer, offset, length);
            }
            else
            {
                webSocket.sendBinary(buffer, offset, length);
            }
        }
    }
}
