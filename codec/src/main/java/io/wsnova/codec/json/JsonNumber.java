package io.wsnova.codec.json;

/**
 * The last number the parser met, parsed once from its bytes into {@code magnitude * 10^-scale} (scale may be
 * negative here, e.g. {@code 1E+3} is magnitude 1, scale -3).
 * <p>
 * Why not DSL-JSON's {@code NumberConverter}: it has no fixed-point reader (only {@code BigDecimal}), and its
 * {@code double} and {@code long} readers allocate ({@code new String}, {@code BigDecimal}) for long or exponent
 * forms. Parsing the digits once here gives exact decimals, exact longs and doubles without allocation.
 * <p>
 * Digits past the 18th or 19th significant digit do not fit a {@code long}: they are dropped and
 * {@link #truncated} is set, which makes the exact conversions fail and {@link #toDouble()} approximate.
 */
final class JsonNumber
{
    private static final long SAFE_MAGNITUDE = Long.MAX_VALUE / 10L;
    private static final int EXPONENT_LIMIT = 100_000;
    private static final double TWO_POW_53 = 9007199254740992.0d;

    long magnitude;
    int scale;
    boolean negative;
    boolean truncated;
    int textEnd;
    long longValue;

    /**
     * Parses the JSON number grammar over {@code [start, end)}, allowing trailing JSON whitespace.
     *
     * @return -1 if valid, else the index of the first byte that breaks the grammar.
     */
    int parse(final byte[] bytes, final int start, final int end)
    {
        int i = start;
        boolean isNegative = false;
        if (i < end && bytes[i] == '-')
        {
            isNegative = true;
            i++;
        }
        if (i >= end)
        {
            return i;
        }
        long m = 0L;
        int s = 0;
        boolean dropped = false;
        final byte first = bytes[i];
        if (first == '0')
        {
            i++;
            if (i < end && isDigit(bytes[i]))
            {
                return i;
            }
        }
        else if (isDigit(first))
        {
            do
            {
                final int digit = bytes[i] - '0';
                if (m < SAFE_MAGNITUDE)
                {
                    m = m * 10L + digit;
                }
                else if (!dropped && m <= (Long.MAX_VALUE - digit) / 10L)
                {
                    m = m * 10L + digit;
                }
                else
                {
                    dropped = true;
                    s--;
                }
                i++;
            }
            while (i < end && isDigit(bytes[i]));
        }
        else
        {
            return i;
        }

        if (i < end && bytes[i] == '.')
        {
            i++;
            if (i >= end || !isDigit(bytes[i]))
            {
                return i;
            }
            do
            {
                final int digit = bytes[i] - '0';
                if (m < SAFE_MAGNITUDE)
                {
                    m = m * 10L + digit;
                    s++;
                }
                else if (!dropped && m <= (Long.MAX_VALUE - digit) / 10L)
                {
                    m = m * 10L + digit;
                    s++;
                }
                else
                {
                    dropped = true;
                }
                i++;
            }
            while (i < end && isDigit(bytes[i]));
        }

        if (i < end && (bytes[i] == 'e' || bytes[i] == 'E'))
        {
            i++;
            boolean negativeExponent = false;
            if (i < end && (bytes[i] == '+' || bytes[i] == '-'))
            {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            if (i >= end || !isDigit(bytes[i]))
            {
                return i;
            }
            int exponent = 0;
            do
            {
                if (exponent < EXPONENT_LIMIT)
                {
                    exponent = exponent * 10 + (bytes[i] - '0');
                }
                i++;
            }
            while (i < end && isDigit(bytes[i]));
            s += negativeExponent ? exponent : -exponent;
        }

        final int numberEnd = i;
        while (i < end && isWhitespace(bytes[i]))
        {
            i++;
        }
        if (i != end)
        {
            return i;
        }
        magnitude = m;
        scale = s;
        negative = isNegative;
        truncated = dropped;
        textEnd = numberEnd;
        return -1;
    }

    /**
     * Sets a number the tokenizer's fast path has already parsed (see {@code JsonParser#nextToken()}).
     */
    void set(final long magnitude, final int scale, final boolean negative, final int textEnd)
    {
        this.magnitude = magnitude;
        this.scale = scale;
        this.negative = negative;
        this.truncated = false;
        this.textEnd = textEnd;
    }

    /**
     * Exact conversion to a decimal.
     *
     * @return false if digits were dropped, the value overflows a {@code long} mantissa or the scale exceeds
     * {@link Decimal#MAX_SCALE}.
     */
    boolean toDecimal(final Decimal dst)
    {
        if (truncated)
        {
            return false;
        }
        long m = magnitude;
        int s = scale;
        if (s < 0)
        {
            if (m != 0L)
            {
                if (-s > 18 || m > Long.MAX_VALUE / Decimal.powerOfTen(-s))
                {
                    return false;
                }
                m *= Decimal.powerOfTen(-s);
            }
            s = 0;
        }
        if (s > Decimal.MAX_SCALE)
        {
            return false;
        }
        dst.set(negative ? -m : m, s);
        return true;
    }

    /**
     * Exact conversion to a {@code long} into {@link #longValue}: {@code 1E+3} and {@code 2.0} are integers,
     * {@code 2.5} is not.
     *
     * @return false if the value is not an integer or does not fit a {@code long}.
     */
    boolean toLong()
    {
        if (truncated)
        {
            return false;
        }
        long m = magnitude;
        int s = scale;
        while (s > 0)
        {
            if (m % 10L != 0L)
            {
                return false;
            }
            m /= 10L;
            s--;
        }
        if (s < 0 && m != 0L)
        {
            if (-s > 18 || m > Long.MAX_VALUE / Decimal.powerOfTen(-s))
            {
                return false;
            }
            m *= Decimal.powerOfTen(-s);
        }
        longValue = negative ? -m : m;
        return true;
    }

    /**
     * The nearest double: correctly rounded when no digit was dropped, the magnitude is within 2^53 and the
     * decimal exponent within 22 (a single IEEE operation on two exact operands); otherwise a few ulps at most.
     */
    double toDouble()
    {
        final double m = (double) magnitude;
        final int maxPower = Decimal.maxDoublePowerOfTen();
        double value;
        if (magnitude == 0L)
        {
            value = 0.0d;
        }
        else if (!truncated && m <= TWO_POW_53 && scale >= -maxPower && scale <= maxPower)
        {
            value = scale >= 0 ? m / Decimal.doublePowerOfTen(scale) : m * Decimal.doublePowerOfTen(-scale);
        }
        else if (scale >= 0)
        {
            value = m / Math.pow(10.0d, scale);
        }
        else
        {
            value = m * Math.pow(10.0d, -scale);
        }
        return negative ? -value : value;
    }

    static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    static boolean isWhitespace(final byte b)
    {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
