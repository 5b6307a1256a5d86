package io.wsnova.codec.json;

/**
 * A mutable fixed-point decimal: {@code value = mantissa * 10^-scale}, with {@code 0 <= scale <= MAX_SCALE}, or
 * the distinct value {@code null} (as a JSON {@code null}, e.g. a Deribit {@code last_price} before the first
 * trade).
 * <p>
 * The representation keeps what the venue sent: {@code "1.50"} is mantissa 150, scale 2. {@link #equals(Object)},
 * {@link #hashCode()} and {@link #compareTo(Decimal) } compare the numeric value, so {@code 1.50} equals
 * {@code 1.5}, which makes a {@code Decimal} usable as an order-book price key (do not mutate a key while it is
 * in a map; a book that needs a primitive key can use {@link #scaledTo(int) } with the instrument's tick scale).
 * <p>
 * Not thread-safe; allocation-free except {@link #toString()}.
 */
public final class Decimal implements Comparable<Decimal>
{
    /** The largest scale (digits after the point) a {@code Decimal} holds. */
    public static final int MAX_SCALE = 38;

    /** Returned by {@link #scaledTo(int) } when the value has no exact {@code long} mantissa at that scale. */
    public static final long NOT_REPRESENTABLE = Long.MIN_VALUE;

    private static final long[] LONG_POWERS_OF_TEN = new long[19];
    private static final double[] DOUBLE_POWERS_OF_TEN = new double[23];

    static
    {
        long power = 1L;
        for (int i = 0; i < LONG_POWERS_OF_TEN.length; i++)
        {
            LONG_POWERS_OF_TEN[i] = power;
            power *= 10L;
        }
        double doublePower = 1.0d;
        for (int i = 0; i < DOUBLE_POWERS_OF_TEN.length; i++)
        {
            DOUBLE_POWERS_OF_TEN[i] = doublePower;
            doublePower *= 10.0d;
        }
    }

    private long mantissa;
    private int scale;
    private boolean isNull;

    /**
     * Creates a zero (mantissa 0, scale 0).
     */
    public Decimal()
    {
    }

    /**
     * Creates a decimal with the given value.
     *
     * @param mantissa the unscaled value.
     * @param scale    the number of digits after the decimal point, 0 to {@link #MAX_SCALE}.
     * @throws IllegalArgumentException if the scale is out of range.
     */
    public Decimal(final long mantissa, final int scale)
    {
        set(mantissa, scale);
    }

    /**
     * Sets the value.
     *
     * @param mantissa the unscaled value.
     * @param scale    the number of digits after the decimal point, 0 to {@link #MAX_SCALE}.
     * @return this.
     * @throws IllegalArgumentException if the scale is out of range (a bug in the caller).
     */
    public Decimal set(final long mantissa, final int scale)
    {
        if (scale < 0 || scale > MAX_SCALE)
        {
            throw new IllegalArgumentException("scale out of range [0, " + MAX_SCALE + "]: " + scale);
        }
        this.mantissa = mantissa;
        this.scale = scale;
        this.isNull = false;
        return this;
    }

    /**
     * Copies another decimal, including its {@code null} state.
     *
     * @param other the value to copy.
     * @return this.
     */
    public Decimal set(final Decimal other)
    {
        mantissa = other.mantissa;
        scale = other.scale;
        isNull = other.isNull;
        return this;
    }

    /**
     * Sets the value to {@code null} (mantissa 0, scale 0, {@link #isNull()} true).
     *
     * @return this.
     */
    public Decimal setNull()
    {
        mantissa = 0L;
        scale = 0;
        isNull = true;
        return this;
    }

    /**
     * Whether this holds {@code null} rather than a number.
     *
     * @return true if {@code null}.
     */
    public boolean isNull()
    {
        return isNull;
    }

    /**
     * The unscaled value (0 when {@code null}).
     *
     * @return the mantissa.
     */
    public long mantissa()
    {
        return mantissa;
    }

    /**
     * The number of digits after the decimal point.
     *
     * @return the scale, 0 to {@link #MAX_SCALE}.
     */
    public int scale()
    {
        return scale;
    }

    /**
     * The nearest {@code double}: exact rounding when the mantissa is within 2^53 and the scale within 22
     * (every venue price seen in practice), otherwise within a few ulps.
     *
     * @return the value as a double, {@link Double#NaN} when {@code null}.
     */
    public double toDouble()
    {
        if (isNull)
        {
            return Double.NaN;
        }
        if (scale < DOUBLE_POWERS_OF_TEN.length)
        {
            return (double) mantissa / DOUBLE_POWERS_OF_TEN[scale];
        }
        return (double) mantissa / DOUBLE_POWERS_OF_TEN[DOUBLE_POWERS_OF_TEN.length - 1] /
            Math.pow(10.0d, scale - (DOUBLE_POWERS_OF_TEN.length - 1));
    }

    /**
     * The mantissa of this value at another scale, e.g. {@code 36442.5} at scale 2 is {@code 3644250}: a primitive
     * price key for a book whose instrument has a fixed tick scale.
     *
     * @param targetScale the scale wanted, 0 to {@link #MAX_SCALE}.
     * @return the exact mantissa, or {@link #NOT_REPRESENTABLE} if the value is {@code null}, loses digits at that
     * scale or overflows a {@code long}.
     */
    public long scaledTo(final int targetScale)
    {
        if (isNull)
        {
            return NOT_REPRESENTABLE;
        }
        long value = mantissa;
        int current = scale;
        while (current > targetScale)
        {
            if (value % 10L != 0L)
            {
                return NOT_REPRESENTABLE;
            }
            value /= 10L;
            current--;
        }
        while (current < targetScale)
        {
            if (value > Long.MAX_VALUE / 10L || value < -(Long.MAX_VALUE / 10L))
            {
                return NOT_REPRESENTABLE;
            }
            value *= 10L;
            current++;
        }
        return value;
    }

    /**
     * Appends the exact value in plain notation (no exponent), keeping trailing zeros of the scale:
     * mantissa 211 scale 7 appends {@code 0.0000211}; {@code null} appends {@code null}. Allocation-free when
     * {@code dst} has capacity.
     *
     * @param dst the builder to append to.
     * @return {@code dst}.
     */
    public StringBuilder appendTo(final StringBuilder dst)
    {
        if (isNull)
        {
            return dst.append("null");
        }
        if (scale == 0)
        {
            return dst.append(mantissa);
        }
        final int start = dst.length();
        dst.append(mantissa);
        final int digitsStart = mantissa < 0L ? start + 1 : start;
        final int digits = dst.length() - digitsStart;
        if (digits > scale)
        {
            dst.insert(dst.length() - scale, '.');
        }
        else
        {
            dst.insert(digitsStart, '0');
            dst.insert(digitsStart + 1, '.');
            for (int i = digits; i < scale; i++)
            {
                dst.insert(digitsStart + 2, '0');
            }
        }
        return dst;
    }

    /**
     * Numeric comparison; {@code null} sorts before every number.
     *
     * @param other the decimal to compare with.
     * @return negative, zero or positive as this is less than, equal to or greater than {@code other}.
     */
    @Override
    public int compareTo(final Decimal other)
    {
        if (isNull || other.isNull)
        {
            return Boolean.compare(other.isNull, isNull);
        }
        if (scale == other.scale)
        {
            return Long.compare(mantissa, other.mantissa);
        }
        if (scale < other.scale)
        {
            return compareScaled(mantissa, other.scale - scale, other.mantissa);
        }
        return -compareScaled(other.mantissa, scale - other.scale, mantissa);
    }

    /**
     * Numeric equality: {@code 1.50} equals {@code 1.5}; {@code null} equals only {@code null}.
     *
     * @param obj the object to compare with.
     * @return true if {@code obj} is a {@code Decimal} with the same numeric value.
     */
    @Override
    public boolean equals(final Object obj)
    {
        return obj instanceof Decimal && compareTo((Decimal) obj) == 0;
    }

    /**
     * A hash of the normalised value (trailing zeros stripped), consistent with {@link #equals(Object)}.
     *
     * @return the hash code.
     */
    @Override
    public int hashCode()
    {
        if (isNull)
        {
            return -1;
        }
        long value = mantissa;
        int normalisedScale = scale;
        while (normalisedScale > 0 && value % 10L == 0L)
        {
            value /= 10L;
            normalisedScale--;
        }
        return 31 * Long.hashCode(value) + normalisedScale;
    }

    /**
     * The exact value as {@link #appendTo(StringBuilder)} prints it. Allocates: not for the hot path.
     *
     * @return the value in plain notation.
     */
    @Override
    public String toString()
    {
        return appendTo(new StringBuilder(24)).toString();
    }

    static long powerOfTen(final int exponent)
    {
        return LONG_POWERS_OF_TEN[exponent];
    }

    static double doublePowerOfTen(final int exponent)
    {
        return DOUBLE_POWERS_OF_TEN[exponent];
    }

    static int maxDoublePowerOfTen()
    {
        return DOUBLE_POWERS_OF_TEN.length - 1;
    }

    /**
     * Compares {@code small * 10^shift} with {@code other} without overflow: when the scaled value leaves the
     * {@code long} range its magnitude exceeds every {@code long}, so its sign decides.
     */
    private static int compareScaled(final long small, final int shift, final long other)
    {
        if (small == 0L)
        {
            return -Long.signum(other);
        }
        if (shift < LONG_POWERS_OF_TEN.length)
        {
            final long factor = LONG_POWERS_OF_TEN[shift];
            final long limit = Long.MAX_VALUE / factor;
            if (small <= limit && small >= -limit)
            {
                return Long.compare(small * factor, other);
            }
        }
        return small > 0L ? 1 : -1;
    }
}
