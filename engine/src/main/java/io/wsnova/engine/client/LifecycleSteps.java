package io.wsnova.engine.client;

import java.util.concurrent.CompletableFuture;

/**
 * What the other parts of a connection do at each step of the {@link ReconnectController}'s lifecycle (the
 * connection wires it to its pipeline, pings, auth session and subscriptions).
 */
interface LifecycleSteps
{
    /**
     * The first socket is open: subscriptions go out at once from now on.
     */
    void onConnected();

    /**
     * Authenticates with the configured credentials on the first socket.
     *
     * @return the auth's future, or null when no credentials are configured.
     */
    CompletableFuture<?> authenticateConfigured();

    /**
     * The socket dropped: fail in-flight and queued requests and pings, mark subscriptions pending, forget the
     * session's authentication.
     *
     * @param message the failures' message.
     */
    void onDropped(String message);

    /**
     * After a reconnect: authenticate again if authenticated, then re-subscribe.
     *
     * @return completes (never exceptionally) once every restore request had its first answer.
     */
    CompletableFuture<?> restore();

    /**
     * The connection ended for good: fail everything still pending.
     *
     * @param message the failures' message.
     * @param byUser  whether the application closed it.
     */
    void onEnded(String message, boolean byUser);
}
