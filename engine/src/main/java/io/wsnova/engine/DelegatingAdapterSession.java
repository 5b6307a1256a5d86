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
 * A session whose every factory calls the adapter's factory of the same name, with nothing to release: what
 * {@link AdapterSession#of(Adapter)} returns, and the base of an adapter's session that shares state between only
 * some of its handlers (it overrides those factories, typically {@link #connectionHandler()} and
 * {@link #messageHandler()}, and {@link #close()}; every other behaviour stays the adapter's, including any factory
 * a subclass of the adapter overrides).
 */
public class DelegatingAdapterSession implements AdapterSession
{
    private final Adapter adapter;

    /**
     * A session delegating to {@code adapter}.
     *
     * @param adapter the adapter whose factories this session calls.
     */
    protected DelegatingAdapterSession(final Adapter adapter)
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
        return getClass().getSimpleName() + '(' + adapter.name() + ')';
    }
}
