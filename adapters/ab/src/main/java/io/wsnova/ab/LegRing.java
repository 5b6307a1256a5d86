package io.wsnova.ab;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One leg's hand-off to the arbitration thread: the leg's {@link MarketListener} copies each event into a slot of
 * a bounded ring of pooled events; the arbitration thread ({@link AbFeed}) reads them in order.
 * <p>
 * <b>Memory model.</b> Producers are the leg adapter's threads (its message thread for market data, and rarely a
 * timer or event thread for a status), serialised by a per-leg {@link ReentrantLock} that only this leg's threads
 * take (uncontended on the hot path: one CAS; no lock is shared between the legs or with the arbitration thread).
 * A producer fills slot {@code tail}, then publishes it with a release store of {@code tail + 1}
 * ({@link AtomicLong#lazySet}); the consumer reads {@code tail} with a volatile (acquire) load, so every write to the
 * slot happens-before its read. The consumer frees a slot with a release store of {@code head}; a producer reads
 * {@code head} with an acquire load before reusing a slot. When the ring is full the producer waits (spin, then
 * 50 us parks), which back-pressures the leg's reader and so its TCP connection; every wait is counted.
 * <p>
 * Instrument ids: each leg's adapter may intern symbols in its own {@link InstrumentRegistry}; the producer maps the
 * leg's ids to the consumer's registry (cold path, once per symbol and leg, under the feed's registry lock), so both
 * legs' events carry the consumer's ids. When both legs share the consumer's registry the ids pass unchanged.
 */
final class LegRing implements MarketListener
{
    static final int BOOK = 1;
    static final int TRADE = 2;
    static final int TOP = 3;
    static final int TICKER = 4;
    static final int LIQUIDATION = 5;
    static final int STATUS = 6;

    /**
     * One pooled event of each type, created on first use (warm-up).
     */
    static final class Slot
    {
        int type;
        BookUpdate book;
        Trade trade;
        TopOfBook top;
        DerivativesTicker ticker;
        Liquidation liquidation;
        FeedStatus status;

        /**
         * The slot's pooled event of a type, created on its first use.
         */
        MarketEvent pooled(final int eventType)
        {
            return switch (eventType)
            {
                case BOOK -> book != null ? book : (book = new BookUpdate());
                case TRADE -> trade != null ? trade : (trade = new Trade());
                case TOP -> top != null ? top : (top = new TopOfBook());
                case TICKER -> ticker != null ? ticker : (ticker = new DerivativesTicker());
                case LIQUIDATION -> liquidation != null ? liquidation : (liquidation = new Liquidation());
                default -> status != null ? status : (status = new FeedStatus());
            };
        }
    }

    private final int leg;
    private final Slot[] slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final ReentrantLock producerLock = new ReentrantLock();
    private final InstrumentRegistry legRegistry;
    private final InstrumentRegistry consumerRegistry;
    private final ReentrantLock registryLock;
    private int[] consumerIdByLegId = new int[0];
    private int[] consumerVenueByLegVenue = new int[0];
    private final AtomicLong fullWaits = new AtomicLong();

    LegRing(final int leg, final int capacity, final InstrumentRegistry legRegistry,
        final InstrumentRegistry consumerRegistry, final ReentrantLock registryLock)
    {
        this.leg = leg;
        final int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        slots = new Slot[size];
        for (int i = 0; i < size; i++)
        {
            slots[i] = new Slot();
        }
        mask = size - 1;
        this.legRegistry = legRegistry;
        this.consumerRegistry = consumerRegistry;
        this.registryLock = registryLock;
    }

    long fullWaits()
    {
        return fullWaits.get();
    }

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        offer(BOOK, update, AbCopy::copy);
    }

    @Override
    public void onTrade(final Trade trade)
    {
        offer(TRADE, trade, AbCopy::copy);
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        offer(TOP, top, AbCopy::copy);
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        offer(TICKER, ticker, AbCopy::copy);
    }

    @Override
    public void onLiquidation(final Liquidation liquidation)
    {
        offer(LIQUIDATION, liquidation, AbCopy::copy);
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        offer(STATUS, status, AbCopy::copy);
    }

    /**
     * Hands the published events to the arbiter, oldest first (arbitration thread only).
     *
     * @param arbiter the arbiter.
     * @param limit   the most events to hand over.
     * @return how many were handed over.
     */
    int drain(final AbArbiter arbiter, final int limit)
    {
        final long available = tail.get();
        long position = head.get();
        int count = 0;
        while (position < available && count < limit)
        {
            final Slot slot = slots[(int)(position & mask)];
            switch (slot.type)
            {
                case BOOK -> arbiter.onBook(leg, slot.book);
                case TRADE -> arbiter.onTrade(leg, slot.trade);
                case TOP -> arbiter.onTopOfBook(leg, slot.top);
                case TICKER -> arbiter.onTicker(leg, slot.ticker);
                case LIQUIDATION -> arbiter.onLiquidation(leg, slot.liquidation);
                default -> arbiter.onStatus(leg, slot.status);
            }
            position++;
            count++;
            head.lazySet(position);
        }
        return count;
    }

    /**
     * Copies an event into the next slot's pooled event of its type and publishes it (one path for every type; the
     * copy is a non-capturing method reference: nothing allocated per event).
     */
    private <E extends MarketEvent> void offer(final int type, final E event, final BiConsumer<E, E> copy)
    {
        producerLock.lock();
        try
        {
            @SuppressWarnings("unchecked")
            final E pooled = (E)claim(type).pooled(type);
            copy.accept(event, pooled);
            translate(pooled);
            publish();
        }
        finally
        {
            producerLock.unlock();
        }
    }

    private Slot claim(final int type)
    {
        final long position = tail.get();
        if (position - head.get() >= slots.length)
        {
            fullWaits.lazySet(fullWaits.get() + 1);
            int spins = 0;
            while (position - head.get() >= slots.length)
            {
                if (++spins < 100)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    LockSupport.parkNanos(50_000L);
                }
            }
        }
        final Slot slot = slots[(int)(position & mask)];
        slot.type = type;
        return slot;
    }

    private void publish()
    {
        tail.lazySet(tail.get() + 1);
    }

    private void translate(final MarketEvent event)
    {
        if (legRegistry == consumerRegistry)
        {
            return;
        }
        final int legVenue = event.venueId();
        final int legInstrument = event.instrumentId();
        int venue = legVenue < consumerVenueByLegVenue.length ? consumerVenueByLegVenue[legVenue] : -1;
        int instrument = legInstrument == MarketEvent.NO_INSTRUMENT ? MarketEvent.NO_INSTRUMENT :
            legInstrument < consumerIdByLegId.length ? consumerIdByLegId[legInstrument] : -1;
        if (venue < 0 || instrument == -1)
        {
            venue = mapVenue(legVenue);
            if (legInstrument != MarketEvent.NO_INSTRUMENT)
            {
                instrument = mapInstrument(venue, legInstrument);
            }
        }
        event.header(venue, instrument, event.exchangeTimestampNs(), event.receiveTimeNs());
    }

    private int mapVenue(final int legVenue)
    {
        if (legVenue >= consumerVenueByLegVenue.length)
        {
            final int old = consumerVenueByLegVenue.length;
            consumerVenueByLegVenue = Arrays.copyOf(consumerVenueByLegVenue, legVenue + 4);
            Arrays.fill(consumerVenueByLegVenue, old, consumerVenueByLegVenue.length, -1);
        }
        if (consumerVenueByLegVenue[legVenue] < 0)
        {
            registryLock.lock();
            try
            {
                consumerVenueByLegVenue[legVenue] = consumerRegistry.venue(legRegistry.venueName(legVenue));
            }
            finally
            {
                registryLock.unlock();
            }
        }
        return consumerVenueByLegVenue[legVenue];
    }

    private int mapInstrument(final int venue, final int legInstrument)
    {
        if (legInstrument >= consumerIdByLegId.length)
        {
            final int old = consumerIdByLegId.length;
            consumerIdByLegId = Arrays.copyOf(consumerIdByLegId, legInstrument + 16);
            Arrays.fill(consumerIdByLegId, old, consumerIdByLegId.length, -1);
        }
        if (consumerIdByLegId[legInstrument] < 0)
        {
            registryLock.lock();
            try
            {
                consumerIdByLegId[legInstrument] = consumerRegistry.register(venue,
                    legRegistry.symbol(legInstrument), legRegistry.spec(legInstrument));
            }
            finally
            {
                registryLock.unlock();
            }
        }
        return consumerIdByLegId[legInstrument];
    }
}
