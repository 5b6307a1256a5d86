package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.ClientTemplate;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each behaviour factory of an {@link Adapter} is called exactly once per connection object, through {@link Nova}
 * and through a {@link ClientTemplate}, also when the options override the behaviour (the option's handler is then
 * the one used), as docs/ADAPTERS.md promises: a factory may return a fresh stateful instance per connection.
 */
@Timeout(30)
class BehaviourFactoryOnceTest
{
    private static final String[] FACTORIES = {"auth", "connection", "error", "logging", "message", "metrics",
        "rateLimit", "subscription"};

    @Test
    void shouldCallEveryFactoryOncePerConnectionThroughNova() throws Exception
    {
        final CountingAdapter adapter = new CountingAdapter();
        try (TestServer server = TestServer.rpc(request -> null))
        {
            for (int i = 1; i <= 2; i++)
            {
                try (Connection connection = Nova.connectBlocking(adapter,
                    NovaOptions.builder().url(server.url()).build()))
                {
                    assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
                    assertThat(adapter.calls).containsOnlyKeys(FACTORIES).allSatisfy((name, count) ->
                        assertThat(count).as(name).isEqualTo(1));
                }
                adapter.calls.clear();
            }
        }
    }

    @Test
    void shouldCallEveryFactoryOnceThroughATemplateAndUseTheOptionsHandlerWhereSet() throws Exception
    {
        final CountingAdapter adapter = new CountingAdapter();
        final ClientTemplate template = new ClientTemplate(adapter, NovaOptions.empty());
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = template.connectBlocking(NovaOptions.builder().url(server.url())
                .authHandler(new AuthHandler()
                {
                }).build()))
        {
            assertThat(adapter.calls).containsOnlyKeys(FACTORIES).allSatisfy((name, count) ->
                assertThat(count).as(name).isEqualTo(1));
            assertThat(((ClientConnection)connection).authHandler()).isNotSameAs(DefaultAuthHandler.INSTANCE);
        }
    }

    private static final class CountingAdapter implements Adapter
    {
        final Map<String, Integer> calls = new TreeMap<>();

        private void count(final String factory)
        {
            calls.merge(factory, 1, Integer::sum);
        }

        @Override
        public ConnectionHandler connectionHandler()
        {
            count("connection");
            return DefaultConnectionHandler.INSTANCE;
        }

        @Override
        public MessageHandler messageHandler()
        {
            count("message");
            return new DefaultMessageHandler();
        }

        @Override
        public SubscriptionHandler subscriptionHandler()
        {
            count("subscription");
            return DefaultSubscriptionHandler.INSTANCE;
        }

        @Override
        public AuthHandler authHandler()
        {
            count("auth");
            return DefaultAuthHandler.INSTANCE;
        }

        @Override
        public FailurePolicy failurePolicy()
        {
            count("error");
            return new DefaultFailurePolicy();
        }

        @Override
        public RateLimitHandler rateLimitHandler()
        {
            count("rateLimit");
            return DefaultRateLimitHandler.INSTANCE;
        }

        @Override
        public LoggingHandler loggingHandler(final NovaOptions options)
        {
            count("logging");
            return new DefaultLoggingHandler(LoggingHandler.Level.ERROR, LoggingHandler.Format.PLAIN,
                System.err);
        }

        @Override
        public MetricsCollector metricsCollector()
        {
            count("metrics");
            return new DefaultMetricsCollector();
        }
    }
}
