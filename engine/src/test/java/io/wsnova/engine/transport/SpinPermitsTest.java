package io.wsnova.engine.transport;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bound on concurrently spinning {@code VIRTUAL} readers: one carrier stays free when there are two or more, a
 * refused reader parks, permits come back, and concurrent acquirers never exceed the bound.
 */
class SpinPermitsTest
{
    @Test
    void shouldLeaveOneCarrierFreeWhenThereAreTwoOrMore()
    {
        assertEquals(1, SpinPermits.forCarriers(1));
        assertEquals(1, SpinPermits.forCarriers(2));
        assertEquals(3, SpinPermits.forCarriers(4));
        assertEquals(1, SpinPermits.forCarriers(0));
        assertTrue(SpinPermits.VIRTUAL_READERS.max() >= 1);
    }

    @Test
    void shouldRefuseBeyondTheBoundAndGiveBackOnRelease()
    {
        final SpinPermits permits = new SpinPermits(2);
        assertTrue(permits.tryAcquire());
        assertTrue(permits.tryAcquire());
        assertFalse(permits.tryAcquire());
        permits.release();
        assertTrue(permits.tryAcquire());
        permits.release();
        permits.release();
        assertEquals(0, permits.spinning());
        assertThrows(IllegalArgumentException.class, () -> new SpinPermits(0));
    }

    @Test
    void shouldNeverExceedTheBoundUnderConcurrentAcquirers() throws InterruptedException
    {
        final SpinPermits permits = new SpinPermits(3);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        final int threads = 8;
        final CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++)
        {
            Thread.ofPlatform().start(() ->
            {
                for (int i = 0; i < 20_000; i++)
                {
                    if (permits.tryAcquire())
                    {
                        final int now = inside.incrementAndGet();
                        maxInside.accumulateAndGet(now, Math::max);
                        inside.decrementAndGet();
                        permits.release();
                    }
                }
                done.countDown();
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertTrue(maxInside.get() <= 3, "at most 3 inside, saw " + maxInside.get());
        assertEquals(0, permits.spinning());
    }
}
