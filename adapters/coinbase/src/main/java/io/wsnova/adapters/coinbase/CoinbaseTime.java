package io.wsnova.adapters.coinbase;

/**
 * Reads Coinbase's RFC 3339 times ({@code 2023-02-09T20:32:50.714964855Z}, any fraction length up to nanoseconds,
 * {@code Z} or a {@code +hh:mm}/{@code -hh:mm} offset, {@code T} or a space between date and time) into
 * nanoseconds since the epoch, without allocating.
 */
final class CoinbaseTime
{
    /** The result of a text that is not such a time. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MIN_LENGTH = 19;

    private CoinbaseTime()
    {
    }

    /**
     * Parses a time.
     *
     * @param bytes  the text.
     * @param offset its start.
     * @param length its length.
     * @return nanoseconds since the epoch, or {@link #INVALID}.
     */
    static long parseNanos(final byte[] bytes, final int offset, final int length)
    {
        if (length < MIN_LENGTH)
        {
            return INVALID;
        }
        final int year = digits(bytes, offset, 4);
        final int month = digits(bytes, offset + 5, 2);
        final int day = digits(bytes, offset + 8, 2);
        final int hour = digits(bytes, offset + 11, 2);
        final int minute = digits(bytes, offset + 14, 2);
        final int second = digits(bytes, offset + 17, 2);
        final byte separator = bytes[offset + 10];
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
            minute > 59 || second < 0 || second > 60 || bytes[offset + 4] != '-' || bytes[offset + 7] != '-' ||
            (separator != 'T' && separator != 't' && separator != ' ') || bytes[offset + 13] != ':' ||
            bytes[offset + 16] != ':')
        {
            return INVALID;
        }
        int index = offset + MIN_LENGTH;
        final int end = offset + length;
        long fraction = 0L;
        if (index < end && bytes[index] == '.')
        {
            index++;
            int fractionDigits = 0;
            while (index < end && bytes[index] >= '0' && bytes[index] <= '9')
            {
                if (fractionDigits < 9)
                {
                    fraction = fraction * 10 + (bytes[index] - '0');
                }
                fractionDigits++;
                index++;
            }
            if (fractionDigits == 0)
            {
                return INVALID;
            }
            for (int i = fractionDigits; i < 9; i++)
            {
                fraction *= 10;
            }
        }
        long offsetSeconds = 0L;
        if (index < end && (bytes[index] == 'Z' || bytes[index] == 'z'))
        {
            index++;
        }
        else if (index + 6 <= end && (bytes[index] == '+' || bytes[index] == '-') && bytes[index + 3] == ':')
        {
            final int offsetHours = digits(bytes, index + 1, 2);
            final int offsetMinutes = digits(bytes, index + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0)
            {
                return INVALID;
            }
            offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * (bytes[index] == '-' ? -1 : 1);
            index += 6;
        }
        else if (index < end)
        {
            return INVALID;
        }
        if (index != end)
        {
            return INVALID;
        }
        final long epochSeconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second -
            offsetSeconds;
        return epochSeconds * NANOS_PER_SECOND + fraction;
    }

    /** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(final int year, final int month, final int day)
    {
        final int y = month <= 2 ? year - 1 : year;
        final int era = (y >= 0 ? y : y - 399) / 400;
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static int digits(final byte[] bytes, final int offset, final int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            final int digit = bytes[offset + i] - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
