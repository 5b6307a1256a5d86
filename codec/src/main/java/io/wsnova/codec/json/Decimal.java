package io.wsnova.codec.json;

/**
 * A mutable fixed-point decimal: {@code value = mantissa * 10^-scale}, with {@code 0 <= scale <= MAX_SCALE}, or
 * the distinct value {@code null} (as a JSON {@code null}, e.g. a Deribit {@code last_price} before the first
 * trade).
 * <p>
 * The representation keeps what the venue sent when it fits: {@code "1.50"} is mantissa 150, scale 2; a form that
 * does not fit as sent is normalised (trailing zeros and exponent folded into the scale: {@code 1E+3} is 1000
 * scale 0, {@code 1.5000000000000000000000} is 15 scale 1). The scale is never negative: an integer is multiplied
 * out to scale 0.
 * <p>
 * <b>Inexact values.</b> A number read from JSON that no {@code (long, scale)} pair holds exactly (more significant
 * digits than a long, a scale above {@link #MAX_SCALE}, a magnitude of 2^63 or more, e.g. {@code 1E+30}) is still
 * read: {@link #isExact()} is then false, {@link #mantissa()} and {@link #scale()} hold the value rounded half-even
 * at the finest scale whose mantissa fits a long (saturated at {@code +-Long.MAX_VALUE} scale 0 beyond), and the
 * venue's exact text is kept in a buffer inside this object (grown on first use only, then reused) so that
 * {@link #appendTo(StringBuilder)} and {@link #toString()} print exactly what the venue sent, and
 * {@link #compareTo(Decimal)}, {@link #equals(Object)} and {@link #hashCode()} compare the exact values (never the
 * rounded ones): ordering is exact for every pair of values, exact or not. See {@code docs/NUMBERS.md}.
 * <p>
 * {@link #equals(Object)}, {@link #hashCode()} and {@link #compareTo(Decimal) } compare the numeric value, so
 * {@code 1.50} equals {@code 1.5}, which makes a {@code Decimal} usable as an order-book price key (do not mutate a
 * key while it is in a map; a book that needs a primitive key can use {@link #scaledTo(int) } with the instrument's
 * tick scale).
 * <p>
 * Not thread-safe; allocation-free except {@link #toString()} and the first inexact value a given instance holds.
 */
public final class Decimal implements Comparable<Decimal>
{
    /** The largest scale (digits after the point) a {@code Decimal} holds. */
    public static final int MAX_SCALE = 38;

    /** Returned by {@link #scaledTo(int) } when the value has no exact {@code long} mantissa at that scale. */
    public static final long NOT_REPRESENTABLE = Long.MIN_VALUE;

    private static final long[] LONG_POWERS_OF_TEN = new long[19];
    private static final int MAX_LONG_DIGITS = 19;
    private static final long TEN_POW_18 = 1_000_000_000_000_000_000L;
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
    private boolean inexact;
    // Valid when inexact: the exact text as sent, and where its significant digits are (see JsonNumber).
    private boolean inexactNegative;
    private byte[] text;
    private int textLength;
    private int digitsOffset;
    private int dotOffset;
    private int digitCount;
    private long pointPosition;
    private double approximation;

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
        this.inexact = false;
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
        inexact = other.inexact;
        if (other.inexact)
        {
            copyText(other.text, 0, other.textLength);
            inexactNegative = other.inexactNegative;
            digitsOffset = other.digitsOffset;
            dotOffset = other.dotOffset;
            digitCount = other.digitCount;
            pointPosition = other.pointPosition;
            approximation = other.approximation;
        }
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
        inexact = false;
        return this;
    }

    /**
     * Whether the value is held exactly: true for every value set through {@link #set(long, int)}, for
     * {@code null}, and for every number read from JSON that fits (see the class comment); false for a number read
     * from JSON that does not, whose {@link #mantissa()} and {@link #scale()} are then rounded and whose exact text
     * {@link #appendTo(StringBuilder)} prints.
     *
     * @return false for an inexact value.
     */
    public boolean isExact()
    {
        return !inexact;
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
     * The unscaled value (0 when {@code null}); for an inexact value, the rounded one (see the class comment).
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
     * (every venue price seen in practice), otherwise (including inexact values, computed from their exact digits)
     * within a few ulps.
     *
     * @return the value as a double, {@link Double#NaN} when {@code null}.
     */
    public double toDouble()
    {
        if (isNull)
        {
            return Double.NaN;
        }
        if (inexact)
        {
            return approximation;
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
     * @return the exact mantissa, or {@link #NOT_REPRESENTABLE} if the value is {@code null} or inexact, loses
     * digits at that scale or overflows a {@code long}.
     */
    public long scaledTo(final int targetScale)
    {
        if (isNull || inexact)
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
     * Appends the exact value: in plain notation (no exponent), keeping trailing zeros of the scale, e.g.
     * mantissa 211 scale 7 appends {@code 0.0000211}; an inexact value appends the venue's text exactly as sent
     * (which may have an exponent, e.g. {@code 1.23456789012345678901234E-30}); {@code null} appends {@code null}.
     * Allocation-free when {@code dst} has capacity.
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
        if (inexact)
        {
            final byte[] text = this.text;
            for (int i = 0, n = textLength; i < n; i++)
            {
                dst.append((char)text[i]);
            }
            return dst;
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
        if (inexact || other.inexact)
        {
            return compareExactly(this, other);
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
        if (inexact)
        {
            int hash = Long.hashCode(pointPosition) * 31 + (inexactNegative ? 1 : 0);
            for (int i = 0; i < digitCount; i++)
            {
                hash = 31 * hash + digitAt(this, i);
            }
            return hash;
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

    /**
     * Sets an inexact value read from JSON (see {@link JsonNumber}): the rounded mantissa and scale, and the exact
     * text with the position of its significant digits.
     */
    void setInexact(final long roundedMantissa, final int roundedScale, final boolean negative, final byte[] src,
        final int offset, final int length, final int firstDigitOffset, final int dotOffset, final int digits,
        final long point, final double nearestDouble)
    {
        mantissa = roundedMantissa;
        scale = roundedScale;
        isNull = false;
        inexact = true;
        inexactNegative = negative;
        copyText(src, offset, length);
        digitsOffset = firstDigitOffset;
        this.dotOffset = dotOffset;
        digitCount = digits;
        pointPosition = point;
        approximation = nearestDouble;
    }

    /**
     * The exact text of an inexact value (see {@link #textLength()}).
     */
    byte[] textBytes()
    {
        return text;
    }

    int textLength()
    {
        return inexact ? textLength : 0;
    }

    private void copyText(final byte[] src, final int offset, final int length)
    {
        byte[] text = this.text;
        if (text == null || text.length < length)
        {
            text = new byte[Math.max(32, length)];
            this.text = text;
        }
        System.arraycopy(src, offset, text, 0, length);
        textLength = length;
    }

    /**
     * Exact comparison when at least one side is inexact (neither is null): sign, then the decimal exponent of the
     * first significant digit, then the significant digits one by one. An inexact value is never zero.
     */
    private static int compareExactly(final Decimal a, final Decimal b)
    {
        final int signA = signum(a);
        final int signB = signum(b);
        if (signA != signB || signA == 0)
        {
            return Integer.compare(signA, signB);
        }
        final int lengthA = a.inexact ? 0 : digitLength(magnitude(a));
        final int lengthB = b.inexact ? 0 : digitLength(magnitude(b));
        final long pointA = a.inexact ? a.pointPosition : (long)lengthA - a.scale;
        final long pointB = b.inexact ? b.pointPosition : (long)lengthB - b.scale;
        int result = Long.compare(pointA, pointB);
        if (result == 0)
        {
            final int digitsA = a.inexact ? a.digitCount : lengthA;
            final int digitsB = b.inexact ? b.digitCount : lengthB;
            for (int i = 0, n = Math.max(digitsA, digitsB); i < n && result == 0; i++)
            {
                final int digitA = i >= digitsA ? 0 : (a.inexact ? digitAt(a, i) : exactDigitAt(a, lengthA, i));
                final int digitB = i >= digitsB ? 0 : (b.inexact ? digitAt(b, i) : exactDigitAt(b, lengthB, i));
                result = Integer.compare(digitA, digitB);
            }
        }
        return signA < 0 ? -result : result;
    }

    private static int signum(final Decimal value)
    {
        if (value.inexact)
        {
            return value.inexactNegative ? -1 : 1;
        }
        return Long.signum(value.mantissa);
    }

    /**
     * The magnitude of an exact value's mantissa, unsigned (2^63 for {@code Long.MIN_VALUE}).
     */
    private static long magnitude(final Decimal value)
    {
        return value.mantissa < 0L ? -value.mantissa : value.mantissa;
    }

    private static int digitLength(final long unsignedMagnitude)
    {
        if (Long.compareUnsigned(unsignedMagnitude, TEN_POW_18) >= 0)
        {
            return MAX_LONG_DIGITS;
        }
        int length = 1;
        while (length < MAX_LONG_DIGITS - 1 && unsignedMagnitude >= LONG_POWERS_OF_TEN[length])
        {
            length++;
        }
        return length;
    }

    private static int exactDigitAt(final Decimal value, final int length, final int index)
    {
        final long quotient = Long.divideUnsigned(magnitude(value), LONG_POWERS_OF_TEN[length - 1 - index]);
        return (int)Long.remainderUnsigned(quotient, 10L);
    }

    /**
     * The significant digit {@code index} (0 = first) of an inexact value, read from its text.
     */
    private static int digitAt(final Decimal value, final int index)
    {
        int at = value.digitsOffset + index;
        if (value.dotOffset > value.digitsOffset && at >= value.dotOffset)
        {
            at++;
        }
        return value.text[at] - '0';
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
