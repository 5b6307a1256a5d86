package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

import java.util.Arrays;

/**
 * One decoded {@code book.*} notification, staged before it is applied: the book is only touched once the whole
 * message has decoded and the change ids have been checked. Entries of both sides in primitive arrays that grow
 * only when a message holds more entries than ever before. Message thread only.
 */
final class DeribitBookUpdate
{
    static final int TYPE_UNKNOWN = 0;
    static final int TYPE_SNAPSHOT = 1;
    static final int TYPE_CHANGE = 2;

    static final byte ACTION_NEW = 0;
    static final byte ACTION_CHANGE = 1;
    static final byte ACTION_DELETE = 2;

    static final int BIDS = 0;
    static final int ASKS = 1;

    final StringBuilder instrumentName = new StringBuilder(64);
    int type;
    long timestampMs;
    long changeId;
    boolean hasChangeId;
    long prevChangeId;
    boolean hasPrevChangeId;
    final Entries bids = new Entries();
    final Entries asks = new Entries();

    void reset()
    {
        instrumentName.setLength(0);
        type = TYPE_UNKNOWN;
        timestampMs = 0L;
        changeId = 0L;
        hasChangeId = false;
        prevChangeId = 0L;
        hasPrevChangeId = false;
        bids.count = 0;
        asks.count = 0;
    }

    /**
     * Whether the update replaces the book: {@code type:"snapshot"}, or no {@code prev_change_id} (the first
     * notification of a subscription, and every notification of the grouped {@code book.I.G.D.interval} channels).
     */
    boolean isSnapshot()
    {
        return type == TYPE_SNAPSHOT || (type != TYPE_CHANGE && !hasPrevChangeId);
    }

    /**
     * The {@code [action, price, amount]} entries of one side: prices and amounts as read (exact, or inexact with
     * the venue's text kept, see {@link Decimal#isExact()}), in pooled {@link Decimal}s that grow only when a
     * message holds more entries than ever before.
     */
    static final class Entries
    {
        private static final int INITIAL_CAPACITY = 32;

        int count;
        byte[] actions = new byte[INITIAL_CAPACITY];
        Decimal[] prices = newDecimals(new Decimal[0], INITIAL_CAPACITY);
        Decimal[] amounts = newDecimals(new Decimal[0], INITIAL_CAPACITY);

        /**
         * The price of the next entry, to read into before {@link #commit}.
         */
        Decimal nextPrice()
        {
            if (count == actions.length)
            {
                final int capacity = count * 2;
                actions = Arrays.copyOf(actions, capacity);
                prices = newDecimals(prices, capacity);
                amounts = newDecimals(amounts, capacity);
            }
            return prices[count];
        }

        /**
         * The amount of the next entry (call {@link #nextPrice()} first).
         */
        Decimal nextAmount()
        {
            return amounts[count];
        }

        void commit(final byte action)
        {
            actions[count] = action;
            count++;
        }

        private static Decimal[] newDecimals(final Decimal[] old, final int capacity)
        {
            final Decimal[] grown = Arrays.copyOf(old, capacity);
            for (int i = old.length; i < capacity; i++)
            {
                grown[i] = new Decimal();
            }
            return grown;
        }
    }
}
