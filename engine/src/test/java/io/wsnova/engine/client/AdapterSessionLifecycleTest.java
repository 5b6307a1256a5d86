package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.AdapterSession;
import io.wsnova.engine.ConnectionContext;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.FreePort;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link Adapter#forConnection(ConnectionContext)} on a loopback server: one session per logical
 * connection, asked before any behaviour, kept across automatic reconnects, closed exactly once when the
 * connection has ended for good (also when the first connect fails for good); adapters that do not override it keep
 * their own factories.
 */
@Timeout(30)
class AdapterSessionLifecycleTest
{
    private static final long WAIT_MS = 10_000L;

    @Test
    void shouldOpenOneSessionBeforeTheBehavioursKeepItAcrossReconnectsAndCloseItOnce() throws Exception
    {
        final Recording adapter = new Recording();
        try (TestServer server = TestServer.rpc(request -> null))
        {
            final Connection connection = Nova.connectBlocking(adapter, NovaOptions.builder().url(server.url())
                .set(Option.RECONNECT_BASE_DELAY_MS, 20L).build());
            assertThat(adapter.events).containsExactly("forConnection", "connection", "message");
            assertThat(adapter.contexts).singleElement()
                .satisfies(context -> assertThat(context.options().url().toString()).isEqualTo(server.url()));

            server.dropAll();
            Await.until(() -> adapter.connects.get() == 2 && connection.status() == ConnectionStatus.CONNECTED,
                WAIT_MS, "reconnected");
            assertThat(adapter.events).as("a reconnect keeps the session and its handlers")
                .containsExactly("forConnection", "connection", "message");
            assertThat(adapter.closes).hasValue(0);

            connection.close();
            final CloseStatus status = connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(status).isNotNull();
            Await.until(() -> adapter.closes.get() == 1, WAIT_MS, "session closed");
            assertThat(adapter.events).endsWith("close");
            connection.close();
            assertThat(adapter.closes).as("closed once").hasValue(1);
        }
    }

    @Test
    void shouldCloseTheSessionWhenTheFirstConnectFailsForGood()
    {
        final Recording adapter = new Recording();
        final NovaOptions options = NovaOptions.builder().url("ws://127.0.0.1:" + FreePort.find() + "/")
            .set(Option.CONNECT_RETRY_ATTEMPTS, 0).build();
        assertThatThrownBy(() -> Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS))
            .isInstanceOf(ExecutionException.class);
        Await.until(() -> adapter.closes.get() == 1, WAIT_MS, "session closed");
        assertThat(adapter.events).containsExactly("forConnection", "connection", "message", "close");
    }

    @Test
    void shouldUseTheAdaptersOwnFactoriesByDefault() throws Exception
    {
        final AtomicInteger factories = new AtomicInteger();
        final Adapter plain = new Adapter()
        {
            @Override
            public MessageHandler messageHandler()
            {
                factories.incrementAndGet();
                return Adapter.super.messageHandler();
            }
        };
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = Nova.connectBlocking(plain, NovaOptions.builder().url(server.url()).build()))
        {
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(factories).hasValue(1);
        }
    }

    /**
     * Records the order of forConnection, the factories, connects and close.
     */
    private static final class Recording implements Adapter
    {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<ConnectionContext> contexts = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public ConnectionHandler connectionHandler()
        {
            throw new AssertionError("the engine asks the session, not the adapter");
        }

        @Override
        public AdapterSession forConnection(final ConnectionContext context)
        {
            events.add("forConnection");
            contexts.add(context);
            return new AdapterSession()
            {
                @Override
                public ConnectionHandler connectionHandler()
                {
                    events.add("connection");
                    return new ConnectionHandler()
                    {
                        @Override
                        public void onConnect(final Connection connection)
                        {
                            connects.incrementAndGet();
                        }
                    };
                }

                @Override
                public MessageHandler messageHandler()
                {
                    events.add("message");
                    return AdapterSession.super.messageHandler();
                }

                @Override
                public void close()
                {
                    closes.incrementAndGet();
                    events.add("close");
                }
            };
        }
    }
}
