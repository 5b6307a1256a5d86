package io.wsnova.ab;

import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DeribitSequenceRule;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded model test of {@link AbArbiter} alone: a venue generates a book (Deribit-style {@code change_id} /
 * {@code prev_change_id}) and a trade per update; two legs each deliver it with their own jittered delay, drop and
 * reconnect at random (a reconnect delivers a snapshot of the venue's book at that point), sometimes both at once;
 * the two legs' events are merged by arrival time and fed to the arbiter. Then, against the reference (the venue's
 * book at every sequence):
 * <ul>
 *   <li>the consumer's book equals the venue's book after every delivered message;</li>
 *   <li>no sequence and no trade is delivered twice; every delta after the first snapshot is delivered exactly once
 *   unless it lies in a reported gap, and every trade any leg delivered is delivered once;</li>
 *   <li>every reported gap covers at least one update both legs missed (no spurious gap), and is followed by one
 *   resync; at the end the consumer is at the newest sequence any leg delivered.</li>
 * </ul>
 * Seed printed; {@code -Dwsnova.seed=N} replays one.
 */
class AbArbiterModelTest
{
    private static final int RUNS = 120;
    private static final int UPDATES = 400;

    @Test
    void shouldDeliverThePerfectStreamForRandomDropsAndInterleavings()
    {
        final String fixed = System.getProperty("wsnova.seed");
        final long base = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        final int runs = fixed != null ? 1 : RUNS;
        int gaps = 0;
        for (int run = 0; run < runs; run++)
        {
            final long seed = base + run;
            try
            {
                gaps += runOnce(seed);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError("seed " + seed + " (replay with -Dwsnova.seed=" + seed + "): " +
                    ex.getMessage(), ex);
            }
        }
        System.out.println("AbArbiterModelTest: base seed " + base + ", " + runs + " runs, " + gaps +
            " gaps both legs missed");
    }

    @Test
    void shouldReportExactlyOneGapWhenBothLegsMissTheSameUpdate()
    {
        final Venue venue = new Venue(new SplittableRandom(7));
        venue.generate(20);
        final Recorder recorder = new Recorder();
        final AbArbiter arbiter = AbArbiter.builder().consumer(recorder).rule(DeribitSequenceRule.INSTANCE).build();
        for (final int leg : new int[]{0, 1})
        {
            arbiter.onBook(leg, venue.snapshot(0, 1));
        }
        for (int i = 1; i <= 5; i++)
        {
            arbiter.onBook(0, venue.delta(i, 2));
            arbiter.onBook(1, venue.delta(i, 3));
        }
        arbiter.onStatus(0, disconnected());
        arbiter.onStatus(1, disconnected());
        arbiter.onBook(0, venue.snapshot(8, 4));
        arbiter.onBook(1, venue.snapshot(9, 5));
        for (int i = 9; i <= 12; i++)
        {
            arbiter.onBook(0, venue.delta(i, 6));
            arbiter.onBook(1, venue.delta(i, 7));
        }
        assertThat(recorder.states).containsExactly(FeedState.DISCONNECTED, FeedState.SEQUENCE_GAP,
            FeedState.RESYNC_STARTED, FeedState.RESYNC_DONE);
        assertThat(arbiter.counters().bothMissed()).isEqualTo(1);
        assertThat(recorder.lastSequence).isEqualTo(venue.ids.get(12));
        assertThat(recorder.bookAt.get(venue.ids.get(12))).isEqualTo(venue.books.get(12));
    }

    @Test
    void shouldKeepTheBookWhenOneLegReconnectsBehindOrAhead()
    {
        final Venue venue = new Venue(new SplittableRandom(11));
        venue.generate(30);
        final Recorder recorder = new Recorder();
        final AbArbiter arbiter = AbArbiter.builder().consumer(recorder).rule(DeribitSequenceRule.INSTANCE).build();
        arbiter.onBook(0, venue.snapshot(0, 1));
        arbiter.onBook(1, venue.snapshot(0, 1));
        arbiter.onBook(0, venue.delta(1, 2));
        arbiter.onStatus(0, disconnected());
        for (int i = 1; i <= 6; i++)
        {
            arbiter.onBook(1, venue.delta(i, 3));
        }
        arbiter.onBook(0, venue.snapshot(9, 4));
        for (int i = 7; i <= 20; i++)
        {
            arbiter.onBook(1, venue.delta(i, 5));
            if (i >= 10)
            {
                arbiter.onBook(0, venue.delta(i, 6));
            }
        }
        assertThat(recorder.states).isEmpty();
        assertThat(recorder.snapshots).isEqualTo(1);
        assertThat(recorder.deltas).isEqualTo(20);
        assertThat(recorder.bookAt.get(venue.ids.get(20))).isEqualTo(venue.books.get(20));
        assertThat(arbiter.counters().beyond(0)).isEqualTo(1);
    }

    private static FeedStatus disconnected()
    {
        final FeedStatus status = new FeedStatus();
        status.header(0, MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, 0L);
        status.set(FeedState.DISCONNECTED, FeedReason.CONNECTION_LOST);
        return status;
    }

    private static int runOnce(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Venue venue = new Venue(random);
        venue.generate(UPDATES);
        final boolean[][] missed = new boolean[2][UPDATES + 1];
        final List<Arrival> arrivals = new ArrayList<>();
        final int bothDropAt = random.nextInt(4) == 0 ? 50 + random.nextInt(UPDATES - 100) : -1;
        final int bothDropLength = 1 + random.nextInt(8);
        final List<Set<Integer>> deliveredDeltas = List.of(new HashSet<>(), new HashSet<>());
        for (int leg = 0; leg < 2; leg++)
        {
            legArrivals(random, venue, leg, bothDropAt, bothDropLength, missed[leg], arrivals,
                deliveredDeltas.get(leg));
        }
        arrivals.sort(Comparator.comparingLong((Arrival a) -> a.timeNs).thenComparingInt(a -> a.tieBreak));
        final Recorder recorder = new Recorder();
        final AbArbiter arbiter = AbArbiter.builder().consumer(recorder).rule(DeribitSequenceRule.INSTANCE)
            .window(1 << 12).build();
        final Set<Long> tradesAnyLeg = new HashSet<>();
        final List<Set<Long>> arrived = List.of(new HashSet<>(), new HashSet<>());
        recorder.arrived = arrived;
        for (final Arrival arrival : arrivals)
        {
            recorder.time = arrival.timeNs;
            if (Boolean.getBoolean("wsnova.ab.trace"))
            {
                System.out.println("leg " + arrival.leg + " t=" + arrival.timeNs + " " + (arrival.book != null ?
                    arrival.book : arrival.trade != null ? "trade" : arrival.status.state()) + " K=" +
                    recorder.lastSequence);
            }
            if (arrival.book != null)
            {
                if (!arrival.book.isSnapshot())
                {
                    arrived.get(arrival.leg).add(arrival.book.lastSequence());
                }
                arbiter.onBook(arrival.leg, arrival.book);
            }
            else if (arrival.trade != null)
            {
                tradesAnyLeg.add(arrival.trade.tradeId().numeric());
                arbiter.onTrade(arrival.leg, arrival.trade);
            }
            else
            {
                arbiter.onStatus(arrival.leg, arrival.status);
            }
        }
        // books: after every delivered message the consumer's book is the venue's book at that sequence
        for (final Map.Entry<Long, String> entry : recorder.bookAt.entrySet())
        {
            assertThat(entry.getValue()).as("book at %d", entry.getKey())
                .isEqualTo(venue.books.get(venue.indexOf(entry.getKey())));
        }
        assertThat(recorder.duplicateSequences).as("sequences delivered twice").isEmpty();
        assertThat(recorder.duplicateTrades).as("trades delivered twice").isEmpty();
        assertThat(recorder.trades).as("every trade any leg delivered, once").isEqualTo(tradesAnyLeg);
        // every gap covers an update neither leg had delivered when it was reported, then one resync snapshot
        for (int g = 0; g < recorder.gaps.size(); g++)
        {
            final long[] gap = recorder.gaps.get(g);
            final List<Set<Long>> before = recorder.arrivedAtGap.get(g);
            boolean bothMissed = false;
            for (int i = venue.indexOf(gap[0]) + 1; i <= venue.indexOf(gap[1]); i++)
            {
                bothMissed |= !before.get(0).contains(venue.ids.get(i)) && !before.get(1).contains(venue.ids.get(i));
            }
            assertThat(bothMissed).as("gap %d..%d covers an update both legs missed", gap[0], gap[1]).isTrue();
        }
        assertThat(recorder.resyncs).isEqualTo(recorder.gaps.size());
        // every delta after the first snapshot, not inside a reported gap, delivered by a leg: delivered once
        if (recorder.firstSnapshotIndex >= 0)
        {
            final int first = venue.indexOf(recorder.firstSnapshot);
            for (int i = first + 1; i <= UPDATES; i++)
            {
                final boolean anyLeg = deliveredDeltas.get(0).contains(i) || deliveredDeltas.get(1).contains(i);
                if (anyLeg && !recorder.insideGap(venue, i))
                {
                    assertThat(recorder.deliveredDeltaIds).as("delta %d (id %d)", i, venue.ids.get(i))
                        .contains(venue.ids.get(i));
                }
            }
        }
        long newest = Long.MIN_VALUE;
        for (final Arrival arrival : arrivals)
        {
            if (arrival.book != null)
            {
                newest = Math.max(newest, arrival.book.lastSequence());
            }
        }
        assertThat(recorder.lastSequence).as("consumer at the newest sequence").isEqualTo(newest);
        return recorder.gaps.size();
    }

    /**
     * One leg: starts at a random early snapshot, then every update (a delta and a trade) with its own jittered
     * delay; drops at random (and at the shared both-drop point), missing a few updates, then reconnects with a
     * snapshot of the venue's book.
     */
    private static void legArrivals(final SplittableRandom random, final Venue venue, final int leg,
        final int bothDropAt, final int bothDropLength, final boolean[] missed, final List<Arrival> arrivals,
        final Set<Integer> deliveredDeltas)
    {
        final long baseDelayNs = leg == 0 ? 0 : random.nextLong(2_000_000);
        final long jitterNs = 1 + random.nextLong(3_000_000);
        long lastNs = 0;
        int i = random.nextInt(3);
        lastNs = add(arrivals, leg, venue.timeNs(i) + baseDelayNs, lastNs, random, venue.snapshot(i, 0), null, null);
        i++;
        while (i <= UPDATES)
        {
            final boolean both = i == bothDropAt;
            if (both || random.nextInt(60) == 0)
            {
                final FeedStatus status = disconnected();
                lastNs = add(arrivals, leg, venue.timeNs(i) + baseDelayNs, lastNs, random, null, null, status);
                final int down = both ? bothDropLength + random.nextInt(3) : 1 + random.nextInt(10);
                for (int k = 0; k < down && i + k <= UPDATES; k++)
                {
                    missed[i + k] = true;
                }
                i += down;
                if (i > UPDATES)
                {
                    break;
                }
                lastNs = add(arrivals, leg, venue.timeNs(i) + baseDelayNs + random.nextLong(jitterNs), lastNs,
                    random, venue.snapshot(i, 0), null, null);
                i++;
                continue;
            }
            final long atNs = venue.timeNs(i) + baseDelayNs + random.nextLong(jitterNs);
            lastNs = add(arrivals, leg, atNs, lastNs, random, venue.delta(i, 0), null, null);
            deliveredDeltas.add(i);
            lastNs = add(arrivals, leg, atNs, lastNs, random, null, venue.trade(i), null);
            i++;
        }
    }

    private static long add(final List<Arrival> arrivals, final int leg, final long atNs, final long lastNs,
        final SplittableRandom random, final BookUpdate book, final Trade trade, final FeedStatus status)
    {
        final long timeNs = Math.max(atNs, lastNs + 1);
        if (book != null)
        {
            book.header(0, 0, book.exchangeTimestampNs(), timeNs);
        }
        if (trade != null)
        {
            trade.header(0, 0, trade.exchangeTimestampNs(), timeNs);
        }
        arrivals.add(new Arrival(leg, timeNs, random.nextInt(), book, trade, status));
        return timeNs;
    }

    private record Arrival(int leg, long timeNs, int tieBreak, BookUpdate book, Trade trade, FeedStatus status)
    {
    }

    /**
     * The venue: a book changed by every update, its state after each, and the ids (Deribit-style, steps of 1 to 3).
     */
    static final class Venue
    {
        final SplittableRandom random;
        final List<Long> ids = new ArrayList<>();
        final List<String> books = new ArrayList<>();
        final List<long[]> changes = new ArrayList<>();
        final Map<Long, Integer> indexById = new HashMap<>();
        final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();

        Venue(final SplittableRandom random)
        {
            this.random = random;
        }

        void generate(final int updates)
        {
            long id = 1000;
            for (int p = 100; p < 110; p++)
            {
                bids.put((long)p, 1L + random.nextInt(5));
                asks.put((long)p + 20, 1L + random.nextInt(5));
            }
            record(id, new long[0]);
            for (int i = 1; i <= updates; i++)
            {
                id += 1 + random.nextInt(3);
                final int levels = 1 + random.nextInt(3);
                final long[] change = new long[levels * 3];
                for (int l = 0; l < levels; l++)
                {
                    final boolean bid = random.nextBoolean();
                    final long price = bid ? 95 + random.nextInt(20) : 115 + random.nextInt(20);
                    final long size = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(9);
                    change[l * 3] = bid ? 0 : 1;
                    change[l * 3 + 1] = price;
                    change[l * 3 + 2] = size;
                    final TreeMap<Long, Long> side = bid ? bids : asks;
                    if (size == 0)
                    {
                        side.remove(price);
                    }
                    else
                    {
                        side.put(price, size);
                    }
                }
                record(id, change);
            }
        }

        private void record(final long id, final long[] change)
        {
            indexById.put(id, ids.size());
            ids.add(id);
            changes.add(change);
            books.add(bids + "|" + asks);
        }

        int indexOf(final long id)
        {
            return indexById.get(id);
        }

        long timeNs(final int index)
        {
            return index * 1_000_000L;
        }

        BookUpdate snapshot(final int index, final long receiveNs)
        {
            final BookUpdate update = new BookUpdate();
            update.header(0, 0, timeNs(index), receiveNs);
            update.reset(true).sequences(ids.get(index), ids.get(index), BookUpdate.NO_SEQUENCE);
            final String[] sides = books.get(index).split("\\|");
            for (int s = 0; s < 2; s++)
            {
                final String text = sides[s].substring(1, sides[s].length() - 1);
                if (text.isEmpty())
                {
                    continue;
                }
                for (final String level : text.split(", "))
                {
                    final String[] kv = level.split("=");
                    update.addLevel(s == 0 ? BookSide.BID : BookSide.ASK, Long.parseLong(kv[0]), 0,
                        Long.parseLong(kv[1]), 0);
                }
            }
            return update;
        }

        BookUpdate delta(final int index, final long receiveNs)
        {
            final BookUpdate update = new BookUpdate();
            update.header(0, 0, timeNs(index), receiveNs);
            update.reset(false).sequences(ids.get(index), ids.get(index), ids.get(index - 1));
            final long[] change = changes.get(index);
            for (int l = 0; l < change.length; l += 3)
            {
                update.addLevel(change[l] == 0 ? BookSide.BID : BookSide.ASK, change[l + 1], 0, change[l + 2], 0);
            }
            return update;
        }

        Trade trade(final int index)
        {
            final Trade trade = new Trade();
            trade.header(0, 0, timeNs(index), 0L);
            trade.tradeId().set(50_000L + index);
            trade.price().set(100L + index % 7, 0);
            trade.size().set(1L, 0);
            return trade;
        }
    }

    /**
     * The consumer: the book after each delivered message (canonical text), statuses, trades.
     */
    static final class Recorder implements MarketListener
    {
        final Map<Long, String> bookAt = new HashMap<>();
        final Set<Long> deliveredDeltaIds = new HashSet<>();
        final List<Long> duplicateSequences = new ArrayList<>();
        final Set<Long> trades = new HashSet<>();
        final List<Long> duplicateTrades = new ArrayList<>();
        final List<FeedState> states = new ArrayList<>();
        final List<long[]> gaps = new ArrayList<>();
        final List<List<Set<Long>>> arrivedAtGap = new ArrayList<>();
        List<Set<Long>> arrived = List.of(new HashSet<>(), new HashSet<>());
        long lastSequence = Long.MIN_VALUE;
        long firstSnapshot = Long.MIN_VALUE;
        int firstSnapshotIndex = -1;
        int snapshots;
        int deltas;
        int resyncs;
        long time;
        private long gapFrom;

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            final long last = update.lastSequence();
            if (update.isSnapshot())
            {
                snapshots++;
                if (firstSnapshotIndex < 0)
                {
                    firstSnapshotIndex = 0;
                    firstSnapshot = last;
                }
                if (!gaps.isEmpty() && gaps.get(gaps.size() - 1)[1] == Long.MIN_VALUE)
                {
                    gaps.get(gaps.size() - 1)[1] = last;
                    resyncs++;
                }
            }
            else
            {
                deltas++;
                assertThat(update.previousSequence()).as("delta %d continues %d", last, lastSequence)
                    .isEqualTo(lastSequence);
                if (!deliveredDeltaIds.add(last))
                {
                    duplicateSequences.add(last);
                }
            }
            if (bookAt.put(last, canonical(book)) != null && update.isSnapshot() && snapshots == 1)
            {
                duplicateSequences.add(last);
            }
            lastSequence = last;
        }

        @Override
        public void onTrade(final Trade trade)
        {
            if (!trades.add(trade.tradeId().numeric()))
            {
                duplicateTrades.add(trade.tradeId().numeric());
            }
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            states.add(status.state());
            if (status.state() == FeedState.SEQUENCE_GAP)
            {
                gapFrom = status.expectedSequence();
                gaps.add(new long[]{gapFrom, Long.MIN_VALUE});
                arrivedAtGap.add(List.of(new HashSet<>(arrived.get(0)), new HashSet<>(arrived.get(1))));
            }
        }

        boolean insideGap(final Venue venue, final int index)
        {
            for (final long[] gap : gaps)
            {
                if (index > venue.indexOf(gap[0]) && index <= venue.indexOf(gap[1]))
                {
                    return true;
                }
            }
            return false;
        }

        static String canonical(final OrderBook book)
        {
            return side(book.bids()) + "|" + side(book.asks());
        }

        private static String side(final PriceLevels levels)
        {
            final StringBuilder text = new StringBuilder("{");
            for (int i = 0; i < levels.depth(); i++)
            {
                if (i > 0)
                {
                    text.append(", ");
                }
                text.append(levels.priceMantissa(i)).append('=').append(levels.sizeMantissa(i));
            }
            return text.append('}').toString();
        }
    }
}
