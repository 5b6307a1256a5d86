package io.wsnova.engine.client;

import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Connection#resubscribe}: a resubscribe of a channel whose resubscribe is still unanswered joins it (one
 * unsubscribe and one subscribe on the wire, however many gaps asked), a resubscribe after the answer sends a new
 * pair, and joined futures complete across a reconnect (the restore's confirmation answers them).
 */
@Timeout(60)
class ResubscribeJoinTest
{
    private static final long WAIT_MS = 10_000;
    private static final int RESUBSCRIBES = 6;
    private static final String CHANNEL = "book.R";

    /** Answers everything at once, except subscribes on connection 1 while {@code hold} is set. */
    private static TestServer server(final AtomicBoolean hold) throws Exception
    {
        return TestServer.rpc(request ->
            hold.get() && request.connection() == 1 && "subscribe".equals(request.method()) ? null :
            JsonRpc.standard(request));
    }

    private static Connection connect(final TestServer server, final EventLog log)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder().url(server.url())
            .requestTimeoutMs(30_000).connectionHandler(EventLog.registrar(log)).build());
    }

    private static List<CompletableFuture<Subscription>> resubscribe(final Connection connection)
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (int i = 0; i < RESUBSCRIBES; i++)
        {
            futures.add(connection.resubscribe(CHANNEL));
        }
        return futures;
    }

    private static void awaitAll(final List<CompletableFuture<Subscription>> futures) throws Exception
    {
        for (final CompletableFuture<Subscription> future : futures)
        {
            assertThat(future.get(WAIT_MS, TimeUnit.MILLISECONDS).state()).isEqualTo(Subscription.State.CONFIRMED);
        }
    }

    @Test
    void shouldSendOnePairForResubscribesBeforeTheAnswerAndCompleteThemAll() throws Exception
    {
        final AtomicBoolean hold = new AtomicBoolean();
        final EventLog log = new EventLog();
        try (TestServer server = server(hold);
            Connection connection = connect(server, log))
        {
            connection.subscribe(CHANNEL, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            server.next("subscribe", WAIT_MS);
            hold.set(true);

            final List<CompletableFuture<Subscription>> futures = resubscribe(connection);
            final TestServer.Request held = server.next("subscribe", WAIT_MS);
            Await.until(() -> server.requests("unsubscribe").size() >= 1, WAIT_MS, "the unsubscribe");
            // Anything else the client queued reaches the wire well within this (loopback, no rate limit).
            TimeUnit.MILLISECONDS.sleep(200);

            assertThat(server.requests("unsubscribe")).as("unsubscribes on the wire").hasSize(1);
            assertThat(server.requests("subscribe")).as("subscribes on the wire (first + resubscribe)").hasSize(2);
            assertThat(futures).allSatisfy(future -> assertThat(future).isNotDone());
            assertThat(connection.faultCounters().resubscribesJoined().get()).isEqualTo(RESUBSCRIBES - 1);

            held.reply(JsonRpc.result(held.id(), "[\"" + CHANNEL + "\"]"));
            awaitAll(futures);
            assertThat(connection.subscription(CHANNEL).state()).isEqualTo(Subscription.State.CONFIRMED);
        }
    }

    @Test
    void shouldSendANewPairForAResubscribeAfterThePreviousWasAnswered() throws Exception
    {
        final EventLog log = new EventLog();
        try (TestServer server = server(new AtomicBoolean());
            Connection connection = connect(server, log))
        {
            connection.subscribe(CHANNEL, null).get(WAIT_MS, TimeUnit.MILLISECONDS);

            connection.resubscribe(CHANNEL).get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.resubscribe(CHANNEL).get(WAIT_MS, TimeUnit.MILLISECONDS);

            Await.until(() -> server.requests("unsubscribe").size() == 2, WAIT_MS, "two unsubscribes");
            assertThat(server.requests("subscribe")).hasSize(3);
            assertThat(connection.faultCounters().resubscribesJoined().get()).isZero();
        }
    }

    @Test
    void shouldCompleteJoinedResubscribesByTheRestoreAfterADrop() throws Exception
    {
        final AtomicBoolean hold = new AtomicBoolean();
        final EventLog log = new EventLog();
        try (TestServer server = server(hold);
            Connection connection = connect(server, log))
        {
            connection.subscribe(CHANNEL, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            hold.set(true);
            final List<CompletableFuture<Subscription>> futures = resubscribe(connection);
            Await.until(() -> server.requests("subscribe").size() >= 2, WAIT_MS, "the held resubscribe");

            server.closeAll(1012, "restart");
            log.await("reconnected", WAIT_MS);
            awaitAll(futures);

            assertThat(server.requests("subscribe")).extracting(TestServer.Request::connection)
                .containsExactly(1, 1, 2);
            // After the restore's confirmation a resubscribe starts a new pair again.
            connection.resubscribe(CHANNEL).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(server.requests("subscribe")).extracting(TestServer.Request::connection)
                .containsExactly(1, 1, 2, 2);
            assertThat(server.requests("unsubscribe")).extracting(TestServer.Request::connection)
                .containsExactly(1, 2);
        }
    }
}
