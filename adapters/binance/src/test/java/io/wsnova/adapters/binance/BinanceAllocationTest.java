package io.wsnova.adapters.binance;

import io.wsnova.market.OrderBook;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.binance.BinanceHandlerHarness.OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trades, diff-depth updates (applied to a live book) and book tickers through the adapter's message handler
 * (decode, classify, handle, the market model, the listener): a million messages each after warm-up, zero bytes
 * allocated on the message thread.
 */
class BinanceAllocationTest
{
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 1_000_000;
    private static final int MAX_WARM_UP_ROUNDS = 20;
    private static final int ID_DIGITS = 10;
    private static final long FIRST_ID = 1_000_000_000L;
    private static final String SNAPSHOT = "{\"lastUpdateId\":" + FIRST_ID + ",\"bids\":[[\"64980.50000000\"," +
        "\"1.00000000\"],[\"64980.00000000\",\"2.50000000\"]],\"asks\":[[\"64981.00000000\",\"0.40000000\"]," +
        "[\"64982.10000000\",\"3.00000000\"]]}";

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldApplyAMillionSpotDepthUpdatesWithoutAllocating() throws Exception
    {
        try (BinanceHandlerHarness harness = new BinanceHandlerHarness(BinanceMarket.SPOT, SNAPSHOT))
        {
            final String depth = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"," +
                "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":" + (FIRST_ID + 1) + ",\"u\":" + (FIRST_ID + 1) +
                ",\"b\":[[\"64980.50000000\",\"1.10000000\"],[\"64979.00000000\",\"0.00000000\"]]," +
                "\"a\":[[\"64981.00000000\",\"0.50000000\"],[\"64983.00000000\",\"0.00000000\"]]}}";
            final UnsafeBuffer buffer = BinanceHandlerHarness.offHeap(depth);
            final int length = BinanceHandlerHarness.length(depth);
            final int firstOffset = OFFSET + depth.indexOf("\"U\":") + 4;
            final int lastOffset = OFFSET + depth.indexOf("\"u\":") + 4;
            final long[] next = {FIRST_ID + 1};
            final Runnable one = () ->
            {
                final long id = next[0]++;
                buffer.putNaturalPaddedIntAscii(firstOffset, ID_DIGITS, (int)id);
                buffer.putNaturalPaddedIntAscii(lastOffset, ID_DIGITS, (int)id);
                harness.receive(buffer, length);
            };
            awaitLive(harness, one);

            final long allocated = measure("spot depth update", one);

            final OrderBook book = harness.handler.book("BTCUSDT");
            assertThat(allocated).isZero();
            assertThat(book.isLive()).isTrue();
            assertThat(book.lastSequence()).isEqualTo(next[0] - 1);
            assertThat(harness.adapter.counters().depthGaps()).isZero();
            assertThat(book.bids().toString()).isEqualTo("bids[[\"64980.50000000\",\"1.10000000\"]," +
                "[\"64980.00000000\",\"2.50000000\"]]");
        }
    }

    @Test
    void shouldApplyAMillionFuturesDepthUpdatesWithoutAllocating() throws Exception
    {
        try (BinanceHandlerHarness harness = new BinanceHandlerHarness(BinanceMarket.USDM_FUTURES, SNAPSHOT))
        {
            final String depth = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"," +
                "\"E\":1672515782136,\"T\":1672515782130,\"s\":\"BTCUSDT\",\"U\":" + FIRST_ID + ",\"u\":" +
                (FIRST_ID + 1) + ",\"pu\":" + FIRST_ID + ",\"b\":[[\"64980.50000000\",\"1.10000000\"]]," +
                "\"a\":[[\"64981.00000000\",\"0.50000000\"]]}}";
            final UnsafeBuffer buffer = BinanceHandlerHarness.offHeap(depth);
            final int length = BinanceHandlerHarness.length(depth);
            final int firstOffset = OFFSET + depth.indexOf("\"U\":") + 4;
            final int lastOffset = OFFSET + depth.indexOf("\"u\":") + 4;
            final int previousOffset = OFFSET + depth.indexOf("\"pu\":") + 5;
            final long[] next = {FIRST_ID};
            final Runnable one = () ->
            {
                final long previous = next[0]++;
                buffer.putNaturalPaddedIntAscii(firstOffset, ID_DIGITS, (int)previous);
                buffer.putNaturalPaddedIntAscii(lastOffset, ID_DIGITS, (int)previous + 1);
                buffer.putNaturalPaddedIntAscii(previousOffset, ID_DIGITS, (int)previous);
                harness.receive(buffer, length);
            };
            awaitLive(harness, one);

            final long allocated = measure("futures depth update", one);

            assertThat(allocated).isZero();
            assertThat(harness.handler.book("BTCUSDT").isLive()).isTrue();
            assertThat(harness.adapter.counters().depthGaps()).isZero();
        }
    }

    @Test
    void shouldDeliverAMillionTradesWithoutAllocating() throws Exception
    {
        try (BinanceHandlerHarness harness = new BinanceHandlerHarness(BinanceMarket.SPOT, SNAPSHOT))
        {
            final String trade = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136," +
                "\"s\":\"BTCUSDT\",\"t\":" + FIRST_ID + ",\"p\":\"64980.50000000\",\"q\":\"0.00100000\"," +
                "\"T\":1672515782136,\"m\":true,\"M\":true}}";
            final UnsafeBuffer buffer = BinanceHandlerHarness.offHeap(trade);
            final int length = BinanceHandlerHarness.length(trade);
            final int idOffset = OFFSET + trade.indexOf("\"t\":") + 4;
            final long[] next = {FIRST_ID};
            final long allocated = measure("trade", () ->
            {
                buffer.putNaturalPaddedIntAscii(idOffset, ID_DIGITS, (int)next[0]++);
                harness.receive(buffer, length);
            });

            assertThat(allocated).isZero();
            assertThat(harness.listener.trades).isEqualTo(next[0] - FIRST_ID);
            assertThat(harness.adapter.counters().duplicateTrades()).isZero();
            assertThat(harness.adapter.counters().tradeGaps()).isZero();
        }
    }

    @Test
    void shouldDeliverAMillionBookTickersWithoutAllocating() throws Exception
    {
        try (BinanceHandlerHarness harness = new BinanceHandlerHarness(BinanceMarket.SPOT, SNAPSHOT))
        {
            final String top = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BTCUSDT\"," +
                "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}";
            final UnsafeBuffer buffer = BinanceHandlerHarness.offHeap(top);
            final int length = BinanceHandlerHarness.length(top);

            final long allocated = measure("bookTicker", () -> harness.receive(buffer, length));

            assertThat(allocated).isZero();
            assertThat(harness.listener.checksum).isEqualTo(harness.listener.tops * 2535190000L);
        }
    }

    private static void awaitLive(final BinanceHandlerHarness harness, final Runnable one) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (harness.handler.book("BTCUSDT") == null || !harness.handler.book("BTCUSDT").isLive())
        {
            assertThat(System.nanoTime() - deadlineNs).as("book live within 30 s").isNegative();
            one.run();
            Thread.sleep(5);
        }
    }

    private long measure(final String what, final Runnable receiveOne)
    {
        int rounds = 0;
        long warmUpAllocated;
        do
        {
            final long start = threads.getCurrentThreadAllocatedBytes();
            repeat(receiveOne, WARM_UP);
            warmUpAllocated = threads.getCurrentThreadAllocatedBytes() - start;
            rounds++;
        }
        while (warmUpAllocated != 0 && rounds < MAX_WARM_UP_ROUNDS);

        final long startNs = System.nanoTime();
        final long before = threads.getCurrentThreadAllocatedBytes();
        repeat(receiveOne, MEASURED);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        final long elapsedNs = System.nanoTime() - startNs;
        System.out.printf("%s: %d ns/message through the handler (indicative, not a benchmark), %d warm-up rounds, " +
            "%d bytes allocated%n", what, elapsedNs / MEASURED, rounds, allocated);
        return allocated;
    }

    private static void repeat(final Runnable receiveOne, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            receiveOne.run();
        }
    }
}
