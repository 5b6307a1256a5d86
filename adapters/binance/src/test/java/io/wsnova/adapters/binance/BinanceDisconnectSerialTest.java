package io.wsnova.adapters.binance;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection-wide {@code DISCONNECTED} status comes from the engine's event thread; the connection's other
 * listener calls come from its message thread (finished by then: the engine reports a disconnect after the socket's
 * reader, and a {@code QUEUED} handler, have ended) or from the control thread applying a REST snapshot. The status
 * must be serialized with the latter too: here the control thread is held inside the listener (the snapshot's
 * {@code onBook}) while the event thread reports the disconnect, which must wait until that call returned.
 */
class BinanceDisconnectSerialTest
{
    private static final String SNAPSHOT = "{\"lastUpdateId\":1000,\"bids\":[[\"64980.50000000\",\"1.00000000\"]]," +
        "\"asks\":[[\"64981.00000000\",\"0.40000000\"]]}";
    private static final String DEPTH = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"," +
        "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":990,\"u\":995,\"b\":[[\"64980.50000000\",\"1.10000000\"]]," +
        "\"a\":[]}}";

    /** Holds the first snapshot call until the disconnect status arrived or a bound passed. */
    static final class Holding implements MarketListener
    {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final CountDownLatch snapshotEntered = new CountDownLatch(1);
        final CountDownLatch disconnected = new CountDownLatch(1);

        private void enter()
        {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            enter();
            try
            {
                if (update.isSnapshot() && snapshotEntered.getCount() > 0)
                {
                    snapshotEntered.countDown();
                    disconnected.await(1, TimeUnit.SECONDS); // a serialized status cannot arrive meanwhile
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            enter();
            if (status.state() == FeedState.DISCONNECTED)
            {
                disconnected.countDown();
            }
            inFlight.decrementAndGet();
        }
    }

    @Test
    void shouldReportDisconnectedOnlyAfterTheControlThreadsListenerCallReturned() throws Exception
    {
        final Holding listener = new Holding();
        try (BinanceHandlerHarness base = new BinanceHandlerHarness(BinanceMarket.SPOT, SNAPSHOT, listener))
        {
            final BinanceSession session = new BinanceSession(base.adapter, false);
            final BinanceHandlerHarness harness = base.withSession(session);
            final BinanceConnectionHandler connectionHandler = new BinanceConnectionHandler(base.adapter, session);

            harness.receive(DEPTH);
            assertThat(listener.snapshotEntered.await(10, TimeUnit.SECONDS)).as("snapshot applied").isTrue();

            final Thread eventThread = new Thread(() -> connectionHandler.onDisconnect(null,
                new CloseStatus(DisconnectReason.EOF, 1006, "lost", null)), "test-event-thread");
            eventThread.start();
            eventThread.join(10_000);
            Await.until(() -> listener.disconnected.getCount() == 0, 10_000, "disconnect reported");

            assertThat(listener.maxInFlight.get()).as("listener calls in flight at once").isEqualTo(1);
        }
    }
}
