package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

import java.util.Arrays;

/**
 * One book message of a venue: a snapshot (replaces the book) or a delta, as a list of levels to set (an absolute
 * size at a price) or delete, and the sequence numbers a {@link SequenceRule} checks. Pooled (see
 * {@link MarketEvent}).
 * <p>
 * Sequences, as each venue names them ({@link #NO_SEQUENCE} where the venue has none):
 * <pre>
 *   venue           firstSequence     lastSequence      previousSequence
 *   Deribit         change_id         change_id         prev_change_id
 *   Binance spot    U                 u                 -
 *   Binance USD-M   U                 u                 pu
 *   Bybit v5        u                 u                 -
 *   OKX v5          seqId             seqId             prevSeqId (-1 on a snapshot)
 *   Coinbase        sequence_num      sequence_num      -   (per connection, not per book)
 * </pre>
 * A level whose size is zero is a delete ({@link #addLevel(BookSide, Decimal, Decimal)}), as every venue here
 * writes it; Deribit's {@code "delete"} action maps to {@link #addDelete(BookSide, Decimal)}.
 * <p>
 * Allocation-free except when an update holds more levels than any before it (the pools double).
 */
public final class BookUpdate extends MarketEvent
{
    /** A sequence the venue did not send. */
    public static final long NO_SEQUENCE = Long.MIN_VALUE;

    private static final int INITIAL_CAPACITY = 64;
    private static final Decimal ZERO = new Decimal(0L, 0);

    private boolean snapshot;
    private long firstSequence = NO_SEQUENCE;
    private long lastSequence = NO_SEQUENCE;
    private long previousSequence = NO_SEQUENCE;
    private int count;
    private byte[] sides = new byte[INITIAL_CAPACITY];
    private boolean[] deletes = new boolean[INITIAL_CAPACITY];
    private Decimal[] prices = decimals(new Decimal[0], INITIAL_CAPACITY);
    private Decimal[] sizes = decimals(new Decimal[0], INITIAL_CAPACITY);

    /**
     * Creates an empty update, to be pooled by an adapter.
     */
    public BookUpdate()
    {
    }

    /**
     * Starts a new message: no levels, no sequences.
     *
     * @param snapshot true if the message replaces the whole book.
     * @return this.
     */
    public BookUpdate reset(final boolean snapshot)
    {
        this.snapshot = snapshot;
        count = 0;
        firstSequence = NO_SEQUENCE;
        lastSequence = NO_SEQUENCE;
        previousSequence = NO_SEQUENCE;
        return this;
    }

    /**
     * Sets the sequences (see the class comment for what each venue puts where).
     *
     * @param firstSequence    the first update id the message covers.
     * @param lastSequence     the last update id the message covers (the book's sequence after it).
     * @param previousSequence the venue's id of the message before, or {@link #NO_SEQUENCE}.
     * @return this.
     */
    public BookUpdate sequences(final long firstSequence, final long lastSequence, final long previousSequence)
    {
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.previousSequence = previousSequence;
        return this;
    }

    /**
     * Adds a level: sets {@code size} at {@code price}, or deletes the price when {@code size} is zero. Both are
     * copied (the venue's exact text of an inexact value included).
     *
     * @param side  the side.
     * @param price the price.
     * @param size  the absolute size at that price after the update; a number (a venue level whose size is JSON
     *              {@code null} is malformed: the adapter drops the message rather than add it).
     * @return this.
     */
    public BookUpdate addLevel(final BookSide side, final Decimal price, final Decimal size)
    {
        final int index = next(side, size.compareTo(ZERO) == 0 && !size.isNull());
        prices[index].set(price);
        sizes[index].set(size);
        return this;
    }

    /**
     * Adds a level from raw fixed-point values (mocks, tests, binary feeds).
     *
     * @param side          the side.
     * @param priceMantissa the price's unscaled value.
     * @param priceScale    the price's scale.
     * @param sizeMantissa  the size's unscaled value; 0 deletes the level.
     * @param sizeScale     the size's scale.
     * @return this.
     */
    public BookUpdate addLevel(final BookSide side, final long priceMantissa, final int priceScale,
        final long sizeMantissa, final int sizeScale)
    {
        final int index = next(side, sizeMantissa == 0L);
        prices[index].set(priceMantissa, priceScale);
        sizes[index].set(sizeMantissa, sizeScale);
        return this;
    }

    /**
     * Adds a delete of the level at {@code price}.
     *
     * @param side  the side.
     * @param price the price (copied).
     * @return this.
     */
    public BookUpdate addDelete(final BookSide side, final Decimal price)
    {
        final int index = next(side, true);
        prices[index].set(price);
        sizes[index].set(0L, 0);
        return this;
    }

    /**
     * Whether the message replaces the book.
     *
     * @return true for a snapshot.
     */
    public boolean isSnapshot()
    {
        return snapshot;
    }

    /**
     * The first update id the message covers (Binance {@code U}).
     *
     * @return the id, or {@link #NO_SEQUENCE}.
     */
    public long firstSequence()
    {
        return firstSequence;
    }

    /**
     * The last update id the message covers (Binance {@code u}, Deribit {@code change_id}, OKX {@code seqId}).
     *
     * @return the id, or {@link #NO_SEQUENCE}.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * The venue's id of the previous message (Deribit {@code prev_change_id}, Binance USD-M {@code pu}, OKX
     * {@code prevSeqId}).
     *
     * @return the id, or {@link #NO_SEQUENCE}.
     */
    public long previousSequence()
    {
        return previousSequence;
    }

    /**
     * The number of levels in the message.
     *
     * @return the count.
     */
    public int levelCount()
    {
        return count;
    }

    /**
     * The side of a level.
     *
     * @param index 0 to {@link #levelCount()} - 1.
     * @return the side.
     */
    public BookSide side(final int index)
    {
        return sides[check(index)] == 0 ? BookSide.BID : BookSide.ASK;
    }

    /**
     * Whether a level is a delete.
     *
     * @param index 0 to {@link #levelCount()} - 1.
     * @return true if the level is removed.
     */
    public boolean isDelete(final int index)
    {
        return deletes[check(index)];
    }

    /**
     * The price of a level: read-only, valid until the next {@link #reset(boolean)}.
     *
     * @param index 0 to {@link #levelCount()} - 1.
     * @return the pooled price.
     */
    public Decimal price(final int index)
    {
        return prices[check(index)];
    }

    /**
     * The size of a level (zero for a delete): read-only, valid until the next {@link #reset(boolean)}.
     *
     * @param index 0 to {@link #levelCount()} - 1.
     * @return the pooled size.
     */
    public Decimal size(final int index)
    {
        return sizes[check(index)];
    }

    @Override
    public String toString()
    {
        return "BookUpdate{instrument=" + instrumentId() + ", snapshot=" + snapshot + ", first=" + firstSequence +
            ", last=" + lastSequence + ", previous=" + previousSequence + ", levels=" + count + '}';
    }

    private int next(final BookSide side, final boolean delete)
    {
        if (count == prices.length)
        {
            final int capacity = count * 2;
            sides = Arrays.copyOf(sides, capacity);
            deletes = Arrays.copyOf(deletes, capacity);
            prices = decimals(prices, capacity);
            sizes = decimals(sizes, capacity);
        }
        final int index = count++;
        sides[index] = (byte)(side == BookSide.BID ? 0 : 1);
        deletes[index] = delete;
        return index;
    }

    private int check(final int index)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("level " + index + " outside [0, " + count + ")");
        }
        return index;
    }

    static Decimal[] decimals(final Decimal[] old, final int capacity)
    {
        final Decimal[] grown = Arrays.copyOf(old, capacity);
        for (int i = old.length; i < capacity; i++)
        {
            grown[i] = new Decimal();
        }
        return grown;
    }
}
