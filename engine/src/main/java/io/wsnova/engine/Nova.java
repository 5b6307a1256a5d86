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
        final AdapterSession session = openSession(adapter, resolved);
        final ClientConnection connection;
        try
        {
            connection = new ClientConnection(behaviours(adapter.name(), session, resolved), resolved, runtime.time(),
                runtime.connector(), runtime.telemetry());
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(session);
            throw ex;
        }
        // Completes once, when the connection has ended for good (also when the first connect fails for good).
        connection.closeFuture().whenComplete((status, error) -> closeQuietly(session));
        return connection.start();
    }

    /**
     * The adapter's session for one logical connection ({@link Adapter#forConnection(ConnectionContext)}).
     */
    static AdapterSession openSession(final Adapter adapter, final NovaOptions resolved)
    {
        final AdapterSession session = adapter.forConnection(new ConnectionContext(resolved));
        if (session == null)
        {
            throw new IllegalStateException(adapter.name() + ".forConnection returned null");
        }
        return session;
    }

    private static void closeQuietly(final AdapterSession session)
    {
        try
        {
            session.close();
        }
        catch (final RuntimeException ex)
        {
            // The contract says close() must not throw; a faulty adapter must not break the engine's close path.
        }
    }

    /**
     * Resolves the eight behaviours of one connection that is built but never connected (tests, diagnostics):
     * opens the adapter's session ({@link Adapter#forConnection(ConnectionContext)}) and resolves its behaviours as
     * {@link #behaviours(String, AdapterSession, NovaOptions)} does. Nobody closes that session: use this only for
     * connections that are never started.
     *
     * @param adapter  the adapter.
     * @param resolved the resolved options.
     * @return the behaviours.
     */
    public static Behaviours behaviours(final Adapter adapter, final NovaOptions resolved)
    {
        return behaviours(adapter.name(), openSession(adapter, resolved), resolved);
    }

    /**
     * Resolves the eight behaviours of one connection from its adapter session: the handler given in the options
     * wins over the session's. Each session factory is called exactly once (as the adapter documentation
     * promises), whether or not an option overrides it.
     *
     * @param adapterName the adapter's name.
     * @param session     the connection's adapter session.
     * @param resolved    the resolved options.
     * @return the behaviours.
     */
    public static Behaviours behaviours(final String adapterName, final AdapterSession session,
        final NovaOptions resolved)
    {
        return new Behaviours(
            adapterName,
            orElse(resolved.get(Option.CONNECTION_HANDLER), session.connectionHandler()),
            orElse(resolved.get(Option.MESSAGE_HANDLER), session.messageHandler()),
            orElse(resolved.get(Option.SUBSCRIPTION_HANDLER), session.subscriptionHandler()),
            orElse(resolved.get(Option.AUTH_HANDLER), session.authHandler()),
            orElse(resolved.get(Option.FAILURE_POLICY), session.failurePolicy()),
            orElse(resolved.get(Option.RATE_LIMIT_HANDLER), session.rateLimitHandler()),
            orElse(resolved.get(Option.LOGGING_HANDLER), session.loggingHandler(resolved)),
            orElse(resolved.get(Option.METRICS_COLLECTOR), session.metricsCollector()));
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
