package io.wsnova.engine.client;

import io.wsnova.engine.Nova;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Await;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application heartbeats against a real loopback server: OKX-style text {@code ping}/{@code pong} and Bybit-style
 * JSON {@code {"op":"ping"}} answered in both of Bybit's shapes; answers consumed (the message handler never sees
 * them) and counted; a server that stops answering is found dead (HEARTBEAT_TIMEOUT) and reconnected, and the
 * heartbeat runs again on the new socket.
 */
@Timeout(60)
class AppHeartbeatTest
{
    private static final long INTERVAL_MS = 100;
    private static final long DEADLINE_MS = 1_000;
    private static final long WAIT_MS = 10_000;

    private static Connection connect(
        final TestServer server, final AppHeartbeat heartbeat, final DefaultMessageHandler messages,
        final ConnectionListener listener)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder().url(server.url())
            .set(Option.RECONNECT_BASE_DELAY_MS, 10L).set(Option.RECONNECT_MAX_DELAY_MS, 50L)
            .messageHandler(messages)
            .listeners(List.of(listener))
            .connectionHandler(new ConnectionHandler()
            {
                @Override
                public AppHeartbeat appHeartbeat()
                {
                    return heartbeat;
                }
            }).build());
    }

    private static AppHeartbeatRunner heartbeatOf(final Connection connection)
    {
        return ((ClientConnection)connection).appHeartbeat;
    }

    @Test
    void shouldAnswerOkxStyleTextPingsAndConsumeThePongs() throws Exception
    {
        final DefaultMessageHandler messages = new DefaultMessageHandler();
        try (TestServer server = TestServer.rpc(request -> "ping".equals(request.text()) ? "pong" : null);
            Connection connection = connect(server, AppHeartbeat.builder().intervalMs(INTERVAL_MS)
                .deadlineMs(DEADLINE_MS).text("ping").answer(AppHeartbeat.textEquals("pong")).build(), messages,
                new ConnectionListener() { }))
        {
            final AppHeartbeatRunner heartbeat = heartbeatOf(connection);
            Await.until(() -> heartbeat.answers() >= 5, WAIT_MS, "5 pongs");
            server.push("{\"data\":1}");
            Await.until(() -> messages.dataMessages() >= 1, WAIT_MS, "a data message");
            assertThat(server.requests()).allSatisfy(request -> assertThat(request.text()).isEqualTo("ping"));
            assertThat(messages.dataMessages()).as("pongs never reach the message handler").isEqualTo(1);
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(heartbeat.timeouts()).isZero();
            assertThat(((ClientConnection)connection).malformedMessages()).isZero();
        }
    }

    @Test
    void shouldAnswerBybitStyleJsonPingsInEitherAnswerShape() throws Exception
    {
        final DefaultMessageHandler messages = new DefaultMessageHandler();
        final AtomicInteger pings = new AtomicInteger();
        try (TestServer server = TestServer.rpc(request -> !request.text().contains("\"op\":\"ping\"") ? null :
            pings.incrementAndGet() % 2 == 0 ?
                "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817\",\"req_id\":\"\",\"op\":\"ping\"}" :
                "{\"req_id\":\"\",\"op\":\"pong\",\"args\":[\"1675418560633\"],\"conn_id\":\"cfcb4ocsvfriu23r3er0\"}");
            Connection connection = connect(server, AppHeartbeat.builder().intervalMs(INTERVAL_MS)
                .deadlineMs(DEADLINE_MS).text("{\"op\":\"ping\"}")
                .answer(AppHeartbeat.jsonString("op", "pong").or(AppHeartbeat.jsonString("ret_msg", "pong")))
                .build(), messages, new ConnectionListener() { }))
        {
            final AppHeartbeatRunner heartbeat = heartbeatOf(connection);
            Await.until(() -> heartbeat.answers() >= 6, WAIT_MS, "6 pongs, both shapes");
            assertThat(messages.dataMessages()).as("pongs are consumed").isZero();
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(heartbeat.timeouts()).isZero();
        }
    }

    @Test
    void shouldFailASilentConnectionAndRestartTheHeartbeatAfterTheReconnect() throws Exception
    {
        final DefaultMessageHandler messages = new DefaultMessageHandler();
        final BlockingQueue<CloseStatus> drops = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> reconnectedAt = new LinkedBlockingQueue<>();
        final ConnectionListener listener = new ConnectionListener()
        {
            @Override
            public void onDisconnected(final Connection connection, final CloseStatus status)
            {
                drops.add(status);
            }

            @Override
            public void onReconnected(final Connection connection)
            {
                reconnectedAt.add(System.nanoTime());
            }
        };
        // The first connection answers three pings, then goes silent with TCP open; later connections answer.
        final AtomicInteger answeredOnFirst = new AtomicInteger();
        final AtomicLong lastAnswerOnFirstNs = new AtomicLong();
        try (TestServer server = TestServer.rpc(request ->
        {
            if (!"ping".equals(request.text()))
            {
                return null;
            }
            if (request.connection() > 1)
            {
                return "pong";
            }
            if (answeredOnFirst.incrementAndGet() <= 3)
            {
                lastAnswerOnFirstNs.set(System.nanoTime());
                return "pong";
            }
            return null;
        });
            Connection connection = connect(server, AppHeartbeat.builder().intervalMs(INTERVAL_MS)
                .deadlineMs(DEADLINE_MS).text("ping").answer(AppHeartbeat.textEquals("pong")).build(), messages,
                listener))
        {
            final AppHeartbeatRunner heartbeat = heartbeatOf(connection);
            final CloseStatus drop = drops.poll(10, TimeUnit.SECONDS);
            final long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnswerOnFirstNs.get());
            assertThat(drop).as("dropped").isNotNull();
            // Interval + deadline after the last answer (1.1 s), plus generous slack for a shared machine.
            assertThat(silentMs).as("dead within interval + deadline").isLessThan(INTERVAL_MS + DEADLINE_MS + 2_000);
            assertThat(drop.reason()).isEqualTo(DisconnectReason.HEARTBEAT_TIMEOUT);
            assertThat(drop.message()).contains("application heartbeat unanswered");
            assertThat(heartbeat.timeouts()).isEqualTo(1);
            final long answersBefore = heartbeat.answers();
            assertThat(answersBefore).isEqualTo(3);

            assertThat(reconnectedAt.poll(10, TimeUnit.SECONDS)).as("reconnected").isNotNull();
            Await.until(() -> heartbeat.answers() >= answersBefore + 3, WAIT_MS,
                "heartbeats answered on the new socket");
            assertThat(server.upgraded()).isEqualTo(2);
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(heartbeat.timeouts()).isEqualTo(1);
            assertThat(messages.dataMessages()).isZero();
        }
    }
}
