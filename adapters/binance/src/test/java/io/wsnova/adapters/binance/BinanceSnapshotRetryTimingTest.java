package io.wsnova.adapters.binance;

import com.sun.net.httpserver.HttpServer;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot attempts of one resync on a fake clock (the fetch delays run on it; the HTTP exchange is real, on
 * loopback, and always fails with HTTP 500): attempt 1 at once, attempt n after {@code backoff * 2^(n-2)}, capped
 * (BinanceAdapter.Builder#snapshotBackoffMs; defaults 250 ms and 10 s). Nothing is fetched a millisecond early.
 */
class BinanceSnapshotRetryTimingTest
{
    private static final long[] EXPECTED_DELAYS_MS = {0, 250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000};
    private static final String DEPTH = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"," +
        "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":990,\"u\":995,\"b\":[[\"64980.50000000\",\"1.10000000\"]]," +
        "\"a\":[]}}";

    @Test
    void shouldRetryAFailedSnapshotAtOnceThenAfterTheDoublingBackoffUpToItsCap() throws Exception
    {
        final FakeClock clock = new FakeClock();
        final HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.createContext(BinanceMarket.SPOT.depthPath(), exchange ->
        {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        rest.start();
        try
        {
            final BinanceAdapter adapter = BinanceAdapter.builder().market(BinanceMarket.SPOT)
                .restUrl("http://127.0.0.1:" + rest.getAddress().getPort()).snapshotTimer(clock.timer()).build();
            final BinanceHandlerHarness harness = BinanceHandlerHarness.of(adapter);
            final BinanceSnapshotFetcher fetcher = adapter.fetcher();

            harness.receive(DEPTH);
            for (int attempt = 0; attempt < EXPECTED_DELAYS_MS.length; attempt++)
            {
                final int failed = attempt;
                Await.until(() -> fetcher.failureCount() == failed && clock.pendingTasks() == 1, 10_000,
                    "attempt " + (attempt + 1) + " scheduled");
                final long delayMs = EXPECTED_DELAYS_MS[attempt];
                assertThat(clock.nextDueNs() - clock.nanoTime()).as("delay of attempt %d", attempt + 1)
                    .isEqualTo(TimeUnit.MILLISECONDS.toNanos(delayMs));
                if (delayMs > 0)
                {
                    clock.advanceMillis(delayMs - 1);
                    assertThat(fetcher.fetchCount()).as("attempt %d not early", attempt + 1).isEqualTo(attempt);
                    clock.advanceMillis(1);
                }
                else
                {
                    clock.runDue();
                }
                assertThat(fetcher.fetchCount()).as("attempt %d when due", attempt + 1).isEqualTo(attempt + 1);
            }
            Await.until(() -> fetcher.failureCount() == EXPECTED_DELAYS_MS.length, 10_000, "last attempt failed");
            assertThat(adapter.counters().snapshotFailures()).isEqualTo(EXPECTED_DELAYS_MS.length);
            assertThat(harness.handler.book("BTCUSDT").isLive()).isFalse();
            assertThat(clock.failures()).isEmpty();
        }
        finally
        {
            rest.stop(0);
        }
    }
}
