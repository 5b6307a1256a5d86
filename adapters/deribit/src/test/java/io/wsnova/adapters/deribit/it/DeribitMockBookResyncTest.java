package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitBookResync;
import io.wsnova.adapters.deribit.DeribitOrderBook;
import io.wsnova.mock.deribit.MockBookSnapshot;
import io.wsnova.engine.api.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.BTC;
import static io.wsnova.adapters.deribit.it.DeribitMockFixture.COMPARED_DEPTH;
import static io.wsnova.adapters.deribit.it.DeribitMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A missed book notification (the mock applies a change without sending it) is detected by {@code change_id}, the
 * channel is subscribed afresh, and the rebuilt book equals the exchange's own book, level by level, exactly.
 */
@Timeout(90)
class DeribitMockBookResyncTest
{
    private static final int MESSAGES_PER_SECOND = 2_000;
    private static final String BTC_BOOK = DeribitMockFixture.channel(Recorder.BOOK, BTC);
    private static final String ETH_BOOK = DeribitMockFixture.channel(Recorder.BOOK, ETH);

    private DeribitMockFixture fixture;

    @AfterEach
    void close()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldResyncAGappedBookAndRebuildTheExchangesBookExactly() throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config().messagesPerSecond(MESSAGES_PER_SECOND));
        fixture.recorder.captureBooks(true);
        final Connection connection = fixture.connect();
        DeribitMockFixture.subscribe(connection, List.of(BTC_BOOK, ETH_BOOK));
        fixture.awaitMessages(List.of(BTC_BOOK, ETH_BOOK), new long[2], 20);
        final DeribitOrderBook btc = fixture.recorder.book(BTC);
        final DeribitOrderBook eth = fixture.recorder.book(ETH);
        assertThat(btc.resyncCount()).isZero();

        fixture.exchange.injectBookGap(BTC);

        fixture.await("a resync of " + BTC_BOOK, () -> !fixture.recorder.resyncs().isEmpty());
        assertThat(fixture.recorder.resyncs()).containsExactly(BTC_BOOK + " " + DeribitBookResync.CHANGE_ID_GAP + " 1");
        fixture.await("the book rebuilt from a new snapshot", () -> btc.snapshotCount() >= 2 && !btc.isStale());
        fixture.awaitMessages(List.of(BTC_BOOK), fixture.recorder.messagesByChannel(List.of(BTC_BOOK)), 20);

        fixture.exchange.pauseMarketData();
        thenTheClientBookEqualsTheExchangeBook(BTC);
        thenTheClientBookEqualsTheExchangeBook(ETH);
        assertThat(btc.resyncCount()).as("resyncs").isEqualTo(1);
        assertThat(btc.isStale()).isFalse();
        assertThat(btc.snapshotCount()).as("snapshots: the first and the resync").isEqualTo(2);
        assertThat(eth.resyncCount()).as("resyncs of the other book").isZero();
        assertThat(eth.snapshotCount()).isEqualTo(1);
        assertThat(fixture.recorder.resyncs()).hasSize(1);
        assertThat(fixture.exchange.stats().bookGapsInjected()).isEqualTo(1);
        assertThat(fixture.exchange.stats().notificationsSkipped()).isZero();
        assertThat(fixture.recorder.disconnects()).isZero();
    }

    /**
     * With market data paused: waits until the client has applied the last change the exchange sent, checks that
     * the exchange did not move meanwhile, then compares the top levels as exact decimal strings.
     */
    private void thenTheClientBookEqualsTheExchangeBook(final String instrument)
    {
        final MockBookSnapshot[] settled = new MockBookSnapshot[1];
        fixture.await("the client at the exchange's last change_id of " + instrument, () ->
        {
            final MockBookSnapshot exchangeBook = fixture.exchange.book(instrument, COMPARED_DEPTH);
            final Recorder.BookView clientBook = fixture.recorder.bookView(instrument);
            if (clientBook == null || clientBook.changeId() != exchangeBook.changeId())
            {
                return false;
            }
            final MockBookSnapshot again = fixture.exchange.book(instrument, COMPARED_DEPTH);
            settled[0] = again;
            return again.changeId() == exchangeBook.changeId();
        }, () -> "client " + fixture.recorder.bookView(instrument) + ", exchange " +
            fixture.exchange.book(instrument, COMPARED_DEPTH).changeId());

        final Recorder.BookView clientBook = fixture.recorder.bookView(instrument);
        assertThat(settled[0].bids()).hasSize(COMPARED_DEPTH);
        assertThat(settled[0].asks()).hasSize(COMPARED_DEPTH);
        assertThat(clientBook.changeId()).isEqualTo(settled[0].changeId());
        assertThat(clientBook.bids()).as(instrument + " bids").isEqualTo(DeribitMockFixture.levels(settled[0].bids()));
        assertThat(clientBook.asks()).as(instrument + " asks").isEqualTo(DeribitMockFixture.levels(settled[0].asks()));
    }
}
