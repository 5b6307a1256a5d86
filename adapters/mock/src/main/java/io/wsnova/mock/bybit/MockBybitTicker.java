package io.wsnova.mock.bybit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A symbol's ticker in the mock: last, mark and index price (ticks, scale 2), open interest (scale 3), funding rate
 * (scale 6) and next funding time. Linear sends a snapshot then deltas with only the fields that changed; spot
 * sends snapshots with spot's fields. Guarded by the exchange's lock.
 */
final class MockBybitTicker
{
    private long lastTicks;
    private long markTicks;
    private long indexTicks;
    private long openInterestLots = 492_373_720L;
    private long fundingMicros = -50;
    private long nextFundingTimeMs = 1_760_342_400_000L;

    MockBybitTicker(final long midTicks)
    {
        lastTicks = midTicks;
        markTicks = midTicks;
        indexTicks = midTicks - 3;
    }

    /**
     * Changes some fields.
     *
     * @return the changed fields as {@code ,"name":"value"} pairs (a linear delta's body).
     */
    String step(final SplittableRandom random, final boolean spot)
    {
        final StringBuilder delta = new StringBuilder();
        lastTicks += random.nextInt(5) - 2;
        delta.append(field("lastPrice", MockBybitBook.text(lastTicks, 2)));
        if (random.nextBoolean())
        {
            markTicks += random.nextInt(5) - 2;
            delta.append(field("markPrice", MockBybitBook.text(markTicks, 2)));
        }
        if (random.nextInt(3) == 0)
        {
            indexTicks += random.nextInt(5) - 2;
            delta.append(field("indexPrice", MockBybitBook.text(indexTicks, 2)));
        }
        if (random.nextInt(4) == 0)
        {
            openInterestLots += random.nextInt(2_001) - 1_000;
            delta.append(field("openInterest", MockBybitBook.text(openInterestLots, 3)));
        }
        if (random.nextInt(10) == 0)
        {
            fundingMicros += random.nextInt(21) - 10;
            nextFundingTimeMs += 8 * 3_600_000L;
            delta.append(field("fundingRate", MockBybitBook.text(fundingMicros, 6)))
                .append(field("nextFundingTime", Long.toString(nextFundingTimeMs)));
        }
        return spot ? "" : delta.toString();
    }

    String snapshot(final String symbol, final boolean spot)
    {
        if (spot)
        {
            return "{\"symbol\":\"" + symbol + "\"" + field("lastPrice", MockBybitBook.text(lastTicks, 2)) +
                field("highPrice24h", MockBybitBook.text(lastTicks + 100, 2)) +
                field("lowPrice24h", MockBybitBook.text(lastTicks - 100, 2)) +
                field("prevPrice24h", MockBybitBook.text(lastTicks - 7, 2)) + field("volume24h", "4567.123") +
                field("turnover24h", "123456789.12") + field("price24hPcnt", "0.0012") +
                field("usdIndexPrice", MockBybitBook.text(indexTicks, 2)) + "}";
        }
        return "{\"symbol\":\"" + symbol + "\",\"tickDirection\":\"PlusTick\"" +
            field("lastPrice", MockBybitBook.text(lastTicks, 2)) +
            field("markPrice", MockBybitBook.text(markTicks, 2)) +
            field("indexPrice", MockBybitBook.text(indexTicks, 2)) +
            field("openInterest", MockBybitBook.text(openInterestLots, 3)) +
            field("fundingRate", MockBybitBook.text(fundingMicros, 6)) +
            field("nextFundingTime", Long.toString(nextFundingTimeMs)) + field("preOpenPrice", "") +
            field("preQty", "") + field("curPreListingPhase", "") + "}";
    }

    Map<String, String> values()
    {
        final Map<String, String> values = new LinkedHashMap<>();
        values.put("lastPrice", MockBybitBook.text(lastTicks, 2));
        values.put("markPrice", MockBybitBook.text(markTicks, 2));
        values.put("indexPrice", MockBybitBook.text(indexTicks, 2));
        values.put("openInterest", MockBybitBook.text(openInterestLots, 3));
        values.put("fundingRate", MockBybitBook.text(fundingMicros, 6));
        values.put("nextFundingTime", Long.toString(nextFundingTimeMs));
        return values;
    }

    private static String field(final String name, final String value)
    {
        return ",\"" + name + "\":\"" + value + "\"";
    }
}
