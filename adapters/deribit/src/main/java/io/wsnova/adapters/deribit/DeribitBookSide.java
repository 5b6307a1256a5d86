package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

import java.util.Arrays;

/**
 * One side of a {@link DeribitOrderBook}: price levels sorted by price, best level first through
 * {@link #depth()} and the {@code level} accessors (bids highest first, asks lowest first).
 * <p>
 * Each level keeps the price and the amount exactly as the venue last sent them, so {@code 10.0} prints as
 * {@code 10.0} and {@code 64980.5} as {@code 64980.5}; levels are ordered and matched by the price's exact numeric
 * value ({@code 5042.30} and {@code 5042.3} are one level), through {@link Decimal#compareTo(Decimal)}: any valid
 * price has a level, however many digits or decimals it has. A price or amount that no {@code (long, scale)}
 * holds exactly ({@link Decimal#isExact()} false, see {@code docs/NUMBERS.md}) still orders exactly and prints
 * the venue's text; its {@code priceMantissa}/{@code priceScale} are the rounded value. Storage:
 * <pre>
 *   index:   0 ........................ depth-1
 *   prices:  worst ...................... best     (a pooled Decimal per level; best at the end, where most
 *                                                   updates land and an insert moves the fewest entries)
 * </pre>
 * Ownership: written by the connection's message thread only; read it there (in a listener callback), or copy.
 * Allocation-free except when the side gets deeper than ever before (its arrays double) and the first time a
 * level's decimal holds an inexact value.
 */
public final class DeribitBookSide
{
    private static final int INITIAL_CAPACITY = 64;

    private final boolean isBid;
    private Decimal[] prices = newDecimals(new Decimal[0], INITIAL_CAPACITY);
    private Decimal[] amounts = newDecimals(new Decimal[0], INITIAL_CAPACITY);
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
        return prices[index(level)].toDouble();
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
        return dst.set(prices[index(level)]);
    }

    /**
     * The mantissa of a level's price as sent (rounded when the price is inexact, see {@link Decimal#isExact()}).
     *
     * @param level 0 for the best level.
     * @return the mantissa; the value is {@code mantissa * 10^-priceScale(level)}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public long priceMantissa(final int level)
    {
        return prices[index(level)].mantissa();
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
        return prices[index(level)].scale();
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
        return amounts[index(level)].toDouble();
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
        return dst.set(amounts[index(level)]);
    }

    /**
     * The mantissa of a level's amount as sent (rounded when the amount is inexact, see {@link Decimal#isExact()}).
     *
     * @param level 0 for the best level.
     * @return the mantissa.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public long amountMantissa(final int level)
    {
        return amounts[index(level)].mantissa();
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
        return amounts[index(level)].scale();
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
        return prices[index(level)].appendTo(dst);
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
        return amounts[index(level)].appendTo(dst);
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
     * Sets a level (inserts it when new): the price and amount as sent, copied.
     */
    void put(final Decimal price, final Decimal amount)
    {
        int index = search(price);
        if (index < 0)
        {
            index = -index - 1;
            if (count == prices.length)
            {
                grow();
            }
            final int tail = count - index;
            final Decimal sparePrice = prices[count];
            final Decimal spareAmount = amounts[count];
            if (tail > 0)
            {
                System.arraycopy(prices, index, prices, index + 1, tail);
                System.arraycopy(amounts, index, amounts, index + 1, tail);
            }
            prices[index] = sparePrice;
            amounts[index] = spareAmount;
            count++;
        }
        prices[index].set(price);
        amounts[index].set(amount);
    }

    /**
     * Removes the level at this price.
     *
     * @return false when there was no such level.
     */
    boolean remove(final Decimal price)
    {
        final int index = search(price);
        if (index < 0)
        {
            return false;
        }
        final int tail = count - index - 1;
        final Decimal removedPrice = prices[index];
        final Decimal removedAmount = amounts[index];
        if (tail > 0)
        {
            System.arraycopy(prices, index + 1, prices, index, tail);
            System.arraycopy(amounts, index + 1, amounts, index, tail);
        }
        count--;
        prices[count] = removedPrice;
        amounts[count] = removedAmount;
        return true;
    }

    /**
     * Binary search in storage order (worst to best: bids ascending, asks descending).
     *
     * @return the index of the level at this price, or {@code -(insertion point) - 1}.
     */
    private int search(final Decimal price)
    {
        final Decimal[] prices = this.prices;
        final boolean isBid = this.isBid;
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int compared = prices[mid].compareTo(price);
            final int order = isBid ? compared : -compared;
            if (order < 0)
            {
                low = mid + 1;
            }
            else if (order > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
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
        final int capacity = prices.length * 2;
        prices = newDecimals(prices, capacity);
        amounts = newDecimals(amounts, capacity);
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
