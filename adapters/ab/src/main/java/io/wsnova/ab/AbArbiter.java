package io.wsnova.ab;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
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

    private final MarketListener consumer;
    private final BookArbiter books;
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
    private final FeedStatus status = new FeedStatus();

    private AbArbiter(final Builder builder)
    {
        consumer = Objects.requireNonNull(builder.consumer, "consumer");
        window = builder.window;
        pendingCapacity = builder.pendingCapacity;
        counters = builder.counters;
        legListener = builder.legListener;
        books = new BookArbiter(consumer, Objects.requireNonNull(builder.rule, "rule"), builder.contentBooks, counters,
            legDown, legStale);
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
        alive(leg);
        books.onBook(leg, update, instrument(update.venueId(), update.instrumentId()));
    }

    /**
     * A trade from a leg.
     *
     * @param leg   the leg.
     * @param trade the trade.
     */
    public void onTrade(final int leg, final Trade trade)
    {
        alive(leg);
        final AbInstrument instrument = instrument(trade.venueId(), trade.instrumentId());
        final long key = AbKeys.trade(trade);
        if (counters.isDuplicate(leg, instrument.trades, key, trade.receiveTimeNs()))
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
        final long order = top.sequence() != BookUpdate.NO_SEQUENCE ? top.sequence() : top.exchangeTimestampNs();
        if (admit(leg, top, AbKeys.top(top), AbInstrument.TOP, order))
        {
            consumer.onTopOfBook(top);
        }
    }

    /**
     * A derivatives ticker from a leg.
     *
     * @param leg    the leg.
     * @param ticker the ticker.
     */
    public void onTicker(final int leg, final DerivativesTicker ticker)
    {
        if (admit(leg, ticker, AbKeys.ticker(ticker), AbInstrument.TICKER, ticker.exchangeTimestampNs()))
        {
            consumer.onTicker(ticker);
        }
    }

    /**
     * A liquidation from a leg.
     *
     * @param leg         the leg.
     * @param liquidation the liquidation.
     */
    public void onLiquidation(final int leg, final Liquidation liquidation)
    {
        if (admit(leg, liquidation, AbKeys.liquidation(liquidation), AbInstrument.UNORDERED, MarketEvent.NO_TIMESTAMP))
        {
            consumer.onLiquidation(liquidation);
        }
    }

    /**
     * A status from a leg: passed to the {@link AbLegListener}; the consumer sees a connection's
     * {@code DISCONNECTED} only when the other leg is down too, its {@code STALE} when the other leg is stale or
     * down (whichever leg's status comes last), and a book's {@code SEQUENCE_GAP} only when both legs missed the
     * update (reported by the arbiter itself).
     *
     * @param leg       the leg.
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
                    BookArbiter.legBookLost(instruments[i], leg);
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
                BookArbiter.legBookLost(instrument, leg);
                books.recheck(instrument, legStatus.receiveTimeNs());
            }
        }
    }

    /**
     * The newest-wins path of tops of book, tickers and liquidations: once per key (a venue sequence or a content
     * hash), and, for an ordered kind, never older than the newest delivered (counted as {@code stale}).
     */
    private boolean admit(final int leg, final MarketEvent event, final long key, final int kind, final long order)
    {
        alive(leg);
        final AbInstrument instrument = instrument(event.venueId(), event.instrumentId());
        if (counters.isDuplicate(leg, instrument.quotes, key, event.receiveTimeNs()))
        {
            return false;
        }
        if (kind != AbInstrument.UNORDERED)
        {
            final long newest = instrument.newest[kind];
            if (order != MarketEvent.NO_TIMESTAMP && newest != MarketEvent.NO_TIMESTAMP && order < newest)
            {
                counters.onStale(leg);
                return false;
            }
            instrument.newest[kind] = order;
        }
        instrument.quotes.add(key, event.receiveTimeNs());
        counters.onWin(leg);
        return true;
    }

    private void forward(final FeedStatus legStatus, final FeedState state, final long occurrences)
    {
        status.header(legStatus.venueId(), MarketEvent.NO_INSTRUMENT, legStatus.exchangeTimestampNs(),
            legStatus.receiveTimeNs());
        status.set(state, legStatus.reason()).counters(occurrences, 0);
        consumer.onStatus(status);
    }

    private void alive(final int leg)
    {
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

    private void recheckAll(final long nowNs)
    {
        for (int i = 0; i < instrumentCount; i++)
        {
            books.recheck(instruments[i], nowNs);
        }
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
