package io.wsnova.adapters.okx;

import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused book resync is retried after 1 s, doubling to at most 60 s (docs/OKX.md, "Faults"), on a fake clock:
 * nothing is sent a millisecond before each retry is due, the unsubscribe and subscribe exactly when it is.
 */
class OkxRetryBackoffTest
{
    private static final String SNAPSHOT = "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}," +
        "\"action\":\"snapshot\",\"data\":[{\"asks\":[[\"41006.8\",\"0.60038921\",\"0\",\"1\"]],\"bids\":" +
        "[[\"41006.3\",\"0.30178218\",\"0\",\"2\"]],\"ts\":\"1629966436396\",\"checksum\":0,\"prevSeqId\":-1," +
        "\"seqId\":123456}]}";
    private static final long[] EXPECTED_DELAYS_MS = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};

    private final FakeClock clock = new FakeClock();
    private final OkxHandlerHarness harness = new OkxHandlerHarness(clock.timer());

    @Test
    void shouldRetryARefusedResyncAfterOneSecondDoublingToSixty()
    {
        harness.feed(SNAPSHOT);
        harness.feed(OkxMessageHandlerTest.books("update", "[]", "[[\"41006.4\",\"2\",\"0\",\"1\"]]", 0, 99, 120));
        assertThat(harness.sent).hasSize(2); // the resync: unsubscribe, subscribe

        for (int attempt = 0; attempt < EXPECTED_DELAYS_MS.length; attempt++)
        {
            refuse();
            assertThat(harness.adapter.counters().resyncRefusals()).isEqualTo(attempt + 1);
            final int sentBefore = harness.sent.size();

            clock.advanceMillis(EXPECTED_DELAYS_MS[attempt] - 1);
            assertThat(harness.sent).as("nothing sent before retry %d is due", attempt + 1).hasSize(sentBefore);

            clock.advanceMillis(1);
            assertThat(harness.sent).as("retry %d sent when due", attempt + 1).hasSize(sentBefore + 2);
            assertThat(harness.sent.get(sentBefore)).contains("\"op\":\"unsubscribe\"");
            assertThat(harness.sent.get(sentBefore + 1)).contains("\"op\":\"subscribe\"");
        }
        assertThat(clock.failures()).isEmpty();
    }

    @Test
    void shouldNotRetryOnceTheSnapshotArrived()
    {
        harness.feed(SNAPSHOT);
        harness.feed(OkxMessageHandlerTest.books("update", "[]", "[[\"41006.4\",\"2\",\"0\",\"1\"]]", 0, 99, 120));
        refuse();
        final int sentBefore = harness.sent.size();

        harness.feed(SNAPSHOT); // the book synced some other way before the retry was due
        clock.advanceMillis(120_000);

        assertThat(harness.sent).hasSize(sentBefore);
        assertThat(harness.adapter.counters().resyncsDone()).isEqualTo(2);
    }

    private void refuse()
    {
        harness.feed("{\"event\":\"unsubscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}}");
        harness.feed("{\"event\":\"error\",\"code\":\"60014\",\"msg\":\"Requests too frequent.\"}");
        assertThat(harness.listener.events).endsWith("status STALE RATE_LIMITED");
    }
}
