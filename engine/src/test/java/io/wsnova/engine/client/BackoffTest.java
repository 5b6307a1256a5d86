package io.wsnova.engine.client;

import io.wsnova.engine.api.ReconnectJitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest
{
    @Test
    void shouldDoubleFromTheBaseUpToTheCapWithoutJitter()
    {
        final Backoff backoff = new Backoff(100, 1_000, ReconnectJitter.NONE, new SplittableRandom(1));

        assertThat(new long[]{backoff.delayMs(1), backoff.delayMs(2), backoff.delayMs(3), backoff.delayMs(4),
            backoff.delayMs(5), backoff.delayMs(60)}).containsExactly(100, 200, 400, 800, 1_000, 1_000);
    }

    @ParameterizedTest
    @EnumSource(ReconnectJitter.class)
    void shouldStayWithinItsBoundsForEveryAttempt(final ReconnectJitter jitter)
    {
        final long seed = System.nanoTime();
        System.out.println("BackoffTest seed " + seed + " " + jitter);
        final Backoff backoff = new Backoff(100, 10_000, jitter, new SplittableRandom(seed));
        for (int attempt = 1; attempt <= 10_000; attempt++)
        {
            final long exponential = (long)Math.min(10_000, 100 * Math.pow(2, attempt - 1));
            final long delay = backoff.delayMs(attempt);
            switch (jitter)
            {
                case NONE -> assertThat(delay).isEqualTo(exponential);
                case FULL -> assertThat(delay).isBetween(0L, exponential);
                case EQUAL -> assertThat(delay).isBetween(exponential / 2, exponential);
                case DECORRELATED -> assertThat(delay).isBetween(100L, 10_000L);
                default -> throw new AssertionError(jitter);
            }
        }
    }

    @Test
    void shouldSpreadFullJitterOverTheWholeRange()
    {
        final Backoff backoff = new Backoff(1_000, 1_000, ReconnectJitter.FULL, new SplittableRandom(7));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++)
        {
            final long delay = backoff.delayMs(1);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(50);
        assertThat(max).isGreaterThan(950);
    }
}
