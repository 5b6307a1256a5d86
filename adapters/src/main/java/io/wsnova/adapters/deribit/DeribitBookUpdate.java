package io.wsnova.adapters.deribit;

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
     * The {@code [action, price, amount]} entries of one side.
     */
    static final class Entries
    {
        private static final int INITIAL_CAPACITY = 32;

        int count;
        byte[] actions = new byte[INITIAL_CAPACITY];
        long[] priceMantissas = new long[INITIAL_CAPACITY];
        byte[] priceScales = new byte[INITIAL_CAPACITY];
        long[] amountMantissas = new long[INITIAL_CAPACITY];
        byte[] amountScales = new byte[INITIAL_CAPACITY];

        void add(final byte action, final long priceMantissa, final int priceScale, final long amountMantissa,
            final int amountScale)
        {
            if (count == actions.length)
            {
                final int capacity = count * 2;
                actions = Arrays.copyOf(actions, capacity);
                priceMantissas = Arrays.copyOf(priceMantissas, capacity);
                priceScales = Arrays.copyOf(priceScales, capacity);
                amountMantissas = Arrays.copyOf(amountMantissas, capacity);
                amountScales = Arrays.copyOf(amountScales, capacity);
            }
            actions[count] = action;
            priceMantissas[count] = priceMantissa;
            priceScales[count] = (byte)priceScale;
            amountMantissas[count] = amountMantissa;
            amountScales[count] = (byte)amountScale;
            count++;
        }
    }
}
