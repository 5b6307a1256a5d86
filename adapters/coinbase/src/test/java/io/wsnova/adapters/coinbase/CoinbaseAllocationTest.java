package io.wsnova.adapters.coinbase;

import io.wsnova.market.OrderBook;
import io.wsnova.testkit.Allocation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.wsnova.adapters.coinbase.CoinbaseHandlerHarness.OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * level2 updates (applied to a live book), market trades and tickers through the adapter's message handler
 * (envelope, sequence check, event decode, the market model, the listener): a million messages each after warm-up,
 * zero bytes allocated on the message thread.
 */
class CoinbaseAllocationTest
{
    private static final int MEASURED = 1_000_000;
    private static final int DIGITS = 10;
    private static final long FIRST = 1_000_000_000L;

    @Test
    void shouldApplyAMillionLevel2UpdatesWithoutAllocating()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness();
        harness.receive(CoinbaseMessageHandlerTest.L2_SNAPSHOT.replace("\"sequence_num\":0",
            "\"sequence_num\":" + FIRST));
        final String update = "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":" +
            "\"2023-02-09T20:32:50.714964855Z\",\"sequence_num\":" + FIRST + ",\"events\":[{\"type\":\"update\"," +
            "\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"2023-02-09T20:32:50Z\"," +
            "\"price_level\":\"21921.73\",\"new_quantity\":\"0.5\"},{\"side\":\"offer\",\"event_time\":" +
            "\"2023-02-09T20:32:50Z\",\"price_level\":\"21925.01\",\"new_quantity\":\"1.25\"}]}]}";
        final Runnable one = sequenced(harness, update, "\"sequence_num\":");

        final Allocation.Result result = Allocation.measure(MEASURED, one);

        System.out.println("level2 update: " + result);
        final OrderBook book = harness.book("BTC-USD");
        assertThat(result.bytes()).isZero();
        assertThat(book.isLive()).isTrue();
        assertThat(harness.adapter.counters().sequenceGaps()).isZero();
        assertThat(harness.adapter.counters().malformedMessages()).isZero();
        assertThat(book.bids().toString()).isEqualTo("bids[[\"21921.73\",\"0.5\"],[\"21921.3\",\"0.02\"]]");
    }

    @Test
    void shouldDeliverAMillionTradesWithoutAllocating()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness();
        final String trade = "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":" +
            "\"2023-02-09T20:19:35.39625135Z\",\"sequence_num\":" + FIRST + ",\"events\":[{\"type\":\"update\"," +
            "\"trades\":[{\"trade_id\":\"" + FIRST + "\",\"product_id\":\"ETH-USD\",\"price\":\"1260.01\"," +
            "\"size\":\"0.3\",\"side\":\"BUY\",\"time\":\"2019-08-14T20:42:27.265Z\"}]}]}";
        final UnsafeBuffer buffer = CoinbaseHandlerHarness.offHeap(trade);
        final int length = CoinbaseHandlerHarness.length(trade);
        final int sequenceOffset = OFFSET + trade.indexOf("\"sequence_num\":") + "\"sequence_num\":".length();
        final int idOffset = OFFSET + trade.indexOf("\"trade_id\":\"") + "\"trade_id\":\"".length();
        final long[] next = {FIRST};
        final Runnable one = () ->
        {
            final long value = next[0]++;
            buffer.putNaturalPaddedIntAscii(sequenceOffset, DIGITS, (int)value);
            buffer.putNaturalPaddedIntAscii(idOffset, DIGITS, (int)value);
            harness.receive(buffer, length);
        };

        final Allocation.Result result = Allocation.measure(MEASURED, one);

        System.out.println("market trade: " + result);
        assertThat(result.bytes()).isZero();
        assertThat(harness.counting.trades).isEqualTo(next[0] - FIRST);
        assertThat(harness.adapter.counters().duplicateTrades()).isZero();
        assertThat(harness.adapter.counters().sequenceGaps()).isZero();
    }

    @Test
    void shouldDeliverAMillionTickersWithoutAllocating()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness();
        final String ticker = "{\"channel\":\"ticker\",\"client_id\":\"\",\"timestamp\":" +
            "\"2023-02-09T20:30:37.167359596Z\",\"sequence_num\":" + FIRST + ",\"events\":[{\"type\":\"update\"," +
            "\"tickers\":[{\"type\":\"ticker\",\"product_id\":\"BTC-USD\",\"price\":\"21932.98\"," +
            "\"volume_24_h\":\"16038.28770938\",\"low_24_h\":\"21835.29\",\"high_24_h\":\"23011.18\"," +
            "\"best_bid\":\"21931.91\",\"best_bid_quantity\":\"0.5\",\"best_ask\":\"21933.5\"," +
            "\"best_ask_quantity\":\"1.2\"}]}]}";
        final Runnable one = sequenced(harness, ticker, "\"sequence_num\":");

        final Allocation.Result result = Allocation.measure(MEASURED, one);

        System.out.println("ticker: " + result);
        assertThat(result.bytes()).isZero();
        assertThat(harness.counting.checksum).isEqualTo(harness.counting.tops * 2193191L);
        assertThat(harness.adapter.counters().sequenceGaps()).isZero();
    }

    private static Runnable sequenced(final CoinbaseHandlerHarness harness, final String json, final String field)
    {
        final UnsafeBuffer buffer = CoinbaseHandlerHarness.offHeap(json);
        final int length = CoinbaseHandlerHarness.length(json);
        final int offset = OFFSET + json.indexOf(field) + field.length();
        final long[] next = {FIRST + 1};
        return () ->
        {
            buffer.putNaturalPaddedIntAscii(offset, DIGITS, (int)next[0]++);
            harness.receive(buffer, length);
        };
    }
}
