package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.NovaException;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.WebSocketConnectException;

import io.wsnova.engine.client.Behaviours;
import io.wsnova.engine.client.ClientConnection;
import io.wsnova.engine.config.Option;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The entry point: connects an {@link Adapter} with options and returns a {@link Connection}.
 * <p>
 * Options resolve as user &gt; adapter &gt; system defaults (a {@link ClientTemplate} adds its layer between user
 * and adapter) and are validated before any I/O. When credentials are set, the connection authenticates before
 * the future completes.
 */
public final class Nova
{
    private Nova()
    {
    }

    /**
     * Connects asynchronously.
     *
     * @param adapter the venue adapter.
     * @param options the user's options.
     * @return completes with the open connection, or exceptionally with a {@link WebSocketConnectException} (a
     *         connect step failed or the options are invalid) or a {@link RequestException} (authentication).
     * @throws NovaException when the JVM lacks a flag wsnova needs (see docs/EMBEDDING.md), naming the flag.
     */
    public static CompletableFuture<Connection> connect(final Adapter adapter, final NovaOptions options)
    {
        return connectResolved(adapter, NovaOptions.resolve(options, adapterLayer(adapter)));
    }

    /**
     * The adapter's layer of the options: {@link Adapter#defaultOptions()}, called once per connect.
     */
    static NovaOptions adapterLayer(final Adapter adapter)
    {
        final NovaOptions own = adapter.defaultOptions();
        return own == null ? NovaOptions.empty() : own;
    }

    /**
     * The resolved options of a connection this engine created (all layers merged: user, template, adapter).
     *
     * @param connection a connection from {@link #connect} or a {@link ClientTemplate}.
     * @return its options.
     * @throws IllegalArgumentException if the connection was not created by this engine.
     */
    public static NovaOptions options(final Connection connection)
    {
        if (connection instanceof ClientConnection client)
        {
            return client.options();
        }
        throw new IllegalArgumentException("not a wsnova connection: " + connection);
    }

    /**
     * Connects and waits.
     *
     * @param adapter the venue adapter.
     * @param options the user's options.
     * @return the open connection.
     * @throws NovaException wrapping the typed cause.
     */
    public static Connection connectBlocking(final Adapter adapter, final NovaOptions options)
    {
        return join(connect(adapter, options));
    }

    static CompletableFuture<Connection> connectResolved(final Adapter adapter, final NovaOptions resolved)
    {
        JvmFlags.check();
        try
        {
            resolved.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            return CompletableFuture.failedFuture(new WebSocketConnectException(
                WebSocketConnectException.Kind.INVALID_OPTIONS, 0, ex.getMessage(), ex));
        }
        final NovaRuntime runtime = NovaRuntime.defaultRuntime();
        return new ClientConnection(behaviours(adapter, resolved), resolved, runtime.time(), runtime.connector(),
            runtime.telemetry()).start();
    }

    /**
     * Resolves the eight behaviours of one connection: the handler given in the options wins over the adapter's.
     * Each adapter factory is called exactly once (as the adapter documentation promises), whether or not an option
     * overrides it.
     *
     * @param adapter  the adapter.
     * @param resolved the resolved options.
     * @return the behaviours.
     */
    public static Behaviours behaviours(final Adapter adapter, final NovaOptions resolved)
    {
        return new Behaviours(
            adapter.name(),
            orElse(resolved.get(Option.CONNECTION_HANDLER), adapter.connectionHandler()),
            orElse(resolved.get(Option.MESSAGE_HANDLER), adapter.messageHandler()),
            orElse(resolved.get(Option.SUBSCRIPTION_HANDLER), adapter.subscriptionHandler()),
            orElse(resolved.get(Option.AUTH_HANDLER), adapter.authHandler()),
            orElse(resolved.get(Option.FAILURE_POLICY), adapter.failurePolicy()),
            orElse(resolved.get(Option.RATE_LIMIT_HANDLER), adapter.rateLimitHandler()),
            orElse(resolved.get(Option.LOGGING_HANDLER), adapter.loggingHandler(resolved)),
            orElse(resolved.get(Option.METRICS_COLLECTOR), adapter.metricsCollector()));
    }

    private static <T> T orElse(final T fromOptions, final T fromAdapter)
    {
        return fromOptions != null ? fromOptions : fromAdapter;
    }

    static Connection join(final CompletableFuture<Connection> future)
    {
        try
        {
            return future.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new NovaException("interrupted while connecting", ex);
        }
        catch (final ExecutionException | CompletionException ex)
        {
            final Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            throw new NovaException(cause.getMessage(), cause);
        }
    }
}
