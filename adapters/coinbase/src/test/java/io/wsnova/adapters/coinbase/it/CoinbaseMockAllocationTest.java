package io.wsnova.adapters.coinbase.it;

import io.wsnova.adapters.coinbase.CoinbaseAdapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.mock.coinbase.MockCoinbaseExchange;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole receive path over a real loopback socket (engine reader, frame decoder, Coinbase handler, book,
 * listener) in SPIN and POLL x INLINE and QUEUED: the thread that runs the handler allocates nothing per level2
 * update, trade and ticker after warm-up. The mock sends; the handler thread (found from the listener) has its
 * allocated bytes read before and after.
 */
class CoinbaseMockAllocationTest
{
    private static final int WARM_UP_STEPS = 12_000;
    private static final int MEASURED_STEPS = 4_000;
    private static final int MAX_ROUNDS = 5;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Counts without allocating; remembers the handler thread. Trades and tickers: exactly 2 per mock step. */
    private static final class Counting implements MarketListener
    {
        volatile long tradesAndTops;
        volatile long books;
        volatile long handlerThreadId = -1;

        @Override
        public void onTrade(final Trade trade)
        {
            seen();
            tradesAndTops++;
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            seen();
            books++;
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            seen();
            tradesAndTops++;
        }

        private void seen()
        {
            if (handlerThreadId < 0)
            {
                handlerThreadId = Thread.currentThread().threadId();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"SPIN,INLINE", "POLL,INLINE", "SPIN,QUEUED", "POLL,QUEUED"})
    void shouldNotAllocateOnTheMessageThread(final IoMode mode, final PipelineMode pipeline) throws Exception
    {
        try (MockCoinbaseExchange exchange = MockCoinbaseExchange.builder().seed(31).products(List.of("BTC-USD"))
            .heartbeatIntervalMs(0).build().start())
        {
            final Counting listener = new Counting();
            final CoinbaseAdapter adapter = CoinbaseAdapter.builder().listener(listener).subscribeHeartbeats(false)
                .build();
            final Connection connection = Nova.connect(adapter, NovaOptions.builder()
                .url(exchange.uri().toString()).ioMode(mode).pipelineMode(pipeline)
                .logLevel(LoggingHandler.Level.WARN).build()).get(30, TimeUnit.SECONDS);
            try
            {
                final Agent agent = mode == IoMode.POLL ? connection.pollAgent() : null;
                final CompletableFuture<?> subscribed = CompletableFuture.allOf(
                    connection.subscribe("level2:BTC-USD", null), connection.subscribe("market_trades:BTC-USD", null),
                    connection.subscribe("ticker:BTC-USD", null));
                while (!subscribed.isDone() || listener.books == 0 || listener.tradesAndTops == 0)
                {
                    exchange.step(1);
                    poll(agent, 2);
                }

                run(exchange, agent, listener, WARM_UP_STEPS, -1L, new long[1]);
                final long threadId = listener.handlerThreadId;
                long messages = 0;
                long allocated = -1;
                for (int round = 1; round <= MAX_ROUNDS && allocated != 0; round++)
                {
                    final long before = listener.tradesAndTops + listener.books;
                    final long[] allocatedBytes = new long[1];
                    run(exchange, agent, listener, MEASURED_STEPS, threadId, allocatedBytes);
                    allocated = allocatedBytes[0];
                    messages = listener.tradesAndTops + listener.books - before;
                    System.out.printf("%s/%s round %d: %d messages, %d bytes allocated on the handler thread%n",
                        mode, pipeline, round, messages, allocated);
                }

                assertThat(messages).isGreaterThanOrEqualTo(2L * MEASURED_STEPS);
                assertThat(allocated).isZero();
                assertThat(adapter.counters().sequenceGaps()).isZero();
                assertThat(adapter.counters().malformedMessages()).isZero();
            }
            finally
            {
                connection.close();
            }
        }
    }

    /**
     * Steps the mock on another thread while this one waits (SPIN) or drives the poll agent (POLL) until the client
     * has handled every trade and ticker sent; measures the allocation of {@code threadId} over that span.
     */
    private void run(final MockCoinbaseExchange exchange, final Agent agent, final Counting listener,
        final int steps, final long threadId, final long[] allocated) throws Exception
    {
        final long target = listener.tradesAndTops + 2L * steps;
        final Thread stepper = new Thread(() ->
        {
            for (int i = 0; i < steps; i++)
            {
                exchange.step(1);
                if ((i & 63) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }, "mock-stepper");
        final long before = threadId < 0 ? 0L : threads.getThreadAllocatedBytes(threadId);
        stepper.start();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean late = false;
        while (listener.tradesAndTops < target && !late)
        {
            if (agent != null)
            {
                agent.doWork();
            }
            else
            {
                Thread.onSpinWait();
            }
            late = System.nanoTime() - deadlineNs > 0;
        }
        allocated[0] = threadId < 0 ? 0L : threads.getThreadAllocatedBytes(threadId) - before;
        stepper.join();
        assertThat(late).as("messages handled within 60 s: %d of %d", listener.tradesAndTops, target).isFalse();
    }

    private static void poll(final Agent agent, final long millis) throws Exception
    {
        if (agent != null)
        {
            for (int i = 0; i < 100; i++)
            {
                agent.doWork();
            }
        }
        Thread.sleep(millis);
    }
}
