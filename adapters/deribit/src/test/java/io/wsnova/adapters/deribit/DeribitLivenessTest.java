package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.Scripts;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deribit's liveness bound (docs/RELIABILITY.md): with the adapter's defaults, a silent connection (the server
 * upgrades, then reads and never writes: no pong, no heartbeat, no answer) is detected within 10 s of the upgrade
 * (computed bound: ping interval 4 s + pong timeout 4 s + two 10 ms watchdog ticks = 8.02 s).
 */
@Timeout(60)
class DeribitLivenessTest
{
    private static final long DERIBIT_BOUND_MS = 10_000;

    @Test
    void shouldDetectASilentConnectionWithinTenSeconds() throws Exception
    {
        final CompletableFuture<CloseStatus> dropped = new CompletableFuture<>();
        final CompletableFuture<Long> upgradedNs = new CompletableFuture<>();
        try (TestServer server = new TestServer(silent ->
        {
            silent.acceptUpgrade();
            upgradedNs.complete(System.nanoTime());
            silent.awaitEof(Scripts.HOLD_MS);
        }))
        {
            final DeribitAdapter adapter = DeribitAdapter.builder().listener(new DeribitMarketListener()
            {
            }).build();
            final Connection connection = DeribitClient.of(adapter).connectBlocking(NovaOptions.builder()
                .url(server.url("/ws/api/v2")).retryAttempts(0)
                .listeners(List.of(new ConnectionListener()
                {
                    @Override
                    public void onDisconnected(final Connection connection, final CloseStatus status)
                    {
                        dropped.complete(status);
                    }
                })).build());

            final CloseStatus status = dropped.get(30, TimeUnit.SECONDS);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upgradedNs.join());
            System.out.println("DeribitLivenessTest: silent connection detected after " + detectedMs + " ms (" +
                status + "), bound " + DERIBIT_BOUND_MS + " ms");
            assertThat(status.reason()).isEqualTo(DisconnectReason.PONG_TIMEOUT);
            assertThat(detectedMs).isLessThanOrEqualTo(DERIBIT_BOUND_MS);
            connection.close();
        }
    }
}
