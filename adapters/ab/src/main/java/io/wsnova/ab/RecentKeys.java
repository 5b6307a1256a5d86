package io.wsnova.ab;

import org.agrona.collections.Long2LongHashMap;

/**
 * The last {@code capacity} keys the arbiter delivered for one instrument and one kind of event (book sequences,
 * trade ids, content hashes), each with the receive time of its winning copy: a bounded set with FIFO eviction
 * (a ring of keys beside an Agrona open-addressing map). A key older than {@code capacity} deliveries is forgotten,
 * so a copy that arrives that late on the other leg is delivered again: the window is the bound of the duplicate
 * check and is documented in {@code docs/AB.md}.
 * <p>
 * Arbiter thread only. Allocation-free after construction (the map is sized so it never grows).
 */
final class RecentKeys
{
    /** {@link #timeOf(long)} when the key is not in the window. */
    static final long MISSING = Long.MIN_VALUE;

    private final Long2LongHashMap timeByKeyMap;
    private final long[] ring;
    private final int mask;
    private long count;

    /**
     * Creates an empty window.
     *
     * @param capacity how many keys are remembered; rounded up to a power of two.
     */
    RecentKeys(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        ring = new long[size];
        mask = size - 1;
        timeByKeyMap = new Long2LongHashMap(size * 4, 0.65f, MISSING);
    }

    /**
     * The receive time stored with a key.
     *
     * @param key the key.
     * @return the time, or {@link #MISSING} when the key is not in the window.
     */
    long timeOf(final long key)
    {
        return timeByKeyMap.get(key);
    }

    /**
     * Remembers a key not in the window, evicting the oldest when full.
     *
     * @param key           the key.
     * @param receiveTimeNs the winning copy's receive time.
     */
    void add(final long key, final long receiveTimeNs)
    {
        final int slot = (int)(count & mask);
        if (count > mask)
        {
            timeByKeyMap.remove(ring[slot]);
        }
        ring[slot] = key;
        timeByKeyMap.put(key, receiveTimeNs);
        count++;
    }

    /**
     * Forgets every key.
     */
    void clear()
    {
        timeByKeyMap.clear();
        count = 0;
    }
}
