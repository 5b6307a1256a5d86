package io.wsnova.market;

import io.wsnova.codec.json.Decimal;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation contract: after warm-up, applying a book update (set, delete, snapshot, every venue rule), looking
 * an instrument up from bytes, filling the pooled events and printing any event with {@link MarketJson} allocate
 * nothing: {@code ThreadMXBean.getThreadAllocatedBytes} around a million operations each reads 0.
 */
class MarketAllocationTest
{
    private static final int WARM_UP = 100_000;
    private static final int MEASURED = 1_000_000;
    private static final int MAX_WARM_UP_ROUNDS = 20;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final int venue = registry.venue("bybit");
    private final int instrument = registry.register(venue, "BTCUSDT", InstrumentSpec.spot(1, 1, 1, 3));
    private final OrderBook book = new OrderBook(venue, instrument);
    private final BookUpdate update = new BookUpdate();
    private final MarketJson json = new MarketJson(registry);
    private final Decimal inexactPrice = Decimals.parse("30000.0000000000000000000001");
    private long sequence = 1;
    private long checksum;

    @Test
    void shouldApplyAMillionBookUpdatesWithoutAllocating()
    {
        snapshot();
        final long allocated = measure("book update", this::applyOne);
        assertThat(allocated).isZero();
        assertThat(book.isLive()).isTrue();
        assertThat(book.gapCount()).isZero();
        assertThat(book.bids().depth()).isBetween(1, 200);
    }

    @Test
    void shouldRunEveryVenueRuleWithoutAllocating()
    {
        final SequenceRule[] rules = {DeribitSequenceRule.INSTANCE, BinanceSpotSequenceRule.INSTANCE,
            BinanceFuturesSequenceRule.INSTANCE, BybitSequenceRule.INSTANCE, OkxSequenceRule.INSTANCE,
            CoinbaseSequenceRule.INSTANCE, SequenceRule.UNCHECKED};
        update.reset(false).sequences(5, 6, 4);
        final long allocated = measure("sequence rules", () ->
        {
            for (final SequenceRule rule : rules)
            {
                checksum += rule.check(sequence++, false, update).ordinal();
            }
        });
        assertThat(allocated).isZero();
    }

    @Test
    void shouldLookUpAndPrintEveryEventWithoutAllocating()
    {
        snapshot();
        final byte[] symbol = "{\"s\":\"BTCUSDT\"}".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer message = new UnsafeBuffer(symbol);
        final Trade trade = new Trade();
        final byte[] uuid = "20f43950-d8dd-5b31-9112-a178eb6023af".getBytes(StandardCharsets.US_ASCII);
        final TopOfBook top = new TopOfBook();
        final DerivativesTicker ticker = new DerivativesTicker();
        final Liquidation liquidation = new Liquidation();
        final FeedStatus status = new FeedStatus();
        final long allocated = measure("lookup + print", () ->
        {
            final int id = registry.instrument(venue, message, 6, 7);
            final long now = sequence++;
            trade.header(venue, id, MarketEvent.millisToNanos(now), now);
            trade.price().set(now, 1);
            trade.size().set(inexactPrice);
            trade.aggressor((now & 1) == 0 ? Side.BUY : Side.SELL);
            if ((now & 1) == 0)
            {
                trade.tradeId().set(now);
            }
            else
            {
                trade.tradeId().set(uuid, 0, uuid.length);
            }
            checksum += json.trade(trade, "publicTrade.BTCUSDT");
            checksum += json.book(update, book, "orderbook.50.BTCUSDT");
            top.header(venue, id, now, now);
            top.reset().bidPrice().set(now, 2);
            checksum += json.topOfBook(top, "tickers.BTCUSDT");
            ticker.header(venue, id, now, now);
            ticker.reset().markPrice().set(now, 3);
            ticker.nextFundingTimeNs(now);
            checksum += json.ticker(ticker, "tickers.BTCUSDT");
            liquidation.header(venue, id, now, now);
            liquidation.price().set(now, 0);
            checksum += json.liquidation(liquidation, null);
            status.header(venue, id, now, now);
            status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(now, now + 2).counters(now, 1);
            checksum += json.status(status, "orderbook.50.BTCUSDT");
        });
        assertThat(allocated).isZero();
        assertThat(checksum).isPositive();
    }

    private void snapshot()
    {
        update.reset(true).sequences(sequence, sequence, BookUpdate.NO_SEQUENCE);
        for (int i = 0; i < 50; i++)
        {
            update.addLevel(BookSide.BID, 300_000 - i, 1, 1 + i, 3);
            update.addLevel(BookSide.ASK, 300_010 + i, 1, 1 + i, 3);
        }
        update.addLevel(BookSide.ASK, inexactPrice, inexactPrice);
        assertThat(book.apply(update, BybitSequenceRule.INSTANCE)).isEqualTo(OrderBook.APPLIED_SNAPSHOT);
    }

    /**
     * One Bybit delta: a few sets and deletes around the top, in order; every 1000th message a snapshot-restart
     * ({@code u == 1}) and the sequence continues from it.
     */
    private void applyOne()
    {
        final long next = sequence + 1;
        if (next % 1000 == 0)
        {
            update.reset(false).sequences(1, 1, BookUpdate.NO_SEQUENCE);
            for (int i = 0; i < 50; i++)
            {
                update.addLevel(BookSide.BID, 300_000 - i, 1, 1 + i, 3);
                update.addLevel(BookSide.ASK, 300_010 + i, 1, 1 + i, 3);
            }
            assertApplied(book.apply(update, BybitSequenceRule.INSTANCE));
            sequence = 1;
            return;
        }
        final long offset = next % 40;
        update.reset(false).sequences(next, next, BookUpdate.NO_SEQUENCE)
            .addLevel(BookSide.BID, 300_000 - offset, 1, (next % 7) == 0 ? 0 : next & 0xFFF, 3)
            .addLevel(BookSide.ASK, 300_010 + offset, 1, (next % 5) == 0 ? 0 : next & 0xFFF, 3)
            .addLevel(BookSide.BID, 299_900 - offset, 1, next & 0xFF, 2);
        assertApplied(book.apply(update, BybitSequenceRule.INSTANCE));
        sequence = next;
        checksum += book.bids().depth();
    }

    private static void assertApplied(final int result)
    {
        if (result != OrderBook.APPLIED_DELTA && result != OrderBook.APPLIED_SNAPSHOT)
        {
            throw new AssertionError("not applied: " + result);
        }
    }

    /**
     * Warms up until a whole round allocates nothing (or the round limit), then measures a million operations.
     */
    private long measure(final String what, final Runnable operation)
    {
        int rounds = 0;
        long warmUpAllocated;
        do
        {
            final long start = threads.getCurrentThreadAllocatedBytes();
            repeat(operation, WARM_UP);
            warmUpAllocated = threads.getCurrentThreadAllocatedBytes() - start;
            rounds++;
        }
        while (warmUpAllocated != 0 && rounds < MAX_WARM_UP_ROUNDS);

        final long startNs = System.nanoTime();
        final long before = threads.getCurrentThreadAllocatedBytes();
        repeat(operation, MEASURED);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        final long elapsedNs = System.nanoTime() - startNs;
        System.out.printf("%s: %d ns/op (indicative, not a benchmark), %d warm-up rounds, %d bytes allocated over " +
            "%d ops%n", what, elapsedNs / MEASURED, rounds, allocated, MEASURED);
        return allocated;
    }

    private static void repeat(final Runnable operation, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            operation.run();
        }
    }
}
