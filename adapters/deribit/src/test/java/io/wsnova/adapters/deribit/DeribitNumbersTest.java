package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static io.wsnova.adapters.deribit.DeribitHandlerHarness.change;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.levels;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, "numbers, fully", end to end through the Deribit decoders: valid numbers the venue may send (exponents,
 * trailing zeros past 19 digits, 25 significant digits, extreme prices) are delivered, exactly where a decimal
 * holds them, inexact with the venue's text otherwise, and counted; nothing beside them is lost and no book loops
 * in resyncs. Each test failed before the fix (the snapshot was dropped as malformed, the whole trades array was
 * dropped, the book resynced forever).
 */
class DeribitNumbersTest
{
    private static final String PRICE_25_DIGITS = "64980.12345678901234567890";
    private static final String AMOUNT_25_DIGITS = "1234567890.123456789012345";

    private final DeribitHandlerHarness harness = new DeribitHandlerHarness();

    @Test
    void shouldApplyASnapshotWithExponentsAnd25DigitNumbersAndPrintThemExactly()
    {
        harness.receive(snapshot(7,
            "[\"new\",64980.5,5.0E-5],[\"new\"," + PRICE_25_DIGITS + "," + AMOUNT_25_DIGITS + "]," +
            "[\"new\",6.498E+4,1.5000000000000000000000]",
            "[\"new\",64990.00000000000000000000000,2.5e+3],[\"new\",6.5E4,1e-50]"));

        final DeribitOrderBook book = harness.book();
        assertThat(book.isStale()).isFalse();
        assertThat(book.resyncCount()).isZero();
        assertThat(harness.listener.resyncs).isEmpty();
        assertThat(harness.listener.books).isEqualTo(1);
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"64980.5\",\"0.000050\"]," +
            "[\"" + PRICE_25_DIGITS + "\",\"" + AMOUNT_25_DIGITS + "\"],[\"64980\",\"1.5\"]]");
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"64990\",\"2500\"],[\"65000\",\"1e-50\"]]");
        assertThat(book.bids().price(1, new Decimal()).isExact()).isFalse();
        assertThat(book.bids().price(1).toDouble()).isEqualTo(new BigDecimal(PRICE_25_DIGITS).doubleValue());
        assertThat(book.asks().size(1, new Decimal()).isExact()).isFalse();
        assertThat(harness.handler.numberCounters().inexactValues()).isEqualTo(3);
    }

    @Test
    void shouldApplyChangesAtInexactPricesToTheirOwnLevels()
    {
        harness.receive(snapshot(1, "[\"new\",1,10],[\"new\",1.00000000000000000002,20]", "[\"new\",2,30]"));

        harness.receive(change(1, 2, "[\"new\",1.00000000000000000001,5],[\"change\",100000000000000000002E-20,21]",
            "[\"delete\",2.000000000000000000000000,0]"));

        final DeribitOrderBook book = harness.book();
        assertThat(book.resyncCount()).isZero();
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"100000000000000000002E-20\",\"21\"]," +
            "[\"1.00000000000000000001\",\"5\"],[\"1\",\"10\"]]");
        assertThat(book.asks().depth()).isZero();
        assertThat(book.missingLevelDeleteCount()).isZero();
    }

    @Test
    void shouldNeverResyncWhenAnExtremePriceIsFollowedByNormalPrices()
    {
        harness.receive(snapshot(1, "[\"new\",64980.5,10]", "[\"new\",64990,10]"));

        harness.receive(change(1, 2, "[\"new\",0.000000000000000001,1]", ""));
        harness.receive(change(2, 3, "[\"new\",64981.5,2]", "[\"new\",9223372036854775807000,3]"));
        harness.receive(change(3, 4, "[\"new\",1e-30,4]", "[\"new\",64989.25,5]"));
        harness.receive(snapshot(5, "[\"new\",64981.5,2],[\"new\",0.000000000000000001,1],[\"new\",1e-30,4]",
            "[\"new\",64989.25,5],[\"new\",9223372036854775807000,3]"));
        harness.receive(change(5, 6, "[\"change\",64981.5,7]", "[\"delete\",9223372036854775807000,0]"));

        final DeribitOrderBook book = harness.book();
        assertThat(harness.listener.resyncs).isEmpty();
        assertThat(book.resyncCount()).isZero();
        assertThat(book.isStale()).isFalse();
        assertThat(book.changeId()).isEqualTo(6L);
        assertThat(levels(book.bids(), 10))
            .isEqualTo("[[\"64981.5\",\"7\"],[\"0.000000000000000001\",\"1\"]," +
                "[\"0.000000000000000000000000000001\",\"4\"]]");
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"64989.25\",\"5\"]]");
        assertThat(harness.listener.books).isEqualTo(6);
    }

    @Test
    void shouldDeliverEveryTradeWhenOneAmountDoesNotFitALong()
    {
        harness.receive(trades("{\"trade_seq\":1,\"price\":64980.5,\"amount\":10,\"direction\":\"buy\"}," +
            "{\"trade_seq\":2,\"price\":64980.5,\"amount\":123456789012345678901234567890,\"direction\":\"sell\"}," +
            "{\"trade_seq\":3.0E0,\"price\":6.4981E4,\"amount\":2.50000000000000000000000,\"direction\":\"buy\"}"));

        assertThat(harness.listener.trades).containsExactly(
            "DeribitTrade{tradeId=, tradeSeq=1, instrumentName=, timestampMs=0, direction=BUY, price=64980.5, " +
                "amount=10, indexPrice=null, markPrice=null, tickDirection=-1, 0/3}",
            "DeribitTrade{tradeId=, tradeSeq=2, instrumentName=, timestampMs=0, direction=SELL, price=64980.5, " +
                "amount=123456789012345678901234567890, indexPrice=null, markPrice=null, tickDirection=-1, 1/3}",
            "DeribitTrade{tradeId=, tradeSeq=3, instrumentName=, timestampMs=0, direction=BUY, price=64981, " +
                "amount=2.5, indexPrice=null, markPrice=null, tickDirection=-1, 2/3}");
        assertThat(harness.handler.numberCounters().inexactValues()).isEqualTo(1);
        assertThat(harness.handler.numberCounters().skippedTrades()).isZero();
    }

    @Test
    void shouldSkipOnlyTheMalformedTradeAndCountIt()
    {
        harness.receive(trades("{\"trade_seq\":1,\"price\":1,\"amount\":1}," +
            "{\"trade_seq\":2,\"price\":\"not a number\",\"amount\":1}," +
            "7," +
            "{\"trade_seq\":2.5,\"price\":1,\"amount\":1}," +
            "{\"trade_seq\":4,\"price\":{\"nested\":[1,2]},\"amount\":1,\"direction\":[\"x\"]}," +
            "{\"trade_seq\":5,\"price\":2,\"amount\":\"3.5e0\"}"));

        assertThat(harness.listener.trades).hasSize(2);
        assertThat(harness.listener.trades.get(0)).contains("tradeSeq=1,").contains("0/2");
        assertThat(harness.listener.trades.get(1)).contains("tradeSeq=5,").contains("amount=3.5").contains("1/2");
        assertThat(harness.handler.numberCounters().skippedTrades()).isEqualTo(4);
    }

    @Test
    void shouldDeliverTickersAndQuotesWithEveryNumberForm()
    {
        harness.receive(DeribitHandlerHarness.QUOTE.replace("3914.97", "3.91497E+3")
            .replace("\"best_bid_amount\":40", "\"best_bid_amount\":40.000000000000000000000000")
            .replace("3996.61", "3996.610000000000000000000001"));

        assertThat(harness.listener.quotes).containsExactly("DeribitQuote{instrumentName=BTC-PERPETUAL, " +
            "timestampMs=1550658624149, bestBid=40@3914.97, bestAsk=50.0@3996.610000000000000000000001}");
        assertThat(harness.handler.numberCounters().inexactValues()).isEqualTo(1);

        final DeribitMessageDecoder decoder = new DeribitMessageDecoder();
        final String ticker = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"ticker.BTC-PERPETUAL.100ms\",\"data\":{\"timestamp\":1.623060194301E12,\"best_bid_price\":3.64425e4," +
            "\"funding_8h\":2.11E-0005,\"open_interest\":502097590000000000000000000,\"last_price\":null}}}";
        assertThat(decoder.decode(DeribitHandlerHarness.offHeap(ticker), DeribitHandlerHarness.OFFSET,
            DeribitHandlerHarness.length(ticker))).isEqualTo(DeribitMessageDecoder.TICKER);
        assertThat(decoder.ticker().timestampMs()).isEqualTo(1623060194301L);
        assertThat(decoder.ticker().bestBidPrice()).isEqualTo(new Decimal(364425, 1));
        assertThat(decoder.ticker().funding8h()).isEqualTo(new Decimal(211, 7));
        assertThat(decoder.ticker().openInterest().isExact()).isFalse();
        assertThat(decoder.ticker().openInterest().toString()).isEqualTo("502097590000000000000000000");
        assertThat(decoder.ticker().lastPrice().isNull()).isTrue();
        assertThat(decoder.inexactNumberCount()).isEqualTo(1);
    }

    private static String trades(final String elements)
    {
        return DeribitHandlerHarness.book("trades.BTC-PERPETUAL.raw", "[" + elements + "]");
    }
}
