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
 * The per-connection scope of an {@link Adapter}: the state one logical connection's handlers share (a socket
 * epoch, books, requests awaiting answers...) and the factories of that connection's eight behaviours. The place
 * for state that the connection handler, message handler and subscription handler of one connection must share:
 * never a map keyed by connection id or a thread-local in the adapter.
 * <p>
 * Contract:
 * <ul>
 *   <li><b>Created</b> by {@link Adapter#forConnection(ConnectionContext)}, exactly once per logical connection,
 *   on the thread calling {@code Nova.connect} / {@code ClientTemplate.connect}, before any behaviour of that
 *   connection exists. A connection's automatic reconnects keep the same session (and the same handlers): state
 *   kept here survives them.</li>
 *   <li><b>Factories</b>: the engine then calls each of the eight factories below exactly once, on that same thread,
 *   in no promised order (a handler given in the options still wins, but the factory is called anyway). Each
 *   behaviour keeps the thread rules of its interface (see docs/ADAPTERS.md), so state shared between handlers that
 *   run on different threads must be safely published (volatile, atomics) as before.</li>
 *   <li><b>Released</b>: {@link #close()} is called exactly once, when the connection has ended for good (after
 *   the last {@code ConnectionHandler.onDisconnect} and the listeners' {@code onClosed}; also when the first
 *   connect fails for good), on the connection's event thread or the thread that ended it. It must not throw (a
 *   throw is swallowed) and must not block. After it the engine drops its reference; the adapter must not keep
 *   one either, so the session and everything it holds become garbage with the connection.</li>
 * </ul>
 * Every factory defaults to the engine's default behaviour, as in {@link Adapter}.
 */
public interface AdapterSession extends AutoCloseable
{
    /**
     * The session of an adapter with no per-connection state: each factory calls the adapter's factory of the
     * same name; {@link #close()} does nothing. The default of {@link Adapter#forConnection(ConnectionContext)}.
     *
     * @param adapter the adapter.
     * @return a session delegating to it.
     */
    static AdapterSession of(final Adapter adapter)
    {
        return new DelegatingAdapterSession(adapter);
    }

    /**
     * The connection behaviour of this connection.
     *
     * @return the handler.
     */
    default ConnectionHandler connectionHandler()
    {
        return DefaultConnectionHandler.INSTANCE;
    }

    /**
     * The message behaviour of this connection.
     *
     * @return the handler.
     */
    default MessageHandler messageHandler()
    {
        return new DefaultMessageHandler();
    }

    /**
     * The subscription behaviour of this connection.
     *
     * @return the handler.
     */
    default SubscriptionHandler subscriptionHandler()
    {
        return DefaultSubscriptionHandler.INSTANCE;
    }

    /**
     * The auth behaviour of this connection.
     *
     * @return the handler.
     */
    default AuthHandler authHandler()
    {
        return DefaultAuthHandler.INSTANCE;
    }

    /**
     * The failure policy of this connection.
     *
     * @return the policy.
     */
    default FailurePolicy failurePolicy()
    {
        return new DefaultFailurePolicy();
    }

    /**
     * The rate-limit behaviour of this connection.
     *
     * @return the handler.
     */
    default RateLimitHandler rateLimitHandler()
    {
        return DefaultRateLimitHandler.INSTANCE;
    }

    /**
     * The logging behaviour of this connection.
     *
     * @param options the resolved options (level and format).
     * @return the handler.
     */
    default LoggingHandler loggingHandler(final NovaOptions options)
    {
        return new DefaultLoggingHandler(options.get(Option.LOG_LEVEL), options.get(Option.LOG_FORMAT), System.err);
    }

    /**
     * The metrics behaviour of this connection.
     *
     * @return the collector.
     */
    default MetricsCollector metricsCollector()
    {
        return new DefaultMetricsCollector();
    }

    /**
     * Releases the connection's state, once, when the connection has ended for good (see the class comment).
     * Does nothing by default.
     */
    @Override
    default void close()
    {
    }
}
