package io.wsnova.adapters.deribit;

/**
 * The side of a trade or an order, as Deribit's {@code direction} field names it.
 */
public enum DeribitDirection
{
    /** A value other than {@code buy} or {@code sell}, or none. */
    UNKNOWN,
    /** {@code buy}. */
    BUY,
    /** {@code sell}. */
    SELL
}
