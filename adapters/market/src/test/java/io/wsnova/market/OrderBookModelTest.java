package io.wsnova.market;

import io.wsnova.codec.json.Decimal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test of {@link OrderBook}: seeded random sequences of snapshots, sets and deletes (prices in several
 * spellings of one value, e.g. {@code 100.5} and {@code 100.500}) applied to the book and to a
 * {@code TreeMap<BigDecimal, BigDecimal>} per side; after every step both sides, the best prices and the crossed
 * check agree. Seed printed; rerun with {@code -Dwsnova.seed=N}.
 */
class OrderBookModelTest
{
    private static final int SEQUENCES = 200;
    private static final int STEPS = 400;

    private final TreeMap<BigDecimal, BigDecimal> bidOracle = new TreeMap<>();
    private final TreeMap<BigDecimal, BigDecimal> askOracle = new TreeMap<>();
    private final BookUpdate update = new BookUpdate();

    @Test
    void shouldMatchATreeMapOracleOverRandomSnapshotsSetsAndDeletes()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("OrderBookModelTest seed: -Dwsnova.seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int sequence = 0; sequence < SEQUENCES; sequence++)
        {
            final OrderBook book = new OrderBook(0, 0);
            bidOracle.clear();
            askOracle.clear();
            for (int step = 0; step < STEPS; step++)
            {
                final String context = "seed " + seed + " sequence " + sequence + " step " + step;
                final int action = random.nextInt(100);
                if (action < 3 || step == 0)
                {
                    snapshot(book, random);
                }
                else if (action < 10)
                {
                    directSetOrDelete(book, random);
                }
                else
                {
                    delta(book, random);
                }
                assertBook(book, context);
            }
        }
    }

    @Test
    void shouldTreatSpellingsOfOnePriceAsOneLevelAndPrintTheLastSpelling()
    {
        final OrderBook book = new OrderBook(0, 0);
        update.reset(true).addLevel(BookSide.BID, Decimals.parse("100.5"), Decimals.parse("1"));
        book.apply(update, SequenceRule.UNCHECKED);
        update.reset(false).addLevel(BookSide.BID, Decimals.parse("100.500"), Decimals.parse("2.0"));
        assertThat(book.apply(update, SequenceRule.UNCHECKED)).isEqualTo(OrderBook.APPLIED_DELTA);

        assertThat(book.bids().depth()).isEqualTo(1);
        assertThat(book.bids().price(0).toString()).isEqualTo("100.500");
        assertThat(book.bids().size(0).toString()).isEqualTo("2.0");
    }

    @Test
    void shouldKeepInexactPricesAsDistinctLevelsInExactOrder()
    {
        final OrderBook book = new OrderBook(0, 0);
        update.reset(true)
            .addLevel(BookSide.ASK, Decimals.parse("1.00000000000000000001"), Decimals.parse("1"))
            .addLevel(BookSide.ASK, Decimals.parse("1.000000000000000000001"), Decimals.parse("2"))
            .addLevel(BookSide.ASK, Decimals.parse("1"), Decimals.parse("3"));
        book.apply(update, SequenceRule.UNCHECKED);

        assertThat(book.asks().depth()).isEqualTo(3);
        assertThat(book.asks().price(0).toString()).isEqualTo("1");
        assertThat(book.asks().price(1).toString()).isEqualTo("1.000000000000000000001");
        assertThat(book.asks().price(2).toString()).isEqualTo("1.00000000000000000001");
    }

    @Test
    void shouldReportCrossedAndLockedBooks()
    {
        final OrderBook book = new OrderBook(0, 0);
        update.reset(true).addLevel(BookSide.BID, 100, 0, 1, 0).addLevel(BookSide.ASK, 101, 0, 1, 0);
        book.apply(update, SequenceRule.UNCHECKED);
        assertThat(book.isCrossed()).isFalse();
        book.setLevel(BookSide.BID, new Decimal(1010, 1), new Decimal(1, 0));
        assertThat(book.isCrossed()).isTrue();
        book.deleteLevel(BookSide.BID, new Decimal(101, 0));
        assertThat(book.isCrossed()).isFalse();
        assertThat(book.deleteLevel(BookSide.ASK, new Decimal(99, 0))).isFalse();
        assertThat(book.missingDeleteCount()).isEqualTo(1);
    }

    @Test
    void shouldDropDeltasUntilTheFirstSnapshotAndAfterAGap()
    {
        final OrderBook book = new OrderBook(0, 0);
        update.reset(false).sequences(5, 5, 4).addLevel(BookSide.BID, 1, 0, 1, 0);
        assertThat(book.apply(update, DeribitSequenceRule.INSTANCE)).isEqualTo(OrderBook.DROPPED_NOT_LIVE);
        update.reset(true).sequences(10, 10, BookUpdate.NO_SEQUENCE).addLevel(BookSide.BID, 1, 0, 1, 0);
        assertThat(book.apply(update, DeribitSequenceRule.INSTANCE)).isEqualTo(OrderBook.APPLIED_SNAPSHOT);
        update.reset(false).sequences(12, 12, 11).addLevel(BookSide.BID, 2, 0, 1, 0);
        assertThat(book.apply(update, DeribitSequenceRule.INSTANCE)).isEqualTo(OrderBook.GAP);
        assertThat(book.isLive()).isFalse();
        assertThat(book.bids().depth()).as("nothing of the gap's update applied").isEqualTo(1);
        update.reset(false).sequences(13, 13, 12).addLevel(BookSide.BID, 3, 0, 1, 0);
        assertThat(book.apply(update, DeribitSequenceRule.INSTANCE)).isEqualTo(OrderBook.DROPPED_NOT_LIVE);
        assertThat(book.gapCount()).isEqualTo(1);
        assertThat(book.notLiveDropCount()).isEqualTo(2);
        assertThat(book.lastSequence()).isEqualTo(10);
    }

    private void snapshot(final OrderBook book, final SplittableRandom random)
    {
        bidOracle.clear();
        askOracle.clear();
        update.reset(true).sequences(1, 1, BookUpdate.NO_SEQUENCE);
        final int levels = random.nextInt(30);
        for (int i = 0; i < levels; i++)
        {
            final boolean bid = random.nextBoolean();
            addSet(bid, random);
        }
        assertThat(book.apply(update, SequenceRule.UNCHECKED)).isEqualTo(OrderBook.APPLIED_SNAPSHOT);
    }

    private void delta(final OrderBook book, final SplittableRandom random)
    {
        update.reset(false);
        final int levels = 1 + random.nextInt(8);
        for (int i = 0; i < levels; i++)
        {
            final boolean bid = random.nextBoolean();
            if (random.nextInt(3) == 0)
            {
                final Decimal price = price(bid, random);
                update.addLevel(bid ? BookSide.BID : BookSide.ASK, price, new Decimal(0L, random.nextInt(3)));
                (bid ? bidOracle : askOracle).remove(Decimals.big(price));
            }
            else
            {
                addSet(bid, random);
            }
        }
        assertThat(book.apply(update, SequenceRule.UNCHECKED)).isEqualTo(OrderBook.APPLIED_DELTA);
    }

    private void directSetOrDelete(final OrderBook book, final SplittableRandom random)
    {
        final boolean bid = random.nextBoolean();
        final Decimal price = price(bid, random);
        final TreeMap<BigDecimal, BigDecimal> oracle = bid ? bidOracle : askOracle;
        if (random.nextBoolean())
        {
            final boolean existed = oracle.remove(Decimals.big(price)) != null;
            assertThat(book.deleteLevel(bid ? BookSide.BID : BookSide.ASK, price)).isEqualTo(existed);
        }
        else
        {
            final Decimal size = size(random);
            book.setLevel(bid ? BookSide.BID : BookSide.ASK, price, size);
            put(oracle, price, size);
        }
    }

    private void addSet(final boolean bid, final SplittableRandom random)
    {
        final Decimal price = price(bid, random);
        final Decimal size = size(random);
        update.addLevel(bid ? BookSide.BID : BookSide.ASK, price, size);
        put(bid ? bidOracle : askOracle, price, size);
    }

    private static void put(final TreeMap<BigDecimal, BigDecimal> oracle, final Decimal price, final Decimal size)
    {
        final BigDecimal key = Decimals.big(price);
        oracle.remove(key); // the book keeps the last spelling of a price: so must the oracle's key
        oracle.put(key, Decimals.big(size));
    }

    /**
     * A price on a 0.5 grid, bids mostly below 1000 and asks mostly above (sometimes crossing), in a random
     * spelling: 0 to 3 extra trailing zeros; one in twenty is inexact (a 21st significant digit no long holds,
     * {@code 990.50000000000000000007}), which must still be its own level, in exact order.
     */
    private static Decimal price(final boolean bid, final SplittableRandom random)
    {
        final long halfTicks = bid ? 1900 + random.nextInt(120) : 1980 + random.nextInt(120);
        if (random.nextInt(20) == 0)
        {
            final Decimal inexact = Decimals.parse(BigDecimal.valueOf(halfTicks * 5, 1).toPlainString() +
                "00000000000000000" + (1 + random.nextInt(9)));
            assertThat(inexact.isExact()).isFalse();
            return inexact;
        }
        final int extraZeros = random.nextInt(4);
        long mantissa = halfTicks * 5;
        for (int i = 0; i < extraZeros; i++)
        {
            mantissa *= 10;
        }
        return new Decimal(mantissa, 1 + extraZeros);
    }

    private static Decimal size(final SplittableRandom random)
    {
        return new Decimal(1 + random.nextInt(100_000), random.nextInt(6));
    }

    private void assertBook(final OrderBook book, final String context)
    {
        Decimals.assertSide(book.bids(), bidOracle, context);
        Decimals.assertSide(book.asks(), askOracle, context);
        final Decimal bestBid = book.bestBidPrice();
        final Decimal bestAsk = book.bestAskPrice();
        assertThat(bestBid == null).isEqualTo(bidOracle.isEmpty());
        assertThat(bestAsk == null).isEqualTo(askOracle.isEmpty());
        if (bestBid != null && bestAsk != null)
        {
            assertThat(book.isCrossed()).as(context)
                .isEqualTo(bidOracle.lastKey().compareTo(askOracle.firstKey()) >= 0);
        }
        else
        {
            assertThat(book.isCrossed()).isFalse();
        }
    }
}
