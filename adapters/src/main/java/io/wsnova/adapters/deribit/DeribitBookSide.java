package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

import java.util.Arrays;

/**
 * One side of a {@link DeribitOrderBook}: price levels in sorted primitive arrays, best level first through
 * {@link #depth()} and the {@code level} accessors (bids highest first, asks lowest first).
 * <p>
 * Each level keeps the price and the amount exactly as the venue last sent them (mantissa and scale), so
 * {@code 10.0} prints as {@code 10.0} and {@code 64980.5} as {@code 64980.5}; levels are ordered and matched by
 * the price's numeric value ({@code 5042.30} and {@code 5042.3} are one level). Storage:
 * <pre>
 *   index:   0 ........................ depth-1
 *   keys:    worst ...................... best     (ascending: a bid's key is its price at the book's key
 *                                                   scale, an ask's key is the negated price, so the best
 *                                                   level of either side sits at the end, where most
 *                                                   updates land and an insert moves the fewest entries)
 * </pre>
 * Ownership: written by the connection's message thread only; read it there (in a listener callback), or copy.
 * Allocation-free except when the side gets deeper than ever before (its arrays double).
 */
public final class DeribitBookSide
{
    private static final int INITIAL_CAPACITY = 64;

    private final boolean isBid;
    private final Decimal scratch = new Decimal();
    private long[] keys = new long[INITIAL_CAPACITY];
    private long[] priceMantissas = new long[INITIAL_CAPACITY];
    private byte[] priceScales = new byte[INITIAL_CAPACITY];
    private long[] amountMantissas = new long[INITIAL_CAPACITY];
    private byte[] amountScales = new byte[INITIAL_CAPACITY];
    private int count;

    DeribitBookSide(final boolean isBid)
    {
        this.isBid = isBid;
    }

    /**
     * Whether this is the bid side.
     *
     * @return true for bids, false for asks.
     */
    public boolean isBid()
    {
        return isBid;
    }

    /**
     * The number of price levels.
     *
     * @return the depth, 0 when the side is empty.
     */
    public int depth()
    {
        return count;
    }

    /**
     * The price of a level as the nearest double.
     *
     * @param level 0 for the best level, up to {@link #depth()} - 1.
     * @return the price.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public double price(final int level)
    {
        final int index = index(level);
        return scratch.set(priceMantissas[index], priceScales[index]).toDouble();
    }

    /**
     * The price of a level, exactly as the venue last sent it.
     *
     * @param level 0 for the best level.
     * @param dst   the decimal to fill.
     * @return {@code dst}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public Decimal price(final int level, final Decimal dst)
    {
        final int index = index(level);
        return dst.set(priceMantissas[index], priceScales[index]);
    }

    /**
     * The mantissa of a level's price as sent.
     *
     * @param level 0 for the best level.
     * @return the mantissa; the value is {@code mantissa * 10^-priceScale(level)}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public long priceMantissa(final int level)
    {
        return priceMantissas[index(level)];
    }

    /**
     * The scale of a level's price as sent.
     *
     * @param level 0 for the best level.
     * @return digits after the decimal point.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public int priceScale(final int level)
    {
        return priceScales[index(level)];
    }

    /**
     * The amount of a level as the nearest double (USD for perpetuals and inverse futures, contracts for options).
     *
     * @param level 0 for the best level.
     * @return the amount.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public double amount(final int level)
    {
        final int index = index(level);
        return scratch.set(amountMantissas[index], amountScales[index]).toDouble();
    }

    /**
     * The amount of a level, exactly as the venue last sent it.
     *
     * @param level 0 for the best level.
     * @param dst   the decimal to fill.
     * @return {@code dst}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public Decimal amount(final int level, final Decimal dst)
    {
        final int index = index(level);
        return dst.set(amountMantissas[index], amountScales[index]);
    }

    /**
     * The mantissa of a level's amount as sent.
     *
     * @param level 0 for the best level.
     * @return the mantissa.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public long amountMantissa(final int level)
    {
        return amountMantissas[index(level)];
    }

    /**
     * The scale of a level's amount as sent.
     *
     * @param level 0 for the best level.
     * @return digits after the decimal point.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public int amountScale(final int level)
    {
        return amountScales[index(level)];
    }

    /**
     * Appends a level's price as the venue sent it, e.g. {@code 64980.5}. Allocation-free when {@code dst} has room.
     *
     * @param level 0 for the best level.
     * @param dst   the builder.
     * @return {@code dst}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public StringBuilder appendPrice(final int level, final StringBuilder dst)
    {
        final int index = index(level);
        return scratch.set(priceMantissas[index], priceScales[index]).appendTo(dst);
    }

    /**
     * Appends a level's amount as the venue sent it, e.g. {@code 10.0}. Allocation-free when {@code dst} has room.
     *
     * @param level 0 for the best level.
     * @param dst   the builder.
     * @return {@code dst}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public StringBuilder appendAmount(final int level, final StringBuilder dst)
    {
        final int index = index(level);
        return scratch.set(amountMantissas[index], amountScales[index]).appendTo(dst);
    }

    /**
     * Appends the best {@code maxLevels} levels as a JSON array of {@code ["price","amount"]} string pairs, each
     * number printed as the venue sent it: {@code [["64980.5","10.0"],["64980","2500"]]}.
     *
     * @param maxLevels how many levels at most.
     * @param dst       the builder.
     * @return {@code dst}.
     */
    public StringBuilder appendLevels(final int maxLevels, final StringBuilder dst)
    {
        final int levels = Math.min(maxLevels, count);
        dst.append('[');
        for (int level = 0; level < levels; level++)
        {
            if (level > 0)
            {
                dst.append(',');
            }
            dst.append("[\"");
            appendPrice(level, dst);
            dst.append("\",\"");
            appendAmount(level, dst);
            dst.append("\"]");
        }
        return dst.append(']');
    }

    @Override
    public String toString()
    {
        return appendLevels(10, new StringBuilder(isBid ? "bids" : "asks")).toString();
    }

    void clear()
    {
        count = 0;
    }

    /**
     * Sets a level (inserts it when new): the price as sent, its key at the book's key scale.
     */
    void put(final long key, final long priceMantissa, final int priceScale, final long amountMantissa,
        final int amountScale)
    {
        final long storedKey = isBid ? key : -key;
        int index = Arrays.binarySearch(keys, 0, count, storedKey);
        if (index < 0)
        {
            index = -index - 1;
            if (count == keys.length)
            {
                grow();
            }
            final int tail = count - index;
            if (tail > 0)
            {
                System.arraycopy(keys, index, keys, index + 1, tail);
                System.arraycopy(priceMantissas, index, priceMantissas, index + 1, tail);
                System.arraycopy(priceScales, index, priceScales, index + 1, tail);
                System.arraycopy(amountMantissas, index, amountMantissas, index + 1, tail);
                System.arraycopy(amountScales, index, amountScales, index + 1, tail);
            }
            keys[index] = storedKey;
            count++;
        }
        priceMantissas[index] = priceMantissa;
        priceScales[index] = (byte)priceScale;
        amountMantissas[index] = amountMantissa;
        amountScales[index] = (byte)amountScale;
    }

    /**
     * Removes the level with this key.
     *
     * @return false when there was no such level.
     */
    boolean remove(final long key)
    {
        final int index = Arrays.binarySearch(keys, 0, count, isBid ? key : -key);
        if (index < 0)
        {
            return false;
        }
        final int tail = count - index - 1;
        if (tail > 0)
        {
            System.arraycopy(keys, index + 1, keys, index, tail);
            System.arraycopy(priceMantissas, index + 1, priceMantissas, index, tail);
            System.arraycopy(priceScales, index + 1, priceScales, index, tail);
            System.arraycopy(amountMantissas, index + 1, amountMantissas, index, tail);
            System.arraycopy(amountScales, index + 1, amountScales, index, tail);
        }
        count--;
        return true;
    }

    /**
     * Whether every key still fits a long after multiplying by {@code factor}.
     */
    boolean canRescale(final long factor)
    {
        final long limit = Long.MAX_VALUE / factor;
        for (int i = 0; i < count; i++)
        {
            final long key = keys[i];
            if (key > limit || key < -limit)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Multiplies every key by {@code factor} (the book's key scale grew); the order is unchanged.
     */
    void rescale(final long factor)
    {
        for (int i = 0; i < count; i++)
        {
            keys[i] *= factor;
        }
    }

    private int index(final int level)
    {
        if (level < 0 || level >= count)
        {
            throw new IndexOutOfBoundsException("level " + level + " outside [0, " + count + ")");
        }
        return count - 1 - level;
    }

    private void grow()
    {
        final int capacity = keys.length * 2;
        keys = Arrays.copyOf(keys, capacity);
        priceMantissas = Arrays.copyOf(priceMantissas, capacity);
        priceScales = Arrays.copyOf(priceScales, capacity);
        amountMantissas = Arrays.copyOf(amountMantissas, capacity);
        amountScales = Arrays.copyOf(amountScales, capacity);
    }
}
