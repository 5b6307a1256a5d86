package io.wsnova.engine;

import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.engine.config.NovaOptions;

import java.util.Objects;

/**
 * {@link AdapterSession#of(Adapter)}: the adapter's own factories, nothing to release.
 */
final class AdapterFactories implements AdapterSession
{
    private final Adapter adapter;

    AdapterFactories(final Adapter adapter)
    {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
    }

    @Override
    public ConnectionHandler connectionHandler()
    {
        return adapter.connectionHandler();
    }

    @Override
    public MessageHandler messageHandler()
    {
        return adapter.messageHandler();
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        return adapter.subscriptionHandler();
    }

    @Override
    public AuthHandler authHandler()
    {
        return adapter.authHandler();
    }

    @Override
    public FailurePolicy failurePolicy()
    {
        return adapter.failurePolicy();
    }

    @Override
    public RateLimitHandler rateLimitHandler()
    {
        return adapter.rateLimitHandler();
    }

    @Override
    public LoggingHandler loggingHandler(final NovaOptions options)
    {
        return adapter.loggingHandler(options);
    }

    @Override
    public MetricsCollector metricsCollector()
    {
        return adapter.metricsCollector();
    }

    @Override
    public String toString()
    {
        return "AdapterSession.of(" + adapter.name() + ')';
    }
}
