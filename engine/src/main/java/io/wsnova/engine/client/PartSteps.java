package io.wsnova.engine.client;

import io.wsnova.engine.api.Credentials;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The lifecycle steps of a connection's parts, in the order the {@link ReconnectController} needs them: what the
 * pipeline, the pings, the auth session and the subscriptions do when the first socket opens, on a drop, on a
 * restore and at the end.
 */
final class PartSteps implements LifecycleSteps
{
    private final Credentials configured;
    private final RequestPipeline pipeline;
    private final PingTracker pings;
    private final AuthSession auth;
    private final Subscriptions subscriptions;
    private final Executor events;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param configured    the credentials of the options, or null.
     * @param pipeline      requests.
     * @param pings         pings.
     * @param auth          the auth session.
     * @param subscriptions the subscriptions.
     * @param events        the event executor (the restore's subscriptions run there after the auth).
     */
    PartSteps(
        final Credentials configured,
        final RequestPipeline pipeline,
        final PingTracker pings,
        final AuthSession auth,
        final Subscriptions subscriptions,
        final Executor events)
    {
        this.configured = configured;
        this.pipeline = pipeline;
        this.pings = pings;
        this.auth = auth;
        this.subscriptions = subscriptions;
        this.events = events;
    }

    @Override
    public void onConnected()
    {
        subscriptions.onConnected();
    }

    @Override
    public CompletableFuture<?> authenticateConfigured()
    {
        return configured == null ? null : auth.authenticate(configured);
    }

    @Override
    public void onDropped(final String message)
    {
        auth.onDropped();
        pipeline.failAll(message);
        pings.failAll();
        subscriptions.onDisconnected();
    }

    @Override
    public CompletableFuture<?> restore()
    {
        return auth.restore().thenComposeAsync(ignore -> subscriptions.restore(), events);
    }

    @Override
    public void onEnded(final String message, final boolean byUser)
    {
        pipeline.failAll(message);
        pings.failAll();
        subscriptions.onClosed(byUser);
    }
}
