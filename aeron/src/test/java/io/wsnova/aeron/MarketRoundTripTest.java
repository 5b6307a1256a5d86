package io.wsnova.aeron;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.FreePort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential: a seeded random stream of every event type, published by {@link MarketPublisher} and received by
 * {@link MarketSubscriber} through a real media driver, arrives complete, in order, equal field by field (books
 * included: the subscriber's own book prints the same top 10). Seed: {@code -Dwsnova.seed=N}.
 */
class MarketRoundTripTest
{
    static final int STREAM_ID = 1601;
    private static final int EVENTS = 5_000;
    private static final long TIMEOUT_MS = 30_000;

    @Test
    void shouldDeliverEveryEventFieldByFieldOverIpc()
    {
        roundTrip("aeron:ipc");
    }

    @Test
    void shouldDeliverEveryEventFieldByFieldOverUdpUnicastOnLoopback()
    {
        roundTrip("aeron:udp?endpoint=127.0.0.1:" + FreePort.find());
    }

    private static void roundTrip(final String channel)
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("MarketRoundTripTest " + channel + " seed=" + seed + " (rerun with -Dwsnova.seed=" + seed +
            ")");
        try (AeronTestEnv env = new AeronTestEnv();
            Subscription subscription = env.aeron.addSubscription(channel, STREAM_ID);
            Publication publication = env.aeron.addPublication(channel, STREAM_ID);
            PublisherCounters counters = PublisherCounters.allocate(env.aeron, "round-trip"))
        {
            AeronTestEnv.awaitReady(publication);
            final MarketEvents events = new MarketEvents(seed);
            final MarketEvents.Recorder sent = new MarketEvents.Recorder(() -> events.registry);
            final MarketSubscriber[] holder = new MarketSubscriber[1];
            final MarketEvents.Recorder received = new MarketEvents.Recorder(() -> holder[0].registry());
            final MarketSubscriber subscriber = new MarketSubscriber(received);
            holder[0] = subscriber;
            final MarketPublisher publisher = MarketPublisher.builder()
                .publication(publication).registry(events.registry).counters(counters).build();
            final MarketListener both = new Tee(sent, publisher);

            for (int type = 0; type < MarketEvents.EVENT_TYPES; type++)
            {
                events.emit(type, both);
            }
            for (int i = 0; i < EVENTS; i++)
            {
                events.emitRandom(both);
                subscriber.poll(subscription, 10);
            }
            Await.until(() ->
            {
                subscriber.poll(subscription, 100);
                return received.events.size() >= sent.events.size();
            }, TIMEOUT_MS, () -> "received " + received.events.size() + " of " + sent.events.size());

            assertThat(counters.dropped()).as("dropped").isZero();
            assertThat(counters.published().get()).isEqualTo(sent.events.size());
            assertThat(subscriber.undefined() + subscriber.malformed() + subscriber.booksNotLive()).isZero();
            assertThat(received.events).containsExactlyElementsOf(sent.events);
            for (final String prefix : new String[]{"trade", "book", "top", "ticker", "liquidation", "status"})
            {
                assertThat(sent.events).as(prefix).anyMatch(line -> line.startsWith(prefix + " "));
            }
        }
    }

    /** Hands every event to two listeners, in order. */
    record Tee(MarketListener first, MarketListener second) implements MarketListener
    {
        @Override
        public void onTrade(final Trade trade)
        {
            first.onTrade(trade);
            second.onTrade(trade);
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            first.onBook(update, book);
            second.onBook(update, book);
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            first.onTopOfBook(top);
            second.onTopOfBook(top);
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            first.onTicker(ticker);
            second.onTicker(ticker);
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            first.onLiquidation(liquidation);
            second.onLiquidation(liquidation);
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            first.onStatus(status);
            second.onStatus(status);
        }
    }
}
