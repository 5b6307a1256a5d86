package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.DefaultAuthHandler;
import io.wsnova.engine.behaviour.DefaultConnectionHandler;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;
import io.wsnova.engine.behaviour.DefaultLoggingHandler;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.behaviour.DefaultMetricsCollector;
import io.wsnova.engine.behaviour.DefaultRateLimitHandler;
import io.wsnova.engine.behaviour.DefaultSubscriptionHandler;
import io.wsnova.engine.telemetry.ConnectionTelemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.Await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For each of the eight behaviours: a handler in the options wins over the adapter's, which wins over the
 * default. Observed through what reaches the server and through each handler's own log.
 */
@Timeout(30)
class HandlerPrecedenceTest
{
    private static final long WAIT_MS = 5_000;

    private static String answer(final TestServer.Request request)
    {
        final String method = request.method();
        if (method == null)
        {
            return null;
        }
        if (method.endsWith("subscribe"))
        {
            return JsonRpc.result(request.id(), JsonRpc.channels(request.text()));
        }
        return JsonRpc.result(request.id(), "true");
    }

    @Test
    void shouldUseEveryHandlerFromTheOptionsOverTheAdapters() throws Exception
    {
        final List<String> log = new CopyOnWriteArrayList<>();
        final Tagged fromAdapter = new Tagged("adapter", log);
        final Tagged fromOptions = new Tagged("options", log);

        whenExercised(fromAdapter.adapter(), fromOptions, "options", log);

        thenOnlyTagged(log, "options");
    }

    @Test
    void shouldUseEveryHandlerFromTheAdapterOverTheDefaults() throws Exception
    {
        final List<String> log = new CopyOnWriteArrayList<>();
        final Tagged fromAdapter = new Tagged("adapter", log);

        whenExercised(fromAdapter.adapter(), null, "adapter", log);

        thenOnlyTagged(log, "adapter");
    }

    @Test
    void shouldUseTheDefaultsWhenNeitherOptionsNorAdapterSetAHandler() throws Exception
    {
        try (TestServer server = TestServer.rpc(HandlerPrecedenceTest::answer);
            Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(),
                NovaOptions.builder().url(server.url()).build()))
        {
            final ClientConnection client = (ClientConnection)connection;
            assertThat(client.behaviours().connectionHandler()).isSameAs(DefaultConnectionHandler.INSTANCE);
            assertThat(client.behaviours().messageHandler()).isExactlyInstanceOf(DefaultMessageHandler.class);
            assertThat(client.behaviours().subscriptionHandler()).isSameAs(DefaultSubscriptionHandler.INSTANCE);
            assertThat(client.behaviours().authHandler()).isSameAs(DefaultAuthHandler.INSTANCE);
            assertThat(client.behaviours().failurePolicy()).isExactlyInstanceOf(DefaultFailurePolicy.class);
            assertThat(client.behaviours().rateLimitHandler()).isSameAs(DefaultRateLimitHandler.INSTANCE);
            assertThat(client.behaviours().loggingHandler()).isExactlyInstanceOf(DefaultLoggingHandler.class);
            assertThat(((ConnectionTelemetry)client.metrics).delegate())
                .isExactlyInstanceOf(DefaultMetricsCollector.class);

            connection.authenticate(new Credentials("id", "secret")).get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.subscribe("trades.X", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(server.requests()).extracting(TestServer.Request::method).containsExactly("auth", "subscribe");
            server.push("{\"x\":1}");
            final DefaultMessageHandler messages = (DefaultMessageHandler)client.behaviours().messageHandler();
            Await.until(() -> messages.dataMessages() == 1, WAIT_MS, "data message counted by the default handler");
        }
    }

    private static void whenExercised(
        final Adapter adapter, final Tagged options, final String winner, final List<String> log) throws Exception
    {
        try (TestServer server = TestServer.rpc(HandlerPrecedenceTest::answer))
        {
            final NovaOptions.Builder builder = NovaOptions.builder().url(server.url());
            final Connection connection = Nova.connectBlocking(adapter,
                (options == null ? builder : options.into(builder)).build());
            try
            {
                final ClientConnection client = (ClientConnection)connection;
                final Tagged expected = options;
                if (expected != null)
                {
                    assertThat(client.behaviours().connectionHandler()).isSameAs(expected.connection);
                    assertThat(client.behaviours().messageHandler()).isSameAs(expected.message);
                    assertThat(client.behaviours().subscriptionHandler()).isSameAs(expected.subscription);
                    assertThat(client.behaviours().authHandler()).isSameAs(expected.auth);
                    assertThat(client.behaviours().failurePolicy()).isSameAs(expected.error);
                    assertThat(client.behaviours().rateLimitHandler()).isSameAs(expected.rateLimit);
                    assertThat(client.behaviours().loggingHandler()).isSameAs(expected.logging);
                    assertThat(((ConnectionTelemetry)client.metrics).delegate()).isSameAs(expected.metrics);
                }
                connection.addListener(new ConnectionListener()
                {
                    @Override
                    public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
                    {
                        throw new IllegalStateException("listener bug on purpose");
                    }
                });

                connection.authenticate(new Credentials("id", "secret")).get(WAIT_MS, TimeUnit.MILLISECONDS);
                connection.subscribe("trades.X", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
                server.push("{\"x\":1}");

                assertThat(server.requests()).extracting(TestServer.Request::method)
                    .containsExactly(winner + "/auth", winner + "/subscribe");
                Await.until(() -> log.contains(winner + ":message {\"x\":1}"), WAIT_MS,
                    "data at the " + winner + " handler");
                Await.until(() -> log.contains(winner + ":error APPLICATION"), WAIT_MS, "listener error at " + winner);
                assertThat(log).contains(winner + ":init", winner + ":onConnect", winner + ":log connected",
                    winner + ":metric OPENED", winner + ":metric AUTHENTICATED", winner + ":check AUTH",
                    winner + ":check SUBSCRIBE", winner + ":log authenticated");
            }
            finally
            {
                connection.close();
                connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void thenOnlyTagged(final List<String> log, final String tag)
    {
        assertThat(log).isNotEmpty().allSatisfy(entry -> assertThat(entry).startsWith(tag + ":"));
    }
}
