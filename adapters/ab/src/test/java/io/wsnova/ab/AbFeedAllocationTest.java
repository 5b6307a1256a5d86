package io.wsnova.ab;

import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DeribitSequenceRule;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Allocation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zero allocation per event after warm-up on the whole A/B path: both legs' listeners copy into their rings (with
 * the leg-to-consumer id mapping), {@link AbFeed#doWork()} hands them to the arbiter, which delivers the first copy
 * of each book delta and trade and drops the second (duplicate check, lead histogram), all on this thread.
 */
class AbFeedAllocationTest
{
    private long id = 1_000;
    private long delivered;

    @Test
    void shouldAllocateNothingPerEventAfterWarmUp()
    {
        final InstrumentRegistry consumer = new InstrumentRegistry();
        final InstrumentRegistry registryA = new InstrumentRegistry();
        final InstrumentRegistry registryB = new InstrumentRegistry();
        final int venueA = registryA.venue("deribit");
        final int venueB = registryB.venue("deribit");
        registryB.register(venueB, "ETH-PERPETUAL", InstrumentSpec.spot(1, 1, 1, 1));
        final int instrumentA = registryA.register(venueA, "BTC-PERPETUAL", InstrumentSpec.spot(1, 1, 1, 1));
        final int instrumentB = registryB.register(venueB, "BTC-PERPETUAL", InstrumentSpec.spot(1, 1, 1, 1));
        final MarketListener sink = new MarketListener()
        {
            @Override
            public void onBook(final BookUpdate update, final OrderBook book)
            {
                delivered++;
            }

            @Override
            public void onTrade(final Trade trade)
            {
                delivered++;
            }
        };
        final AbArbiter arbiter = AbArbiter.builder().consumer(sink).rule(DeribitSequenceRule.INSTANCE).build();
        try (AbFeed feed = new AbFeed(arbiter, consumer, registryA, registryB, 64))
        {
            final BookUpdate updateA = new BookUpdate();
            final BookUpdate updateB = new BookUpdate();
            final Trade tradeA = new Trade();
            final Trade tradeB = new Trade();
            updateA.header(venueA, instrumentA, 0L, 1L);
            updateA.reset(true).sequences(id, id, BookUpdate.NO_SEQUENCE).addLevel(BookSide.BID, 100, 0, 1, 0);
            feed.leg(AbArbiter.LEG_A).onBook(updateA, null);
            feed.doWork();
            final Runnable event = () ->
            {
                final long previous = id++;
                updateA.header(venueA, instrumentA, 0L, System.nanoTime());
                updateA.reset(false).sequences(id, id, previous).addLevel(BookSide.BID, 100 + id % 10, 0, id % 5, 0);
                updateB.header(venueB, instrumentB, 0L, System.nanoTime());
                updateB.reset(false).sequences(id, id, previous).addLevel(BookSide.BID, 100 + id % 10, 0, id % 5, 0);
                tradeA.header(venueA, instrumentA, 0L, System.nanoTime());
                tradeA.tradeId().set(id);
                tradeB.header(venueB, instrumentB, 0L, System.nanoTime());
                tradeB.tradeId().set(id);
                feed.leg(AbArbiter.LEG_A).onBook(updateA, null);
                feed.leg(AbArbiter.LEG_A).onTrade(tradeA);
                feed.leg(AbArbiter.LEG_B).onBook(updateB, null);
                feed.leg(AbArbiter.LEG_B).onTrade(tradeB);
                feed.doWork();
            };
            final Allocation.Result result = Allocation.measure(20_000, event);
            assertThat(result.bytes()).as("bytes over 20,000 events per leg after warm-up: %s", result).isZero();
            assertThat(arbiter.counters().duplicates(AbArbiter.LEG_B)).isPositive();
            assertThat(arbiter.counters().bothMissed()).isZero();
            assertThat(delivered).isPositive();
        }
    }
}
