package io.wsnova.aeron;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the publisher goes away, the subscriber says so (DISCONNECTED / CONNECTION_LOST for its venue) and its
 * books wait for a new snapshot: no silent gap.
 */
class ImageLossTest
{
    @Test
    void shouldReportDisconnectedAndMarkBooksStaleWhenThePublisherGoes()
    {
        try (AeronTestEnv env = new AeronTestEnv();
            PublisherCounters counters = PublisherCounters.allocate(env.aeron, "image-loss"))
        {
            final List<FeedStatus> statuses = new ArrayList<>();
            final List<String> states = new ArrayList<>();
            final int[] books = new int[1];
            final MarketSubscriber subscriber = new MarketSubscriber(new MarketListener()
            {
                @Override
                public void onBook(final BookUpdate update, final OrderBook book)
                {
                    books[0]++;
                }

                @Override
                public void onStatus(final FeedStatus status)
                {
                    statuses.add(status);
                    states.add(status.state() + "/" + status.reason() + "/" + status.instrumentId());
                }
            });
            final Subscription subscription = env.aeron.addSubscription("aeron:ipc", MarketRoundTripTest.STREAM_ID,
                null, subscriber::onUnavailableImage);
            final InstrumentRegistry registry = new InstrumentRegistry();
            final int venue = registry.venue("deribit");
            final int instrument = registry.register(venue, "BTC-PERPETUAL", InstrumentSpec.spot(5, 1, 10, 0));
            try (Publication publication = env.aeron.addPublication("aeron:ipc", MarketRoundTripTest.STREAM_ID))
            {
                AeronTestEnv.awaitReady(publication);
                final MarketPublisher publisher = MarketPublisher.builder().publication(publication)
                    .registry(registry).counters(counters).build();
                final BookUpdate snapshot = new BookUpdate().reset(true).sequences(1, 1, BookUpdate.NO_SEQUENCE);
                snapshot.header(venue, instrument, 1L, 2L);
                snapshot.addLevel(BookSide.BID, 650_000, 1, 10, 0).addLevel(BookSide.ASK, 650_005, 1, 10, 0);
                final OrderBook book = new OrderBook(venue, instrument);
                book.apply(snapshot, SequenceRule.UNCHECKED);
                publisher.onBook(snapshot, book);
                Await.until(() ->
                {
                    subscriber.poll(subscription, 10);
                    return books[0] == 1;
                }, 30_000, () -> "snapshot received; published=" + counters.published().get() + " dropped=" +
                    counters.dropped() + " definitions=" + counters.definitions().get() + " undefined=" +
                    subscriber.undefined() + " notLive=" + subscriber.booksNotLive() + " malformed=" +
                    subscriber.malformed());
            }
            Await.until(() ->
            {
                subscriber.poll(subscription, 10);
                return subscriber.imagesLost() == 1;
            }, 60_000, "image lost after the publication closed");

            assertThat(states).containsExactly(FeedState.DISCONNECTED + "/" + FeedReason.CONNECTION_LOST + "/-1");
            assertThat(subscriber.registry().venueName(statuses.get(0).venueId())).isEqualTo("deribit");
            assertThat(subscriber.book(0).isLive()).isFalse();
            subscription.close();
        }
    }
}
