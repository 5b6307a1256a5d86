package io.wsnova.engine.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@code VIRTUAL} readers may spin ({@link SpinBudget}) at the same time in this JVM: a spinning virtual
 * thread holds its carrier, so without a bound a few busy feeds would take every carrier and every other virtual
 * thread (quiet connections' readers, handlers, the application's own) would wait for a spinner's fair yield.
 * The bound leaves one carrier free: {@code max(1, carriers - 1)}, where carriers is the virtual-thread
 * scheduler's parallelism ({@code jdk.virtualThreadScheduler.parallelism}, else the available processors). A reader
 * refused a permit makes the blocking read at once (it parks, as with {@code virtualSpinNs = 0}).
 * <p>
 * Thread-safe: one CAS to acquire and one decrement to release per spin, never blocks, allocation-free.
 */
final class SpinPermits
{
    private final int max;
    private final AtomicInteger spinning = new AtomicInteger();

    /** The JVM-wide permits of the {@code VIRTUAL} readers. */
    static final SpinPermits VIRTUAL_READERS = new SpinPermits(forCarriers(carriers()));

    /**
     * Permits for at most {@code max} concurrent spinners.
     *
     * @param max the bound, >= 1.
     */
    SpinPermits(final int max)
    {
        if (max < 1)
        {
            throw new IllegalArgumentException("max must be >= 1: " + max);
        }
        this.max = max;
    }

    /**
     * The bound for a scheduler of {@code carriers} carrier threads: one carrier stays free when there are two or
     * more.
     *
     * @param carriers the scheduler's parallelism.
     * @return {@code max(1, carriers - 1)}.
     */
    static int forCarriers(final int carriers)
    {
        return Math.max(1, carriers - 1);
    }

    private static int carriers()
    {
        final Integer configured = Integer.getInteger("jdk.virtualThreadScheduler.parallelism");
        return configured != null && configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Takes a permit when one is free.
     *
     * @return true when the caller may spin (it must {@link #release()} after), false when it must not spin.
     */
    boolean tryAcquire()
    {
        final AtomicInteger spinning = this.spinning;
        int current;
        do
        {
            current = spinning.get();
            if (current >= max)
            {
                return false;
            }
        }
        while (!spinning.compareAndSet(current, current + 1));
        return true;
    }

    /** Returns a permit taken by {@link #tryAcquire()}. */
    void release()
    {
        spinning.decrementAndGet();
    }

    /**
     * The bound.
     *
     * @return the most concurrent spinners.
     */
    int max()
    {
        return max;
    }

    /**
     * Spinners now.
     *
     * @return permits taken.
     */
    int spinning()
    {
        return spinning.get();
    }
}
