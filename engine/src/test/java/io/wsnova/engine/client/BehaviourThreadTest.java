package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.DefaultAuthHandler;
import io.wsnova.engine.behaviour.DefaultConnectionHandler;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.Await;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the thread every behaviour method runs on during a real connect (with authentication), subscribe,
 * request, data, application heartbeats, a server restart with reconnect and restore, and close, and checks the
 * table "Which thread runs each behaviour method (measured)" in docs/ADAPTERS.md against it, both ways: every
 * observed thread is documented, every documented thread was observed. Every behaviour is a recording proxy over
 * the engine's default, so every method the engine calls is seen. Also counts the adapter's behaviour factory
 * calls: once per connection, whatever the reconnects.
 */
@Timeout(60)
class BehaviourThreadTest
{
    private static final long WAIT_MS = 10_000;
    private static final String CALLER = "app-caller";
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+\\.\\w+)` \\| ([a-z, -]+) \\|", Pattern.MULTILINE);

    private final Map<String, Set<String>> observed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> factoryCalls = new ConcurrentHashMap<>();

    private static String kind(final Thread thread)
    {
        final String name = thread.getName();
        if (name.equals(CALLER))
        {
            return "caller";
        }
        if (name.startsWith("wsnova-events-"))
        {
            return "event";
        }
        if (name.startsWith("wsnova-reader-") || name.startsWith("wsnova-handler-"))
        {
            return "message";
        }
        if (name.startsWith("wsnova-heartbeat-"))
        {
            return "heartbeat";
        }
        if (name.startsWith("wsnova-timer"))
        {
            return "timer";
        }
        if (name.startsWith("wsnova-connect"))
        {
            return "connect";
        }
        return "other(" + name + ")";
    }

    private void record(final String method)
    {
        observed.computeIfAbsent(method, ignore -> ConcurrentHashMap.newKeySet()).add(kind(Thread.currentThread()));
    }

    @SuppressWarnings("unchecked")
    private <T> T recording(final Class<T> type, final T delegate)
    {
        factoryCalls.computeIfAbsent(type.getSimpleName(), ignore -> new AtomicInteger()).incrementAndGet();
        final InvocationHandler handler = (proxy, method, args) ->
        {
            if (method.getDeclaringClass() == Object.class)
            {
                return switch (method.getName())
                {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> type.getSimpleName() + "-recorder";
                };
            }
            record(type.getSimpleName() + "." + method.getName());
            try
            {
                return method.invoke(delegate, args);
            }
            catch (final InvocationTargetException ex)
            {
                throw ex.getCause();
            }
        };
        return (T)Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, handler);
    }

    private AppHeartbeat heartbeat()
    {
        final byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        final AppHeartbeat.AnswerMatcher pong = AppHeartbeat.textEquals("pong");
        return AppHeartbeat.builder().intervalMs(50).deadlineMs(5_000)
            .payload((buffer, offset) ->
            {
                record("AppHeartbeat.payload");
                buffer.putBytes(offset, ping);
                return ping.length;
            })
            .answer(message ->
            {
                record("AppHeartbeat.answer");
                return pong.isAnswer(message);
            })
            .build();
    }

    private Adapter adapter()
    {
        return new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder().secure(false).keepalive(0, 0)
                    .set(Option.RECONNECT_BASE_DELAY_MS, 10L).set(Option.RECONNECT_MAX_DELAY_MS, 20L).build();
            }

            @Override
            public ConnectionHandler connectionHandler()
            {
                final ConnectionHandler recorder =
                    recording(ConnectionHandler.class, DefaultConnectionHandler.INSTANCE);
                final AppHeartbeat heartbeat = heartbeat();
                return (ConnectionHandler)Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{ConnectionHandler.class}, (proxy, method, args) ->
                    {
                        if ("appHeartbeat".equals(method.getName()))
                        {
                            record("ConnectionHandler.appHeartbeat");
                            return heartbeat;
                        }
                        try
                        {
                            return method.invoke(recorder, args);
                        }
                        catch (final InvocationTargetException ex)
                        {
                            throw ex.getCause();
                        }
                    });
            }

            @Override
            public MessageHandler messageHandler()
            {
                return recording(MessageHandler.class, new DefaultMessageHandler());
            }

            @Override
            public SubscriptionHandler subscriptionHandler()
            {
                return recording(SubscriptionHandler.class, DefaultSubscriptionHandler.INSTANCE);
            }

            @Override
            public AuthHandler authHandler()
            {
                return recording(AuthHandler.class, DefaultAuthHandler.INSTANCE);
            }

            @Override
            public FailurePolicy failurePolicy()
            {
                return recording(FailurePolicy.class, new DefaultFailurePolicy());
            }

            @Override
            public RateLimitHandler rateLimitHandler()
            {
                return recording(RateLimitHandler.class, DefaultRateLimitHandler.INSTANCE);
            }

            @Override
            public LoggingHandler loggingHandler(final NovaOptions options)
            {
                return recording(LoggingHandler.class, new LoggingHandler()
                {
                    @Override
                    public Level level()
                    {
                        return Level.DEBUG;
                    }

                    @Override
                    public void log(final Level level, final String event, final Map<String, ?> fields)
                    {
                    }
                });
            }

            @Override
            public MetricsCollector metricsCollector()
            {
                return recording(MetricsCollector.class, new DefaultMetricsCollector());
            }
        };
    }

    @Test
    void shouldRunEveryBehaviourMethodOnTheThreadTheDocsState() throws Exception
    {
        final CountDownLatch reconnected = new CountDownLatch(1);
        final ExecutorService caller = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, CALLER));
        try (TestServer server = TestServer.rpc(request -> "ping".equals(request.text()) ? "pong" :
            JsonRpc.standard(request)))
        {
            final Connection connection = call(caller, () -> Nova.connectBlocking(adapter(), NovaOptions.builder()
                .url(server.url()).credentials(new Credentials("id", "secret"))
                .listeners(java.util.List.of(new ConnectionListener()
                {
                    @Override
                    public void onReconnected(final Connection connection)
                    {
                        reconnected.countDown();
                    }
                })).build()));
            call(caller, () -> connection.subscribe("ticker.A", null).get(WAIT_MS, TimeUnit.MILLISECONDS));
            call(caller, () -> connection.request("public/get_time", null).get(WAIT_MS, TimeUnit.MILLISECONDS));
            server.push("{\"channel\":\"ticker.A\",\"data\":1}");
            server.push("{\"jsonrpc\":\"2.0\",\"id\":\"not-ours\",\"result\":1}"); // unmatched: counted
            Await.until(() -> ((ClientConnection)connection).lateResponses() == 1, WAIT_MS, "the unmatched response");
            final AppHeartbeatRunner heartbeat = ((ClientConnection)connection).appHeartbeat;
            Await.until(() -> heartbeat.answers() >= 2, WAIT_MS, "heartbeats answered");

            server.closeAll(1012, "restart");
            assertThat(reconnected.await(WAIT_MS, TimeUnit.MILLISECONDS)).as("reconnected").isTrue();
            Await.until(() -> heartbeat.answers() >= 4, WAIT_MS, "heartbeats answered after the reconnect");
            call(caller, () ->
            {
                connection.close();
                return connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            });
        }
        finally
        {
            caller.shutdownNow();
        }

        final Map<String, Set<String>> measured = new TreeMap<>();
        observed.forEach((method, kinds) -> measured.put(method, new TreeSet<>(kinds)));
        System.out.println("Behaviour threads as measured:");
        measured.forEach((method, kinds) -> System.out.println("| `" + method + "` | " +
            String.join(", ", kinds) + " |"));

        assertThat(factoryCalls).as("each behaviour factory once per connection, reconnect included")
            .allSatisfy((behaviour, calls) -> assertThat(calls.get()).as(behaviour).isEqualTo(1));
        assertThat(factoryCalls).hasSize(8);

        final Map<String, Set<String>> documented = documentedTable();
        assertThat(measured).as("docs/ADAPTERS.md, 'Which thread runs each behaviour method (measured)'")
            .isEqualTo(documented);
    }

    private static Map<String, Set<String>> documentedTable() throws Exception
    {
        final String doc = Files.readString(Path.of("..", "docs", "ADAPTERS.md"), StandardCharsets.UTF_8);
        final int start = doc.indexOf("<!-- threads:begin -->");
        final int end = doc.indexOf("<!-- threads:end -->");
        assertThat(start).as("threads:begin marker").isNotNegative();
        assertThat(end).as("threads:end marker").isGreaterThan(start);
        final Map<String, Set<String>> table = new TreeMap<>();
        final Matcher row = ROW.matcher(doc.substring(start, end));
        while (row.find())
        {
            table.put(row.group(1), new TreeSet<>(java.util.Arrays.asList(row.group(2).trim().split(", "))));
        }
        return table;
    }

    private static <T> T call(final ExecutorService caller, final java.util.concurrent.Callable<T> task)
        throws Exception
    {
        final Future<T> future = caller.submit(task);
        return future.get(WAIT_MS, TimeUnit.MILLISECONDS);
    }
}
