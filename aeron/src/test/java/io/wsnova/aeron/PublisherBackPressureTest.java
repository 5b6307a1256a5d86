package io.wsnova.aeron;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber that does not poll: the publisher spins within its bound, then drops and counts; it is never held
 * for long; every event is accounted for; once the subscriber catches up, events flow again.
 */
class PublisherBackPressureTest
{
    // A 64 KiB term: the window fills after a few hundred trades.
    private static final String CHANNEL = "aeron:ipc?term-length=65536";
    private static final long MAX_SPIN_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int MAX_EVENTS = 200_000;
    private static final int DROPS_WANTED = 500;
    // Far above the 200 µs bound: only a stall of the shared machine comes near it, a blocking publisher exceeds it.
    private static final long GENEROUS_CALL_BOUND_NS = TimeUnit.SECONDS.toNanos(2);

    @Test
    void shouldCountAndDropWithinItsBoundWhenTheSubscriberDoesNotPoll()
    {
        try (AeronTestEnv env = new AeronTestEnv();
            Subscription subscription = env.aeron.addSubscription(CHANNEL, MarketRoundTripTest.STREAM_ID);
            Publication publication = env.aeron.addPublication(CHANNEL, MarketRoundTripTest.STREAM_ID);
            PublisherCounters counters = PublisherCounters.allocate(env.aeron, "back-pressure"))
        {
            AeronTestEnv.awaitReady(publication);
            final InstrumentRegistry registry = new InstrumentRegistry();
            final int venue = registry.venue("binance");
            final int instrument = registry.register(venue, "BTCUSDT", InstrumentSpec.spot(1, 2, 1, 5));
            final MarketPublisher publisher = MarketPublisher.builder().publication(publication).registry(registry)
                .counters(counters).maxSpinNs(MAX_SPIN_NS).maxRetries(Integer.MAX_VALUE).build();
            final Trade trade = new Trade();
            trade.price().set(new Decimal(6_500_012, 2));
            trade.size().set(new Decimal(15, 3));
            trade.aggressor(Side.BUY);

            long offered = 0;
            long longestCallNs = 0;
            while (counters.droppedBackPressured().get() < DROPS_WANTED && offered < MAX_EVENTS)
            {
                trade.header(venue, instrument, offered, offered);
                trade.tradeId().set(offered);
                final long startNs = System.nanoTime();
                publisher.onTrade(trade);
                longestCallNs = Math.max(longestCallNs, System.nanoTime() - startNs);
                offered++;
            }

            System.out.println("PublisherBackPressureTest: offered=" + offered + " published=" +
                counters.published().get() + " backPressured=" + counters.backPressured().get() + " dropped=" +
                counters.droppedBackPressured().get() + " longestCallUs=" + longestCallNs / 1_000);
            assertThat(counters.droppedBackPressured().get()).isEqualTo(DROPS_WANTED);
            assertThat(counters.published().get() + counters.dropped()).isEqualTo(offered);
            assertThat(counters.droppedNotConnected().get() + counters.droppedClosed().get()).isZero();
            assertThat(counters.backPressured().get()).isGreaterThanOrEqualTo(DROPS_WANTED);
            assertThat(publisher.lastResult()).isEqualTo(Publication.BACK_PRESSURED);
            assertThat(longestCallNs).as("longest onTrade in ns").isLessThan(GENEROUS_CALL_BOUND_NS);

            final long published = counters.published().get();
            final long[] received = new long[1];
            final MarketSubscriber subscriber = new MarketSubscriber(new MarketListener()
            {
                @Override
                public void onTrade(final Trade received0)
                {
                    received[0]++;
                }
            });
            Await.until(() ->
            {
                subscriber.poll(subscription, 1_000);
                return received[0] == published;
            }, 30_000, () -> "received " + received[0] + " of " + published);
            // The driver raises the publication's limit asynchronously once the subscriber's position moved.
            Await.until(() ->
            {
                publisher.onTrade(trade);
                return publisher.lastResult() > 0;
            }, 30_000, "an offer succeeds after the subscriber caught up");
            assertThat(counters.published().get()).isEqualTo(published + 1);
        }
    }
}
