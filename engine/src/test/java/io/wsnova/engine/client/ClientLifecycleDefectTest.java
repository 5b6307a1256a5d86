package io.wsnova.engine.client;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.InboundMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.Await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The engine defects of issue 12, each reproduced on a loopback server: a close during a reconnect's connect, a
 * reconnect success that runs after its socket closed, the JSON lock held at the reconnect gate, completions after
 * the event executor ended, subscriptions that fail for a temporary reason, the first connect, and credentials
 * over plain ws://.
 */
@Timeout(60)
class ClientLifecycleDefectTest
{
    private static final long WAIT_MS = 10_000;

    private static ClientConnection connect(final FaultServer server, final EventLog log,
        final UnaryOperator<NovaOptions.Builder> options)
    {
        return (ClientConnection)Nova.connectBlocking(Tagged.defaultsAdapter(), options.apply(NovaOptions.builder()
            .url(server.url())
            .set(Option.RECONNECT_BASE_DELAY_MS, 10L)
            .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
            .connectionHandler(EventLog.registrar(log))).build());
    }

    @Test
    void shouldCloseTheNewSocketWhenClosedWhileAReconnectIsConnecting() throws Exception
    {
        final EventLog log = new EventLog();
        final AtomicInteger deliveredAfterClose = new AtomicInteger();
        final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        try (FaultServer server = new FaultServer())
        {
            final ClientConnection connection = connect(server, log, b -> b.connectionHandler(new ConnectionHandler()
            {
                @Override
                public void init(final Connection c)
                {
                    c.addListener(log);
                }

                @Override
                public void onFrame(final InboundMessage message)
                {
                    if (closed.isDone())
                    {
                        deliveredAfterClose.incrementAndGet();
                    }
                }
            }));
            connection.subscribe("ch.a", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            server.slowUpgradeMs(400);
            server.plan(FaultServer.Behaviour.SLOW_UPGRADE);

            server.dropAll();
            Await.until(() -> server.accepted() == 2, WAIT_MS, "the reconnect's TCP connect");
            connection.close();
            try
            {
                closed.complete(connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS));
            }
            catch (final java.util.concurrent.TimeoutException ex)
            {
                throw new AssertionError(connection.status() + " " + log.texts() + " " + dump(), ex);
            }

            Await.until(() -> server.upgraded() == 2, WAIT_MS, "the slow upgrade");
            // The socket that opened after close() is closed by the client: the server sees it end.
            Await.until(() -> server.livePeers() == 0, WAIT_MS, "the late socket closed by the client");
            server.pushToAll("ch.a");
            TimeUnit.MILLISECONDS.sleep(100);
            assertThat(deliveredAfterClose.get()).isZero();
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
        }
    }

    @Test
    void shouldNotReportConnectedForAReconnectWhoseSocketClosedBeforeItsSuccessRan() throws Exception
    {
        final EventLog log = new EventLog();
        final List<String> badConnects = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();
        try (FaultServer server = new FaultServer())
        {
            final ClientConnection connection = connect(server, log, b -> b
                .set(Option.RECONNECT_MAX_DELAY_MS, 20L).connectionHandler(new ConnectionHandler()
            {
                @Override
                public void init(final Connection c)
                {
                    c.addListener(log);
                }

                @Override
                public void onConnect(final Connection c)
                {
                    // With the defect, a success callback that ran after its socket closed set CONNECTED with
                    // no socket and called this.
                    connects.incrementAndGet();
                    final ClientConnection client = (ClientConnection)c;
                    if (client.webSocket() == null || client.status() != ConnectionStatus.CONNECTED)
                    {
                        badConnects.add("onConnect with socket " + client.webSocket() + ", " + client.status());
                    }
                }
            }));
            connection.subscribe("ch.a", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            for (int i = 0; i < 8; i++)
            {
                server.plan(FaultServer.Behaviour.CLOSE_AFTER_UPGRADE);
            }

            server.dropAll();
            Await.until(() -> server.accepted() == 10 &&
                connection.status() == ConnectionStatus.CONNECTED &&
                connection.subscription("ch.a").state() == Subscription.State.CONFIRMED, WAIT_MS,
                "back up after 8 sockets closed as soon as upgraded");

            assertThat(badConnects).isEmpty();
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(connection.webSocket()).isNotNull();
            assertThat(connection.subscription("ch.a").state()).as(log.texts().toString())
                .isEqualTo(Subscription.State.CONFIRMED);
            connection.close();
        }
    }

    static String dump()
    {
        final StringBuilder out = new StringBuilder();
        for (final java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet())
        {
            if (e.getKey().getName().startsWith("wsnova"))
            {
                out.append(e.getKey().getName()).append(java.util.Arrays.toString(e.getValue())).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void shouldNotBlockTheRestoreWhileARequestWaitsAtTheReconnectGate() throws Exception
    {
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer())
        {
            final ClientConnection connection = connect(server, log, b -> b
                .set(Option.RECONNECT_SEND_WAIT_MS, 30_000L)
                .set(Option.RECONNECT_BASE_DELAY_MS, 300L));
            connection.subscribe("ch.a", null).get(WAIT_MS, TimeUnit.MILLISECONDS);

            server.dropAll();
            Await.until(() -> connection.status() == ConnectionStatus.RECONNECTING, WAIT_MS, "reconnecting");
            // A message-path request made as the socket went away (e.g. a heartbeat answer) must not wait at the
            // gate holding the JSON lock: the restore needs that lock to open the gate.
            final Thread sender = Thread.ofVirtual().start(() -> connection.sendFireAndForget("public/test", null));

            log.await("reconnected", WAIT_MS);
            sender.join(WAIT_MS);
            assertThat(connection.subscription("ch.a").state()).isEqualTo(Subscription.State.CONFIRMED);
            connection.close();
        }
    }

    @Test
    void shouldFailAnAuthenticationAfterCloseWithNotConnectedRatherThanARejectedExecution() throws Exception
    {
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer())
        {
            final ClientConnection connection = connect(server, log, b -> b);
            connection.close();
            connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);

            final Throwable thrown = catchThrowable(() -> connection.authenticate(new Credentials("id", "secret"))
                .get(WAIT_MS, TimeUnit.MILLISECONDS));

            assertThat(thrown).isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isInstanceOf(RequestException.class);
            assertThat(((RequestException)thrown.getCause()).kind()).isEqualTo(RequestException.Kind.NOT_CONNECTED);
        }
    }

    @Test
    void shouldKeepASubscriptionPendingAndRetryItWhenItsRequestTimesOut() throws Exception
    {
        final EventLog log = new EventLog();
        final AtomicInteger subscribes = new AtomicInteger();
        try (TestServer server = TestServer.rpc(request ->
        {
            if ("subscribe".equals(request.method()) && subscribes.incrementAndGet() == 1)
            {
                return null; // the first subscribe is never answered: it times out
            }
            return JsonRpc.standard(request);
        }))
        {
            final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).requestTimeoutMs(300).set(Option.RECONNECT_BASE_DELAY_MS, 20L)
                .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
                .connectionHandler(EventLog.registrar(log)).build());

            final Subscription subscription = connection.subscribe("ticker.T", null).get(WAIT_MS,
                TimeUnit.MILLISECONDS);

            assertThat(subscription.state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(server.requests("subscribe")).hasSize(2);
            assertThat(connection.faultCounters().subscriptionRetries().get()).isEqualTo(1);
            assertThat(log.texts()).doesNotContain("failed ticker.T TIMEOUT");
            connection.close();
        }
    }

    @Test
    void shouldRetryTheFirstConnectAfterTwo503s() throws Exception
    {
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer())
        {
            server.plan(FaultServer.Behaviour.HTTP_503, FaultServer.Behaviour.HTTP_503);

            final ClientConnection connection = connect(server, log, b -> b.retryAttempts(5));

            assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(server.accepted()).isEqualTo(3);
            connection.close();
        }
    }

    @Test
    void shouldFailTheFirstConnectAtOnceForWhatRetryingCannotFix() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket())
        {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        // Nothing listens: refused. With retryAttempts 2, exactly 3 attempts, then the typed failure.
        final Throwable refused = catchThrowable(() -> Nova.connectBlocking(Tagged.defaultsAdapter(),
            NovaOptions.builder().url("ws://127.0.0.1:" + port + "/").retryAttempts(2)
                .set(Option.RECONNECT_BASE_DELAY_MS, 10L).build()));
        assertThat(refused.getCause()).isInstanceOfSatisfying(WebSocketConnectException.class,
            failure -> assertThat(failure.kind()).isEqualTo(WebSocketConnectException.Kind.REFUSED));

        assertThat(SetUpFailures.isRetryableConnect(new WebSocketConnectException(
            WebSocketConnectException.Kind.HANDSHAKE_REJECTED, 404, "404", null))).isFalse();
        assertThat(SetUpFailures.isRetryableConnect(new WebSocketConnectException(
            WebSocketConnectException.Kind.HANDSHAKE_REJECTED, 429, "429", null))).isTrue();
        assertThat(SetUpFailures.isRetryableConnect(new WebSocketConnectException(
            WebSocketConnectException.Kind.HANDSHAKE_REJECTED, 503, "503", null))).isTrue();
        assertThat(SetUpFailures.isRetryableConnect(new WebSocketConnectException(
            WebSocketConnectException.Kind.TLS, 0, "trust", null))).isFalse();
        assertThat(SetUpFailures.isRetryableConnect(new WebSocketConnectException(
            WebSocketConnectException.Kind.IO, 0, "reset", null))).isTrue();
    }

    @Test
    void shouldWarnOnceWhenCredentialsAreUsedOverPlainWebSocketToAnotherHost() throws Exception
    {
        assertThat(AuthSession.isLoopback("127.0.0.1")).isTrue();
        assertThat(AuthSession.isLoopback("localhost")).isTrue();
        assertThat(AuthSession.isLoopback("[::1]")).isTrue();
        assertThat(AuthSession.isLoopback("example.com")).isFalse();
        final EventLog log = new EventLog();
        try (FaultServer server = new FaultServer())
        {
            final ClientConnection loopback = connect(server, log, b -> b);
            loopback.authenticate(new Credentials("id", "secret")).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(loopback.plaintextCredentialWarnings()).isZero();
            loopback.close();
            // A remote plain-text URL (never connected: the warning comes before anything is sent).
            final ClientConnection remote = TestConnections.create(Tagged.defaultsAdapter(),
                NovaOptions.builder().url("ws://example.invalid:9/").build());
            for (int i = 0; i < 2; i++)
            {
                remote.authenticate(new Credentials("id", "secret")).handle((c, e) -> e)
                    .get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            assertThat(remote.plaintextCredentialWarnings()).isEqualTo(1);
            remote.close();
        }
    }
}
