package io.wsnova.cli;

import io.wsnova.engine.CloseStatus;
import io.wsnova.engine.DisconnectReason;
import io.wsnova.engine.WebSocket;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.engine.WebSocketConnectException;
import io.wsnova.engine.WebSocketHandler;
import io.wsnova.engine.WebSocketOptions;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;

/**
 * {@code ./nova echo URL [--header K:V]... [--subprotocol P] [--trust PEM_FILE] [--insecure]}: an echo agent for
 * conformance testing. Echoes every message back unchanged with the same type and answers pings. Exit codes:
 * 0 when the server closed the connection (answered with a close frame); 1 on a protocol violation by the server
 * (failed with the RFC close code, reason on stderr), a failed handshake, or a broken connection; 2 on usage errors.
 */
final class EchoCommand
{
    static final String USAGE = "usage: ./nova echo URL [--header K:V]... [--subprotocol P] [--trust PEM_FILE] " +
        "[--insecure]";

    private EchoCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        String url = null;
        final WebSocketOptions.Builder builder = WebSocketOptions.builder();
        Path trust = null;
        boolean insecure = false;
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "--header":
                {
                    final String header = value(args, ++i);
                    final int colon = header == null ? -1 : header.indexOf(':');
                    if (colon <= 0)
                    {
                        return Main.usageError(err, "echo: --header needs K:V", USAGE);
                    }
                    builder.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                    break;
                }

                case "--subprotocol":
                {
                    final String protocol = value(args, ++i);
                    if (protocol == null)
                    {
                        return Main.usageError(err, "echo: --subprotocol needs a value", USAGE);
                    }
                    builder.subprotocol(protocol);
                    break;
                }

                case "--trust":
                {
                    final String file = value(args, ++i);
                    if (file == null)
                    {
                        return Main.usageError(err, "echo: --trust needs a PEM file", USAGE);
                    }
                    trust = Path.of(file);
                    break;
                }

                case "--insecure":
                    insecure = true;
                    break;

                default:
                    if (arg.startsWith("-") || url != null)
                    {
                        return Main.usageError(err, "echo: unexpected argument '" + arg + "'", USAGE);
                    }
                    url = arg;
                    break;
            }
        }
        if (url == null)
        {
            return Main.usageError(err, "echo: a URL is required", USAGE);
        }

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

    private static String value(final String[] args, final int index)
    {
        return index < args.length ? args[index] : null;
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
