package io.wsnova.adapters.binance;

import com.sun.net.httpserver.HttpServer;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users of a market-data listener keep per-strategy state across symbols and assume one call at a time per
 * connection. Two symbols on one connection: BTCUSDT is live and busy (depth events and trades on the message
 * thread) while ETHUSDT's REST snapshot is held back, then released, so that the control thread applies it (and
 * ETHUSDT's buffered events) while the message thread keeps delivering BTCUSDT. A listener that counts the calls in
 * flight (spinning inside each call to widen the window) must never see two.
 */
class BinanceListenerSerialTest
{
    private static final String SNAPSHOT = "{\"lastUpdateId\":1000,\"bids\":[[\"64980.50000000\",\"1.00000000\"]]," +
        "\"asks\":[[\"64981.00000000\",\"0.40000000\"]]}";
    private static final int ETH_BUFFERED = 200;
    private static final int MAX_BTC_MESSAGES = 200_000;

    /** Counts the calls in flight; records the highest count seen. */
    static final class InFlight implements MarketListener
    {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        private void enter()
        {
            final int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            calls.incrementAndGet();
            for (int i = 0; i < 2_000; i++)
            {
                Thread.onSpinWait();
            }
            inFlight.decrementAndGet();
        }

        @Override
        public void onTrade(final Trade trade)
        {
            enter();
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            enter();
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            enter();
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            enter();
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            enter();
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            enter();
        }
    }

    @Test
    void shouldNeverCallTheListenerConcurrentlyWhileAnotherSymbolsSnapshotLands() throws Exception
    {
        final CountDownLatch releaseEth = new CountDownLatch(1);
        final HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.setExecutor(Executors.newFixedThreadPool(2));
        rest.createContext(BinanceMarket.SPOT.depthPath(), exchange ->
        {
            if (exchange.getRequestURI().getQuery().contains("ETHUSDT"))
            {
                try
                {
                    releaseEth.await(20, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            final byte[] body = SNAPSHOT.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        rest.start();
        final InFlight listener = new InFlight();
        try (BinanceHandlerHarness harness = BinanceHandlerHarness.against(BinanceMarket.SPOT,
            "http://127.0.0.1:" + rest.getAddress().getPort(), listener))
        {
            harness.receive(depth("btcusdt", 1001, 1001));
            final OrderBook btc = harness.handler.book("BTCUSDT");
            Await.until(() -> btc.isLive() && btc.lastSequence() == 1001, 10_000, "BTCUSDT live");

            for (int i = 0; i < ETH_BUFFERED; i++)
            {
                harness.receive(depth("ethusdt", 1001 + i, 1001 + i)); // buffered: the snapshot is held back
            }
            final OrderBook eth = harness.handler.book("ETHUSDT");
            assertThat(eth.isLive()).isFalse();

            long btcSequence = 1001;
            long tradeId = 1;
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int sent = 0;
            int afterEthLive = -1;
            while (sent < MAX_BTC_MESSAGES && System.nanoTime() < deadlineNs && afterEthLive < 2_000 &&
                listener.maxInFlight.get() < 2)
            {
                if (sent == 100)
                {
                    releaseEth.countDown(); // the control thread applies ETHUSDT while BTCUSDT keeps coming
                }
                btcSequence++;
                harness.receive(depth("btcusdt", btcSequence, btcSequence));
                harness.receive(trade(tradeId++));
                sent++;
                if (afterEthLive >= 0)
                {
                    afterEthLive++;
                }
                else if (eth.isLive() && eth.lastSequence() == 1000 + ETH_BUFFERED)
                {
                    afterEthLive = 0;
                }
            }
            releaseEth.countDown();
            assertThat(listener.maxInFlight.get()).as("listener calls in flight at once (%d calls)",
                listener.calls.get()).isEqualTo(1);
            assertThat(afterEthLive).as("ETHUSDT went live while BTCUSDT was busy").isGreaterThanOrEqualTo(0);
            assertThat(btc.isLive()).isTrue();
            assertThat(btc.lastSequence()).isEqualTo(btcSequence);
        }
        finally
        {
            releaseEth.countDown();
            rest.stop(0);
            ((ExecutorService)rest.getExecutor()).shutdownNow();
        }
    }

    private static String depth(final String stream, final long first, final long last)
    {
        return "{\"stream\":\"" + stream + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136," +
            "\"s\":\"" + stream.toUpperCase(Locale.ROOT) + "\",\"U\":" + first + ",\"u\":" + last +
            ",\"b\":[[\"64980.50000000\",\"1.10000000\"]],\"a\":[]}}";
    }

    private static String trade(final long id)
    {
        return "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BTCUSDT\"," +
            "\"t\":" + id + ",\"p\":\"64980.50000000\",\"q\":\"0.00100000\",\"T\":1672515782136,\"m\":true," +
            "\"M\":true}}";
    }
}
