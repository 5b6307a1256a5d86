package io.wsnova.engine.client;

import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.Objects;

/**
 * The resolved behaviours of one connection object: for each of the eight, the handler given in the options, or
 * else the adapter's. Built once per connection by the setup classes ({@code Nova}, {@code ClientTemplate}), which
 * call each adapter factory exactly once, and handed to the connection, so the connection never sees the adapter.
 * Engine-internal.
 *
 * @param adapterName         the adapter's name, for logs and {@code toString}.
 * @param connectionHandler   connection lifecycle hooks.
 * @param messageHandler      decode, classify and handle messages; encode requests.
 * @param subscriptionHandler subscribe and unsubscribe requests and their answers.
 * @param authHandler         authentication and refresh.
 * @param failurePolicy        classifies failures and decides reconnects.
 * @param rateLimitHandler    the rate limiter of the connection's requests.
 * @param loggingHandler      structured log events.
 * @param metricsCollector    the user's or adapter's collector (the connection wraps it in its telemetry).
 */
public record Behaviours(
    String adapterName,
    ConnectionHandler connectionHandler,
    MessageHandler messageHandler,
    SubscriptionHandler subscriptionHandler,
    AuthHandler authHandler,
    FailurePolicy failurePolicy,
    RateLimitHandler rateLimitHandler,
    LoggingHandler loggingHandler,
    MetricsCollector metricsCollector)
{
    /**
     * Checks that every behaviour is set.
     */
    public Behaviours
    {
        Objects.requireNonNull(adapterName, "adapterName");
        Objects.requireNonNull(connectionHandler, "connectionHandler");
        Objects.requireNonNull(messageHandler, "messageHandler");
        Objects.requireNonNull(subscriptionHandler, "subscriptionHandler");
        Objects.requireNonNull(authHandler, "authHandler");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(rateLimitHandler, "rateLimitHandler");
        Objects.requireNonNull(loggingHandler, "loggingHandler");
        Objects.requireNonNull(metricsCollector, "metricsCollector");
    }

    /**
     * The same behaviours with another metrics collector (the connection's telemetry wrapper).
     *
     * @param metrics the collector to use.
     * @return the new value.
     */
    public Behaviours withMetricsCollector(final MetricsCollector metrics)
    {
        return new Behaviours(adapterName, connectionHandler, messageHandler, subscriptionHandler, authHandler,
            failurePolicy, rateLimitHandler, loggingHandler, metrics);
    }
}
