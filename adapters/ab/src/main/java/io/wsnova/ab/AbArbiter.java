package io.wsnova.ab;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.SequenceVerdict;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.market.TradeId;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;
import java.util.Objects;

/**
 * A/B arbitration of one venue's normalized events arriving over two connections (legs): every event reaches the
 * consumer's {@link MarketListener} once, from whichever leg delivered it first, and the consumer's books are
 * exactly the books of one perfect connection. Each leg runs an unmodified venue adapter (its own books, resync,
 * reconnect); the arbiter sits on the events the adapters deliver. See {@code docs/AB.md} for the rules per venue.
 * <p>
 * <b>Books</b> (per instrument, with the venue's {@link SequenceRule}, which must be per instrument and the same on
 * every connection: Deribit {@code change_id}, Binance {@code U/u/pu}, OKX {@code seqId}, Bybit {@code u}):
 * <ul>
 *   <li>an update that continues the delivered book (the rule says {@code APPLY} against the consumer's book) is
 *   delivered; one at or before it (or in the window of recently delivered sequences) is a duplicate and dropped;</li>
 *   <li>an update past it (the leg missed something, e.g. its post-reconnect snapshot) is held back while the other
 *   leg can still deliver the continuation: its book is live, at or behind the consumer's, and its connection up.
 *   A leg's post-reconnect snapshot therefore never resets a book the other leg kept continuous;</li>
 *   <li>only when neither leg can continue (both missed it) is a gap reported: {@code SEQUENCE_GAP},
 *   {@code RESYNC_STARTED}, a snapshot built from the book of the leg that is ahead (the arbiter mirrors each leg's
 *   book), {@code RESYNC_DONE}; exactly once per gap;</li>
 *   <li>a snapshot from a leg whose own book was continuous (a venue-pushed snapshot) that is newer than the
 *   consumer's book is delivered, as one connection would have.</li>
 * </ul>
 * Venues whose sequence is per connection (Coinbase {@code sequence_num}) use content mode ({@link
 * Builder#contentBooks(boolean)}): a delta's key is a hash of its levels and event time; see the limits in
 * {@code docs/AB.md}. <b>Trades</b> are delivered once per trade id (numeric when the id is a number, else a 64-bit
 * hash of its bytes) within a window of the last {@link Builder#window(int)} ids; <b>top of book and tickers</b>
 * once per venue sequence or content, never older than the last delivered (newest wins); <b>liquidations</b> once per
 * content. <b>Status</b>: a leg's statuses go to the {@link AbLegListener}; the consumer sees
 * {@code DISCONNECTED} / {@code STALE} only when both legs are down / stale, and per-instrument statuses only for gaps
 * both legs missed.
 * <p>
 * <b>Threading</b>: not thread-safe. Every method runs on one arbitration thread: either the single thread that
 * drives both legs (two connections in {@code POLL} mode on one loop), or the thread of {@link AbFeed}, which
 * serialises the two legs' reader threads through one single-producer ring per leg. The consumer's callbacks run
 * on that thread. Allocation-free after warm-up (the first event of each instrument creates its state).
 */
public final class AbArbiter
{
    /** The first leg. */
    public static final int LEG_A = 0;
    /** The second leg. */
    public static final int LEG_B = 1;
    /** The number of legs. */
    public static final int LEGS = 2;

    private static final long FNV_PRIME = 0x100000001B3L;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;

    private final MarketListener consumer;
    private final SequenceRule rule;
    private final boolean contentBooks;
    private final int window;
    private final int pendingCapacity;
    private final AbCounters counters;
    private final AbLegListener legListener;
    private final Int2ObjectHashMap<AbInstrument> instrumentMap = new Int2ObjectHashMap<>();
    private AbInstrument[] instruments = new AbInstrument[16];
    private int instrumentCount;
    private final boolean[] legDown = new boolean[LEGS];
    private final boolean[] legStale = new boolean[LEGS];
    private boolean consumerDown;
    private boolean consumerStale;
    private long consumerDisconnects;
    private long consumerStales;
    private int venueId = -1;
    private final FeedStatus status = new FeedStatus();
    private final BookUpdate resync = new BookUpdate();

    private AbArbiter(final Builder builder)
    {
        consumer = Objects.requireNonNull(builder.consumer, "consumer");
        rule = Objects.requireNonNull(builder.rule, "rule");
        contentBooks = builder.contentBooks;
        window = builder.window;
        pendingCapacity = builder.pendingCapacity;
        counters = builder.counters;
        legListener = builder.legListener;
    }

    /**
     * A builder.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The counters.
     *
     * @return the counters (any thread may read them).
     */
    public AbCounters counters()
    {
        return counters;
    }

    /**
     * The consumer's book of an instrument (arbitration thread only).
     *
     * @param instrumentId the instrument.
     * @return the book, or null when no event of it was seen.
     */
    public OrderBook book(final int instrumentId)
    {
        final AbInstrument instrument = instrumentMap.get(instrumentId);
        return instrument == null ? null : instrument.book;
    }

    /**
     * Whether a leg's connection is up (no {@code DISCONNECTED} since its last data event).
     *
     * @param leg {@link #LEG_A} or {@link #LEG_B}.
     * @return true if up.
     */
    public boolean isLegUp(final int leg)
    {
        return !legDown[leg];
    }

    /**
     * A book message from a leg.
     *
     * @param leg    the leg.
     * @param update the message the leg's adapter applied to its own book.
     */
    public void onBook(final int leg, final BookUpdate update)
    {
        alive(leg, update.venueId());
        final AbInstrument instrument = instrument(update.venueId(), update.instrumentId());
        final OrderBook mirror = instrument.mirrors[leg];
        final boolean mirrorWasLive = mirror.isLive();
        mirror.apply(update, rule);
        if (contentBooks)
        {
            onContentBook(leg, update, instrument, mirrorWasLive);
            return;
        }
        final OrderBook book = instrument.book;
        if (!book.isLive())
        {
            if (update.isSnapshot())
            {
                deliverSnapshot(leg, update, instrument);
            }
            else
            {
                counters.onNotLive();
            }
            return;
        }
        final long last = update.lastSequence();
        final long bookLast = book.lastSequence();
        if (update.isSnapshot())
        {
            if (last <= bookLast || instrument.sequences.timeOf(last) != RecentKeys.MISSING)
            {
                counters.onDuplicate(leg);
            }
            else if (mirrorWasLive)
            {
                deliverSnapshot(leg, update, instrument);
            }
            else
            {
                instrument.pending[leg].clear();
                counters.onBeyond(leg);
                recheck(instrument, update.receiveTimeNs());
            }
            return;
        }
        final SequenceVerdict verdict = rule.check(bookLast, instrument.firstAfterSnapshot, update);
        if (verdict == SequenceVerdict.APPLY && last != bookLast)
        {
            deliverDelta(leg, update, instrument);
        }
        else if (verdict == SequenceVerdict.RESET && instrument.sequences.timeOf(last) == RecentKeys.MISSING)
        {
            deliverSnapshot(leg, update, instrument);
        }
        else if (last <= bookLast || verdict == SequenceVerdict.RESET)
        {
            duplicate(leg, instrument.sequences, last, update.receiveTimeNs());
        }
        else
        {
            counters.onBeyond(leg);
            if (mirrorWasLive && !instrument.pending[leg].add(update))
            {
                counters.onPendingOverflow(leg);
            }
            recheck(instrument, update.receiveTimeNs());
        }
    }

    /**
     * A trade from a leg.
     *
     * @param leg   the leg.
     * @param trade the trade.
     */
    public void onTrade(final int leg, final Trade trade)
    {
        alive(leg, trade.venueId());
        final AbInstrument instrument = instrument(trade.venueId(), trade.instrumentId());
        final long key = tradeKey(trade);
        if (duplicate(leg, instrument.trades, key, trade.receiveTimeNs()))
        {
            return;
        }
        instrument.trades.add(key, trade.receiveTimeNs());
        counters.onWin(leg);
        consumer.onTrade(trade);
    }

    /**
     * A top of book from a leg.
     *
     * @param leg the leg.
     * @param top the top of book.
     */
    public void onTopOfBook(final int leg, final TopOfBook top)
    {
        alive(leg, top.venueId());
        final AbInstrument instrument = instrument(top.venueId(), top.instrumentId());
        long key = top.sequence();
        if (key == BookUpdate.NO_SEQUENCE)
        {
            key = mix(mix(mix(mix(mix(FNV_OFFSET, top.exchangeTimestampNs()), hash(top.bidPrice())),
                hash(top.bidSize())), hash(top.askPrice())), hash(top.askSize()));
        }
        if (duplicate(leg, instrument.quotes, key, top.receiveTimeNs()))
        {
            return;
        }
        final long order = top.sequence() != BookUpdate.NO_SEQUENCE ? top.sequence() : top.exchangeTimestampNs();
        if (order != MarketEvent.NO_TIMESTAMP && instrument.lastTopTimestampNs != MarketEvent.NO_TIMESTAMP &&
            order < instrument.lastTopTimestampNs)
        {
            counters.onStale(leg);
            return;
        }
        instrument.quotes.add(key, top.receiveTimeNs());
        instrument.lastTopTimestampNs = order;
        counters.onWin(leg);
        consumer.onTopOfBook(top);
    }

    /**
     * A derivatives ticker from a leg.
     *
     * @param leg    the leg.
     * @param ticker the ticker.
     */
    public void onTicker(final int leg, final DerivativesTicker ticker)
    {
        alive(leg, ticker.venueId());
        final AbInstrument instrument = instrument(ticker.venueId(), ticker.instrumentId());
        final long key = mix(mix(mix(mix(mix(mix(mix(FNV_OFFSET ^ 0x7L, ticker.exchangeTimestampNs()),
            hash(ticker.lastPrice())), hash(ticker.markPrice())), hash(ticker.indexPrice())),
            hash(ticker.openInterest())), hash(ticker.fundingRate())), ticker.nextFundingTimeNs());
        if (duplicate(leg, instrument.quotes, key, ticker.receiveTimeNs()))
        {
            return;
        }
        final long timestampNs = ticker.exchangeTimestampNs();
        if (timestampNs != MarketEvent.NO_TIMESTAMP && instrument.lastTickerTimestampNs != MarketEvent.NO_TIMESTAMP &&
            timestampNs < instrument.lastTickerTimestampNs)
        {
            counters.onStale(leg);
            return;
        }
        instrument.quotes.add(key, ticker.receiveTimeNs());
        instrument.lastTickerTimestampNs = timestampNs;
        counters.onWin(leg);
        consumer.onTicker(ticker);
    }

    /**
     * A liquidation from a leg.
     *
     * @param leg         the leg.
     * @param liquidation the liquidation.
     */
    public void onLiquidation(final int leg, final Liquidation liquidation)
    {
        alive(leg, liquidation.venueId());
        final AbInstrument instrument = instrument(liquidation.venueId(), liquidation.instrumentId());
        final long key = mix(mix(mix(mix(FNV_OFFSET ^ 0x11L, liquidation.exchangeTimestampNs()),
            hash(liquidation.price())), hash(liquidation.size())), liquidation.side().ordinal());
        if (duplicate(leg, instrument.quotes, key, liquidation.receiveTimeNs()))
        {
            return;
        }
        instrument.quotes.add(key, liquidation.receiveTimeNs());
        counters.onWin(leg);
        consumer.onLiquidation(liquidation);
    }

    /**
     * A status from a leg: passed to the {@link AbLegListener}; the consumer sees a connection's
     * {@code DISCONNECTED} / {@code STALE} only when the other leg is down / stale or down too, and a book's
     * {@code SEQUENCE_GAP} only when both legs missed the update (reported by the arbiter itself).
     *
     * @param leg        the leg.
     * @param legStatus the status.
     */
    public void onStatus(final int leg, final FeedStatus legStatus)
    {
        if (legListener != null)
        {
            legListener.onLegStatus(leg, legStatus);
        }
        final int other = 1 - leg;
        final FeedState state = legStatus.state();
        if (legStatus.instrumentId() == MarketEvent.NO_INSTRUMENT)
        {
            if (state == FeedState.DISCONNECTED)
            {
                legDown[leg] = true;
                for (int i = 0; i < instrumentCount; i++)
                {
                    instruments[i].mirrors[leg].markStale();
                    instruments[i].pending[leg].clear();
                }
                if (legDown[other] && !consumerDown)
                {
                    consumerDown = true;
                    forward(legStatus, FeedState.DISCONNECTED, ++consumerDisconnects);
                }
                else if (legStale[other] && !legDown[other] && !consumerStale && !consumerDown)
                {
                    consumerStale = true;
                    forward(legStatus, FeedState.STALE, ++consumerStales);
                }
                recheckAll(legStatus.receiveTimeNs());
            }
            else if (state == FeedState.STALE)
            {
                legStale[leg] = true;
                if ((legDown[other] || legStale[other]) && !consumerStale && !consumerDown)
                {
                    consumerStale = true;
                    forward(legStatus, FeedState.STALE, ++consumerStales);
                }
                recheckAll(legStatus.receiveTimeNs());
            }
            return;
        }
        if (state == FeedState.SEQUENCE_GAP || state == FeedState.RESYNC_STARTED || state == FeedState.STALE ||
            state == FeedState.DISCONNECTED)
        {
            final AbInstrument instrument = instrumentMap.get(legStatus.instrumentId());
            if (instrument != null)
            {
                instrument.mirrors[leg].markStale();
                instrument.pending[leg].clear();
                recheck(instrument, legStatus.receiveTimeNs());
            }
        }
    }

    private void forward(final FeedStatus legStatus, final FeedState state, final long occurrences)
    {
        status.header(legStatus.venueId(), MarketEvent.NO_INSTRUMENT, legStatus.exchangeTimestampNs(),
            legStatus.receiveTimeNs());
        status.set(state, legStatus.reason()).counters(occurrences, 0);
        consumer.onStatus(status);
    }

    private void alive(final int leg, final int venue)
    {
        venueId = venue;
        legDown[leg] = false;
        legStale[leg] = false;
        consumerDown = false;
        consumerStale = false;
    }

    private AbInstrument instrument(final int venue, final int instrumentId)
    {
        AbInstrument instrument = instrumentMap.get(instrumentId);
        if (instrument == null)
        {
            instrument = new AbInstrument(venue, instrumentId, window, pendingCapacity);
            instrumentMap.put(instrumentId, instrument);
            if (instrumentCount == instruments.length)
            {
                instruments = Arrays.copyOf(instruments, instrumentCount * 2);
            }
            instruments[instrumentCount++] = instrument;
        }
        return instrument;
    }

    private boolean duplicate(final int leg, final RecentKeys keys, final long key, final long receiveTimeNs)
    {
        final long winnerNs = keys.timeOf(key);
        if (winnerNs == RecentKeys.MISSING)
        {
            return false;
        }
        counters.onDuplicate(leg);
        counters.onLead(receiveTimeNs - winnerNs);
        return true;
    }

    private void deliverDelta(final int leg, final BookUpdate update, final AbInstrument instrument)
    {
        if (!canFill(instrument, 1 - leg))
        {
            counters.onFilled(leg);
        }
        final OrderBook book = instrument.book;
        book.apply(update, SequenceRule.UNCHECKED);
        instrument.firstAfterSnapshot = false;
        remember(instrument, update);
        counters.onWin(leg);
        consumer.onBook(update, book);
        drain(instrument);
    }

    /**
     * Delivers the held deltas that now continue the consumer's book (from either leg), drops those it passed.
     */
    private void drain(final AbInstrument instrument)
    {
        final OrderBook book = instrument.book;
        boolean progress = true;
        while (progress)
        {
            progress = false;
            for (int leg = 0; leg < LEGS; leg++)
            {
                final PendingDeltas pending = instrument.pending[leg];
                while (!pending.isEmpty())
                {
                    final BookUpdate held = pending.peek();
                    if (held.lastSequence() <= book.lastSequence())
                    {
                        pending.remove();
                    }
                    else if (rule.check(book.lastSequence(), instrument.firstAfterSnapshot, held) ==
                        SequenceVerdict.APPLY)
                    {
                        deliverHeld(leg, held, instrument);
                        pending.remove();
                        progress = true;
                    }
                    else
                    {
                        break;
                    }
                }
            }
        }
    }

    private void deliverHeld(final int leg, final BookUpdate update, final AbInstrument instrument)
    {
        if (!canFill(instrument, 1 - leg))
        {
            counters.onFilled(leg);
        }
        final OrderBook book = instrument.book;
        book.apply(update, SequenceRule.UNCHECKED);
        instrument.firstAfterSnapshot = false;
        remember(instrument, update);
        counters.onWin(leg);
        consumer.onBook(update, book);
    }

    private void deliverSnapshot(final int leg, final BookUpdate update, final AbInstrument instrument)
    {
        final OrderBook book = instrument.book;
        book.apply(update, rule);
        instrument.firstAfterSnapshot = true;
        remember(instrument, update);
        counters.onWin(leg);
        consumer.onBook(update, book);
        drain(instrument);
    }

    private static void remember(final AbInstrument instrument, final BookUpdate update)
    {
        final long last = update.lastSequence();
        if (instrument.sequences.timeOf(last) == RecentKeys.MISSING)
        {
            instrument.sequences.add(last, update.receiveTimeNs());
        }
    }

    /**
     * Whether a leg can still deliver the continuation of the consumer's book: connected, not stale, its own book
     * live and not past the consumer's.
     */
    private boolean canFill(final AbInstrument instrument, final int leg)
    {
        final OrderBook mirror = instrument.mirrors[leg];
        return !legDown[leg] && !legStale[leg] && mirror.isLive() &&
            mirror.lastSequence() <= instrument.book.lastSequence();
    }

    private boolean isBeyond(final AbInstrument instrument, final int leg)
    {
        final OrderBook mirror = instrument.mirrors[leg];
        return !legDown[leg] && mirror.isLive() && mirror.lastSequence() > instrument.book.lastSequence();
    }

    private void recheckAll(final long nowNs)
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            recheck(instruments[i], nowNs);
        }
    }

    /**
     * Reports a gap both legs missed: one leg is past the consumer's book and the other cannot continue it.
     */
    private void recheck(final AbInstrument instrument, final long nowNs)
    {
        if (contentBooks || !instrument.book.isLive())
        {
            return;
        }
        for (int leg = 0; leg < LEGS; leg++)
        {
            if (isBeyond(instrument, leg) && !canFill(instrument, 1 - leg))
            {
                resyncFrom(leg, instrument, nowNs);
                return;
            }
        }
    }

    private void resyncFrom(final int leg, final AbInstrument instrument, final long nowNs)
    {
        final OrderBook mirror = instrument.mirrors[leg];
        final OrderBook book = instrument.book;
        final long gaps = ++instrument.gaps;
        counters.onBothMissed();
        status.header(venueId, instrument.instrumentId, MarketEvent.NO_TIMESTAMP, nowNs);
        status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH)
            .sequences(book.lastSequence(), mirror.lastSequence()).counters(gaps, 0);
        consumer.onStatus(status);
        status.set(FeedState.RESYNC_STARTED, FeedReason.SEQUENCE_MISMATCH).counters(gaps, 1);
        consumer.onStatus(status);
        copyBook(mirror, nowNs);
        book.apply(resync, rule);
        instrument.firstAfterSnapshot = mirror.isFirstAfterSnapshot();
        remember(instrument, resync);
        counters.onWin(leg);
        consumer.onBook(resync, book);
        status.set(FeedState.RESYNC_DONE, FeedReason.NONE).counters(gaps, 1);
        consumer.onStatus(status);
        drain(instrument);
    }

    private void copyBook(final OrderBook mirror, final long nowNs)
    {
        resync.header(mirror.venueId(), mirror.instrumentId(), mirror.exchangeTimestampNs(), nowNs);
        resync.reset(true).sequences(mirror.lastSequence(), mirror.lastSequence(), BookUpdate.NO_SEQUENCE);
        copySide(mirror.bids(), BookSide.BID);
        copySide(mirror.asks(), BookSide.ASK);
    }

    private void copySide(final PriceLevels levels, final BookSide side)
    {
        for (int i = 0, n = levels.depth(); i < n; i++)
        {
            resync.addLevel(side, levels.price(i), levels.size(i));
        }
    }

    /**
     * Coinbase-style books (the sequence is per connection): a delta is delivered once per content; a snapshot
     * only when the consumer's book has none yet, or when the other leg cannot continue the book (reported as a
     * gap both legs missed and a resync, since continuity cannot be proven by content).
     */
    private void onContentBook(final int leg, final BookUpdate update, final AbInstrument instrument,
        final boolean mirrorWasLive)
    {
        final OrderBook book = instrument.book;
        if (update.isSnapshot())
        {
            if (!book.isLive())
            {
                deliverSnapshot(leg, update, instrument);
            }
            else if (!mirrorWasLive && canFillByContent(1 - leg))
            {
                counters.onBeyond(leg);
            }
            else
            {
                resyncFrom(leg, instrument, update.receiveTimeNs());
            }
            return;
        }
        if (!book.isLive())
        {
            counters.onNotLive();
            return;
        }
        final long key = contentKey(update);
        if (duplicate(leg, instrument.sequences, key, update.receiveTimeNs()))
        {
            return;
        }
        if (!canFillByContent(1 - leg))
        {
            counters.onFilled(leg);
        }
        book.apply(update, SequenceRule.UNCHECKED);
        instrument.sequences.add(key, update.receiveTimeNs());
        counters.onWin(leg);
        consumer.onBook(update, book);
    }

    private boolean canFillByContent(final int leg)
    {
        return !legDown[leg] && !legStale[leg];
    }

    private static long contentKey(final BookUpdate update)
    {
        long h = mix(FNV_OFFSET, update.exchangeTimestampNs());
        for (int i = 0, n = update.levelCount(); i < n; i++)
        {
            h = mix(mix(mix(h, update.side(i).ordinal()), hash(update.price(i))), hash(update.size(i)));
        }
        return h;
    }

    private static long tradeKey(final Trade trade)
    {
        final TradeId id = trade.tradeId();
        final long numeric = id.numeric();
        if (numeric != TradeId.NOT_NUMERIC)
        {
            return numeric;
        }
        if (id.length() == 0)
        {
            return mix(mix(mix(mix(FNV_OFFSET ^ 0x3L, trade.exchangeTimestampNs()), hash(trade.price())),
                hash(trade.size())), trade.aggressor().ordinal());
        }
        long h = FNV_OFFSET;
        final byte[] bytes = id.bytes();
        for (int i = 0, n = id.length(); i < n; i++)
        {
            h = (h ^ (bytes[i] & 0xFF)) * FNV_PRIME;
        }
        return h;
    }

    private static long hash(final Decimal value)
    {
        return value == null || value.isNull() ? 0x5bd1e995L : value.hashCode();
    }

    private static long mix(final long h, final long value)
    {
        long x = (h ^ value) * FNV_PRIME;
        x ^= x >>> 29;
        return x;
    }

    /**
     * Configures an {@link AbArbiter}.
     */
    public static final class Builder
    {
        private MarketListener consumer;
        private SequenceRule rule;
        private boolean contentBooks;
        private int window = 4096;
        private int pendingCapacity = 1024;
        private AbCounters counters = new AbCounters();
        private AbLegListener legListener;

        private Builder()
        {
        }

        /**
         * Where the arbitrated events go (required).
         *
         * @param consumer the consumer's listener, called on the arbitration thread.
         * @return this.
         */
        public Builder consumer(final MarketListener consumer)
        {
            this.consumer = consumer;
            return this;
        }

        /**
         * The venue's book rule (required): the same rule the legs' adapters use.
         *
         * @param rule e.g. {@code DeribitSequenceRule.INSTANCE}.
         * @return this.
         */
        public Builder rule(final SequenceRule rule)
        {
            this.rule = rule;
            return this;
        }

        /**
         * Arbitrate books by content rather than sequence: for a venue whose book sequence is per connection
         * (Coinbase). Default false.
         *
         * @param contentBooks true for content mode.
         * @return this.
         */
        public Builder contentBooks(final boolean contentBooks)
        {
            this.contentBooks = contentBooks;
            return this;
        }

        /**
         * How many recent keys (sequences, trade ids, content hashes) are remembered per instrument and kind: a copy
         * arriving on the late leg more than this many events after the winner is no longer recognised as a
         * duplicate (books are still safe: their sequence order decides). Default 4096.
         *
         * @param window the window, at least 2.
         * @return this.
         */
        public Builder window(final int window)
        {
            if (window < 2)
            {
                throw new IllegalArgumentException("window < 2: " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * How many deltas a leg that is past the consumer's book may hold, per instrument, while the other leg
         * fills the gap before them (see {@code docs/AB.md}). Default 1024.
         *
         * @param pendingCapacity the bound, at least 2.
         * @return this.
         */
        public Builder pendingCapacity(final int pendingCapacity)
        {
            if (pendingCapacity < 2)
            {
                throw new IllegalArgumentException("pendingCapacity < 2: " + pendingCapacity);
            }
            this.pendingCapacity = pendingCapacity;
            return this;
        }

        /**
         * The counters to write (default: new ones).
         *
         * @param counters the counters.
         * @return this.
         */
        public Builder counters(final AbCounters counters)
        {
            this.counters = Objects.requireNonNull(counters, "counters");
            return this;
        }

        /**
         * Receives each leg's own statuses (optional).
         *
         * @param legListener the listener.
         * @return this.
         */
        public Builder legListener(final AbLegListener legListener)
        {
            this.legListener = legListener;
            return this;
        }

        /**
         * Builds the arbiter.
         *
         * @return the arbiter.
         */
        public AbArbiter build()
        {
            return new AbArbiter(this);
        }
    }
}
