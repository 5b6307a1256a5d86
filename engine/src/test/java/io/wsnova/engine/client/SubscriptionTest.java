package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.Await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Subscriptions: confirmed, refused, idempotent, unsubscribed, and restored (after re-authentication) on every
 * reconnect.
 */
@Timeout(60)
class SubscriptionTest
{
    private static final long WAIT_MS = 10_000;

    private static String answer(final TestServer.Request request)
    {
        if ("subscribe".equals(request.method()) && request.text().contains("\"bad."))
        {
            return JsonRpc.error(request.id(), 11050, "bad_request");
        }
        return JsonRpc.standard(request);
    }

    private static Connection connect(final TestServer server, final EventLog log, final NovaOptions.Builder extra)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), extra.url(server.url())
            .connectionHandler(EventLog.registrar(log)).build());
    }

    private static RequestException failure(final CompletableFuture<?> future)
    {
        final Throwable thrown = catchThrowable(() -> future.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(RequestException.class);
        return (RequestException)thrown.getCause();
    }

    @Test
    void shouldConfirmASubscriptionTheVenueAccepts() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(SubscriptionTest::answer);
            Connection connection = connect(server, log, NovaOptions.builder()))
        {
            final Subscription subscription = connection.subscribe("ticker.A", Map.of("interval", "raw"))
                .get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(subscription.state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(subscription.channel()).isEqualTo("ticker.A");
            assertThat(subscription.params()).isEqualTo(Map.of("interval", "raw"));
            assertThat(subscription.failure()).isNull();
            assertThat(connection.subscription("ticker.A")).isSameAs(subscription);
            assertThat(connection.activeSubscriptions()).containsExactly(subscription);
            log.await("confirmed ticker.A", WAIT_MS);
        }
    }

    @Test
    void shouldFailASubscriptionTheVenueRefusesWithRemoteError() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(SubscriptionTest::answer);
            Connection connection = connect(server, log, NovaOptions.builder()))
        {
            final RequestException failure = failure(connection.subscribe("bad.B", null));

            assertThat(failure.kind()).isEqualTo(RequestException.Kind.REMOTE_ERROR);
            assertThat(failure.errorCode()).isEqualTo(11050);
            assertThat(failure.getMessage()).contains("bad.B").contains("bad_request");
            final Subscription subscription = connection.subscription("bad.B");
            assertThat(subscription.state()).isEqualTo(Subscription.State.FAILED);
            assertThat(subscription.failure()).isSameAs(failure);
            assertThat(connection.activeSubscriptions()).isEmpty();
            log.await("failed bad.B REMOTE_ERROR", WAIT_MS);
        }
    }

    @Test
    void shouldSendOneRequestAndReturnTheSameFutureWhenSubscribingTwice() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = connect(server, log, NovaOptions.builder()))
        {
            final CompletableFuture<Subscription> first = connection.subscribe("ticker.C", null);
            final CompletableFuture<Subscription> second = connection.subscribe("ticker.C", null);
            assertThat(second).isSameAs(first);
            final TestServer.Request request = server.next("subscribe", WAIT_MS);
            request.reply(JsonRpc.result(request.id(), "[\"ticker.C\"]"));
            final Subscription confirmed = first.get(WAIT_MS, TimeUnit.MILLISECONDS);

            final CompletableFuture<Subscription> third = connection.subscribe("ticker.C", null);

            assertThat(third).isSameAs(first);
            assertThat(third.get(WAIT_MS, TimeUnit.MILLISECONDS)).isSameAs(confirmed);
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(server.requests("subscribe")).hasSize(1);
            assertThat(log.texts()).containsExactly("connected", "confirmed ticker.C");
        }
    }

    @Test
    void shouldUnsubscribeAndAllowSubscribingAgain() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(SubscriptionTest::answer);
            Connection connection = connect(server, log, NovaOptions.builder()))
        {
            final Subscription subscription = connection.subscribe("ticker.D", null).get(WAIT_MS,
                TimeUnit.MILLISECONDS);

            final Subscription unsubscribed = connection.unsubscribe("ticker.D").get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(unsubscribed).isSameAs(subscription);
            assertThat(subscription.state()).isEqualTo(Subscription.State.UNSUBSCRIBED);
            assertThat(connection.activeSubscriptions()).isEmpty();
            assertThat(server.requests("unsubscribe")).hasSize(1);
            assertThat(failure(connection.unsubscribe("never.subscribed")).kind()).isNotNull();

            final Subscription again = connection.subscribe("ticker.D", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(again.state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(server.requests("subscribe")).hasSize(2);
        }
    }

    @Test
    void shouldCompleteASubscribeFutureThatWasUnsubscribedBeforeItsConfirmation() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(request -> "subscribe".equals(request.method()) ? null :
            JsonRpc.standard(request));
            Connection connection = connect(server, log, NovaOptions.builder()))
        {
            final CompletableFuture<Subscription> subscribe = connection.subscribe("ticker.E", null);
            final TestServer.Request request = server.next("subscribe", WAIT_MS);

            connection.unsubscribe("ticker.E").get(WAIT_MS, TimeUnit.MILLISECONDS);
            request.reply(JsonRpc.result(request.id(), "[\"ticker.E\"]"));

            Await.until(subscribe::isDone, WAIT_MS, "the subscribe future completes");
            assertThat(connection.subscription("ticker.E").state()).isEqualTo(Subscription.State.UNSUBSCRIBED);
        }
    }

    @Test
    void shouldReauthenticateThenRestoreEveryConfirmedSubscriptionAfterAReconnect() throws Exception
    {
        final EventLog log = new EventLog();
        // Each reconnect starts a new series of attempts (reset period 0), so every drop logs "reconnecting 1".
        try (TestServer server = TestServer.rpc(SubscriptionTest::answer);
            Connection connection = connect(server, log, NovaOptions.builder()
                .set(Option.RECONNECT_RESET_AFTER_MS, 0L)))
        {
            connection.authenticate(new Credentials("id", "secret")).get(WAIT_MS, TimeUnit.MILLISECONDS);
            final List<String> channels = List.of("ticker.A", "book.B.100ms", "trades.C");
            for (final String channel : channels)
            {
                connection.subscribe(channel, Map.of("n", channel.length())).get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            failure(connection.subscribe("bad.D", null));
            connection.subscribe("gone.E", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.unsubscribe("gone.E").get(WAIT_MS, TimeUnit.MILLISECONDS);

            for (int reconnect = 2; reconnect <= 3; reconnect++)
            {
                server.closeAll(1012, "restart");
                log.awaitCount("reconnected", reconnect - 1, WAIT_MS);

                final int connectionIndex = reconnect;
                final List<TestServer.Request> onNewSocket = server.requests().stream()
                    .filter(r -> r.connection() == connectionIndex).toList();
                assertThat(onNewSocket).hasSize(1 + channels.size());
                assertThat(onNewSocket.get(0).method()).as("auth first").isEqualTo("auth");
                assertThat(onNewSocket.subList(1, onNewSocket.size())).extracting(TestServer.Request::method)
                    .containsOnly("subscribe");
                assertThat(onNewSocket.subList(1, onNewSocket.size())).extracting(r -> JsonRpc.channels(r.text()))
                    .containsExactlyInAnyOrder("[\"ticker.A\"]", "[\"book.B.100ms\"]", "[\"trades.C\"]");
                assertThat(onNewSocket.get(1).text()).contains("\"n\":");
                assertThat(connection.isAuthenticated()).isTrue();
                for (final String channel : channels)
                {
                    assertThat(connection.subscription(channel).state()).as(channel)
                        .isEqualTo(Subscription.State.CONFIRMED);
                }
                assertThat(connection.subscription("bad.D").state()).isEqualTo(Subscription.State.FAILED);
                assertThat(connection.subscription("gone.E").state()).isEqualTo(Subscription.State.UNSUBSCRIBED);
            }
            final List<String> events = log.texts();
            final int reconnecting = events.lastIndexOf("reconnecting 1");
            assertThat(events.subList(reconnecting + 1, events.size())).startsWith("authenticated")
                .endsWith("reconnected").hasSize(2 + channels.size());
        }
    }

    @Test
    void shouldKeepASubscriptionRequestedWhileReconnectingPendingAndSendItOnRestore() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(SubscriptionTest::answer);
            Connection connection = connect(server, log, NovaOptions.builder()
                .set(Option.RECONNECT_BASE_DELAY_MS, 400L).set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)))
        {
            server.closeAll(1012, "restart");
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (connection.status() != ConnectionStatus.RECONNECTING && System.nanoTime() - deadlineNs < 0)
            {
                Thread.onSpinWait();
            }
            assertThat(connection.status()).isEqualTo(ConnectionStatus.RECONNECTING);

            final CompletableFuture<Subscription> during = connection.subscribe("ticker.LATE", null);
            assertThat(connection.subscription("ticker.LATE").state()).isEqualTo(Subscription.State.PENDING);

            assertThat(during.get(WAIT_MS, TimeUnit.MILLISECONDS).state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(server.requests("subscribe")).extracting(TestServer.Request::connection).containsExactly(2);
        }
    }

    @Test
    void shouldRestoreASubscriptionStillPendingWhenTheConnectionDropped() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(request -> request.connection() == 1 &&
            "subscribe".equals(request.method()) ? null : JsonRpc.standard(request));
            Connection connection = connect(server, log, NovaOptions.builder().requestTimeoutMs(30_000)))
        {
            final CompletableFuture<Subscription> subscribe = connection.subscribe("ticker.P", null);
            server.next("subscribe", WAIT_MS);

            server.closeAll(1012, "restart");
            log.await("reconnected", WAIT_MS);

            assertThat(connection.subscription("ticker.P").state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(subscribe.get(WAIT_MS, TimeUnit.MILLISECONDS).state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(server.requests("subscribe")).extracting(TestServer.Request::connection).containsExactly(1, 2);
        }
    }

    @ParameterizedTest(name = "closed by server: {0}")
    @ValueSource(booleans = {true, false})
    void shouldFailAPendingSubscriptionWithDisconnectedWhenTheConnectionEnds(final boolean byServer)
        throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(request -> null))
        {
            final Connection connection = connect(server, log, NovaOptions.builder().retryAttempts(0)
                .requestTimeoutMs(30_000));
            final CompletableFuture<Subscription> subscribe = connection.subscribe("ticker.Q", null);
            server.next("subscribe", WAIT_MS);

            if (byServer)
            {
                server.closeAll(1012, "restart");
            }
            else
            {
                connection.close();
            }

            assertThat(failure(subscribe).kind()).isEqualTo(RequestException.Kind.DISCONNECTED);
            assertThat(connection.subscription("ticker.Q").state()).isEqualTo(Subscription.State.FAILED);
            log.await("failed ticker.Q DISCONNECTED", WAIT_MS);
            assertThat(log.texts().stream().filter(t -> t.startsWith("failed"))).hasSize(1);
        }
    }
}
