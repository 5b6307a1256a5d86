package io.wsnova.market;

/**
 * A side of an order book.
 */
public enum BookSide
{
    /** Buy orders, best (highest) price first. */
    BID,
    /** Sell orders, best (lowest) price first. */
    ASK
}
