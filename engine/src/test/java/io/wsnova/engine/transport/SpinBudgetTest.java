package io.wsnova.engine.transport;

import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code VIRTUAL} reader's spin-or-park decision ({@link SpinBudget}) on a fake clock: inter-arrival sequences
 * in, spin/park decisions out, compared after every step with a reference model written from the rule in the
 * Javadoc, plus the properties a user relies on (a slow feed never spins, no spin outlives the budget, a steady
 * feed inside the budget spins through its gaps, one silence does not stop a busy feed from spinning).
 */
class SpinBudgetTest
{
    private static final long MAX_SPIN_NS = 200_000;
    private static final int SEQUENCES = 400;
    private static final int ARRIVALS = 300;

    private final FakeClock clock = new FakeClock();

    @Test
    void shouldNeverSpinWithSpinningOff()
    {
        final SpinBudget budget = new SpinBudget(0);
        for (int i = 0; i < 100; i++)
        {
            budget.onArrival(clock.nanoTime());
            clock.advance(1, TimeUnit.MICROSECONDS);
            assertThat(budget.shouldSpin(clock.nanoTime())).isFalse();
        }
    }

    @Test
    void shouldParkBeforeTheFirstArrival()
    {
        assertThat(new SpinBudget(MAX_SPIN_NS).shouldSpin(clock.nanoTime())).isFalse();
    }

    @Test
    void shouldSpinThroughTheGapsOfASteadyFeedInsideTheBudget()
    {
        final SpinBudget budget = new SpinBudget(MAX_SPIN_NS);
        final long gapNs = 100_000; // 10,000 msg/s
        arrive(budget, gapNs, 32);
        final long lastNs = clock.nanoTime();
        assertThat(budget.shouldSpin(lastNs + 1)).isTrue();
        assertThat(budget.shouldSpin(lastNs + gapNs)).as("the next message is due: still spinning").isTrue();
        assertThat(budget.shouldSpin(lastNs + MAX_SPIN_NS - 1)).isTrue();
        assertThat(budget.shouldSpin(lastNs + MAX_SPIN_NS)).as("budget spent").isFalse();
    }

    @Test
    void shouldSpinAtMostEightMeanGapsOnAFastFeed()
    {
        final SpinBudget budget = new SpinBudget(MAX_SPIN_NS);
        final long gapNs = 5_000; // 200,000 msg/s
        arrive(budget, gapNs, 96);
        final long lastNs = clock.nanoTime();
        final long windowNs = 8 * budget.meanGapNs();
        assertThat(budget.meanGapNs()).isBetween(gapNs, gapNs + 1_000);
        assertThat(budget.shouldSpin(lastNs + windowNs - 1)).isTrue();
        assertThat(budget.shouldSpin(lastNs + windowNs)).as("a feed that stopped is not waited for long").isFalse();
    }

    @Test
    void shouldNeverSpinOnAFeedSlowerThanTheBudget()
    {
        final SpinBudget budget = new SpinBudget(MAX_SPIN_NS);
        for (int i = 0; i < 200; i++)
        {
            budget.onArrival(clock.nanoTime());
            assertThat(budget.shouldSpin(clock.nanoTime() + 1)).as("arrival %d", i).isFalse();
            clock.advance(MAX_SPIN_NS + 1 + i * 1_000L, TimeUnit.NANOSECONDS);
        }
    }

    @Test
    void shouldKeepSpinningOnABusyFeedAfterOneLongSilence()
    {
        final SpinBudget budget = new SpinBudget(MAX_SPIN_NS);
        arrive(budget, 20_000, 64);
        clock.advance(10, TimeUnit.SECONDS);
        budget.onArrival(clock.nanoTime());
        // The silence counts as at most 4 x the budget: the mean stays inside the budget.
        assertThat(budget.shouldSpin(clock.nanoTime() + 1)).isTrue();
        arrive(budget, 20_000, 16);
        assertThat(budget.meanGapNs()).isLessThan(MAX_SPIN_NS / 2);
    }

    @Test
    void shouldDecideAsTheModelOverRandomInterArrivalSequences()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("SpinBudgetTest seed " + seed + " (replay with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int sequence = 0; sequence < SEQUENCES; sequence++)
        {
            final long maxSpinNs = random.nextInt(4) == 0 ? 0 : random.nextLong(1_000, 2_000_000);
            final SpinBudget budget = new SpinBudget(maxSpinNs);
            final Model model = new Model(maxSpinNs);
            long nowNs = FakeClock.START_NS;
            for (int i = 0; i < ARRIVALS; i++)
            {
                // Regimes: steady inside the budget, jitter around it, bursts, long silences.
                final long gapNs = switch (random.nextInt(5))
                {
                    case 0 -> random.nextLong(1, Math.max(2, maxSpinNs / 4));
                    case 1 -> random.nextLong(Math.max(1, maxSpinNs / 2), Math.max(2, maxSpinNs * 2));
                    case 2 -> random.nextLong(1, 1_000);
                    case 3 -> random.nextLong(1, 10_000_000_000L);
                    default -> random.nextLong(1, Math.max(2, maxSpinNs * 8));
                };
                nowNs += gapNs;
                budget.onArrival(nowNs);
                model.onArrival(nowNs);
                for (int probe = 0; probe < 4; probe++)
                {
                    final long atNs = nowNs + random.nextLong(0, Math.max(1, maxSpinNs * 3));
                    final boolean spin = budget.shouldSpin(atNs);
                    assertThat(spin).as("seed %d sequence %d arrival %d probe +%d ns (max %d, mean %d)", seed,
                        sequence, i, atNs - nowNs, maxSpinNs, model.meanGapNs).isEqualTo(model.shouldSpin(atNs));
                    if (spin)
                    {
                        assertThat(atNs - nowNs).as("no spin outlives the budget").isLessThan(maxSpinNs);
                    }
                }
            }
        }
    }

    private void arrive(final SpinBudget budget, final long gapNs, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            clock.advance(gapNs, TimeUnit.NANOSECONDS);
            budget.onArrival(clock.nanoTime());
        }
    }

    /**
     * The rule of {@link SpinBudget}'s Javadoc, restated: a mean gap with weight 1/8 (floor division), samples
     * capped at 4 x the budget, starting one past the budget; spin while the mean is inside the budget and the time
     * since the last arrival is under min(budget, 8 x mean).
     */
    private static final class Model
    {
        private final long maxSpinNs;
        private long meanGapNs;
        private long lastNs = Long.MIN_VALUE;

        Model(final long maxSpinNs)
        {
            this.maxSpinNs = maxSpinNs;
            this.meanGapNs = maxSpinNs + 1;
        }

        void onArrival(final long nowNs)
        {
            if (lastNs != Long.MIN_VALUE)
            {
                final long sample = Math.min(nowNs - lastNs, 4 * maxSpinNs);
                meanGapNs = meanGapNs + Math.floorDiv(sample - meanGapNs, 8);
            }
            lastNs = nowNs;
        }

        boolean shouldSpin(final long nowNs)
        {
            return lastNs != Long.MIN_VALUE && meanGapNs <= maxSpinNs &&
                nowNs - lastNs < Math.min(maxSpinNs, 8 * meanGapNs);
        }
    }
}
