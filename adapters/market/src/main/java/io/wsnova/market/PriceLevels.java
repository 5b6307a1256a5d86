package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

/**
 * One side of an {@link OrderBook}: price levels sorted by exact price, best first through {@link #depth()} and
 * the level accessors (bids highest first, asks lowest first). Generalised from the Deribit adapter's
 * {@code DeribitBookSide}.
 * <p>
 * Each level keeps the price and size exactly as the venue last sent them ({@code 10.0} prints {@code 10.0});
 * levels are matched by exact numeric value through {@link Decimal#compareTo(Decimal)} ({@code 5042.30} and
 * {@code 5042.3} are one level), so any valid price has a level, inexact ones included (see
 * {@code docs/NUMBERS.md}). Storage, best at the end where most updates land and an insert moves fewest entries:
 * <pre>
 *   index:   0 ........................ depth-1
 *   prices:  worst ...................... best     (a pooled Decimal per level)
 * </pre>
 * Written by the book's owner thread only. Allocation-free except when the side gets deeper than ever before
 * (its arrays double) and the first time a level's decimal holds an inexact value.
 */
public final class PriceLevels
{
    private static final int INITIAL_CAPACITY = 64;

    private final BookSide side;
    private final boolean isBid;
    private Decimal[] prices = BookUpdate.decimals(new Decimal[0], INITIAL_CAPACITY);
    private Decimal[] sizes = BookUpdate.decimals(new Decimal[0], INITIAL_CAPACITY);
    private int count;

    PriceLevels(final BookSide side)
    {
        this.side = side;
        this.isBid = side == BookSide.BID;
    }

    /**
     * Which side this is.
     *
     * @return {@link BookSide#BID} or {@link BookSide#ASK}.
     */
    public BookSide side()
    {
        return side;
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
     * The price of a level: read-only, valid until the book next changes.
     *
     * @param level 0 for the best level, up to {@link #depth()} - 1.
     * @return the pooled price.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public Decimal price(final int level)
    {
        return prices[index(level)];
    }

    /**
     * The size of a level: read-only, valid until the book next changes.
     *
     * @param level 0 for the best level, up to {@link #depth()} - 1.
     * @return the pooled size.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public Decimal size(final int level)
    {
        return sizes[index(level)];
    }

    /**
     * The best price.
     *
     * @return the pooled price, or null when the side is empty.
     */
    public Decimal bestPrice()
    {
        return count == 0 ? null : prices[count - 1];
    }

    /**
     * The size at a price.
     *
     * @param price the price.
     * @return the pooled size, or null when there is no level at that price.
     */
    public Decimal sizeAt(final Decimal price)
    {
        final int index = search(price);
        return index < 0 ? null : sizes[index];
    }

    /**
     * Copies a level's price, exactly as the venue last sent it.
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
     * Copies a level's size, exactly as the venue last sent it.
     *
     * @param level 0 for the best level.
     * @param dst   the decimal to fill.
     * @return {@code dst}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public Decimal size(final int level, final Decimal dst)
    {
        return dst.set(sizes[index(level)]);
    }

    /**
     * The mantissa of a level's price (rounded when the price is inexact, see {@link Decimal#isExact()}).
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
     * The mantissa of a level's size (rounded when the size is inexact, see {@link Decimal#isExact()}).
     *
     * @param level 0 for the best level.
     * @return the mantissa.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public long sizeMantissa(final int level)
    {
        return sizes[index(level)].mantissa();
    }

    /**
     * The scale of a level's size as sent.
     *
     * @param level 0 for the best level.
     * @return digits after the decimal point.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public int sizeScale(final int level)
    {
        return sizes[index(level)].scale();
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
     * Appends a level's size as the venue sent it, e.g. {@code 10.0}. Allocation-free when {@code dst} has room.
     *
     * @param level 0 for the best level.
     * @param dst   the builder.
     * @return {@code dst}.
     * @throws IndexOutOfBoundsException when {@code level} is outside {@code [0, depth)}.
     */
    public StringBuilder appendSize(final int level, final StringBuilder dst)
    {
        return sizes[index(level)].appendTo(dst);
    }

    /**
     * Appends the best {@code maxLevels} levels as {@code [["price","size"],...]}, each number as the venue sent
     * it. Allocation-free when {@code dst} has room.
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
            price(level).appendTo(dst);
            dst.append("\",\"");
            size(level).appendTo(dst);
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
     * Sets a level (inserts it when new): price and size copied as sent.
     */
    void set(final Decimal price, final Decimal size)
    {
        int index = search(price);
        if (index < 0)
        {
            index = -index - 1;
            if (count == prices.length)
            {
                final int capacity = count * 2;
                prices = BookUpdate.decimals(prices, capacity);
                sizes = BookUpdate.decimals(sizes, capacity);
            }
            final Decimal sparePrice = prices[count];
            final Decimal spareSize = sizes[count];
            final int tail = count - index;
            if (tail > 0)
            {
                System.arraycopy(prices, index, prices, index + 1, tail);
                System.arraycopy(sizes, index, sizes, index + 1, tail);
            }
            prices[index] = sparePrice;
            sizes[index] = spareSize;
            count++;
        }
        prices[index].set(price);
        sizes[index].set(size);
    }

    /**
     * Removes the level at this price.
     *
     * @return false when there was no such level.
     */
    boolean delete(final Decimal price)
    {
        final int index = search(price);
        if (index < 0)
        {
            return false;
        }
        final Decimal removedPrice = prices[index];
        final Decimal removedSize = sizes[index];
        final int tail = count - index - 1;
        if (tail > 0)
        {
            System.arraycopy(prices, index + 1, prices, index, tail);
            System.arraycopy(sizes, index + 1, sizes, index, tail);
        }
        count--;
        prices[count] = removedPrice;
        sizes[count] = removedSize;
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
}
