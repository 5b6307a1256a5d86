package io.wsnova.market;

import io.wsnova.codec.json.Decimal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.wsnova.market.BookUpdate.NO_SEQUENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every venue rule over seeded random streams built the way the venue numbers them (irregular steps where the
 * venue has them), delivered whole, with one message lost, or with one message repeated. What must hold: an
 * intact stream applies in full and the book equals a {@code TreeMap} oracle after every message; a lost message
 * that changed the book is found as a {@link OrderBook#GAP} at the next message, never applied over silently; a
 * repeat is ignored (Binance spot) or found as a gap, and never changes the book. Binance streams also start from a
 * REST snapshot taken at a random point with earlier events still buffered. Seed printed; rerun with
 * {@code -Dwsnova.seed=N}.
 */
class SequenceRulesRandomTest
{
    private static final int STREAMS_PER_VENUE = 300;
    private static final int MAX_MESSAGES = 40;

    enum Venue
    {
        DERIBIT(DeribitSequenceRule.INSTANCE),
        BINANCE_SPOT(BinanceSpotSequenceRule.INSTANCE),
        BINANCE_FUTURES(BinanceFuturesSequenceRule.INSTANCE),
        BYBIT(BybitSequenceRule.INSTANCE),
        OKX(OkxSequenceRule.INSTANCE),
        COINBASE(CoinbaseSequenceRule.INSTANCE);

        final SequenceRule rule;

        Venue(final SequenceRule rule)
        {
            this.rule = rule;
        }
    }

    /** One venue message as generated: sequences and levels (size 0 = delete). */
    record Message(long first, long last, long previous, List<long[]> levels)
    {
        void fill(final BookUpdate update, final boolean snapshot)
        {
            update.reset(snapshot).sequences(first, last, previous);
            for (final long[] level : levels)
            {
                update.addLevel(level[0] == 0 ? BookSide.BID : BookSide.ASK, level[1], 0, level[2], 0);
            }
        }

        void applyTo(final TreeMap<BigDecimal, BigDecimal> bids, final TreeMap<BigDecimal, BigDecimal> asks)
        {
            for (final long[] level : levels)
            {
                final TreeMap<BigDecimal, BigDecimal> side = level[0] == 0 ? bids : asks;
                if (level[2] == 0)
                {
                    side.remove(BigDecimal.valueOf(level[1]));
                }
                else
                {
                    side.put(BigDecimal.valueOf(level[1]), BigDecimal.valueOf(level[2]));
                }
            }
        }
    }

    private final BookUpdate update = new BookUpdate();

    @Test
    void shouldApplyIntactStreamsAndNeverApplyOverALostOrRepeatedMessage()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("SequenceRulesRandomTest seed: -Dwsnova.seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        for (final Venue venue : Venue.values())
        {
            for (int stream = 0; stream < STREAMS_PER_VENUE; stream++)
            {
                run(venue, random, "seed " + seed + " " + venue + " stream " + stream);
            }
        }
    }

    private void run(final Venue venue, final SplittableRandom random, final String context)
    {
        final List<Message> messages = generate(venue, random, 3 + random.nextInt(MAX_MESSAGES));
        final int fault = random.nextInt(3); // 0 intact, 1 one lost, 2 one repeated
        final int at = 1 + random.nextInt(messages.size() - 2);

        // The snapshot: message 0's book; for Binance a REST snapshot at the end of a random event, with events
        // from before it still buffered.
        final boolean binance = venue == Venue.BINANCE_SPOT || venue == Venue.BINANCE_FUTURES;
        final int snapshotAt = binance ? random.nextInt(at) : 0;
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>();
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        final BookUpdate snapshot = new BookUpdate();
        snapshot.reset(true);
        for (int i = 0; i <= snapshotAt; i++)
        {
            messages.get(i).applyTo(bids, asks);
        }
        snapshotOf(bids, asks, snapshot).sequences(NO_SEQUENCE, messages.get(snapshotAt).last(),
            venue == Venue.OKX ? OkxSequenceRule.SNAPSHOT_PREVIOUS_SEQUENCE : NO_SEQUENCE);
        final OrderBook book = new OrderBook(0, 0);
        assertThat(book.apply(snapshot, SequenceRule.UNCHECKED)).isEqualTo(OrderBook.APPLIED_SNAPSHOT);

        final int firstDelivered = binance ? random.nextInt(snapshotAt + 1) : 1;
        boolean lostAChange = false;
        for (int i = firstDelivered; i < messages.size(); i++)
        {
            if (fault == 1 && i == at)
            {
                lostAChange = !messages.get(i).levels().isEmpty();
                continue;
            }
            final Message message = messages.get(i);
            message.fill(update, false);
            final int result = book.apply(update, venue.rule);
            final String step = context + " message " + i + " fault " + fault + " at " + at;
            if (i <= snapshotAt)
            {
                if (venue == Venue.BINANCE_FUTURES && i == snapshotAt)
                {
                    // u == lastUpdateId: the first event the procedure applies (idempotent: absolute sizes).
                    assertThat(result).as(step).isEqualTo(OrderBook.APPLIED_DELTA);
                }
                else
                {
                    assertThat(result).as(step + " buffered before the snapshot").isEqualTo(OrderBook.DROPPED_STALE);
                }
            }
            else if (lostAChange)
            {
                assertThat(result).as(step + " after a lost change").isEqualTo(OrderBook.GAP);
                return;
            }
            else
            {
                assertThat(result).as(step).isEqualTo(OrderBook.APPLIED_DELTA);
                message.applyTo(bids, asks);
            }
            assertBook(book, bids, asks, step);
            if (fault == 2 && i == at)
            {
                message.fill(update, false);
                final int repeated = book.apply(update, venue.rule);
                final boolean harmless = venue == Venue.OKX && message.first() == message.previous();
                if (venue == Venue.BINANCE_SPOT)
                {
                    assertThat(repeated).as(step + " repeated").isEqualTo(OrderBook.DROPPED_STALE);
                }
                else if (!harmless)
                {
                    assertThat(repeated).as(step + " repeated").isEqualTo(OrderBook.GAP);
                    return;
                }
                assertBook(book, bids, asks, step + " repeated");
            }
        }
    }

    private static BookUpdate snapshotOf(final TreeMap<BigDecimal, BigDecimal> bids,
        final TreeMap<BigDecimal, BigDecimal> asks, final BookUpdate snapshot)
    {
        bids.forEach((price, size) -> snapshot.addLevel(BookSide.BID, new Decimal(price.longValueExact(), 0),
            new Decimal(size.longValueExact(), 0)));
        asks.forEach((price, size) -> snapshot.addLevel(BookSide.ASK, new Decimal(price.longValueExact(), 0),
            new Decimal(size.longValueExact(), 0)));
        return snapshot;
    }

    private static void assertBook(final OrderBook book, final TreeMap<BigDecimal, BigDecimal> bids,
        final TreeMap<BigDecimal, BigDecimal> asks, final String context)
    {
        Decimals.assertSide(book.bids(), bids, context);
        Decimals.assertSide(book.asks(), asks, context);
    }

    /**
     * A stream numbered as the venue numbers it. Message 0 is the state the stream starts from.
     */
    private static List<Message> generate(final Venue venue, final SplittableRandom random, final int count)
    {
        final List<Message> messages = new ArrayList<>(count);
        long last = 1000 + random.nextInt(1000);
        for (int i = 0; i < count; i++)
        {
            final long first;
            final long next;
            final long previous;
            switch (venue)
            {
                case DERIBIT ->
                {
                    first = next = last + 1 + random.nextInt(5);
                    previous = last;
                }
                case BINANCE_SPOT ->
                {
                    first = last + 1;
                    next = first + random.nextInt(6);
                    previous = NO_SEQUENCE;
                }
                case BINANCE_FUTURES ->
                {
                    first = last + 1 + random.nextInt(5);
                    next = first + random.nextInt(6);
                    previous = last;
                }
                case OKX ->
                {
                    // Irregular steps, sometimes none (a no-change update), sometimes a reset to a smaller id.
                    final int kind = random.nextInt(10);
                    first = next =
                        kind == 0 ? last : kind == 1 ? 1 + random.nextInt(50) : last + 1 + random.nextInt(45);
                    previous = last;
                }
                default -> // BYBIT, COINBASE
                {
                    first = next = last + 1;
                    previous = NO_SEQUENCE;
                }
            }
            final List<long[]> levels = new ArrayList<>();
            final boolean noChange = venue == Venue.OKX && next == previous;
            for (int l = noChange ? 0 : 1 + random.nextInt(4); l > 0; l--)
            {
                final boolean bid = random.nextBoolean();
                levels.add(new long[] {bid ? 0 : 1, bid ? 90 + random.nextInt(10) : 101 + random.nextInt(10),
                    random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1000)});
            }
            messages.add(new Message(first, next, previous, levels));
            last = next;
        }
        return messages;
    }
}
