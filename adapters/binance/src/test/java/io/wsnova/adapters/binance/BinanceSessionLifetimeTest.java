package io.wsnova.adapters.binance;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.AdapterSession;
import io.wsnova.engine.ConnectionContext;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.mock.binance.MockBinanceExchange;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-connection state of the Binance adapter ({@link BinanceAdapter#forConnection}) on a loopback mock exchange:
 * two connections of one adapter opened concurrently from two threads each keep their own books (each sees only
 * its own symbol's updates), and once closed nothing of them stays reachable from the adapter. The old adapter kept
 * every connection's session in a map keyed by connection id that was never cleared (it had no
 * {@code forConnection}; the map held one entry per connection ever made).
 */
class BinanceSessionLifetimeTest
{
    private static final long WAIT_MS = 30_000L;

    @Test
    void shouldGiveEachConcurrentConnectionItsOwnStateAndReleaseItAtClose() throws Exception
    {
        final Recorder recorder = new Recorder();
        final List<WeakReference<Object>> sessions = new CopyOnWriteArrayList<>();
        final AtomicLong closed = new AtomicLong();
        final ExecutorService threads = Executors.newFixedThreadPool(2);
        try (MockBinanceExchange exchange = MockBinanceExchange.builder().seed(31).build().start())
        {
            final BinanceAdapter binance = BinanceAdapter.builder().listener(recorder).restUrl(exchange.restUrl())
                .snapshotBackoffMs(20, 500).build();
            recorder.adapter = binance;
            final Adapter adapter = new Capturing(binance, sessions, closed);
            exercise(exchange, adapter, recorder, threads);

            assertThat(sessions).hasSize(2);
            Await.until(() -> closed.get() == 2, WAIT_MS, "both sessions closed");
            assertThat(binance.openSessions()).isZero();
            for (int attempt = 0; attempt < 250 && sessions.stream().anyMatch(r -> r.get() != null); attempt++)
            {
                System.gc();
                Await.within(() -> false, 20);
            }
            assertThat(sessions).allSatisfy(r -> assertThat(r.get()).as("session collected").isNull());
            Reference.reachabilityFence(binance);
        }
        finally
        {
            threads.shutdownNow();
        }
    }

    private static void exercise(
        final MockBinanceExchange exchange, final Adapter adapter, final Recorder recorder,
        final ExecutorService threads) throws Exception
    {
        final NovaOptions options = NovaOptions.builder().url(exchange.uri().toString())
            .logLevel(LoggingHandler.Level.ERROR).build();
        final CountDownLatch go = new CountDownLatch(1);
        final Future<Connection> first = threads.submit(() ->
        {
            go.await();
            return Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
        });
        final Future<Connection> second = threads.submit(() ->
        {
            go.await();
            return Nova.connect(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
        });
        go.countDown();
        final Connection btc = first.get(WAIT_MS, TimeUnit.MILLISECONDS);
        final Connection eth = second.get(WAIT_MS, TimeUnit.MILLISECONDS);
        btc.subscribe("btcusdt@depth@100ms", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        eth.subscribe("ethusdt@depth@100ms", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
        Await.until(() ->
        {
            exchange.step(1);
            return recorder.lastUpdateIds.getOrDefault("BTCUSDT", -1L) == exchange.lastUpdateId("BTCUSDT") &&
                recorder.lastUpdateIds.getOrDefault("ETHUSDT", -1L) == exchange.lastUpdateId("ETHUSDT") &&
                recorder.updates.getOrDefault("BTCUSDT", 0L) > 20 && recorder.updates.getOrDefault("ETHUSDT", 0L) > 20;
        }, WAIT_MS, "both books live and caught up");

        assertThat(recorder.connectionOf).containsOnlyKeys("BTCUSDT", "ETHUSDT");
        assertThat(recorder.connectionOf.get("BTCUSDT")).as("each symbol's books on one connection only")
            .isNotEqualTo(recorder.connectionOf.get("ETHUSDT")).isNotEqualTo(-1L);
        assertThat(recorder.connectionOf.get("ETHUSDT")).isNotEqualTo(-1L);
        assertThat(recorder.resyncsDone.get()).isEqualTo(2);
        assertThat(binanceCounters(recorder).depthGaps()).isZero();

        btc.close();
        eth.close();
        btc.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
        eth.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static BinanceCounters binanceCounters(final Recorder recorder)
    {
        return recorder.adapter.counters();
    }

    /**
     * Records per symbol the last update id, the update count and the message thread that delivered it (each
     * connection has its own message thread; a book served by two connections would show two). A syncing book's
     * snapshot and buffered events may come from the adapter's control thread, which is not counted.
     */
    private static final class Recorder implements MarketListener
    {
        volatile BinanceAdapter adapter;
        final Map<String, Long> lastUpdateIds = new ConcurrentHashMap<>();
        final Map<String, Long> updates = new ConcurrentHashMap<>();
        final Map<String, Long> connectionOf = new ConcurrentHashMap<>();
        final AtomicLong resyncsDone = new AtomicLong();

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            final String symbol = adapter.symbol(update.instrumentId());
            lastUpdateIds.put(symbol, update.lastSequence());
            updates.merge(symbol, 1L, Long::sum);
            final Thread current = Thread.currentThread();
            if (!current.getName().equals("wsnova-binance-control")) // a sync's snapshot may land there
            {
                connectionOf.merge(symbol, current.threadId(), (a, b) -> a.equals(b) ? a : -1L);
            }
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            if (status.state() == FeedState.RESYNC_DONE)
            {
                resyncsDone.incrementAndGet();
            }
        }
    }

    /**
     * A decorating adapter that records a weak reference to each session Binance opens and each close.
     */
    private static final class Capturing implements Adapter
    {
        private final Adapter inner;
        private final List<WeakReference<Object>> sessions;
        private final AtomicLong closed;

        Capturing(final Adapter inner, final List<WeakReference<Object>> sessions, final AtomicLong closed)
        {
            this.inner = inner;
            this.sessions = sessions;
            this.closed = closed;
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
            return new AdapterSession()
            {
                @Override
                public io.wsnova.engine.behaviour.ConnectionHandler connectionHandler()
                {
                    return session.connectionHandler();
                }

                @Override
                public io.wsnova.engine.behaviour.MessageHandler messageHandler()
                {
                    return session.messageHandler();
                }

                @Override
                public io.wsnova.engine.behaviour.SubscriptionHandler subscriptionHandler()
                {
                    return session.subscriptionHandler();
                }

                @Override
                public io.wsnova.engine.behaviour.FailurePolicy failurePolicy()
                {
                    return session.failurePolicy();
                }

                @Override
                public io.wsnova.engine.behaviour.RateLimitHandler rateLimitHandler()
                {
                    return session.rateLimitHandler();
                }

                @Override
                public void close()
                {
                    closed.incrementAndGet();
                    session.close();
                }
            };
        }
    }
}
