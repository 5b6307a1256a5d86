package io.wsnova.codec.json;

/**
 * The last number the parser met, parsed once from its bytes (the whole RFC 8259 grammar: sign, integer part,
 * fraction, exponent in either case and sign, any number of digits) into a normalised form that the conversions
 * then read without re-scanning:
 * <pre>
 *   value = (negative ? -1 : 1) * 0.d1 d2 ... dD * 10^pointPosition()      (d1 != 0, dD != 0)
 *   D              = digitCount: significant digits, leading and trailing zeros excluded
 *   significand    = d1 ... d_min(D,19) as an unsigned long; digit20 = d20 (0 when D &lt; 20)
 *   trailingZeros  = zeros after dD in the text (before the exponent)
 *   BigDecimal     = unscaled d1..dD followed by trailingZeros zeros, scale = fractionDigits - exponent
 * </pre>
 * Digits past the 20th only matter through D: the last one is non-zero, so "is anything non-zero after digit k"
 * is {@code D > k}. That is all exact rounding at any scale needs (see {@link #toDecimal(Decimal, byte[])}).
 * <p>
 * The usual form ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?}, at most 18 digits, a short exponent allowed) is parsed by
 * the tokenizer's fast path ({@link #scanFast}) and set with {@link #set}: {@link #fast} then says that
 * {@code fastMagnitude * 10^-fastScale} is the exact value and the general fields are not filled (no cost on the
 * common path).
 * <p>
 * Explicit exponents are clamped to {@code +-EXPONENT_LIMIT} (1e9): beyond that a value is far outside any
 * {@link Decimal} and {@code double}, and {@code BigDecimal} itself cannot hold such a scale.
 */
final class JsonNumber
{
    static final long EXPONENT_LIMIT = 1_000_000_000L;
    /** Most digits of a number on the fast path (always fits a long). */
    static final int FAST_DIGITS = 18;
    private static final int FAST_EXPONENT_DIGITS = 3;
    private static final int HEAD_DIGITS = 19;
    private static final double TWO_POW_53 = 9007199254740992.0d;
    private static final double TWO_POW_64 = 18446744073709551616.0d;
    /** 10^0 .. 10^19; 10^19 does not fit a signed long and is used unsigned only. */
    private static final long[] POW10 = new long[20];

    static
    {
        long power = 1L;
        for (int i = 0; i < POW10.length; i++)
        {
            POW10[i] = power;
            power *= 10L;
        }
    }

    boolean fast;
    private int exponentValue;
    long fastMagnitude;
    int fastScale;

    boolean negative;
    long significand;
    int digitCount;
    int digit20;
    int trailingZeros;
    int fractionDigits;
    long exponent;
    int firstDigit;
    int dotIndex;
    int textStart;
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
        significand = 0L;
        digitCount = 0;
        digit20 = 0;
        trailingZeros = 0;
        firstDigit = -1;
        int dot = -1;
        int fraction = 0;
        final byte firstByte = bytes[i];
        if (firstByte == '0')
        {
            i++;
            if (i < end && isDigit(bytes[i]))
            {
                return i;
            }
        }
        else if (isDigit(firstByte))
        {
            i = scanDigits(bytes, i, end);
        }
        else
        {
            return i;
        }

        if (i < end && bytes[i] == '.')
        {
            dot = i;
            i++;
            if (i >= end || !isDigit(bytes[i]))
            {
                return i;
            }
            final int fractionEnd = scanDigits(bytes, i, end);
            fraction = fractionEnd - i;
            i = fractionEnd;
        }

        long exp = 0L;
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
            do
            {
                if (exp < EXPONENT_LIMIT)
                {
                    exp = Math.min(EXPONENT_LIMIT, exp * 10L + (bytes[i] - '0'));
                }
                i++;
            }
            while (i < end && isDigit(bytes[i]));
            exp = negativeExponent ? -exp : exp;
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
        fast = false;
        negative = isNegative;
        fractionDigits = fraction;
        exponent = exp;
        dotIndex = dot;
        textStart = start;
        textEnd = numberEnd;
        return -1;
    }

    /**
     * Scans a run of digits (integer part or fraction) from {@code i}, at least one, into the significant-digit
     * fields: zeros are held back in {@link #trailingZeros} until a non-zero digit follows (a zero before the first
     * significant digit is not significant), the first 19 significant digits accumulate into {@link #significand},
     * the 20th is kept in {@link #digit20}, and {@link #digitCount} counts them all.
     *
     * @return the index after the run.
     */
    private int scanDigits(final byte[] bytes, final int startInclusive, final int end)
    {
        int i = startInclusive;
        do
        {
            final int digit = bytes[i] - '0';
            if (digit == 0)
            {
                if (firstDigit >= 0)
                {
                    trailingZeros++;
                }
            }
            else
            {
                if (firstDigit < 0)
                {
                    firstDigit = i;
                }
                for (; trailingZeros > 0; trailingZeros--)
                {
                    if (digitCount < HEAD_DIGITS)
                    {
                        significand *= 10L;
                    }
                    digitCount++;
                }
                if (digitCount < HEAD_DIGITS)
                {
                    significand = significand * 10L + digit;
                }
                else if (digitCount == HEAD_DIGITS)
                {
                    digit20 = digit;
                }
                digitCount++;
            }
            i++;
        }
        while (i < end && isDigit(bytes[i]));
        return i;
    }

    /**
     * The tokenizer's fast path: the number at {@code start} in the usual form
     * ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?}, at most {@link #FAST_DIGITS} digits, optionally with an exponent of 1 to 3
     * digits that leaves a scale of 0 to 18, as {@code 2.11e-05}), parsed in one pass (digits eight at a time, see
     * {@link JsonSwar}) and {@link #set}. The caller checks what follows (a separator, or a quoted number's closing
     * quote). The scan stops at the parser's {@code '"'} sentinels.
     *
     * @param bytes the parser's padded copy.
     * @param start the number's first byte.
     * @return the index after the number's text, or {@code -1 - index} of a byte inside its text from which the
     * general parser must take over (another form, valid or not).
     */
    int scanFast(final byte[] bytes, final int start)
    {
        final boolean isNegative = bytes[start] == '-';
        final int integerStart = isNegative ? start + 1 : start;
        int j = integerStart;
        long magnitude = 0L;
        int integerDigits = -1;
        int fractionStart = -1;
        while (true)
        {
            int run;
            do
            {
                final long values = JsonSwar.digitValues(JsonSwar.word(bytes, j));
                run = JsonSwar.digitRun(values);
                if (run != 0)
                {
                    magnitude = JsonSwar.appendDigits(magnitude, values, run);
                    j += run;
                }
            }
            while (run == Long.BYTES);
            if (integerDigits >= 0)
            {
                break;
            }
            integerDigits = j - integerStart;
            if (bytes[j] != '.')
            {
                break;
            }
            fractionStart = ++j;
        }
        if (fractionStart == j)
        {
            // A point without a digit after it.
            return -1 - j;
        }
        final int fraction = fractionStart < 0 ? 0 : j - fractionStart;
        int scale = fraction;
        if ((bytes[j] | 0x20) == 'e')
        {
            final int exponentEnd = scanExponent(bytes, j + 1);
            if (exponentEnd < 0)
            {
                return exponentEnd;
            }
            scale = fraction - exponentValue;
            j = exponentEnd;
        }
        if (integerDigits == 0 || (integerDigits > 1 && bytes[integerStart] == '0') ||
            integerDigits + fraction > FAST_DIGITS || scale < 0 || scale > FAST_DIGITS)
        {
            return -1 - j;
        }
        set(magnitude, scale, isNegative, start, j);
        return j;
    }

    /**
     * A short exponent (1 to 3 digits) from {@code k}, after its {@code e}: its signed value in
     * {@link #exponentValue}. BigDecimal's reading: 2.11e-05 is 211 at scale 7. A longer exponent (e-0005) goes to
     * the general parser.
     *
     * @return the index after it, or {@code -1 - index} for the general parser.
     */
    private int scanExponent(final byte[] bytes, final int from)
    {
        int k = from;
        byte e = bytes[k];
        final boolean negativeExponent = e == '-';
        if (negativeExponent || e == '+')
        {
            e = bytes[++k];
        }
        final int exponentStart = k;
        int exp = 0;
        while (e >= '0' && e <= '9' && k - exponentStart < FAST_EXPONENT_DIGITS)
        {
            exp = exp * 10 + (e - '0');
            e = bytes[++k];
        }
        if (k == exponentStart || (e >= '0' && e <= '9'))
        {
            return -1 - k;
        }
        exponentValue = negativeExponent ? -exp : exp;
        return k;
    }

    /**
     * Sets a number the tokenizer's fast path has already parsed (see {@code JsonParser#nextToken()}): at most 18
     * digits, no exponent, so {@code magnitude * 10^-scale} is exact.
     */
    void set(final long magnitude, final int scale, final boolean negative, final int textStart, final int textEnd)
    {
        this.fast = true;
        this.fastMagnitude = magnitude;
        this.fastScale = scale;
        this.negative = negative;
        this.textStart = textStart;
        this.textEnd = textEnd;
    }

    /**
     * The decimal exponent of the point: {@code value = 0.d1..dD * 10^pointPosition} (general form only).
     */
    long pointPosition()
    {
        return (long)digitCount + trailingZeros - fractionDigits + exponent;
    }

    /**
     * Converts to a decimal, exactly whenever the decimal can hold the value (the normalisation rule of
     * {@code docs/NUMBERS.md}): the value as sent ({@code BigDecimal}'s unscaled value and scale) when that fits
     * (a negative scale multiplied out to scale 0), else with trailing zeros stripped; otherwise inexact, rounded
     * half-even at the finest scale (at most {@link Decimal#MAX_SCALE}) whose mantissa fits a long, saturated at
     * {@code +-Long.MAX_VALUE} scale 0 beyond, with the text kept.
     *
     * @param dst   the decimal to fill.
     * @param bytes the buffer this number was parsed from (for the exact text of an inexact value).
     * @return true if exact, false if inexact.
     */
    boolean toDecimal(final Decimal dst, final byte[] bytes)
    {
        if (fast)
        {
            dst.set(negative ? -fastMagnitude : fastMagnitude, fastScale);
            return true;
        }
        final int d = digitCount;
        final long scaleAsSent = (long)fractionDigits - exponent;
        if (d == 0)
        {
            dst.set(0L, scaleAsSent >= 0L && scaleAsSent <= Decimal.MAX_SCALE ? (int)scaleAsSent : 0);
            return true;
        }
        if (d + trailingZeros <= HEAD_DIGITS && scaleAsSent >= 0L && scaleAsSent <= Decimal.MAX_SCALE)
        {
            final long unscaled = unsignedTimesPow10(significand, trailingZeros);
            if (fitsMantissa(unscaled))
            {
                dst.set(negative ? -unscaled : unscaled, (int)scaleAsSent);
                return true;
            }
        }
        final long normalisedScale = scaleAsSent - trailingZeros;
        if (d <= HEAD_DIGITS)
        {
            if (normalisedScale >= 0L && normalisedScale <= Decimal.MAX_SCALE && fitsMantissa(significand))
            {
                dst.set(negative ? -significand : significand, (int)normalisedScale);
                return true;
            }
            if (normalisedScale < 0L && normalisedScale >= -HEAD_DIGITS && d - normalisedScale <= HEAD_DIGITS)
            {
                final long integer = unsignedTimesPow10(significand, (int)-normalisedScale);
                if (fitsMantissa(integer))
                {
                    dst.set(negative ? -integer : integer, 0);
                    return true;
                }
            }
        }
        roundInto(dst, bytes);
        return false;
    }

    /**
     * Exact conversion to a {@code long} into {@link #longValue}: any form whose value is an integer in range
     * ({@code 1E+3}, {@code 2.0}, {@code 1.0E2}, {@code 0.5e1}); {@code 2.5} is not.
     *
     * @return false if the value is not an integer or does not fit a {@code long}.
     */
    boolean toLong()
    {
        if (fast)
        {
            long m = fastMagnitude;
            for (int s = fastScale; s > 0; s--)
            {
                if (m % 10L != 0L)
                {
                    return false;
                }
                m /= 10L;
            }
            longValue = negative ? -m : m;
            return true;
        }
        final int d = digitCount;
        if (d == 0)
        {
            longValue = 0L;
            return true;
        }
        final long point = pointPosition();
        if (point < d || point > HEAD_DIGITS)
        {
            return false;
        }
        final long magnitude = unsignedTimesPow10(significand, (int)(point - d));
        if (magnitude >= 0L)
        {
            longValue = negative ? -magnitude : magnitude;
            return true;
        }
        if (negative && magnitude == Long.MIN_VALUE)
        {
            longValue = Long.MIN_VALUE;
            return true;
        }
        return false;
    }

    /**
     * The nearest double: correctly rounded when at most 15 significant digits and a decimal exponent within 22
     * (a single IEEE operation on two exact operands, every venue price seen in practice); otherwise within a few
     * ulps (the first 19 significant digits, one or two roundings more).
     */
    double toDouble()
    {
        if (fast)
        {
            final double m = (double)fastMagnitude;
            final double value = fastMagnitude == 0L ? 0.0d :
                (m <= TWO_POW_53 && fastScale <= Decimal.maxDoublePowerOfTen() ?
                m / Decimal.doublePowerOfTen(fastScale) : m / Math.pow(10.0d, fastScale));
            return negative ? -value : value;
        }
        final int d = digitCount;
        final double value;
        if (d == 0)
        {
            value = 0.0d;
        }
        else
        {
            final int head = Math.min(d, HEAD_DIGITS);
            final long power = pointPosition() - head;
            final double m = significand >= 0L ? (double)significand : (double)significand + TWO_POW_64;
            final int maxPower = Decimal.maxDoublePowerOfTen();
            if (power > 400L)
            {
                value = Double.POSITIVE_INFINITY;
            }
            else if (power < -400L)
            {
                value = 0.0d;
            }
            else if (power >= -maxPower && power <= maxPower)
            {
                value = power >= 0L ? m * Decimal.doublePowerOfTen((int)power) :
                    m / Decimal.doublePowerOfTen((int)-power);
            }
            else if (power > 0L)
            {
                value = m * Math.pow(10.0d, power);
            }
            else if (power >= -300L)
            {
                value = m / Math.pow(10.0d, -power);
            }
            else
            {
                value = m / 1e300d / Math.pow(10.0d, -power - 300L);
            }
        }
        return negative ? -value : value;
    }

    /**
     * The inexact case: round half-even at the finest scale whose mantissa fits, keep the text.
     */
    private void roundInto(final Decimal dst, final byte[] bytes)
    {
        final int d = digitCount;
        final long point = pointPosition();
        long targetScale = Math.min(Decimal.MAX_SCALE, HEAD_DIGITS - point);
        long mantissa = Long.MAX_VALUE;
        int scale = 0;
        while (targetScale >= 0L)
        {
            final long kept = point + targetScale;
            final long rounded = roundToDigits(kept, d);
            if (rounded >= 0L)
            {
                mantissa = rounded;
                scale = (int)targetScale;
                break;
            }
            targetScale--;
        }
        final int start = textStart;
        dst.setInexact(negative ? -mantissa : mantissa, scale, negative, bytes, start, textEnd - start,
            firstDigit - start, dotIndex < 0 ? -1 : dotIndex - start, d, point, toDouble());
    }

    /**
     * The first {@code kept} significant digits rounded half-even on the rest, or -1 when the result does not fit
     * a signed long. {@code kept < d} always holds in the inexact case except for a 19-digit significand above
     * {@code Long.MAX_VALUE}.
     */
    private long roundToDigits(final long kept, final int d)
    {
        if (kept < 0L)
        {
            return 0L;
        }
        final int head = Math.min(d, HEAD_DIGITS);
        final long sig = significand;
        final long prefix;
        final int roundDigit;
        if (kept >= d)
        {
            if (kept > HEAD_DIGITS)
            {
                return -1L;
            }
            final long value = unsignedTimesPow10(sig, (int)(kept - d));
            return value >= 0L ? value : -1L;
        }
        if (kept == HEAD_DIGITS)
        {
            prefix = sig;
            roundDigit = digit20;
        }
        else
        {
            final int dropped = head - (int)kept;
            prefix = Long.divideUnsigned(sig, POW10[dropped]);
            roundDigit = (int)Long.remainderUnsigned(Long.divideUnsigned(sig, POW10[dropped - 1]), 10L);
        }
        final boolean sticky = d > kept + 1;
        long result = prefix;
        if (roundDigit > 5 || (roundDigit == 5 && (sticky || (prefix & 1L) != 0L)))
        {
            result++;
        }
        return prefix >= 0L && result >= 0L ? result : -1L;
    }

    private boolean fitsMantissa(final long unsigned)
    {
        return unsigned >= 0L || (negative && unsigned == Long.MIN_VALUE);
    }

    /**
     * {@code value * 10^power}; callers guarantee the product has at most 19 digits, so it fits an unsigned long.
     */
    private static long unsignedTimesPow10(final long value, final int power)
    {
        return value * POW10[power];
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
