package io.wsnova.engine.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class EventCounterTest
{
    private static final int THREADS = 4;
    private static final int INCREMENTS = 100_000;

    @Test
    void shouldLoseNoCountWhenSeveralThreadsIncrement() throws InterruptedException
    {
        final EventCounter counter = new EventCounter();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
        {
            threads.add(Thread.ofPlatform().start(() ->
            {
                awaitQuietly(start);
                for (int i = 0; i < INCREMENTS; i++)
                {
                    counter.increment();
                }
            }));
        }

        start.countDown();
        for (final Thread thread : threads)
        {
            thread.join();
        }

        assertThat(counter.get()).isEqualTo((long)THREADS * INCREMENTS);
    }

    @Test
    void shouldCountEveryEventOfItsOnlyWriter() throws InterruptedException
    {
        final EventCounter counter = new EventCounter();
        final Thread writer = Thread.ofPlatform().start(() ->
        {
            for (int i = 0; i < INCREMENTS; i++)
            {
                counter.incrementOrdered();
            }
        });
        writer.join();

        assertThat(counter.get()).isEqualTo(INCREMENTS);
        assertThat(counter).hasToString(Integer.toString(INCREMENTS));
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
