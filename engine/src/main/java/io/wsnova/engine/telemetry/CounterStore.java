package io.wsnova.engine.telemetry;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where counters live: an Agrona {@link CountersManager} over direct memory, or over the counters file. Each
 * counter has its own 128-byte slot, so counters written by different threads never share a cache line.
 * Allocation and freeing are control plane, serialised by the caller ({@link Telemetry}'s lock).
 * <p>
 * A freed slot is not reused for {@link #FREE_TO_REUSE_TIMEOUT_MS}: a sender that bumps a counter of a connection
 * that has just ended writes to a retired slot, never to another connection's counter.
 */
final class CounterStore
{
    /** Counters one store holds. */
    static final int CAPACITY = 4096;
    static final long FREE_TO_REUSE_TIMEOUT_MS = 10_000L;

    private final CountersManager manager;
    private final CountersFile file;

    private CounterStore(
        final AtomicBuffer metaData, final AtomicBuffer values, final CountersFile file, final EpochClock clock)
    {
        this.manager = new CountersManager(metaData, values, StandardCharsets.US_ASCII, clock,
            FREE_TO_REUSE_TIMEOUT_MS);
        this.file = file;
    }

    static CounterStore inMemory()
    {
        return inMemory(SystemEpochClock.INSTANCE);
    }

    static CounterStore inMemory(final EpochClock clock)
    {
        return new CounterStore(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY * CountersReader.COUNTER_LENGTH)),
            null, clock);
    }

    static CounterStore inFile(final CountersFile file)
    {
        return inFile(file, SystemEpochClock.INSTANCE);
    }

    static CounterStore inFile(final CountersFile file, final EpochClock clock)
    {
        return new CounterStore(file.metaDataBuffer(), file.valuesBuffer(), file, clock);
    }

    /**
     * The counters file behind this store.
     *
     * @return the file, or null for memory.
     */
    CountersFile file()
    {
        return file;
    }

    /**
     * Allocates a counter keyed by a connection id.
     *
     * @return the counter, or null when the store is full.
     */
    AtomicCounter allocate(final Counter counter, final long connectionId, final String label)
    {
        if (manager.available() == 0)
        {
            return null;
        }
        final int id = manager.allocate(label, counter.typeId(), key -> key.putLong(0, connectionId));
        return new AtomicCounter(manager.valuesBuffer(), id, manager);
    }

    /**
     * A counter outside every store: for a connection that found the stores full. Never visible in a file.
     */
    static AtomicCounter detached()
    {
        return new AtomicCounter(new UnsafeBuffer(ByteBuffer.allocateDirect(CountersReader.COUNTER_LENGTH)), 0);
    }

    /**
     * Frees a counter of this store (its slot is reused only after the timeout).
     */
    void free(final AtomicCounter counter)
    {
        counter.close();
    }

    /**
     * Deletes the file behind this store, if any.
     */
    void close()
    {
        if (file != null)
        {
            file.close();
        }
    }
}
