package io.wsnova.ab;

import io.wsnova.market.BookUpdate;

/**
 * The book deltas one leg delivered past the consumer's book while the other leg was still filling the gap before
 * them (typically after this leg's reconnect, when it is the faster leg): held as copies, in the leg's order, and
 * delivered as soon as they continue the consumer's book, so the faster leg keeps winning instead of waiting for
 * the slower one. Bounded: when full, a new delta is not kept (counted); the hole it leaves is filled by the other
 * leg or, if it cannot, reported as a gap both legs missed.
 * <p>
 * Arbitration thread only; the copies are created on first use of a slot (warm-up) and reused.
 */
final class PendingDeltas
{
    private final BookUpdate[] slots;
    private final int mask;
    private long head;
    private long tail;

    PendingDeltas(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        slots = new BookUpdate[size];
        mask = size - 1;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    /**
     * Keeps a copy of a delta.
     *
     * @return false when full (not kept).
     */
    boolean add(final BookUpdate update)
    {
        if (tail - head == slots.length)
        {
            return false;
        }
        final int index = (int)(tail & mask);
        BookUpdate slot = slots[index];
        if (slot == null)
        {
            slot = new BookUpdate();
            slots[index] = slot;
        }
        AbCopy.copy(update, slot);
        tail++;
        return true;
    }

    BookUpdate peek()
    {
        return slots[(int)(head & mask)];
    }

    void remove()
    {
        head++;
    }

    void clear()
    {
        head = tail;
    }
}
