package io.wsnova.engine;

import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.DefaultAuthHandler;
import io.wsnova.engine.behaviour.DefaultConnectionHandler;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;
import io.wsnova.engine.behaviour.DefaultLoggingHandler;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.behaviour.DefaultMetricsCollector;
import io.wsnova.engine.behaviour.DefaultRateLimitHandler;
import io.wsnova.engine.behaviour.DefaultSubscriptionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;

/**
 * The eight behaviour factories of a connection, each defaulting to the engine's default behaviour: what an
 * {@link Adapter} offers for all its connections and an {@link AdapterSession} for one (the engine calls the
 * session's, each exactly once per logical connection; the default session calls the adapter's). Return a new
 * instance where the behaviour has state (message handlers own their parsers and pooled objects).
 */
public interface BehaviourFactories
{
    /**
     * The connection behaviour.
     *
     * @return the handler.
     */
    default ConnectionHandler connectionHandler()
    {
        return DefaultConnectionHandler.INSTANCE;
    }

    /**
     * The message behaviour, one per connection (it owns the connection's parsers and pooled objects).
     *
     * @return a handler.
     */
    default MessageHandler messageHandler()
    {
        return new DefaultMessageHandler();
    }

    /**
     * The subscription behaviour.
     *
     * @return the handler.
     */
    default SubscriptionHandler subscriptionHandler()
    {
        return DefaultSubscriptionHandler.INSTANCE;
    }

    /**
     * The auth behaviour.
     *
     * @return the handler.
     */
    default AuthHandler authHandler()
    {
        return DefaultAuthHandler.INSTANCE;
    }

    /**
     * The error behaviour, one per connection.
     *
     * @return a handler.
     */
    default FailurePolicy failurePolicy()
    {
        return new DefaultFailurePolicy();
    }

    /**
     * The rate-limit behaviour, one per connection (or shared by the connections of one account).
     *
     * @return a handler.
     */
    default RateLimitHandler rateLimitHandler()
    {
        return DefaultRateLimitHandler.INSTANCE;
    }

    /**
     * The logging behaviour.
     *
     * @param options the resolved options (level and format).
     * @return a handler.
     */
    default LoggingHandler loggingHandler(final NovaOptions options)
    {
        return new DefaultLoggingHandler(options.get(Option.LOG_LEVEL), options.get(Option.LOG_FORMAT), System.err);
    }

    /**
     * The metrics behaviour, one per connection.
     *
     * @return a collector.
     */
    default MetricsCollector metricsCollector()
    {
        return new DefaultMetricsCollector();
    }
}
