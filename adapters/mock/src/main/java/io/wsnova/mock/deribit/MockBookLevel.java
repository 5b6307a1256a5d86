package io.wsnova.mock.deribit;

/**
 * One price level of the mock's book, as the mock prints it on the wire.
 *
 * @param price  the price as a plain decimal string, e.g. {@code "36442.5"} (no trailing zeros).
 * @param amount the amount in USD (perpetuals), a multiple of the instrument's contract size.
 */
public record MockBookLevel(String price, long amount)
{
}
