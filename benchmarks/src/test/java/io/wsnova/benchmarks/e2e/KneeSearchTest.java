package io.wsnova.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static io.wsnova.benchmarks.e2e.KneeSearch.Verdict.FELL_BEHIND;
import static io.wsnova.benchmarks.e2e.KneeSearch.Verdict.KEPT_UP;
import static io.wsnova.benchmarks.e2e.KneeSearch.Verdict.SENDER_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

class KneeSearchTest
{
    private static final long MS = 1_000_000;
    private static final long BEHIND_NS = 10 * MS;
    private static final List<Long> LADDER = RigOptions.MAX_LADDER;
    private static final int CASES = 2_000;

    @Test
    void shouldKeepUpOnlyWithEveryMessageNinetyFivePercentOfTheRateAndNoBacklog()
    {
        assertThat(KneeSearch.verdict(1_000_000, true, 1_000_000, 1_000_000, MS, MS, MS, BEHIND_NS))
            .isEqualTo(KEPT_UP);
        assertThat(KneeSearch.verdict(1_000_000, true, 950_000, 1_000_000, BEHIND_NS, MS, MS, BEHIND_NS))
            .isEqualTo(KEPT_UP);
        assertThat(KneeSearch.verdict(1_000_000, false, 1_000_000, 1_000_000, MS, MS, MS, BEHIND_NS))
            .as("a message missing").isEqualTo(FELL_BEHIND);
        assertThat(KneeSearch.verdict(1_000_000, true, 949_999, 1_000_000, MS, MS, MS, BEHIND_NS))
            .as("received below 95 %").isEqualTo(FELL_BEHIND);
        assertThat(KneeSearch.verdict(1_000_000, true, 1_000_000, 1_000_000, BEHIND_NS + 1, MS, MS, BEHIND_NS))
            .as("a backlog at the window's end").isEqualTo(FELL_BEHIND);
        assertThat(KneeSearch.verdict(1_000_000, true, 1_200_000, 1_000_000, 100 * MS, 400 * MS, MS, BEHIND_NS))
            .as("draining a warm-up backlog faster than the schedule").isEqualTo(KEPT_UP);
        assertThat(KneeSearch.verdict(200_000, true, 253_000, 140_000, 100 * MS, 400 * MS, 300 * MS, BEHIND_NS))
            .as("draining fast at the end, but it held the sender back over the step").isEqualTo(FELL_BEHIND);
        assertThat(KneeSearch.verdict(1_000_000, true, 1_000_000, 1_000_000, 400 * MS, 100 * MS, MS, BEHIND_NS))
            .as("a backlog growing to the window's end").isEqualTo(FELL_BEHIND);
        assertThat(KneeSearch.verdict(1_000_000, true, Double.NaN, 1_000_000, MS, MS, MS, BEHIND_NS))
            .as("no window").isEqualTo(FELL_BEHIND);
        assertThat(KneeSearch.verdict(1_000_000, true, 800_000, 800_000, MS, MS, MS, BEHIND_NS))
            .as("the sender offered 80 % and the receiver drained each write").isEqualTo(SENDER_LIMITED);
        assertThat(KneeSearch.verdict(1_000_000, true, 800_000, 800_000, MS, MS, BEHIND_NS + 1, BEHIND_NS))
            .as("the sender was held back by the receiver").isEqualTo(FELL_BEHIND);
        assertThat(KneeSearch.reason(1_000_000, true, 800_000, 1_000_000, MS, MS, BEHIND_NS))
            .isEqualTo("received at 80% of the rate");
        assertThat(KneeSearch.reason(1_000_000, true, 1_000_000, 1_000_000, MS, MS, BEHIND_NS)).isNull();
    }

    @Test
    void shouldStopAtTheFirstRateWhenTheReceiverCannotKeepUpWithIt()
    {
        final KneeSearch knee = new KneeSearch(LADDER, 0.1);

        knee.record(knee.next(), FELL_BEHIND);

        assertThat(knee.next()).isEqualTo(-1);
        assertThat(knee.maxKeptUp()).isZero();
        assertThat(knee.minFailed()).isEqualTo(LADDER.get(0));
    }

    @Test
    void shouldStopAndMarkALowerBoundWhenTheSenderIsTheLimit()
    {
        final KneeSearch knee = new KneeSearch(LADDER, 0.1);

        knee.record(knee.next(), KEPT_UP);
        knee.record(knee.next(), SENDER_LIMITED);

        assertThat(knee.next()).isEqualTo(-1);
        assertThat(knee.senderLimited()).isTrue();
        assertThat(knee.maxKeptUp()).isEqualTo(LADDER.get(0));
    }

    @Test
    void shouldBracketEveryCapacityWithinTheResolutionInBoundedSteps()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("KneeSearchTest seed " + seed + " (-Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < CASES; i++)
        {
            final long capacity = random.nextLong(LADDER.get(0) / 2, LADDER.get(LADDER.size() - 1) * 2);
            final double resolution = 0.05 + random.nextDouble() * 0.2;
            final String label = "seed " + seed + " case " + i + ": capacity " + capacity + ", resolution " +
                resolution;
            final KneeSearch knee = new KneeSearch(LADDER, resolution);

            for (long rate = knee.next(); rate > 0; rate = knee.next())
            {
                assertThat(knee.steps()).as(label).isLessThan(LADDER.size() + 8);
                knee.record(rate, rate <= capacity ? KEPT_UP : FELL_BEHIND);
            }

            final long best = knee.maxKeptUp();
            final long failed = knee.minFailed();
            if (capacity < LADDER.get(0))
            {
                assertThat(best).as(label).isZero();
            }
            else if (capacity >= LADDER.get(LADDER.size() - 1))
            {
                assertThat(best).as(label).isEqualTo(LADDER.get(LADDER.size() - 1));
                assertThat(failed).as(label).isZero();
            }
            else
            {
                assertThat(best).as(label).isLessThanOrEqualTo(capacity);
                assertThat(failed).as(label).isGreaterThan(capacity);
                // within the resolution, or as close as the rounding of the midpoints allows
                assertThat(failed).as(label).isLessThanOrEqualTo(
                    Math.max((long)(best * (1 + resolution)), best + 2 * KneeSearch.ROUNDING));
            }
        }
    }
}
