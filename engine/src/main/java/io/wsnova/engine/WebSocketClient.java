package io.wsnova.engine;

import io.wsnova.engine.api.NovaException;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.transport.WebSocketOptions;

import java.util.concurrent.CompletableFuture;

/**
 * Opens WebSocket connections: the engine's low-level entry point, below the adapter API.
 * <p>
 * It takes the same {@link NovaOptions} as {@code Nova}, with the same system defaults (keepalive on: a ping every
 * 15 s, 10 s to answer it) and the same validation before any I/O; it uses the connection options (URL, timeouts,
 * keepalive, limits, IO mode, pipeline, idle strategies, buffers, TLS, headers, subprotocols) and ignores the
 * adapter-level ones (behaviours, credentials, requests, reconnection, telemetry), which only a {@code Nova}
 * connection has. Every connect step is bounded (DNS + TCP, TLS handshake, HTTP upgrade, and a total) and fails
 * with a {@link WebSocketConnectException} naming the step.
 */
public final class WebSocketClient
{
    private WebSocketClient()
    {
    }

    /**
     * Connects asynchronously to the URL the options give ({@code url}, or {@code host}, {@code port},
     * {@code path}, {@code secure}).
     *
     * @param options connection options (one layer over the system defaults).
     * @param handler the connection's callbacks.
     * @return a future completed with the open connection, or exceptionally with a
     *         {@link WebSocketConnectException} (INVALID_OPTIONS for an invalid URL or option, naming it).
     * @throws NovaException when the JVM lacks a flag wsnova needs (see docs/EMBEDDING.md), naming the flag.
     */
    public static CompletableFuture<WebSocket> connect(final NovaOptions options, final WebSocketHandler handler)
    {
        JvmFlags.check();
        final NovaOptions validated;
        try
        {
            validated = options.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            return CompletableFuture.failedFuture(invalid(ex));
        }
        return NovaRuntime.defaultRuntime().connector().connect(validated.url(), WebSocketOptions.from(validated),
            handler);
    }

    /**
     * Connects asynchronously to a URL, with options for everything else.
     *
     * @param url     a {@code ws://} or {@code wss://} URL; it wins over a URL or host the options set.
     * @param options connection options (one layer over the system defaults).
     * @param handler the connection's callbacks.
     * @return a future completed with the open connection, or exceptionally with a
     *         {@link WebSocketConnectException} (INVALID_OPTIONS for an invalid URL or option, naming it).
     * @throws NovaException when the JVM lacks a flag wsnova needs (see docs/EMBEDDING.md), naming the flag.
     */
    public static CompletableFuture<WebSocket> connect(
        final String url, final NovaOptions options, final WebSocketHandler handler)
    {
        return connect(withUrl(url, options), handler);
    }

    /**
     * Connects on the calling thread to the URL the options give.
     *
     * @param options connection options (one layer over the system defaults).
     * @param handler the connection's callbacks.
     * @return the open connection.
     * @throws WebSocketConnectException naming the step that failed, or INVALID_OPTIONS naming the invalid option.
     * @throws NovaException when the JVM lacks a flag wsnova needs (see docs/EMBEDDING.md), naming the flag.
     */
    public static WebSocket connectBlocking(final NovaOptions options, final WebSocketHandler handler)
        throws WebSocketConnectException
    {
        JvmFlags.check();
        final NovaOptions validated;
        try
        {
            validated = options.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid(ex);
        }
        return NovaRuntime.defaultRuntime().connector().connectBlocking(validated.url(),
            WebSocketOptions.from(validated), handler);
    }

    /**
     * Connects on the calling thread to a URL, with options for everything else.
     *
     * @param url     a {@code ws://} or {@code wss://} URL; it wins over a URL or host the options set.
     * @param options connection options (one layer over the system defaults).
     * @param handler the connection's callbacks.
     * @return the open connection.
     * @throws WebSocketConnectException naming the step that failed, or INVALID_OPTIONS naming the invalid option.
     * @throws NovaException when the JVM lacks a flag wsnova needs (see docs/EMBEDDING.md), naming the flag.
     */
    public static WebSocket connectBlocking(
        final String url, final NovaOptions options, final WebSocketHandler handler)
        throws WebSocketConnectException
    {
        return connectBlocking(withUrl(url, options), handler);
    }

    private static NovaOptions withUrl(final String url, final NovaOptions options)
    {
        return NovaOptions.resolve(NovaOptions.builder().url(url).build(), options);
    }

    private static WebSocketConnectException invalid(final IllegalArgumentException ex)
    {
        return new WebSocketConnectException(WebSocketConnectException.Kind.INVALID_OPTIONS, 0, ex.getMessage(), ex);
    }
}
