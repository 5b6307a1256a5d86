package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.ClientTemplate;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.DefaultAuthHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.TestConnection;
import io.wsnova.testkit.JsonRpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Configuration precedence (a worked example of user, template, adapter and system layers, every value checked)
 * and validation at connect, before any I/O.
 */
@Timeout(30)
class ClientOptionsTest
{
    /** A user's own auth handler, given in the user's options. */
    static final class CustomAuth implements AuthHandler
    {
        @Override
        public String authMethod()
        {
            return "custom/auth";
        }
    }

    private static final CustomAuth CUSTOM_AUTH = new CustomAuth();

    private static Adapter seedAdapter(final String host)
    {
        return new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder()
                    .requestTimeoutMs(10_000).retryAttempts(5).host(host).authHandler(CUSTOM_AUTH).build();
            }
        };
    }

    @Test
    void shouldResolveTheSeedWorkedExampleExactlyWhenLayeredThroughATemplate()
    {
        // system defaults (lowest)
        assertThat(Option.REQUEST_TIMEOUT_MS.defaultValue()).isEqualTo(5_000L);
        final ClientTemplate template = new ClientTemplate(seedAdapter("test.deribit.com"),
            NovaOptions.builder().requestTimeoutMs(15_000).host("staging.deribit.com").build());
        final NovaOptions user = NovaOptions.builder().requestTimeoutMs(30_000).build();

        final NovaOptions resolved = template.resolve(user);

        assertThat(resolved.get(Option.REQUEST_TIMEOUT_MS)).as("timeout from user").isEqualTo(30_000L);
        assertThat(resolved.get(Option.RETRY_ATTEMPTS)).as("retry from adapter").isEqualTo(5);
        assertThat(resolved.get(Option.HOST)).as("host from template").isEqualTo("staging.deribit.com");
        assertThat(resolved.get(Option.AUTH_HANDLER)).as("auth handler from adapter").isSameAs(CUSTOM_AUTH);
        // everything nobody set keeps its system default
        assertThat(resolved.get(Option.PATH)).isEqualTo(Option.PATH.defaultValue());
        assertThat(resolved.get(Option.PING_INTERVAL_MS)).isEqualTo(Option.PING_INTERVAL_MS.defaultValue());
    }

    @Test
    void shouldResolveUserOverAdapterWhenNoTemplate()
    {
        final NovaOptions resolved = NovaOptions.resolve(NovaOptions.builder().requestTimeoutMs(30_000).build(),
            seedAdapter("test.deribit.com").defaultOptions());

        assertThat(resolved.get(Option.REQUEST_TIMEOUT_MS)).isEqualTo(30_000L);
        assertThat(resolved.get(Option.RETRY_ATTEMPTS)).isEqualTo(5);
        assertThat(resolved.get(Option.HOST)).isEqualTo("test.deribit.com");
    }

    @Test
    void shouldNeverEraseALowerValueWhenAHigherLayerLeavesItUnset()
    {
        final NovaOptions adapter = NovaOptions.builder().requestTimeoutMs(10_000).retryAttempts(5)
            .host("a.example").authHandler(CUSTOM_AUTH).build();
        final NovaOptions template = NovaOptions.builder().set(Option.HOST, null).set(Option.AUTH_HANDLER, null)
            .build();
        final NovaOptions user = NovaOptions.builder().host("set-then-unset").set(Option.HOST, null)
            .set(Option.REQUEST_TIMEOUT_MS, null).build();

        final NovaOptions resolved = NovaOptions.resolve(user, template, NovaOptions.empty(), null, adapter);

        assertThat(resolved.get(Option.HOST)).isEqualTo("a.example");
        assertThat(resolved.get(Option.REQUEST_TIMEOUT_MS)).isEqualTo(10_000L);
        assertThat(resolved.get(Option.RETRY_ATTEMPTS)).isEqualTo(5);
        assertThat(resolved.get(Option.AUTH_HANDLER)).isSameAs(CUSTOM_AUTH);
        assertThat(new ClientTemplate(seedAdapter("a.example"), null).resolve(NovaOptions.empty())
            .get(Option.HOST)).isEqualTo("a.example");
    }

    @Test
    void shouldConnectWithTheResolvedLayersAndTheAdaptersAuthHandler() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            // Loopback stand-ins for the example's hosts: the adapter's host is a loopback address nothing listens
            // on, so the connect only succeeds when the template's host wins.
            final ClientTemplate template = new ClientTemplate(seedAdapter("127.0.0.2"), NovaOptions.builder()
                .requestTimeoutMs(15_000).host("127.0.0.1").port(server.port()).secure(false).keepalive(0, 0)
                .build());
            final NovaOptions user = NovaOptions.builder().requestTimeoutMs(30_000)
                .credentials(new Credentials("id", "secret")).build();

            try (Connection connection = template.connect(user).get(10, TimeUnit.SECONDS))
            {
                final NovaOptions resolved = Nova.options(connection);
                assertThat(resolved.get(Option.REQUEST_TIMEOUT_MS)).isEqualTo(30_000L);
                assertThat(resolved.get(Option.RETRY_ATTEMPTS)).isEqualTo(5);
                assertThat(resolved.get(Option.HOST)).isEqualTo("127.0.0.1");
                assertThat(((ClientConnection)connection).authHandler()).isSameAs(CUSTOM_AUTH);
                assertThat(connection.isAuthenticated()).isTrue();
                assertThat(server.requests()).extracting(TestServer.Request::method).containsExactly("custom/auth");
            }
        }
    }

    @Test
    void shouldPutTheTemplateLayerOverTheAdapterLayer()
    {
        final Adapter adapter = new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder().retryAttempts(5).requestTimeoutMs(10_000).host("test.deribit.com")
                    .build();
            }
        };

        final NovaOptions resolved = new ClientTemplate(adapter, NovaOptions.builder().requestTimeoutMs(15_000)
            .build()).resolve(NovaOptions.empty());

        assertThat(resolved.get(Option.REQUEST_TIMEOUT_MS)).isEqualTo(15_000L);
        assertThat(resolved.get(Option.HOST)).isEqualTo("test.deribit.com");
        assertThat(resolved.get(Option.RETRY_ATTEMPTS)).isEqualTo(5);
    }

    @Test
    void shouldUseTheDefaultAuthHandlerWhenNoLayerSetsOne() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard);
            Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(),
                NovaOptions.builder().url(server.url()).build()))
        {
            assertThat(((ClientConnection)connection).authHandler()).isSameAs(DefaultAuthHandler.INSTANCE);
        }
    }

    static Stream<Arguments> invalidOptions()
    {
        return Stream.of(
            invalid("requestTimeoutMs", b -> b.requestTimeoutMs(-1)),
            invalid("requestTimeoutMs", b -> b.requestTimeoutMs(0)),
            invalid("connectTimeoutMs", b -> b.set(Option.CONNECT_TIMEOUT_MS, -1L)),
            invalid("sendTimeoutMs", b -> b.set(Option.SEND_TIMEOUT_MS, -1L)),
            invalid("pingIntervalMs", b -> b.keepalive(-1, 1_000)),
            invalid("pongTimeoutMs", b -> b.keepalive(1_000, -1)),
            invalid("idleTimeoutMs", b -> b.set(Option.IDLE_TIMEOUT_MS, -1L)),
            invalid("retryAttempts", b -> b.retryAttempts(-2)),
            invalid("port", b -> b.port(0)),
            invalid("port", b -> b.port(70_000)),
            invalid("port", b -> b.port(-1)),
            invalid("url", b -> b.url("http://127.0.0.1:1/")),
            invalid("url", b -> b.url("ftp://127.0.0.1/")),
            invalid("host", b -> b.host("")),
            invalid("host", b -> b.host("   ")),
            invalid("host", b -> NovaOptions.builder().port(1).secure(false).keepalive(0, 0)),
            invalid("path", b -> b.path("no-slash")),
            invalid("maxFrameLength", b -> b.set(Option.MAX_FRAME_LENGTH, 2048).set(Option.MAX_MESSAGE_LENGTH, 1024)),
            invalid("maxFrameLength", b -> b.set(Option.MAX_FRAME_LENGTH, 0)),
            invalid("queueCapacity", b -> b.pipelineMode(PipelineMode.QUEUED).set(Option.QUEUE_CAPACITY, 0)),
            invalid("queueFullPolicy", b -> b.pipelineMode(PipelineMode.INLINE)
                .set(Option.QUEUE_FULL_POLICY, QueueFullPolicy.DROP_NEWEST)),
            invalid("queueFullPolicy", b -> b.set(Option.QUEUE_FULL_POLICY, QueueFullPolicy.DISCONNECT)),
            invalid("pongTimeoutMs", b -> b.keepalive(1_000, 0)),
            invalid("tlsHandshakeTimeoutMs", b -> b.tlsHandshakeTimeoutMs(0)),
            invalid("totalConnectTimeoutMs", b -> b.totalConnectTimeoutMs(-1)),
            invalid("closeTimeoutMs", b -> b.closeTimeoutMs(0)),
            invalid("receiveBufferLength", b -> b.receiveBufferLength(1_024)),
            invalid("socketSendBufferBytes", b -> b.socketBuffers(0, -1)),
            invalid("readerIdleStrategy", b -> b.readerIdleStrategy(IdleStrategySpec.BUSY_SPIN)),
            invalid("readerIdleStrategy", b -> b.ioMode(IoMode.SPIN)
                .readerIdleStrategy(IdleStrategySpec.backoff(1, 1, 10, 1))),
            invalid("handlerIdleStrategy", b -> b.handlerIdleStrategy(IdleStrategySpec.BUSY_SPIN)));
    }

    private static Arguments invalid(final String option, final Function<NovaOptions.Builder, NovaOptions.Builder> b)
    {
        return Arguments.of(option, b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOptions")
    void shouldFailAtConnectBeforeAnyIoWhenAnOptionIsInvalid(
        final String option, final Function<NovaOptions.Builder, NovaOptions.Builder> breakIt) throws Exception
    {
        try (TestServer server = new TestServer(TestConnection::acceptUpgrade))
        {
            final NovaOptions.Builder valid = NovaOptions.builder().url(server.url("/")).keepalive(0, 0);

            final CompletableFuture<Connection> viaNova = Nova.connect(Tagged.defaultsAdapter(),
                breakIt.apply(valid).build());
            final CompletableFuture<Connection> viaTemplate = new ClientTemplate(Tagged.defaultsAdapter(),
                NovaOptions.empty()).connect(breakIt.apply(NovaOptions.builder().url(server.url("/"))
                .keepalive(0, 0)).build());

            thenFailsWithInvalidOptions(viaNova, option);
            thenFailsWithInvalidOptions(viaTemplate, option);
            TimeUnit.MILLISECONDS.sleep(100);
            assertThat(server.connections()).as("connections the server saw").isEmpty();
        }
    }

    private static void thenFailsWithInvalidOptions(final CompletableFuture<Connection> future, final String option)
    {
        final Throwable thrown = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(WebSocketConnectException.class);
        final WebSocketConnectException failure = (WebSocketConnectException)thrown.getCause();
        assertThat(failure.kind()).isEqualTo(WebSocketConnectException.Kind.INVALID_OPTIONS);
        assertThat(failure.getMessage()).startsWith(option + ":");
    }
}
