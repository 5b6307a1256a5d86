package io.wsnova.market;

/**
 * The side of the aggressor of a trade, or of a liquidation order: {@link #BUY} (the taker bought, lifting an
 * ask), {@link #SELL} (the taker sold, hitting a bid), or {@link #UNKNOWN} when the venue does not say.
 */
public enum Side
{
    /** The aggressor bought. */
    BUY,
    /** The aggressor sold. */
    SELL,
    /** The venue did not say. */
    UNKNOWN
}
