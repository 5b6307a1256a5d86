package io.wsnova.engine.client;

import io.wsnova.engine.api.WebSocket;

import java.util.concurrent.CompletableFuture;

/**
 * Opens one WebSocket for a connection: the transport's connector, or a test's fake. The socket's handler (the
 * connection's message path) is told {@code onOpen} before the future completes.
 */
@FunctionalInterface
interface Dialer
{
    CompletableFuture<WebSocket> dial();
}
