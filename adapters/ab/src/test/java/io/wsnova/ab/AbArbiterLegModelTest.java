package io.wsnova.ab;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OkxSequenceRule;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A seeded model-based test of {@link AbArbiter} driven step by step through scripted leg lives: every leg has at
 * least three reconnects of its own, three reconnects of both legs at once, an own sequence gap with a resync
 * (trades keep flowing meanwhile), a lagging stall (silent, {@code STALE}, then a burst of everything it held back),
 * a silent stall ending in a disconnect, trades replayed after a reconnect (same-leg duplicates), and in some runs
 * one leg silent for the whole run. Book deltas (OKX {@code seqId}/{@code prevSeqId}), trades, tops of book,
 * tickers and liquidations. After every arbiter call the consumer's output is compared with a small model (sets
 * and indices, no sequence rule, no mirror books):
 * <ul>
 *   <li>trades: exactly the first arrival of every trade id, in arrival order, that very copy (its leg);</li>
 *   <li>tops and tickers: exactly the arrivals newer than the newest delivered (newest wins); liquidations: the
 *   first copy of each;</li>
 *   <li>books: each delta continues the previous one and leaves the venue's book; no sequence twice; the delivered
 *   copy is the first valid one (no earlier copy of another leg still held); no held copy continues the book after
 *   a step (eager); a gap is reported exactly when one leg is past the book and the other cannot continue it
 *   (docs/AB.md rule 5), as {@code SEQUENCE_GAP}, {@code RESYNC_STARTED}, a snapshot at the leading leg,
 *   {@code RESYNC_DONE}; every sequence after the first snapshot is delivered or inside a reported gap;</li>
 *   <li>feed status: {@code DISCONNECTED} when both legs become down, {@code STALE} when neither leg is live (each
 *   stale or down) without both being down, once per episode, nothing else.</li>
 * </ul>
 * Seed printed; {@code -Dwsnova.seed=N} replays one run.
 */
class AbArbiterLegModelTest
{
    private static final int RUNS = 60;
    private static final int UPDATES = 480;
    private static final int SLOT = 16;
    private static final long MS = 1_000_000L;

    private enum Kind
    {
        SNAPSHOT, DELTA, TRADE, TOP, TICKER, LIQUIDATION, STATUS
    }

    private enum Incident
    {
        DROP, GAP, LAG, SILENT_DROP
    }

    private enum Feed
    {
        LIVE, STALE, DOWN
    }

    @Test
    void shouldMatchTheModelThroughReconnectsGapsStallsAndDuplicates()
    {
        final String fixed = System.getProperty("wsnova.seed");
        final long base = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        final int runs = fixed != null ? 1 : RUNS;
        final long[] totals = new long[3];
        for (int run = 0; run < runs; run++)
        {
            final long seed = base + run;
            try
            {
                new Run(seed).execute(totals);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError("seed " + seed + " (replay with -Dwsnova.seed=" + seed + "): " +
                    ex.getMessage(), ex);
            }
        }
        System.out.println("AbArbiterLegModelTest: base seed " + base + ", " + runs + " runs, " + totals[0] +
            " arrivals, " + totals[1] + " gaps both legs missed, " + totals[2] + " feed statuses");
    }

    /**
     * One arrival at the arbiter: a leg's event at its receive time ({@code 2 * time + leg}: unique, so the
     * consumer's copy names its leg).
     */
    private static final class Arrival
    {
        final int leg;
        final long receiveNs;
        final Kind kind;
        final int index;
        final MarketEvent event;
        int step = -1;

        Arrival(final int leg, final long receiveNs, final Kind kind, final int index, final MarketEvent event)
        {
            this.leg = leg;
            this.receiveNs = receiveNs;
            this.kind = kind;
            this.index = index;
            this.event = event;
        }
    }

    /**
     * The model's view of one leg, from the events it delivered.
     */
    private static final class LegModel
    {
        boolean down;
        boolean stale;
        boolean bookLive;
        int lastIndex = -1;
        final Map<Integer, Arrival> validCopies = new HashMap<>();

        void invalidate()
        {
            bookLive = false;
            validCopies.clear();
        }
    }

    private static final class Run implements MarketListener
    {
        private final SplittableRandom random;
        private final AbArbiterModelTest.Venue venue;
        private final List<Arrival> arrivals = new ArrayList<>();
        private final Map<Long, Arrival> byReceive = new HashMap<>();
        private final LegModel[] legs = {new LegModel(), new LegModel()};
        private final Set<Long> tradesSeen = new HashSet<>();
        private final Set<Integer> liquidationsSeen = new HashSet<>();
        private final List<String> expectedOutput = new ArrayList<>();
        private final List<String> output = new ArrayList<>();
        private final Set<Integer> deliveredDeltas = new HashSet<>();
        private final List<int[]> gaps = new ArrayList<>();
        private long maxTop = Long.MIN_VALUE;
        private long maxTicker = Long.MIN_VALUE;
        private Feed feed = Feed.LIVE;
        private int consumerIndex = -1;
        private int firstSnapshotIndex = -1;
        private int resyncPhase;
        private int gapTarget;
        private int step;
        private long feedStatuses;

        Run(final long seed)
        {
            random = new SplittableRandom(seed);
            venue = new AbArbiterModelTest.Venue(random);
            venue.generate(UPDATES);
        }

        void execute(final long[] totals)
        {
            script();
            arrivals.sort(Comparator.comparingLong(a -> a.receiveNs));
            final AbArbiter arbiter = AbArbiter.builder().consumer(this).rule(OkxSequenceRule.INSTANCE)
                .window(1 << 13).build();
            for (final Arrival arrival : arrivals)
            {
                arrival.step = step;
                if (Boolean.getBoolean("wsnova.ab.trace"))
                {
                    System.out.println("step " + step + " leg " + arrival.leg + " " + arrival.kind + " " +
                        arrival.index + (arrival.event instanceof FeedStatus status ? " " + status.state() : "") +
                        " consumer at " + consumerIndex);
                }
                expectAndUpdateModel(arrival);
                switch (arrival.kind)
                {
                    case SNAPSHOT, DELTA -> arbiter.onBook(arrival.leg, (BookUpdate)arrival.event);
                    case TRADE -> arbiter.onTrade(arrival.leg, (Trade)arrival.event);
                    case TOP -> arbiter.onTopOfBook(arrival.leg, (TopOfBook)arrival.event);
                    case TICKER -> arbiter.onTicker(arrival.leg, (DerivativesTicker)arrival.event);
                    case LIQUIDATION -> arbiter.onLiquidation(arrival.leg, (Liquidation)arrival.event);
                    default -> arbiter.onStatus(arrival.leg, (FeedStatus)arrival.event);
                }
                assertThat(output).as("consumer output through step %d (leg %d %s %d)", step, arrival.leg,
                    arrival.kind, arrival.index).isEqualTo(expectedOutput);
                assertThat(resyncPhase).as("a resync completes within the call").isZero();
                checkBookInvariants();
                step++;
            }
            if (firstSnapshotIndex >= 0)
            {
                for (int i = firstSnapshotIndex + 1; i <= consumerIndex; i++)
                {
                    assertThat(deliveredDeltas.contains(i) || insideGap(i))
                        .as("sequence index %d delivered or inside a reported gap", i).isTrue();
                }
            }
            totals[0] += arrivals.size();
            totals[1] += gaps.size();
            totals[2] += feedStatuses;
        }

        // ---- the script: each leg's life ----

        private void script()
        {
            final int slots = UPDATES / SLOT;
            final List<Integer> free = new ArrayList<>();
            for (int s = 1; s < slots - 1; s++)
            {
                free.add(s);
            }
            final Map<Integer, Incident> both = new HashMap<>();
            for (int k = 0; k < 3; k++)
            {
                both.put(free.remove(random.nextInt(free.size())), Incident.DROP);
            }
            final int silentLeg = random.nextInt(5) == 0 ? random.nextInt(2) : -1;
            for (int leg = 0; leg < 2; leg++)
            {
                final List<Integer> mine = new ArrayList<>(free);
                final Map<Integer, Incident> plan = new HashMap<>(both);
                final Incident[] solo = {Incident.DROP, Incident.DROP, Incident.DROP, Incident.GAP, Incident.LAG,
                    Incident.SILENT_DROP};
                for (final Incident incident : solo)
                {
                    plan.put(mine.remove(random.nextInt(mine.size())), incident);
                }
                legLife(leg, plan, leg == silentLeg);
            }
        }

        private void legLife(final int leg, final Map<Integer, Incident> plan, final boolean silent)
        {
            final long baseNs = random.nextLong(2 * MS);
            final long jitterNs = 1 + random.nextLong(3 * MS);
            final long[] clock = {0};
            int i = random.nextInt(3);
            emit(leg, clock, venue.timeNs(i) + baseNs, Kind.SNAPSHOT, i, venue.snapshot(i, 0));
            i++;
            if (silent)
            {
                emit(leg, clock, venue.timeNs(i + 5), Kind.STATUS, -1, status(MarketEvent.NO_INSTRUMENT,
                    FeedState.STALE, FeedReason.NO_DATA_TIMEOUT));
                return;
            }
            while (i <= UPDATES)
            {
                final Incident planned = plannedAt(plan, i);
                if (planned == null)
                {
                    final long atNs = venue.timeNs(i) + baseNs + random.nextLong(jitterNs);
                    update(leg, clock, atNs, i, true);
                    i++;
                    continue;
                }
                final int length = 1 + random.nextInt(10);
                final int resume = Math.min(i + length, UPDATES);
                final long startNs = venue.timeNs(i) + baseNs;
                switch (planned)
                {
                    case DROP ->
                    {
                        emit(leg, clock, startNs, Kind.STATUS, -1, status(MarketEvent.NO_INSTRUMENT,
                            FeedState.DISCONNECTED, FeedReason.CONNECTION_LOST));
                        reconnect(leg, clock, venue.timeNs(resume) + baseNs + random.nextLong(jitterNs), resume);
                    }
                    case SILENT_DROP ->
                    {
                        emit(leg, clock, venue.timeNs(i + length / 2) + baseNs, Kind.STATUS, -1,
                            status(MarketEvent.NO_INSTRUMENT, FeedState.STALE, FeedReason.NO_DATA_TIMEOUT));
                        emit(leg, clock, venue.timeNs(resume) + baseNs, Kind.STATUS, -1,
                            status(MarketEvent.NO_INSTRUMENT, FeedState.DISCONNECTED, FeedReason.NO_DATA_TIMEOUT));
                        reconnect(leg, clock, venue.timeNs(resume) + baseNs + random.nextLong(jitterNs), resume);
                    }
                    case GAP ->
                    {
                        emit(leg, clock, startNs, Kind.STATUS, -1, status(0, FeedState.SEQUENCE_GAP,
                            FeedReason.SEQUENCE_MISMATCH));
                        emit(leg, clock, startNs, Kind.STATUS, -1, status(0, FeedState.RESYNC_STARTED,
                            FeedReason.SEQUENCE_MISMATCH));
                        for (int k = i; k < resume; k++)
                        {
                            update(leg, clock, venue.timeNs(k) + baseNs + random.nextLong(jitterNs), k, false);
                        }
                        final long atNs = venue.timeNs(resume) + baseNs + random.nextLong(jitterNs);
                        emit(leg, clock, atNs, Kind.SNAPSHOT, resume, venue.snapshot(resume, 0));
                        emit(leg, clock, atNs, Kind.STATUS, -1, status(0, FeedState.RESYNC_DONE, FeedReason.NONE));
                        update(leg, clock, atNs, resume, false);
                    }
                    default ->
                    {
                        emit(leg, clock, venue.timeNs(resume - 1) + baseNs, Kind.STATUS, -1,
                            status(MarketEvent.NO_INSTRUMENT, FeedState.STALE, FeedReason.NO_DATA_TIMEOUT));
                        final long burstNs = venue.timeNs(resume) + baseNs + random.nextLong(jitterNs);
                        for (int k = i; k < resume; k++)
                        {
                            update(leg, clock, burstNs, k, true);
                        }
                        i = resume;
                        continue;
                    }
                }
                i = resume + 1;
            }
        }

        private static Incident plannedAt(final Map<Integer, Incident> plan, final int index)
        {
            return index % SLOT == 3 ? plan.get(index / SLOT) : null;
        }

        /**
         * A reconnect at {@code index}: the snapshot (the venue's book including that update), then 0 to 3 of the
         * venue's recent trades (some the leg had: same-leg duplicates) and that update's other events.
         */
        private void reconnect(final int leg, final long[] clock, final long atNs, final int index)
        {
            emit(leg, clock, atNs, Kind.SNAPSHOT, index, venue.snapshot(index, 0));
            final int replay = random.nextInt(4);
            for (int k = Math.max(1, index - replay); k <= index; k++)
            {
                emit(leg, clock, atNs, Kind.TRADE, k, venue.trade(k));
            }
            others(leg, clock, atNs, index);
        }

        private void update(final int leg, final long[] clock, final long atNs, final int index, final boolean book)
        {
            if (book)
            {
                emit(leg, clock, atNs, Kind.DELTA, index, venue.delta(index, 0));
            }
            emit(leg, clock, atNs, Kind.TRADE, index, venue.trade(index));
            others(leg, clock, atNs, index);
        }

        private void others(final int leg, final long[] clock, final long atNs, final int index)
        {
            if (index % 3 == 0)
            {
                final TopOfBook top = new TopOfBook();
                top.header(0, 0, venue.timeNs(index), 0L);
                top.bidPrice().set(100L + index % 11, 0);
                top.bidSize().set(1L + index % 5, 0);
                top.askPrice().set(130L + index % 7, 0);
                top.askSize().set(2L, 0);
                top.sequence(venue.ids.get(index));
                emit(leg, clock, atNs, Kind.TOP, index, top);
            }
            if (index % 5 == 0)
            {
                final DerivativesTicker ticker = new DerivativesTicker();
                ticker.header(0, 0, venue.timeNs(index), 0L);
                ticker.lastPrice().set(100L + index % 13, 0);
                ticker.markPrice().set(101L, 0);
                ticker.fundingRate().set(index, 6);
                emit(leg, clock, atNs, Kind.TICKER, index, ticker);
            }
            if (index % 7 == 0)
            {
                final Liquidation liquidation = new Liquidation();
                liquidation.header(0, 0, venue.timeNs(index), 0L);
                liquidation.price().set(100L + index % 17, 0);
                liquidation.size().set(index, 0);
                liquidation.side(index % 2 == 0 ? Side.BUY : Side.SELL);
                emit(leg, clock, atNs, Kind.LIQUIDATION, index, liquidation);
            }
        }

        private void emit(final int leg, final long[] clock, final long atNs, final Kind kind, final int index,
            final MarketEvent event)
        {
            final long timeNs = Math.max(atNs, clock[0] + 1);
            clock[0] = timeNs;
            final long receiveNs = 2 * timeNs + leg;
            event.header(0, event.instrumentId(), event.exchangeTimestampNs(), receiveNs);
            final Arrival arrival = new Arrival(leg, receiveNs, kind, index, event);
            arrivals.add(arrival);
            byReceive.put(receiveNs, arrival);
        }

        private static FeedStatus status(final int instrumentId, final FeedState state, final FeedReason reason)
        {
            final FeedStatus status = new FeedStatus();
            status.header(0, instrumentId, MarketEvent.NO_TIMESTAMP, 0L);
            status.set(state, reason);
            return status;
        }

        // ---- the model ----

        private void expectAndUpdateModel(final Arrival arrival)
        {
            final LegModel leg = legs[arrival.leg];
            if (arrival.kind != Kind.STATUS)
            {
                leg.down = false;
                leg.stale = false;
            }
            switch (arrival.kind)
            {
                case SNAPSHOT ->
                {
                    leg.bookLive = true;
                    leg.lastIndex = arrival.index;
                }
                case DELTA ->
                {
                    leg.lastIndex = arrival.index;
                    leg.validCopies.put(arrival.index, arrival);
                }
                case TRADE ->
                {
                    if (tradesSeen.add(((Trade)arrival.event).tradeId().numeric()))
                    {
                        expectedOutput.add(describe(arrival.event));
                    }
                }
                case TOP ->
                {
                    final long sequence = ((TopOfBook)arrival.event).sequence();
                    if (sequence > maxTop)
                    {
                        maxTop = sequence;
                        expectedOutput.add(describe(arrival.event));
                    }
                }
                case TICKER ->
                {
                    final long timestampNs = arrival.event.exchangeTimestampNs();
                    if (timestampNs > maxTicker)
                    {
                        maxTicker = timestampNs;
                        expectedOutput.add(describe(arrival.event));
                    }
                }
                case LIQUIDATION ->
                {
                    if (liquidationsSeen.add(arrival.index))
                    {
                        expectedOutput.add(describe(arrival.event));
                    }
                }
                default ->
                {
                    final FeedStatus status = (FeedStatus)arrival.event;
                    if (status.instrumentId() == MarketEvent.NO_INSTRUMENT)
                    {
                        if (status.state() == FeedState.DISCONNECTED)
                        {
                            leg.down = true;
                            leg.invalidate();
                        }
                        else if (status.state() == FeedState.STALE)
                        {
                            leg.stale = true;
                        }
                    }
                    else if (status.state() != FeedState.RESYNC_DONE)
                    {
                        leg.invalidate();
                    }
                }
            }
            final Feed next = legs[0].down && legs[1].down ? Feed.DOWN :
                (legs[0].down || legs[0].stale) && (legs[1].down || legs[1].stale) ? Feed.STALE : Feed.LIVE;
            if (next == Feed.DOWN && feed != Feed.DOWN)
            {
                expectedOutput.add("status " + FeedState.DISCONNECTED);
            }
            else if (next == Feed.STALE && feed == Feed.LIVE)
            {
                expectedOutput.add("status " + FeedState.STALE);
            }
            feed = next;
        }

        private static String describe(final MarketEvent event)
        {
            if (event instanceof Trade trade)
            {
                return "trade " + trade.tradeId().numeric() + " @" + trade.receiveTimeNs();
            }
            if (event instanceof TopOfBook top)
            {
                return "top " + top.sequence() + " @" + top.receiveTimeNs();
            }
            if (event instanceof Liquidation liquidation)
            {
                return "liquidation " + liquidation.size() + " @" + liquidation.receiveTimeNs();
            }
            return "ticker " + event.exchangeTimestampNs() + " @" + event.receiveTimeNs();
        }

        private boolean beyond(final int leg)
        {
            final LegModel model = legs[leg];
            return !model.down && model.bookLive && model.lastIndex > consumerIndex;
        }

        private boolean cannotFill(final int leg)
        {
            final LegModel model = legs[leg];
            return model.down || model.stale || !model.bookLive || model.lastIndex > consumerIndex;
        }

        private void checkBookInvariants()
        {
            if (consumerIndex < 0)
            {
                return;
            }
            for (int leg = 0; leg < 2; leg++)
            {
                assertThat(legs[leg].validCopies.containsKey(consumerIndex + 1))
                    .as("leg %d holds index %d, which continues the consumer's book", leg, consumerIndex + 1)
                    .isFalse();
                assertThat(beyond(leg) && cannotFill(1 - leg))
                    .as("leg %d is past the book (%d > %d) and leg %d cannot continue it: a gap both missed",
                    leg, legs[leg].lastIndex, consumerIndex, 1 - leg).isFalse();
            }
        }

        private boolean insideGap(final int index)
        {
            for (final int[] gap : gaps)
            {
                if (index > gap[0] && index <= gap[1])
                {
                    return true;
                }
            }
            return false;
        }

        // ---- the consumer ----

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            final int index = venue.indexOf(update.lastSequence());
            assertThat(AbArbiterModelTest.Recorder.canonical(book)).as("book at index %d", index)
                .isEqualTo(venue.books.get(index));
            if (update.isSnapshot())
            {
                if (resyncPhase == 2)
                {
                    assertThat(index).as("resync snapshot at the leading leg").isEqualTo(gapTarget);
                    resyncPhase = 3;
                }
                else
                {
                    assertThat(firstSnapshotIndex).as("a snapshot outside a resync: only the first").isEqualTo(-1);
                    firstSnapshotIndex = index;
                }
                consumerIndex = index;
                return;
            }
            assertThat(resyncPhase).as("delta inside a resync").isZero();
            assertThat(update.previousSequence()).as("delta %d continues the book", index)
                .isEqualTo(venue.ids.get(consumerIndex));
            assertThat(deliveredDeltas.add(index)).as("delta index %d delivered twice", index).isTrue();
            final Arrival copy = byReceive.get(update.receiveTimeNs());
            assertThat(copy).as("delivered copy of index %d is an arrival", index).isNotNull();
            assertThat(copy.index).isEqualTo(index);
            assertThat(copy.step).as("delivered no earlier than it arrived").isBetween(0, step);
            assertThat(legs[copy.leg].validCopies.get(index)).as("delivered copy still valid").isSameAs(copy);
            final Arrival other = legs[1 - copy.leg].validCopies.get(index);
            if (other != null && other.step < copy.step)
            {
                fail("index " + index + " delivered from leg " + copy.leg + " (step " + copy.step + ") though leg " +
                    other.leg + " delivered it first (step " + other.step + ")");
            }
            consumerIndex = index;
        }

        @Override
        public void onTrade(final Trade trade)
        {
            output.add(describe(trade));
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            output.add(describe(top));
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            output.add(describe(ticker));
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            output.add(describe(liquidation));
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            if (status.instrumentId() == MarketEvent.NO_INSTRUMENT)
            {
                feedStatuses++;
                output.add("status " + status.state());
                return;
            }
            switch (status.state())
            {
                case SEQUENCE_GAP ->
                {
                    assertThat(resyncPhase).isZero();
                    int leading = -1;
                    for (int leg = 0; leg < 2; leg++)
                    {
                        if (beyond(leg) && cannotFill(1 - leg))
                        {
                            leading = leg;
                        }
                    }
                    assertThat(leading).as("gap at %d: one leg past the book, the other unable to continue",
                        consumerIndex).isNotNegative();
                    assertThat(status.expectedSequence()).isEqualTo(venue.ids.get(consumerIndex));
                    gapTarget = venue.indexOf(status.receivedSequence());
                    assertThat(gapTarget).as("gap to a leading leg").isIn(legs[0].lastIndex, legs[1].lastIndex);
                    gaps.add(new int[]{consumerIndex, gapTarget});
                    resyncPhase = 1;
                }
                case RESYNC_STARTED ->
                {
                    assertThat(resyncPhase).isEqualTo(1);
                    resyncPhase = 2;
                }
                case RESYNC_DONE ->
                {
                    assertThat(resyncPhase).isEqualTo(3);
                    resyncPhase = 0;
                }
                default -> fail("unexpected instrument status " + status.state());
            }
        }
    }
}
