package io.wsnova.engine;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.testkit.TestServer;
import io.wsnova.engine.testing.RecordingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.transport.WebSocketOptions;
import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 20)
class NovaRuntimeTest
{
    private static final long WAIT_MS = 5_000;

    @Test
    void shouldHandItsPartsTheClocksAndTimerOfItsContext() throws Exception
    {
        final FakeClock clock = new FakeClock();
        try (NovaRuntime runtime = NovaRuntime.launch(new NovaRuntime.Context()
            .nanoClock(clock).epochClock(clock).epochNanoClock(clock.epochNanoClock()).timer(clock.timer())))
        {
            assertThat(runtime.time().nanoClock()).isSameAs(clock);
            assertThat(runtime.time().epochClock()).isSameAs(clock);
            assertThat(runtime.time().timer()).isSameAs(clock.timer());
            assertThat(runtime.connector().time()).isSameAs(runtime.time());
            assertThat(runtime.telemetry()).isNotSameAs(Telemetry.global());

            final AtomicInteger ran = new AtomicInteger();
            runtime.time().timer().schedule(ran::incrementAndGet, 30, TimeUnit.SECONDS);
            clock.advance(30, TimeUnit.SECONDS);
            assertThat(ran.get()).isEqualTo(1);
        }
        assertThat(clock.timer().isShutdown()).as("a timer given in the context belongs to the caller").isFalse();
    }

    @Test
    void shouldCloseItsOpenWebSocketsAndStopItsThreadsWhenClosed() throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = TestServer.echo())
        {
            final Set<String> before = runtimeThreads();
            final NovaRuntime runtime = NovaRuntime.launch();
            final WebSocket webSocket = runtime.connector().connectBlocking(
                WsUrl.parse(server.url("/echo")), WebSocketOptions.from(NovaOptions.empty()), handler);
            final Set<String> threads = runtimeThreads();
            threads.removeAll(before);
            assertThat(threads).anyMatch(name -> name.startsWith("wsnova-watchdog-"));
            assertThat(threads).anyMatch(name -> name.startsWith("wsnova-timer-"));

            runtime.close();

            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            assertThat(status.closeCode()).isEqualTo(1001);
            assertThat(webSocket.state()).isEqualTo(WebSocket.State.CLOSED);
            assertThat(runtime.isClosed()).isTrue();
            assertThat(runtime.time().timer().isShutdown()).isTrue();
            assertThat(runtimeThreads()).as("no thread of this runtime is left").doesNotContainAnyElementsOf(threads);
            assertThatThrownBy(() -> runtime.connector().connectBlocking(
                WsUrl.parse(server.url("/echo")), WebSocketOptions.from(NovaOptions.empty()), new RecordingHandler()))
                .isInstanceOf(WebSocketConnectException.class)
                .hasMessageContaining("runtime is closed");
            runtime.close();
        }
    }

    @Test
    void shouldShareOneDefaultRuntimeThatIsNeverClosed()
    {
        final NovaRuntime runtime = NovaRuntime.defaultRuntime();

        assertThat(NovaRuntime.defaultRuntime()).isSameAs(runtime);
        assertThat(runtime.telemetry()).isSameAs(Telemetry.global());
        assertThatThrownBy(runtime::close).isInstanceOf(IllegalStateException.class);
        assertThat(runtime.isClosed()).isFalse();
    }

    private static Set<String> runtimeThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(name -> name.matches("wsnova-(watchdog|timer|telemetry)-\\d+"))
            .collect(Collectors.toSet());
    }
}
