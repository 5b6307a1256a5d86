package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code QUEUED}: a handler thread that has gone idle and parked is woken by the reader when a message arrives; it
 * does not sleep out its park. The handler here parks for 60 s at a time ({@code PARK(60 s)}), so without the
 * wake-up the message would wait up to a minute; it must arrive within the await bound (failed before the reader
 * unparked the handler).
 */
@Timeout(60)
class QueuedHandlerWakeTest
{
    private static final long LONG_PARK_NS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void shouldWakeAParkedHandlerWhenAMessageArrives() throws Exception
    {
        final CompletableFuture<Boolean> go = new CompletableFuture<>();
        final CompletableFuture<Boolean> goAgain = new CompletableFuture<>();
        final CompletableFuture<Boolean> served = new CompletableFuture<>();
        final CompletableFuture<String> received = new CompletableFuture<>();
        final CompletableFuture<String> second = new CompletableFuture<>();
        final WebSocketHandler handler = (webSocket, type, buffer, offset, length) ->
        {
            final String text = buffer.getStringWithoutLengthUtf8(offset, length);
            if (!received.complete(text))
            {
                second.complete(text);
            }
        };
        try (TestServer server = HostileSupport.server(served, connection ->
        {
            connection.acceptUpgrade();
            go.get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.writeFrame(TEXT, utf8("after the park"));
            goAgain.get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.writeFrame(TEXT, utf8("after a second park"));
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(IoMode.VIRTUAL).pipelineMode(PipelineMode.QUEUED)
                    .handlerIdleStrategy(IdleStrategySpec.park(LONG_PARK_NS)).build(),
                handler))
        {
            awaitParked("wsnova-handler-");
            go.complete(true);

            assertThat(received.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("after the park");
            awaitParked("wsnova-handler-");
            goAgain.complete(true);
            assertThat(second.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo("after a second park");
            assertThat(client.webSocket()).isNotNull();
        }
    }

    /** Waits until the handler thread is in a timed park (TIMED_WAITING), bounded. */
    private static void awaitParked(final String namePrefix)
    {
        Await.until(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(thread ->
            thread.getName().startsWith(namePrefix) && thread.getState() == Thread.State.TIMED_WAITING),
            WAIT_MS, "a parked thread named " + namePrefix + "*");
    }
}
