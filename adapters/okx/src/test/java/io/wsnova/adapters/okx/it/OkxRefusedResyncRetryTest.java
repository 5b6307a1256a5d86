package io.wsnova.adapters.okx.it;

import io.wsnova.engine.api.Connection;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.mock.okx.MockOkxExchange;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.okx.it.OkxMockFixture.SPOT;
import static io.wsnova.adapters.okx.it.OkxMockFixture.WAIT_MS;
import static io.wsnova.adapters.okx.it.OkxMockFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A refused resync on a book-only connection: after the refused resubscribe nothing arrives (the mock sends no data
 * for an unsubscribed channel, the engine consumes the pongs), so the documented retry (1 s doubling to 60 s) must
 * run on a timer, not on the connection's next data message, and the book must come back with {@code RESYNC_DONE}
 * well before OKX would close the idle connection (30 s).
 */
class OkxRefusedResyncRetryTest
{
    /** Generous: the retries are due after 1 s and 1 + 2 s; the bound only catches a retry that never fires. */
    private static final long RETRY_BOUND_MS = 20_000L;

    @Test
    void shouldRetryARefusedResyncOnTimeWhenTheBookIsTheOnlyChannel() throws Exception
    {
        // Two subscribe/unsubscribe requests per 2 s: the resync's subscribe, right after a refused subscribe that
        // takes a slot and the resync's unsubscribe, is refused (60014); the timer retries it until the window
        // lets both requests of a resync through.
        try (OkxMockFixture fixture = OkxMockFixture.start(MockOkxExchange.builder().seed(29).rateLimit(2, 2_000,
            false)))
        {
            final Connection connection = fixture.connect(fixture.adapterBuilder());
            subscribe(connection, "books:" + SPOT);
            fixture.exchange.step(5);
            fixture.await("first snapshot", () -> fixture.recorder.count(SPOT, FeedState.RESYNC_DONE, null) == 1);
            Thread.sleep(2_100); // the subscribe leaves the mock's 2 s window: the refusals below are certain

            final CompletableFuture<?> slotTaker = connection.subscribe("books:NOPE-USDT", null);
            assertThat(catchThrowable(() -> slotTaker.get(WAIT_MS, TimeUnit.MILLISECONDS))).isNotNull();
            fixture.exchange.gapNext(SPOT);
            fixture.exchange.step(20);
            Await.until(() -> fixture.recorder.count(SPOT, FeedState.STALE, FeedReason.RATE_LIMITED) >= 1, 10_000L,
                () -> "the resync refused; counters: " + fixture.adapter.counters() + ", mock: " + fixture.exchange +
                    ", statuses: " + fixture.recorder.statuses);
            final long refusedAtNs = System.nanoTime();

            Await.until(() -> fixture.recorder.count(SPOT, FeedState.RESYNC_DONE, null) == 2, RETRY_BOUND_MS,
                () -> "resynced by the timer's retry; counters: " + fixture.adapter.counters() + ", mock: " +
                    fixture.exchange);
            final long retriedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refusedAtNs);

            System.out.println("refused resync retried and done after " + retriedMs + " ms, refusals " +
                fixture.adapter.counters().resyncRefusals());
            assertThat(fixture.adapter.counters().resyncRefusals()).isPositive();
            assertThat(fixture.recorder.count(SPOT, FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH))
                .isEqualTo(1);
            assertThat(fixture.adapter.counters().resyncsDone()).isEqualTo(2);
            fixture.exchange.step(5);
            fixture.stepUntilBooksCaughtUp(SPOT);
        }
    }
}
