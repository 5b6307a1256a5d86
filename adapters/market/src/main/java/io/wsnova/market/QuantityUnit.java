package io.wsnova.market;

/**
 * What a size of an instrument counts (see {@link InstrumentSpec}).
 */
public enum QuantityUnit
{
    /** Units of the base asset, e.g. BTC of BTC-USDT (Binance and Bybit spot, OKX spot, Coinbase). */
    BASE,
    /** Units of the quote asset, e.g. USD of an inverse contract (Deribit BTC-PERPETUAL amounts are USD). */
    QUOTE,
    /** Contracts, each worth the spec's contract multiplier (OKX swaps, Deribit options). */
    CONTRACTS
}
