package io.wsnova.engine.client;

import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.Response;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a request through a connection's {@link RequestPipeline} (rate limiter, gate, pending table): what the auth
 * session and the subscription manager need of it.
 */
@FunctionalInterface
interface Requester
{
    CompletableFuture<Response> request(String method, JsonPayload params, Operation operation);
}
