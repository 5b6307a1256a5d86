package io.wsnova.benchmarks.e2e;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaxRateSearchTest
{
    private static final long MS = 1_000_000;
    private static final long BEHIND_NS = 10 * MS;
    private static final long RATE = 150_000;

    @Test
    void shouldNotBlameTheReceiverForASenderThatTheMachineHeldUp()
    {
        // the sender's batches left late (9 ms median from the intended time, 16 ms at the end) but each was read
        // within ~1.4 ms of its write
        final RunResult step = step(9 * MS, 16 * MS, 1_400_000, 1_000_000);

        assertThat(MaxRateSearch.verdict(step, BEHIND_NS)).isEqualTo(KneeSearch.Verdict.KEPT_UP);
    }

    @Test
    void shouldFindAReceiverWhoseOwnBacklogGrewToTheEndOfTheWindow()
    {
        final RunResult step = step(9 * MS, 60 * MS, 2 * MS, 55 * MS);

        assertThat(MaxRateSearch.verdict(step, BEHIND_NS)).isEqualTo(KneeSearch.Verdict.FELL_BEHIND);
    }

    @Test
    void shouldJudgeAResultWithoutTheOwnTailOnTheLagFromTheIntendedTime()
    {
        final RunResult step = step(9 * MS, 16 * MS, 1_400_000, 1_000_000);
        step.receiver.tailFromSentP50Ns = -1;

        assertThat(MaxRateSearch.verdict(step, BEHIND_NS)).isEqualTo(KneeSearch.Verdict.FELL_BEHIND);
    }

    private static RunResult step(
        final long lagP50Ns, final long tailLagNs, final long ownLagP50Ns, final long ownTailLagNs)
    {
        final long messages = 2 * RATE;
        final ReceiverResult receiver = new ReceiverResult();
        receiver.expectedMessages = messages;
        receiver.receivedMessages = messages;
        receiver.windowMessages = messages;
        receiver.windowNs = 2_000 * MS;
        receiver.histogram = ReceiverResult.encode(histogram(lagP50Ns));
        receiver.fromSentHistogram = ReceiverResult.encode(histogram(ownLagP50Ns));
        receiver.tailP50Ns = tailLagNs;
        receiver.tailFromSentP50Ns = ownTailLagNs;
        final RunResult step = new RunResult();
        step.rate = RATE;
        step.serverSentMessages = messages;
        step.serverSendNs = 2_000 * MS;
        step.receiver = receiver;
        return step;
    }

    private static Histogram histogram(final long medianNs)
    {
        final Histogram histogram = new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NS, 3);
        histogram.recordValueWithCount(medianNs, 100);
        histogram.recordValueWithCount(medianNs / 2, 10);
        histogram.recordValueWithCount(medianNs * 2, 10);
        return histogram;
    }
}
