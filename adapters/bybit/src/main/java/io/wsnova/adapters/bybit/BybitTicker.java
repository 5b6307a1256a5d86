package io.wsnova.adapters.bybit;

import io.wsnova.codec.json.Decimal;

/**
 * The merged ticker of one {@code tickers.{symbol}} topic: Bybit's linear tickers send a snapshot, then deltas in
 * which an absent field is unchanged, so the adapter keeps the last value of every field it maps and delivers the
 * whole ticker after each message. Message thread only.
 */
final class BybitTicker
{
    static final long NONE = Long.MIN_VALUE;

    final Decimal lastPrice = new Decimal();
    final Decimal markPrice = new Decimal();
    final Decimal indexPrice = new Decimal();
    final Decimal openInterest = new Decimal();
    final Decimal fundingRate = new Decimal();
    long nextFundingTimeMs = NONE;
    boolean snapshotSeen;

    BybitTicker()
    {
        clear();
    }

    void clear()
    {
        lastPrice.setNull();
        markPrice.setNull();
        indexPrice.setNull();
        openInterest.setNull();
        fundingRate.setNull();
        nextFundingTimeMs = NONE;
    }

    static void merge(final Decimal into, final Decimal value)
    {
        if (!value.isNull())
        {
            into.set(value);
        }
    }
}
