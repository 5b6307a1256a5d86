package io.wsnova.engine.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count of events that any thread may read while the engine writes it, like Agrona's {@code AtomicCounter} but
 * on the heap: the engine part that counts holds it as a field and hands the same object to the public API
 * ({@link FaultCounters}), so a test or a monitor reads a count without reaching into an implementation class.
 * <p>
 * Reads see a recent value (acquire). The engine writes through {@link #incrementOrdered()} where one thread owns
 * the count (the owner is named where the counter is exposed) and {@link #increment()} where several threads may
 * count; neither allocates or locks. Applications only read.
 */
public final class EventCounter
{
    private static final VarHandle VALUE;

    static
    {
        try
        {
            VALUE = MethodHandles.lookup().findVarHandle(EventCounter.class, "value", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private long value;

    /**
     * Creates a counter at zero.
     */
    public EventCounter()
    {
    }

    /**
     * The count.
     *
     * @return the number of events counted so far (acquire: any thread).
     */
    public long get()
    {
        return (long)VALUE.getAcquire(this);
    }

    /**
     * Counts one event from any thread (an atomic add). Engine-internal.
     */
    public void increment()
    {
        VALUE.getAndAdd(this, 1L);
    }

    /**
     * Counts one event from the counter's only writer (a release store, no atomic instruction). Engine-internal:
     * two threads calling it may lose a count.
     */
    public void incrementOrdered()
    {
        VALUE.setRelease(this, value + 1);
    }

    @Override
    public String toString()
    {
        return Long.toString(get());
    }
}
