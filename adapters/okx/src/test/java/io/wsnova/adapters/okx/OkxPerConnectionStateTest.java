package io.wsnova.adapters.okx;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.AdapterSession;
import io.wsnova.engine.ConnectionContext;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.BookPrint;
import io.wsnova.market.OrderBook;
import io.wsnova.mock.okx.MockOkxExchange;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-connection state of the OKX adapter ({@link OkxAdapter#forConnection}) on two loopback mock exchanges, one
 * adapter instance serving both connections: each connection's handlers share their own session, whatever thread
 * and order the engine (or a decorating adapter) creates them in, and nothing of a closed connection stays
 * reachable from the adapter.
 */
class OkxPerConnectionStateTest
{
    private static final long WAIT_MS = 30_000L;
    private static final String SPOT = "BTC-USDT";
    private static final String SWAP = "BTC-USDT-SWAP";

    @Test
    void shouldKeepTheStateOfTwoConnectionsOpenedConcurrentlyApart() throws Exception
    {
        run(false);
    }

    /**
     * The old adapter paired its connection and message handlers through a thread-local set by
     * {@code connectionHandler()} and read by {@code messageHandler()}: handlers created on another thread or in the
     * other order got two different sessions, so a drop never reached the message handler and its books were never
     * resynced (RESYNC_STARTED for the dropped connection stayed 0).
     */
    @Test
    void shouldPairTheHandlersOfAConnectionWhateverThreadAndOrderTheyAreCreatedIn() throws Exception
    {
        run(true);
    }

    private static void run(final boolean reorder) throws Exception
    {
        final Recorder recorder = new Recorder();
        final OkxAdapter okx = OkxAdapter.builder().listener(recorder).requestLimit(30, 50).build();
        recorder.adapter = okx;
        final ExecutorService threads = Executors.newFixedThreadPool(3);
        final Capturing adapter = new Capturing(okx, reorder ? threads : null);
        try
        {
            exercise(okx, recorder, adapter, threads);
            // Closed for good: the engine closed each session once, and neither the adapter nor the engine keeps
            // one (the connections and everything they held are garbage now, the adapter is still in use).
            assertThat(adapter.sessions).hasSize(2);
            Await.until(() -> adapter.closed.size() == 2, WAIT_MS, "sessions closed");
            assertThat(okx.openSessions()).isZero();
            thenCollected(adapter.sessions);
            java.lang.ref.Reference.reachabilityFence(okx);
        }
        finally
        {
            threads.shutdownNow();
        }
    }

    private static void exercise(
        final OkxAdapter okx, final Recorder recorder, final Capturing adapter, final ExecutorService threads)
        throws Exception
    {
        try (MockOkxExchange spotVenue = MockOkxExchange.builder().seed(21).instruments(List.of(SPOT)).build()
                .start();
            MockOkxExchange swapVenue = MockOkxExchange.builder().seed(22).instruments(List.of(SWAP)).build()
                .start())
        {
            // Two connections of one adapter, opened at the same moment from two threads.
            final CountDownLatch go = new CountDownLatch(1);
            final Future<Connection> spotConnect = threads.submit(() -> connect(go, adapter, spotVenue));
            final Future<Connection> swapConnect = threads.submit(() -> connect(go, adapter, swapVenue));
            go.countDown();
            final Connection spot = spotConnect.get(WAIT_MS, TimeUnit.MILLISECONDS);
            final Connection swap = swapConnect.get(WAIT_MS, TimeUnit.MILLISECONDS);
            subscribe(spot, "books:" + SPOT, "trades:" + SPOT);
            subscribe(swap, "books:" + SWAP, "trades:" + SWAP);
            spotVenue.step(30);
            swapVenue.step(30);
            stepUntilCaughtUp(recorder, spotVenue, SPOT);
            stepUntilCaughtUp(recorder, swapVenue, SWAP);

            // Drop one connection only: its books, and only its books, resync on the next socket.
            spotVenue.disconnectAll();
            Await.until(() -> spotVenue.connectionsOpened() == 2 && spotVenue.openConnections() == 1, WAIT_MS,
                "spot connection restored");
            spotVenue.step(30);
            swapVenue.step(30);
            stepUntilCaughtUp(recorder, spotVenue, SPOT);
            stepUntilCaughtUp(recorder, swapVenue, SWAP);

            assertThat(recorder.count(SPOT, FeedState.RESYNC_STARTED, FeedReason.CONNECTION_LOST))
                .as("the dropped connection's book resynced").isEqualTo(1);
            assertThat(recorder.count(SPOT, FeedState.RESYNC_DONE, null)).isEqualTo(2);
            assertThat(recorder.count(SWAP, FeedState.RESYNC_STARTED, null))
                .as("the other connection saw nothing of the drop").isZero();
            assertThat(recorder.count(SWAP, FeedState.RESYNC_DONE, null)).isEqualTo(1);
            assertThat(thenEveryPrintedBookMatched(recorder, spotVenue, SPOT)).isGreaterThan(20);
            assertThat(thenEveryPrintedBookMatched(recorder, swapVenue, SWAP)).isGreaterThan(20);
            assertThat(okx.counters().sequenceGaps()).isZero();
            assertThat(okx.counters().checksumMismatches()).isZero();

            spot.close();
            swap.close();
            spot.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            swap.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
        }
    }


    /**
     * Each weak reference is cleared after a GC while the adapter is still strongly reachable (at most 250 GCs 20 ms
     * apart). Before the engine cancelled a stopped application heartbeat's pending wake, the timer's queue held each
     * closed connection's state for up to one heartbeat interval (OKX: 20 s).
     */
    static void thenCollected(final List<WeakReference<Object>> references)
    {
        for (int attempt = 0; attempt < 250 && references.stream().anyMatch(r -> r.get() != null); attempt++)
        {
            System.gc();
            Await.within(() -> false, 20);
        }
        assertThat(references).allSatisfy(r -> assertThat(r.get()).as("per-connection state collected").isNull());
    }

    private static Connection connect(final CountDownLatch go, final Adapter adapter, final MockOkxExchange venue)
        throws Exception
    {
        go.await();
        final NovaOptions options = NovaOptions.builder()
            .url(venue.uri().toString())
            .logLevel(LoggingHandler.Level.ERROR)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L)
            .build();
        return Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static void subscribe(final Connection connection, final String... channels) throws Exception
    {
        final List<CompletableFuture<Subscription>> futures = new ArrayList<>();
        for (final String channel : channels)
        {
            futures.add(connection.subscribe(channel, null));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static void stepUntilCaughtUp(final Recorder recorder, final MockOkxExchange venue, final String instId)
    {
        venue.step(1);
        Await.until(() ->
        {
            if (recorder.lastSeqIds.getOrDefault(instId, Long.MIN_VALUE) != venue.lastSeqId(instId))
            {
                venue.step(1);
                Await.within(() -> false, 10);
                return false;
            }
            return true;
        }, WAIT_MS, instId + " book at the mock's last seqId");
    }

    private static int thenEveryPrintedBookMatched(
        final Recorder recorder, final MockOkxExchange venue, final String instId)
    {
        int compared = 0;
        for (final Printed printed : recorder.books)
        {
            if (printed.instId().equals(instId))
            {
                assertThat(printed.book()).as("book of %s at %d", instId, printed.seqId())
                    .isEqualTo(venue.bookAt(instId, printed.seqId()));
                compared++;
            }
        }
        return compared;
    }

    private record Printed(String instId, long seqId, String book)
    {
    }

    private record Status(String instId, FeedState state, FeedReason reason)
    {
    }

    /**
     * One listener for both connections; they trade different instruments, so each event names its connection.
     */
    private static final class Recorder implements MarketListener
    {
        volatile OkxAdapter adapter;
        final ConcurrentLinkedQueue<Printed> books = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Status> statuses = new ConcurrentLinkedQueue<>();
        final Map<String, Long> lastSeqIds = new ConcurrentHashMap<>();

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            final String instId = adapter.symbol(update.instrumentId());
            books.add(new Printed(instId, update.lastSequence(), BookPrint.canonical(book)));
            lastSeqIds.put(instId, update.lastSequence());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses.add(new Status(status.instrumentId() == MarketEvent.NO_INSTRUMENT ? null :
                adapter.symbol(status.instrumentId()), status.state(), status.reason()));
        }

        long count(final String instId, final FeedState state, final FeedReason reason)
        {
            return statuses.stream().filter(s -> instId.equals(s.instId()) && s.state() == state &&
                (reason == null || s.reason() == reason)).count();
        }

    }

    /**
     * A decorating adapter (as a user's tap or wrapper would be): it records a weak reference to every session the
     * OKX adapter opens and every close, and, with {@code reorder}, creates each connection's message handler first
     * and on another thread, then its connection handler on the connecting thread.
     */
    private static final class Capturing implements Adapter
    {
        final List<WeakReference<Object>> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Boolean> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Adapter inner;
        private final ExecutorService otherThread;

        Capturing(final Adapter inner, final ExecutorService otherThread)
        {
            this.inner = inner;
            this.otherThread = otherThread;
        }

        @Override
        public String name()
        {
            return inner.name();
        }

        @Override
        public NovaOptions defaultOptions()
        {
            return inner.defaultOptions();
        }

        @Override
        public AdapterSession forConnection(final ConnectionContext context)
        {
            final AdapterSession session = inner.forConnection(context);
            sessions.add(new WeakReference<>(session));
            final MessageHandler messages;
            final ConnectionHandler connection;
            if (otherThread != null)
            {
                try
                {
                    messages = otherThread.submit(session::messageHandler).get(WAIT_MS, TimeUnit.MILLISECONDS);
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
                connection = session.connectionHandler();
            }
            else
            {
                connection = session.connectionHandler();
                messages = session.messageHandler();
            }
            return new AdapterSession()
            {
                @Override
                public ConnectionHandler connectionHandler()
                {
                    return connection;
                }

                @Override
                public MessageHandler messageHandler()
                {
                    return messages;
                }

                @Override
                public SubscriptionHandler subscriptionHandler()
                {
                    return session.subscriptionHandler();
                }

                @Override
                public AuthHandler authHandler()
                {
                    return session.authHandler();
                }

                @Override
                public FailurePolicy failurePolicy()
                {
                    return session.failurePolicy();
                }

                @Override
                public RateLimitHandler rateLimitHandler()
                {
                    return session.rateLimitHandler();
                }

                @Override
                public LoggingHandler loggingHandler(final NovaOptions options)
                {
                    return session.loggingHandler(options);
                }

                @Override
                public MetricsCollector metricsCollector()
                {
                    return session.metricsCollector();
                }

                @Override
                public void close()
                {
                    closed.add(Boolean.TRUE);
                    session.close();
                }
            };
        }
    }
}
