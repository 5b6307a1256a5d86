package io.wsnova.engine;

import io.wsnova.engine.transport.WebSocketOptions;

import io.wsnova.engine.api.NovaException;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.api.WsUrl;


import java.util.concurrent.CompletableFuture;

/**
 * Opens WebSocket connections: the engine's low-level entry point, below the adapter API.
 * <p>
 * Every connect step is bounded (DNS + TCP, TLS handshake, HTTP upgrade, and a total) and fails with a
 * {@link WebSocketConnectException} naming the step. Options are validated before any I/O.
 */
public final class WebSocketClient
{
    private WebSocketClient()
    {
    }

    /**
     * Connects asynchronously.
     *
     * @param url     a {@code ws://} or {@code wss://} URL.
     * @param options connection options.
     * @param handler the connection's callbacks.
     * @return a future completed with the open connection, or exceptionally with a
     *         {@link WebSocketConnectException} (also for an invalid URL or options).
     * @throws NovaException when the JVM lacks a flag wsnova needs (see docs/EMBEDDING.md), naming the flag.
     */
    public static CompletableFuture<WebSocket> connect(
        final String url, final WebSocketOptions options, final WebSocketHandler handler)
    {
        JvmFlags.check();
        final WsUrl parsed;
        try
        {
            parsed = WsUrl.parse(url);
        }
        catch (final IllegalArgumentException ex)
        {
            return CompletableFuture.failedFuture(new WebSocketConnectException(
                WebSocketConnectException.Kind.INVALID_OPTIONS, 0, ex.getMessage(), ex));
        }
        return NovaRuntime.defaultRuntime().connector().connect(parsed, options, handler);
    }

    /**
     * Connects on the calling thread.
     *
     * @param url     a {@code ws://} or {@code wss://} URL.
     * @param options connection options.
     * @param handler the connection's callbacks.
     * @return the open connection.
     * @throws WebSocketConnectException naming the step that failed, or INVALID_OPTIONS for a bad URL or option.
     * @throws NovaException when the JVM lacks a flag wsnova needs (see docs/EMBEDDING.md), naming the flag.
     */
    public static WebSocket connectBlocking(
        final String url, final WebSocketOptions options, final WebSocketHandler handler)
        throws WebSocketConnectException
    {
        JvmFlags.check();
        final WsUrl parsed;
        try
        {
            parsed = WsUrl.parse(url);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new WebSocketConnectException(WebSocketConnectException.Kind.INVALID_OPTIONS, 0, ex.getMessage(), ex);
        }
        return NovaRuntime.defaultRuntime().connector().connectBlocking(parsed, options, handler);
    }
}
