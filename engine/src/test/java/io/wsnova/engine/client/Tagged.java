package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.behaviour.DefaultMetricsCollector;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One recording implementation of each of the eight behaviours, all carrying a tag ("options", "adapter") so a
 * test can tell which layer's handler the engine used. Every event goes to one shared log as "tag:event".
 */
final class Tagged
{
    final String tag;
    final List<String> log;
    final Conn connection = new Conn();
    final Message message = new Message();
    final Subscriptions subscription = new Subscriptions();
    final Auth auth = new Auth();
    final Errors error = new Errors();
    final RateLimit rateLimit = new RateLimit();
    final Logging logging = new Logging();
    final Metrics metrics = new Metrics();

    Tagged(final String tag, final List<String> log)
    {
        this.tag = tag;
        this.log = log;
    }

    Tagged(final String tag)
    {
        this(tag, new CopyOnWriteArrayList<>());
    }

    /**
     * All eight as an option layer.
     */
    NovaOptions.Builder into(final NovaOptions.Builder builder)
    {
        return builder.connectionHandler(connection).messageHandler(message).subscriptionHandler(subscription)
            .authHandler(auth).failurePolicy(error).rateLimitHandler(rateLimit).loggingHandler(logging)
            .metricsCollector(metrics);
    }

    /**
     * An adapter whose eight behaviour methods return these handlers, with a plain-ws, no-keepalive layer.
     */
    Adapter adapter()
    {
        return new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder().secure(false).keepalive(0, 0).build();
            }

            @Override
            public ConnectionHandler connectionHandler()
            {
                return connection;
            }

            @Override
            public MessageHandler messageHandler()
            {
                return message;
            }

            @Override
            public SubscriptionHandler subscriptionHandler()
            {
                return subscription;
            }

            @Override
            public AuthHandler authHandler()
            {
                return auth;
            }

            @Override
            public FailurePolicy failurePolicy()
            {
                return error;
            }

            @Override
            public RateLimitHandler rateLimitHandler()
            {
                return rateLimit;
            }

            @Override
            public LoggingHandler loggingHandler(final NovaOptions options)
            {
                return logging;
            }

            @Override
            public MetricsCollector metricsCollector()
            {
                return metrics;
            }
        };
    }

    /**
     * A plain-ws adapter that overrides nothing else: every behaviour is the default.
     */
    static Adapter defaultsAdapter()
    {
        return new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder().secure(false).keepalive(0, 0).build();
            }
        };
    }

    void record(final String event)
    {
        log.add(tag + ":" + event);
    }

    final class Conn implements ConnectionHandler
    {
        @Override
        public void init(final Connection connection)
        {
            record("init");
        }

        @Override
        public void onConnect(final Connection connection)
        {
            record("onConnect");
        }

        @Override
        public void onDisconnect(final Connection connection, final CloseStatus status)
        {
            record("onDisconnect");
        }
    }

    final class Message extends DefaultMessageHandler
    {
        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            record("message " + message.asString());
        }
    }

    final class Subscriptions implements SubscriptionHandler
    {
        @Override
        public String subscribeMethod(final String channel)
        {
            return tag + "/subscribe";
        }

        @Override
        public String unsubscribeMethod(final String channel)
        {
            return tag + "/unsubscribe";
        }
    }

    final class Auth implements AuthHandler
    {
        @Override
        public String authMethod()
        {
            return tag + "/auth";
        }
    }

    final class Errors extends DefaultFailurePolicy
    {
        @Override
        public void onError(final Category category, final String message, final Throwable cause)
        {
            super.onError(category, message, cause);
            record("error " + category);
        }
    }

    final class RateLimit implements RateLimitHandler
    {
        @Override
        public int cost(final Operation operation)
        {
            return 1;
        }

        @Override
        public int check(final Operation operation, final long nowNs)
        {
            record("check " + operation);
            return ALLOW;
        }

        @Override
        public void tick(final long nowNs)
        {
        }
    }

    final class Logging implements LoggingHandler
    {
        @Override
        public Level level()
        {
            return Level.DEBUG;
        }

        @Override
        public void log(final Level level, final String event, final Map<String, ?> fields)
        {
            record("log " + event);
        }
    }

    final class Metrics extends DefaultMetricsCollector
    {
        @Override
        public void onConnectionEvent(final long connectionId, final ConnectionEvent event, final long value)
        {
            super.onConnectionEvent(connectionId, event, value);
            record("metric " + event);
        }
    }
}
