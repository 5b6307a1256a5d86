package io.wsnova.adapters.deribit;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.deribit.DeribitHandlerHarness.BOOK_CHANNEL;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.change;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second pair of eyes on the Deribit adapter against a Deribit-speaking loopback server: book notifications that
 * arrive before the subscribe result, a second snapshot for a live book with a lower {@code change_id}, numbers in
 * exponent form in change entries, and a disconnect after the user unsubscribed a book (no status for a book nobody
 * wants: it would never be restored).
 */
@Timeout(60)
class DeribitHostileVenueTest extends DeribitServerTestBase
{
    private static final long WAIT_MS = 20_000L;

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final DeribitMarketListener listener = new DeribitMarketListener()
    {
        @Override
        public void onBook(final DeribitOrderBook book)
        {
            events.add("book " + book.changeId() + " " + DeribitHandlerHarness.levels(book.bids(), 5) + " " +
                DeribitHandlerHarness.levels(book.asks(), 5));
        }

        @Override
        public void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus status)
        {
            events.add("status " + book.channel() + " " + status);
        }
    };

    @Test
    void shouldApplyBookNotificationsThatArriveBeforeTheSubscribeResult() throws Exception
    {
        server.beforeSubscribeAnswer(request ->
        {
            request.reply(snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
            request.reply(change(100, 101, "[\"change\",10,2]", ""));
        });
        connect();
        connection.subscribe(BOOK_CHANNEL, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitEvent("book 101 [[\"10\",\"2\"]] [[\"11\",\"1\"]]");
        assertThat(statuses()).containsExactly("status " + BOOK_CHANNEL + " SNAPSHOT_APPLIED");
    }

    @Test
    void shouldReplaceALiveBookWithASecondSnapshotOfALowerChangeId() throws Exception
    {
        liveBook();
        server.push(snapshot(50, "[\"new\",9,4]", ""));
        awaitEvent("book 50 [[\"9\",\"4\"]] []");
        server.push(change(50, 51, "[\"new\",8,1]", "[\"new\",12,3]"));
        awaitEvent("book 51 [[\"9\",\"4\"],[\"8\",\"1\"]] [[\"12\",\"3\"]]");
        assertThat(statuses()).containsExactly("status " + BOOK_CHANNEL + " SNAPSHOT_APPLIED");
    }

    @Test
    void shouldReadChangeEntriesInExponentForm() throws Exception
    {
        liveBook();
        server.push(change(100, 101, "[\"change\",1.0e1,2E0],[\"new\",9.5E+0,0.25e1]", "[\"delete\",1.1e1,0.0]"));
        awaitEvent("book 101 [[\"10\",\"2\"],[\"9.5\",\"2.5\"]] []");
        assertThat(statuses()).containsExactly("status " + BOOK_CHANNEL + " SNAPSHOT_APPLIED");
    }

    @Test
    void shouldNotReportABookTheUserUnsubscribedWhenTheConnectionDrops() throws Exception
    {
        liveBook();
        connection.unsubscribe(BOOK_CHANNEL).get(WAIT_MS, TimeUnit.MILLISECONDS);
        final int opened = server.connectionsOpened();
        server.closeAll(1001, "going away");
        Await.until(() -> server.connectionsOpened() > opened, WAIT_MS, "the reconnect");
        connection.subscribe("ticker.BTC-PERPETUAL.100ms", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(statuses()).as("a book nobody wants gets no status it would never recover from")
            .containsExactly("status " + BOOK_CHANNEL + " SNAPSHOT_APPLIED");
    }

    private void liveBook() throws Exception
    {
        connect();
        connection.subscribe(BOOK_CHANNEL, null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        server.push(snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
        awaitEvent("book 100 [[\"10\",\"1\"]] [[\"11\",\"1\"]]");
    }

    private void connect()
    {
        final DeribitAdapter adapter = DeribitAdapter.builder().listener(listener).build();
        connection = DeribitClient.of(adapter).connectBlocking(NovaOptions.builder().url(server.url()).build());
    }

    private void awaitEvent(final String event)
    {
        Await.until(() -> events.contains(event), WAIT_MS, () -> "no " + event + " in " + events);
    }

    private List<String> statuses()
    {
        return events.stream().filter(e -> e.startsWith("status")).toList();
    }
}
