package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.Await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.deribit.DeribitHandlerHarness.BOOK_CHANNEL;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.change;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book lifecycle of a real client against a Deribit-speaking loopback server, with the resync bounds on a
 * clock the test advances: every state change is an event and a counter, resyncs are bounded, retried with backoff
 * and escalated to a reconnect, and a book is stale from a drop until its restored snapshot.
 */
@Timeout(30)
class DeribitBookLifecycleTest extends DeribitServerTestBase
{
    private static final long TIMEOUT_MS = 5_000;
    private static final long BACKOFF_MS = 500;
    private static final String BAD_SNAPSHOT = snapshot(300, "[\"bogus\",10,1]", "[\"new\",11,1]");

    private final ManualBookTimer timer = new ManualBookTimer();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> books = new LinkedBlockingQueue<>();
    private final List<String> disconnects = new ArrayList<>();
    private final List<String> subscriptionEvents = new CopyOnWriteArrayList<>();
    private final DeribitMarketListener listener = new DeribitMarketListener()
    {
        @Override
        public void onBook(final DeribitOrderBook book)
        {
            books.add(book.changeId() + " " + DeribitHandlerHarness.levels(book.bids(), 5) + " " +
                DeribitHandlerHarness.levels(book.asks(), 5));
        }

        @Override
        public void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus status)
        {
            events.add(status + (book.isStale() ? " stale" : " live") +
                (status == DeribitBookStatus.RESYNC_REQUESTED ? " " + book.resyncAttempt() : ""));
        }
    };
    private final ConnectionListener lifecycle = new ConnectionListener()
    {
        @Override
        public void onDisconnected(final Connection connection, final CloseStatus status)
        {
            disconnects.add(status.reason().name());
        }

        @Override
        public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
        {
            subscriptionEvents.add("confirmed " + subscription.channel());
        }

        @Override
        public void onSubscriptionFailed(final Connection connection, final Subscription subscription)
        {
            subscriptionEvents.add("failed " + subscription.channel());
        }
    };
    private DeribitAdapter adapter;
    /** The connection's message handler, given in the options so that the test reads its books (public API). */
    private DeribitMessageHandler messageHandler;

    @Test
    void shouldReportRetryEscalateAndGiveUpWhenNoSnapshotCanBeApplied() throws Exception
    {
        connect();
        server.push(BAD_SNAPSHOT);
        assertThat(next()).isEqualTo("UNAPPLICABLE stale");
        // The handler learns its connection from the first message it handles: this change (dropped, stale).
        server.push(change(300, 301, "", ""));
        awaitDroppedChanges(1);

        timer.awaitAndRunDue();
        assertThat(next()).isEqualTo("RESYNC_REQUESTED stale 1");
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            assertThat(server.nextRequest("public/unsubscribe")).contains("\"channels\":[\"" + BOOK_CHANNEL + "\"]");
            assertThat(server.nextRequest("public/subscribe")).contains("\"channels\":[\"" + BOOK_CHANNEL + "\"]");
            awaitSubscriptionEvents(1 + attempt); // else the next try may join this one (see below)
            server.push(BAD_SNAPSHOT);
            assertThat(next()).isEqualTo("UNAPPLICABLE stale");
            timer.awaitAndRunDue();
            if (attempt < 3)
            {
                timer.advance((BACKOFF_MS << (attempt - 1)) - 1);
                assertThat(events).isEmpty();
                timer.advance(1);
                assertThat(next()).isEqualTo("RESYNC_REQUESTED stale " + (attempt + 1));
            }
        }
        assertThat(next()).isEqualTo("RESYNC_ESCALATED stale");
        assertThat(next()).isEqualTo("STALE_ON_DISCONNECT stale");
        assertThat(server.nextRequest("public/subscribe")).contains(BOOK_CHANNEL);
        server.push(BAD_SNAPSHOT);
        assertThat(next()).isEqualTo("UNAPPLICABLE stale");
        timer.awaitAndRunDue();
        assertThat(next()).isEqualTo("RESYNC_FAILED stale");

        timer.advance(10 * TIMEOUT_MS);
        server.push(change(301, 302, "", ""));
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        // A completion that arrives late on the event thread (the last try's resubscribe, failed by the
        // escalation's reconnect) may still schedule a check; run whatever is due: it must report nothing.
        timer.advance(10 * TIMEOUT_MS);
        assertThat(events.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(timer.pending()).isZero();
        assertThat(server.connectionsOpened()).isEqualTo(2);
        assertThat(disconnects).containsExactly("RECONNECT_REQUESTED");
        final DeribitOrderBook book = book();
        assertThat(book.isStale()).isTrue();
        assertThat(book.statusCount(DeribitBookStatus.UNAPPLICABLE)).isEqualTo(5);
        assertThat(book.statusCount(DeribitBookStatus.RESYNC_REQUESTED)).isEqualTo(3);
        assertThat(book.statusCount(DeribitBookStatus.RESYNC_ESCALATED)).isEqualTo(1);
        assertThat(book.statusCount(DeribitBookStatus.RESYNC_FAILED)).isEqualTo(1);
        assertThat(adapter.bookStatusCount(DeribitBookStatus.UNAPPLICABLE)).isEqualTo(5);
        assertThat(adapter.bookStatusCount(DeribitBookStatus.RESYNC_FAILED)).isEqualTo(1);
        assertThat(connection.subscription(BOOK_CHANNEL).state()).isEqualTo(Subscription.State.CONFIRMED);

        server.push(snapshot(400, "[\"new\",10,1]", "[\"new\",11,1]"));
        assertThat(next()).isEqualTo("RESYNC_DONE live");
        assertThat(books.poll(5, TimeUnit.SECONDS)).isEqualTo("400 [[\"10\",\"1\"]] [[\"11\",\"1\"]]");
    }

    @Test
    void shouldResyncAfterAGapToTheVenuesBookWithoutTouchingTheUsersSubscription() throws Exception
    {
        connect();
        final Subscription before = connection.subscription(BOOK_CHANNEL);
        server.push(snapshot(100, "[\"new\",10,1],[\"new\",9,2]", "[\"new\",11,1]"));
        server.push(change(100, 101, "[\"change\",10,2]", ""));
        assertThat(next()).isEqualTo("SNAPSHOT_APPLIED live");
        assertThat(books.poll(5, TimeUnit.SECONDS)).startsWith("100 ");
        assertThat(books.poll(5, TimeUnit.SECONDS)).startsWith("101 ");

        server.push(change(102, 103, "[\"change\",10,3]", ""));
        assertThat(next()).isEqualTo("GAP_DETECTED stale");
        timer.awaitAndRunDue();
        assertThat(next()).isEqualTo("RESYNC_REQUESTED stale 1");
        server.nextRequest("public/unsubscribe");
        server.nextRequest("public/subscribe");
        server.push(change(103, 104, "[\"change\",10,4]", ""));
        server.push(snapshot(900, "[\"new\",20,5],[\"new\",19,1]", "[\"new\",21,1]"));
        server.push(change(900, 901, "[\"delete\",19,0],[\"new\",18,3]", "[\"change\",21,7]"));

        assertThat(next()).isEqualTo("RESYNC_DONE live");
        assertThat(books.poll(5, TimeUnit.SECONDS)).isEqualTo("900 [[\"20\",\"5\"],[\"19\",\"1\"]] [[\"21\",\"1\"]]");
        assertThat(books.poll(5, TimeUnit.SECONDS)).isEqualTo("901 [[\"20\",\"5\"],[\"18\",\"3\"]] [[\"21\",\"7\"]]");
        timer.advance(10 * TIMEOUT_MS);
        assertThat(events).isEmpty();
        final DeribitOrderBook book = book();
        assertThat(book.isStale()).isFalse();
        assertThat(book.resyncAttempt()).isZero();
        assertThat(book.droppedChangeCount()).isEqualTo(2);
        assertThat(book.statusCount(DeribitBookStatus.GAP_DETECTED)).isEqualTo(1);
        assertThat(book.statusCount(DeribitBookStatus.RESYNC_DONE)).isEqualTo(1);
        assertThat(adapter.bookStatusCount(DeribitBookStatus.SNAPSHOT_APPLIED)).isEqualTo(1);
        // The venue's confirmation of the resync's subscribe completes on the event thread, independently of the
        // snapshot that the reader applied: wait for it before reading the state.
        awaitSubscriptionEvents(2);
        final Subscription subscription = connection.subscription(BOOK_CHANNEL);
        assertThat(subscription).isSameAs(before);
        assertThat(subscription.state()).isEqualTo(Subscription.State.CONFIRMED);
        // The resync goes through the engine's subscription manager (Connection.resubscribe): the channel was
        // PENDING while the venue started it over and is confirmed again, which the listener is told.
        assertThat(subscriptionEvents).containsExactly("confirmed " + BOOK_CHANNEL, "confirmed " + BOOK_CHANNEL);
        assertThat(server.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void shouldMarkEveryBookStaleOnADropUntilTheRestoredSnapshot() throws Exception
    {
        connect();
        server.push(snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
        assertThat(next()).isEqualTo("SNAPSHOT_APPLIED live");
        assertThat(books.poll(5, TimeUnit.SECONDS)).startsWith("100 ");

        server.closeAll(1012, "restart");

        assertThat(next()).isEqualTo("STALE_ON_DISCONNECT stale");
        assertThat(book().isStale()).isTrue();
        assertThat(server.nextRequest("public/subscribe")).contains(BOOK_CHANNEL);
        server.push(change(100, 101, "[\"change\",10,2]", ""));
        server.push(snapshot(700, "[\"new\",30,1]", "[\"new\",31,1]"));
        assertThat(next()).isEqualTo("RESTORED live");
        assertThat(books.poll(5, TimeUnit.SECONDS)).isEqualTo("700 [[\"30\",\"1\"]] [[\"31\",\"1\"]]");
        assertThat(book().droppedChangeCount()).isEqualTo(1);
        timer.advance(10 * TIMEOUT_MS);
        assertThat(events).isEmpty();
        assertThat(adapter.bookStatusCount(DeribitBookStatus.RESTORED)).isEqualTo(1);
    }

    @Test
    void shouldResyncWhenTheRestoredSubscriptionBringsNoSnapshotWithinTheBound() throws Exception
    {
        connect();
        server.push(snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
        assertThat(next()).isEqualTo("SNAPSHOT_APPLIED live");

        server.closeAll(1012, "restart");
        assertThat(next()).isEqualTo("STALE_ON_DISCONNECT stale");
        server.nextRequest("public/subscribe");
        Await.until(() -> timer.pending() != 0, 5_000, "restore deadline armed");
        timer.advance(TIMEOUT_MS - 1);
        assertThat(events).isEmpty();
        timer.advance(1);

        assertThat(next()).isEqualTo("RESYNC_TIMEOUT stale");
        assertThat(next()).isEqualTo("RESYNC_REQUESTED stale 1");
        server.nextRequest("public/unsubscribe");
        server.nextRequest("public/subscribe");
        server.push(snapshot(600, "[\"new\",50,1]", "[\"new\",51,1]"));
        assertThat(next()).isEqualTo("RESYNC_DONE live");
        assertThat(server.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void shouldRetryWithBackoffThenReconnectWhenTheResyncSnapshotNeverArrives() throws Exception
    {
        connect();
        server.push(snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
        assertThat(next()).isEqualTo("SNAPSHOT_APPLIED live");
        server.push(change(99, 101, "", ""));
        assertThat(next()).isEqualTo("GAP_DETECTED stale");

        timer.awaitAndRunDue();
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            assertThat(next()).isEqualTo("RESYNC_REQUESTED stale " + attempt);
            server.nextRequest("public/subscribe");
            // The next try's resubscribe joins this one while its answer is unread (Connection.resubscribe), and
            // then puts nothing on the wire: wait for the confirmation, as the venue's timeout would.
            awaitSubscriptionEvents(1 + attempt);
            timer.advance(TIMEOUT_MS - 1);
            assertThat(events).isEmpty();
            timer.advance(1);
            assertThat(next()).isEqualTo("RESYNC_TIMEOUT stale");
            if (attempt < 3)
            {
                timer.advance(BACKOFF_MS << (attempt - 1));
            }
        }
        assertThat(next()).isEqualTo("RESYNC_ESCALATED stale");
        assertThat(next()).isEqualTo("STALE_ON_DISCONNECT stale");
        assertThat(server.nextRequest("public/subscribe")).contains(BOOK_CHANNEL);
        server.push(snapshot(800, "[\"new\",40,1]", "[\"new\",41,1]"));

        assertThat(next()).isEqualTo("RESTORED live");
        assertThat(disconnects).containsExactly("RECONNECT_REQUESTED");
        assertThat(server.connectionsOpened()).isEqualTo(2);
        timer.advance(10 * TIMEOUT_MS);
        assertThat(events).isEmpty();
        assertThat(book().statusCount(DeribitBookStatus.RESYNC_TIMEOUT)).isEqualTo(3);
    }

    private DeribitOrderBook book()
    {
        return messageHandler.book(BOOK_CHANNEL);
    }

    private void awaitDroppedChanges(final long count)
    {
        Await.count(() -> book().droppedChangeCount(), count, 5_000, "dropped changes");
    }

    private void awaitSubscriptionEvents(final int count)
    {
        Await.count(subscriptionEvents::size, count, 5_000, "subscription events");
    }

    private String next() throws InterruptedException
    {
        final String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("no book status within 10 s").isNotNull();
        return event;
    }

    private void connect() throws Exception
    {
        adapter = DeribitAdapter.builder().listener(listener).bookTimer(timer)
            .bookResyncTimeoutMs(TIMEOUT_MS).bookResyncBackoffMs(BACKOFF_MS).bookResyncMaxTries(3).build();
        messageHandler = (DeribitMessageHandler)adapter.messageHandler();
        connection = DeribitClient.of(adapter).connectBlocking(NovaOptions.builder().url(server.url())
            .messageHandler(messageHandler).listeners(List.of(lifecycle)).build());
        connection.subscribe(BOOK_CHANNEL, null).get(5, TimeUnit.SECONDS);
        server.nextRequest("public/subscribe");
    }
}
