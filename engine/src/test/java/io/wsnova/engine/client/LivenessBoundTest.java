package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.behaviour.ConnectionHandler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's default liveness bound (docs/RELIABILITY.md): with no adapter option, a silent connection (TCP
 * open, nothing arrives, pings unanswered) is detected within ping interval + pong timeout + two watchdog ticks
 * = 25.02 s, under the stated 30 s. Real time on a real loopback server, so slow-tagged (about 25 s).
 */
@Tag("slow")
@Timeout(90)
class LivenessBoundTest
{
    static final long ENGINE_BOUND_MS = 30_000;

    @Test
    void shouldDetectASilentConnectionWithinThirtySecondsWithTheEngineDefaults() throws Exception
    {
        final NovaOptions defaults = NovaOptions.builder().build();
        assertThat(defaults.get(Option.PING_INTERVAL_MS) + defaults.get(Option.PONG_TIMEOUT_MS) + 20)
            .isLessThanOrEqualTo(ENGINE_BOUND_MS);
        final CompletableFuture<CloseStatus> dropped = new CompletableFuture<>();
        try (FaultServer server = new FaultServer())
        {
            server.plan(FaultServer.Behaviour.SILENT);
            final Adapter plain = new Adapter()
            {
                @Override
                public ConnectionHandler connectionHandler()
                {
                    return new ConnectionHandler()
                    {
                        @Override
                        public void onDisconnect(final Connection connection, final CloseStatus status)
                        {
                            dropped.complete(status);
                        }
                    };
                }
            };
            final Connection connection = Nova.connectBlocking(plain, NovaOptions.builder().url(server.url())
                .retryAttempts(0).build());
            final long openNs = System.nanoTime();

            final CloseStatus status = dropped.get(60, TimeUnit.SECONDS);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openNs);
            System.out.println("LivenessBoundTest: silent connection detected after " + detectedMs + " ms (" +
                status + "), bound " + ENGINE_BOUND_MS + " ms");
            assertThat(status.reason()).isEqualTo(DisconnectReason.PONG_TIMEOUT);
            assertThat(detectedMs).isLessThanOrEqualTo(ENGINE_BOUND_MS);
            connection.close();
        }
    }
}
