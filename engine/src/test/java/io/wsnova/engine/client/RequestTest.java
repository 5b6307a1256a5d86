package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.FaultCounters;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.api.Credentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.Await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Requests are matched to their responses by id, bounded by the request timeout, failed fast on a disconnect, and
 * refused on a closed connection.
 */
@Timeout(60)
class RequestTest
{
    private static final long WAIT_MS = 10_000;
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "test-delayed-answers");
        thread.setDaemon(true);
        return thread;
    });

    @AfterAll
    static void stopScheduler()
    {
        LATER.shutdownNow();
    }

    private static String echo(final long id, final String method)
    {
        return JsonRpc.result(id, "{\"id\":" + id + ",\"method\":\"" + method + "\"}");
    }

    private static Connection connect(final TestServer server, final NovaOptions.Builder extra)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), extra.url(server.url()).build());
    }

    private static RequestException failure(final CompletableFuture<?> future, final long timeoutMs)
    {
        final Throwable thrown = catchThrowable(() -> future.get(timeoutMs, TimeUnit.MILLISECONDS));
        assertThat(thrown).as("future outcome").isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(RequestException.class);
        return (RequestException)thrown.getCause();
    }

    @Test
    void shouldTimeOutARequestNobodyAnswersAndTellTheConnectionHandlerOnItsEventThread() throws Exception
    {
        final BlockingQueue<String> timeouts = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = connect(server, NovaOptions.builder().requestTimeoutMs(200)
                .connectionHandler(new ConnectionHandler()
                {
                    @Override
                    public void onTimeout(final Connection connection, final String what)
                    {
                        timeouts.add(what + " on " + Thread.currentThread().getName());
                    }
                })))
        {
            final long startNs = System.nanoTime();
            final RequestException failure = failure(connection.request("silence", null), WAIT_MS);
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            assertThat(failure.kind()).isEqualTo(RequestException.Kind.TIMEOUT);
            assertThat(failure.getMessage()).contains("silence");
            assertThat(elapsedMs).isBetween(150L, 5_000L);
            final String timeout = timeouts.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(timeout).contains("silence").contains(" on wsnova-events-");
        }
    }

    @Test
    void shouldCountAndDropAResponseThatArrivesAfterItsTimeoutWithoutDeliveringItToAnotherRequest() throws Exception
    {
        try (TestServer server = TestServer.rpc(request ->
        {
            // "slow" (timeout 1000 ms) is answered at +1500 ms; "next", sent when "slow" timed out, at +700 ms:
            // the late "slow" answer arrives while "next" waits.
            final long delayMs = "slow".equals(request.method()) ? 1_500 : 700;
            LATER.schedule(() -> request.reply(echo(request.id(), request.method())), delayMs,
                TimeUnit.MILLISECONDS);
            return null;
        });
            Connection connection = connect(server, NovaOptions.builder().requestTimeoutMs(1_000)))
        {
            final FaultCounters faults = connection.faultCounters();
            final CompletableFuture<Response> slow = connection.request("slow", null);
            assertThat(failure(slow, WAIT_MS).kind()).isEqualTo(RequestException.Kind.TIMEOUT);
            assertThat(faults.lateResponses().get()).isZero();

            final CompletableFuture<Response> next = connection.request("next", Map.of());
            Await.until(() -> faults.lateResponses().get() == 1, WAIT_MS, "late response counted");
            assertThat(next.isDone()).as("the late answer completed another request").isFalse();

            final Response answer = next.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(answer.resultJson()).isEqualTo("{\"id\":" + answer.id() + ",\"method\":\"next\"}");
            assertThat(faults.lateResponses().get()).isEqualTo(1);
            assertThat(connection.request("after", null).get(WAIT_MS, TimeUnit.MILLISECONDS).resultJson())
                .contains("\"method\":\"after\"");
        }
    }

    @Test
    void shouldMatchSixteenThreadsOfFiveHundredConcurrentRequestsToTheirOwnResponses() throws Exception
    {
        final int threads = 16;
        final int perThread = 500;
        try (TestServer server = TestServer.rpc(request -> echo(request.id(), request.method()));
            Connection connection = connect(server, NovaOptions.builder().requestTimeoutMs(30_000)))
        {
            final List<List<CompletableFuture<Response>>> futures = new ArrayList<>();
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final List<CompletableFuture<Response>> mine = new ArrayList<>();
                futures.add(mine);
                final int thread = t;
                senders.add(Thread.ofPlatform().name("sender-" + t).start(() ->
                {
                    try
                    {
                        start.await();
                        for (int i = 0; i < perThread; i++)
                        {
                            mine.add(connection.request("m." + thread + "." + i, Map.of("i", i)));
                        }
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            start.countDown();
            for (final Thread sender : senders)
            {
                sender.join(WAIT_MS);
                assertThat(sender.isAlive()).isFalse();
            }

            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            final java.util.Set<Long> ids = new java.util.HashSet<>();
            for (int t = 0; t < threads; t++)
            {
                assertThat(futures.get(t)).hasSize(perThread);
                for (int i = 0; i < perThread; i++)
                {
                    final long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
                    final Response response;
                    try
                    {
                        response = futures.get(t).get(i).get(leftMs, TimeUnit.MILLISECONDS);
                    }
                    catch (final TimeoutException ex)
                    {
                        throw new AssertionError("request " + t + "." + i + " unanswered", ex);
                    }
                    assertThat(response.resultJson())
                        .isEqualTo("{\"id\":" + response.id() + ",\"method\":\"m." + t + "." + i + "\"}");
                    assertThat(ids.add(response.id())).as("unique id").isTrue();
                }
            }
            assertThat(ids).hasSize(threads * perThread);
            assertThat(connection.faultCounters().lateResponses().get()).isZero();
        }
    }

    @ParameterizedTest(name = "close {0}, retryAttempts {1}")
    @CsvSource({"1012, -1", "1000, -1", "1011, 0"})
    void shouldFailRequestsInFlightFastWithDisconnectedWhenTheConnectionDrops(
        final int closeCode, final int retryAttempts) throws Exception
    {
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = connect(server, NovaOptions.builder().requestTimeoutMs(30_000)
                .retryAttempts(retryAttempts)))
        {
            final List<CompletableFuture<Response>> inFlight = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                inFlight.add(connection.request("hang." + i, null));
            }
            for (int i = 0; i < 10; i++)
            {
                server.next(WAIT_MS);
            }

            final long startNs = System.nanoTime();
            server.closeAll(closeCode, "drop");
            for (final CompletableFuture<Response> request : inFlight)
            {
                assertThat(failure(request, 5_000).kind()).isEqualTo(RequestException.Kind.DISCONNECTED);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThan(5_000L);
        }
    }

    @Test
    void shouldRefuseEveryOperationOnAClosedConnectionWithNotConnected() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final Connection connection = connect(server, NovaOptions.builder());
            connection.close();
            connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(failure(connection.request("x", null), WAIT_MS).kind())
                .isEqualTo(RequestException.Kind.NOT_CONNECTED);
            assertThat(failure(connection.request("x", Map.of("a", 1)), WAIT_MS).kind())
                .isEqualTo(RequestException.Kind.NOT_CONNECTED);
            assertThat(failure(connection.authenticate(new Credentials("id", "s")), WAIT_MS).kind())
                .isEqualTo(RequestException.Kind.NOT_CONNECTED);
            assertThat(failure(connection.ping(), WAIT_MS).kind()).isEqualTo(RequestException.Kind.NOT_CONNECTED);
            assertThat(failure(connection.subscribe("ch", null), WAIT_MS).kind())
                .isEqualTo(RequestException.Kind.NOT_CONNECTED);
            assertThat(connection.sendText("x")).isNegative();
            assertThat(server.requests()).isEmpty();
        }
    }
}
