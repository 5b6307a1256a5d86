package io.wsnova.adapters.binance;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replacement's book sync stays inside the handover: its book may switch at the snapshot itself (the snapshot's
 * {@code lastUpdateId} equals the last update the old connection delivered), while {@link BinanceBookSync} is still
 * applying the buffered events and has yet to report {@link FeedState#RESYNC_DONE}. The handover completes only
 * when the replacement's books are live, so that status stays internal like its {@link FeedState#RESYNC_STARTED};
 * completed earlier, the user saw a {@code RESYNC_DONE} of a sync never reported as started (the flake of
 * {@code BinanceFeedHandoverTest}: 5 resync statuses for 4). When the handover is forced while a replacement book
 * still syncs, the user is told so ({@code RESYNC_STARTED} after {@code HANDOVER_DONE}) before that book's
 * {@code RESYNC_DONE}.
 */
class BinanceHandoverStandbySyncTest
{
    private static final int BTC = 0;

    private final Recorder recorder = new Recorder();
    private final BinanceAdapter adapter = BinanceAdapter.builder().listener(recorder).build();
    private final BinanceFeed feed = BinanceFeed.builder(adapter).build();
    private final BinanceHandover handover = new BinanceHandover(feed, adapter);
    private final BinanceLeg old = new BinanceLeg(feed, adapter, handover, 1);
    private final BinanceLeg replacement = new BinanceLeg(feed, adapter, handover, 2);
    private final OrderBook oldBook = new OrderBook(adapter.venueId(), BTC);
    private final OrderBook newBook = new OrderBook(adapter.venueId(), BTC);
    private final BookUpdate update = new BookUpdate();
    private final FeedStatus status = new FeedStatus();

    @Test
    void shouldCompleteOnlyAfterTheReplacementBookIsLiveWhenItSwitchesAtItsSnapshot()
    {
        givenOldBookDeliveredThrough100AndReplacementReady();

        status(replacement, FeedState.RESYNC_STARTED);
        book(replacement, newBook, true, 100); // the snapshot stands where the old connection stands: switched
        book(replacement, newBook, false, 101); // a buffered event, applied in the same sync
        assertThat(recorder.states).containsExactly(FeedState.HANDOVER_STARTED);
        status(replacement, FeedState.RESYNC_DONE);
        book(old, oldBook, false, 101); // the old connection's copy

        assertThat(recorder.states).containsExactly(FeedState.HANDOVER_STARTED, FeedState.HANDOVER_DONE);
        assertThat(recorder.books).containsExactly(90L, 100L, 101L);
        assertThat(handover.active()).isSameAs(replacement);
        book(replacement, newBook, false, 102);
        assertThat(recorder.books).containsExactly(90L, 100L, 101L, 102L);
    }

    @Test
    void shouldCompleteAtOnceWhenTheReplacementBookWentLiveBeforeItsSwitch()
    {
        givenOldBookDeliveredThrough100AndReplacementReady();

        status(replacement, FeedState.RESYNC_STARTED);
        book(replacement, newBook, true, 99);
        status(replacement, FeedState.RESYNC_DONE);
        book(replacement, newBook, false, 100);

        assertThat(recorder.states).containsExactly(FeedState.HANDOVER_STARTED, FeedState.HANDOVER_DONE);
        assertThat(handover.active()).isSameAs(replacement);
        book(old, oldBook, false, 101);
        book(replacement, newBook, false, 101);
        assertThat(recorder.books).containsExactly(90L, 100L, 101L);
    }

    @Test
    void shouldReportAStillSyncingReplacementBookWhenTheHandoverIsForced()
    {
        givenOldBookDeliveredThrough100AndReplacementReady();

        status(replacement, FeedState.RESYNC_STARTED);
        book(replacement, newBook, true, 100);
        status(old, FeedState.DISCONNECTED); // the old connection ends: forced
        status(replacement, FeedState.RESYNC_DONE);

        assertThat(recorder.states).containsExactly(FeedState.HANDOVER_STARTED, FeedState.HANDOVER_DONE,
            FeedState.RESYNC_STARTED, FeedState.RESYNC_DONE);
        assertThat(handover.active()).isSameAs(replacement);
    }

    private void givenOldBookDeliveredThrough100AndReplacementReady()
    {
        handover.activate(old);
        handover.expect(BinanceHandover.BOOK, BTC, true);
        book(old, oldBook, true, 90);
        book(old, oldBook, false, 100);
        assertThat(handover.begin(old, replacement, FeedReason.SERVER_SHUTDOWN, 0L)).isTrue();
        handover.onStandbyReady(replacement, 0L);
    }

    private void book(final BinanceLeg leg, final OrderBook book, final boolean snapshot, final long id)
    {
        update.reset(snapshot).sequences(snapshot ? BookUpdate.NO_SEQUENCE : id, id, BookUpdate.NO_SEQUENCE);
        update.header(adapter.venueId(), BTC, 0L, 0L);
        if (book.lastSequence() < id)
        {
            book.apply(update, SequenceRule.UNCHECKED);
            leg.onBook(update, book);
        }
    }

    private void status(final BinanceLeg leg, final FeedState state)
    {
        status.header(adapter.venueId(), state == FeedState.DISCONNECTED ? MarketEvent.NO_INSTRUMENT : BTC, 0L, 0L);
        status.set(state, FeedReason.NONE);
        leg.onStatus(status);
    }

    private static final class Recorder implements MarketListener
    {
        final List<FeedState> states = new ArrayList<>();
        final List<Long> books = new ArrayList<>();

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            books.add(book.lastSequence());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            states.add(status.state());
        }
    }
}
