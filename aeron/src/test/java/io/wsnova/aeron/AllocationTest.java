package io.wsnova.aeron;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Allocation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing and receiving every event type allocates nothing after warm-up (both ends on this thread, over IPC).
 */
class AllocationTest
{
    private static final int ITERATIONS = 20_000;
    private static final int WARM_UP_ITERATIONS = 200_000;
    // Short, so that measured rounds also repeat instrument definitions (tens per round).
    private static final long DEFINITION_INTERVAL_NS = 10_000_000L;

    @Test
    void shouldPublishAndReceiveEveryEventTypeWithoutAllocating()
    {
        try (AeronTestEnv env = new AeronTestEnv();
            Subscription subscription = env.aeron.addSubscription("aeron:ipc", MarketRoundTripTest.STREAM_ID);
            Publication publication = env.aeron.addPublication("aeron:ipc", MarketRoundTripTest.STREAM_ID);
            PublisherCounters counters = PublisherCounters.allocate(env.aeron, "allocation"))
        {
            AeronTestEnv.awaitReady(publication);
            final InstrumentRegistry registry = new InstrumentRegistry();
            final int venue = registry.venue("deribit");
            final int instrument = registry.register(venue, "BTC-PERPETUAL", InstrumentSpec.spot(5, 1, 10, 0));
            final MarketPublisher publisher = MarketPublisher.builder().publication(publication).registry(registry)
                .counters(counters).definitionIntervalNs(DEFINITION_INTERVAL_NS).build();
            final long[] received = new long[1];
            final MarketSubscriber subscriber = new MarketSubscriber(new MarketListener()
            {
                @Override
                public void onTrade(final Trade trade)
                {
                    received[0]++;
                }

                @Override
                public void onBook(final BookUpdate update, final OrderBook book)
                {
                    received[0]++;
                }

                @Override
                public void onTopOfBook(final TopOfBook top)
                {
                    received[0]++;
                }

                @Override
                public void onTicker(final DerivativesTicker ticker)
                {
                    received[0]++;
                }

                @Override
                public void onLiquidation(final Liquidation liquidation)
                {
                    received[0]++;
                }

                @Override
                public void onStatus(final FeedStatus status)
                {
                    received[0]++;
                }
            });

            final Trade trade = new Trade();
            trade.header(venue, instrument, 1L, 2L);
            trade.price().set(new Decimal(6_500_015, 1));
            trade.size().set(new Decimal(10, 0));
            trade.aggressor(Side.SELL);
            trade.tradeId().set(123_456_789L);
            final BookUpdate snapshot = new BookUpdate().reset(true).sequences(1, 1, BookUpdate.NO_SEQUENCE);
            snapshot.header(venue, instrument, 1L, 2L);
            final BookUpdate delta = new BookUpdate().reset(false).sequences(2, 2, 1);
            delta.header(venue, instrument, 1L, 2L);
            for (int i = 0; i < 20; i++)
            {
                snapshot.addLevel(BookSide.BID, 650_000 - i * 5L, 1, 100 + i, 0);
                snapshot.addLevel(BookSide.ASK, 650_005 + i * 5L, 1, 100 + i, 0);
            }
            delta.addLevel(BookSide.BID, 650_000, 1, 7, 0).addDelete(BookSide.ASK, new Decimal(650_010, 1));
            final OrderBook book = new OrderBook(venue, instrument);
            book.apply(snapshot, SequenceRule.UNCHECKED);
            final TopOfBook top = new TopOfBook();
            top.header(venue, instrument, 1L, 2L);
            top.bidPrice().set(650_000, 1);
            top.askPrice().set(650_005, 1);
            final DerivativesTicker ticker = new DerivativesTicker();
            ticker.header(venue, instrument, 1L, 2L);
            ticker.markPrice().set(650_001, 1);
            final Liquidation liquidation = new Liquidation();
            liquidation.header(venue, instrument, 1L, 2L);
            liquidation.price().set(650_000, 1);
            liquidation.size().set(5, 0);
            final FeedStatus status = new FeedStatus().set(FeedState.STALE, FeedReason.NO_DATA_TIMEOUT);
            status.header(venue, MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, 3L);
            publisher.onBook(snapshot, book);

            final Runnable round = () ->
            {
                publisher.onTrade(trade);
                publisher.onBook(delta, book);
                publisher.onTopOfBook(top);
                publisher.onTicker(ticker);
                publisher.onLiquidation(liquidation);
                publisher.onStatus(status);
                while (subscriber.poll(subscription, 100) > 0)
                {
                    Thread.onSpinWait();
                }
            };
            // Long enough for C2 to compile both ends (and their rarely taken definition branch) before measuring.
            for (int i = 0; i < WARM_UP_ITERATIONS; i++)
            {
                round.run();
            }
            final Allocation.Result result = Allocation.measure(ITERATIONS, round);

            System.out.println("AllocationTest: " + result + " received=" + received[0] + " definitions=" +
                counters.definitions().get());
            assertThat(result.bytes()).isZero();
            assertThat(counters.definitions().get()).isGreaterThan(2);
            assertThat(counters.dropped()).isZero();
            assertThat(received[0]).isEqualTo(counters.published().get());
        }
    }
}
