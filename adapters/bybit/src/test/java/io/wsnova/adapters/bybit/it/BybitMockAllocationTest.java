package io.wsnova.adapters.bybit.it;

import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.adapters.bybit.BybitCategory;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Trade;
import io.wsnova.mock.bybit.MockBybitExchange;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole receive path over a real loopback socket (engine reader, frame decoder, Bybit handler, book, ticker
 * merge, listener) in SPIN and POLL x INLINE and QUEUED: the thread that runs the handler allocates nothing per
 * book delta, trade message and ticker delta after warm-up. The mock sends from another thread; the handler
 * thread (found from the listener) has its allocated bytes read before and after each measured round.
 */
class BybitMockAllocationTest
{
    private static final int WARM_UP_STEPS = 10_000;
    private static final int MEASURED_STEPS = 4_000;
    private static final int MAX_ROUNDS = 5;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Counts without allocating; remembers the handler thread. */
    private static final class Counting implements MarketListener
    {
        volatile long books;
        volatile long trades;
        volatile long tickers;
        volatile long handlerThreadId = -1;
        volatile long live;

        @Override
        public void onTrade(final Trade trade)
        {
            trades++;
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            if (handlerThreadId < 0)
            {
                handlerThreadId = Thread.currentThread().threadId();
            }
            books++;
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            tickers++;
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            if (status.state() == FeedState.RESYNC_DONE)
            {
                live++;
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"SPIN,INLINE", "SPIN,QUEUED", "POLL,INLINE", "POLL,QUEUED"})
    void shouldNotAllocateOnTheMessageThread(final IoMode mode, final PipelineMode pipeline) throws Exception
    {
        try (MockBybitExchange exchange = MockBybitExchange.builder().seed(31).symbols(List.of("BTCUSDT"))
            .maxIncomingPerSecond(0).build().start())
        {
            final Counting listener = new Counting();
            final BybitAdapter adapter = BybitAdapter.builder().category(BybitCategory.LINEAR).listener(listener)
                .build();
            final Connection connection = Nova.connect(adapter, NovaOptions.builder()
                .url(exchange.uri().toString()).ioMode(mode).pipelineMode(pipeline)
                .logLevel(LoggingHandler.Level.WARN).build()).get(30, TimeUnit.SECONDS);
            try
            {
                final Agent agent = mode == IoMode.POLL ? connection.pollAgent() : null;
                final CompletableFuture<?> subscribed = CompletableFuture.allOf(
                    connection.subscribe("publicTrade.BTCUSDT", null),
                    connection.subscribe("orderbook.50.BTCUSDT", null),
                    connection.subscribe("tickers.BTCUSDT", null));
                while (!subscribed.isDone() || listener.live == 0)
                {
                    exchange.step(1);
                    poll(agent, 2);
                }

                run(exchange, agent, listener, WARM_UP_STEPS, -1L, new long[1]);
                long books = 0;
                long allocated = -1;
                for (int round = 1; round <= MAX_ROUNDS && allocated != 0; round++)
                {
                    final long booksBefore = listener.books;
                    final long tradesBefore = listener.trades;
                    final long tickersBefore = listener.tickers;
                    final long[] allocatedBytes = new long[1];
                    run(exchange, agent, listener, MEASURED_STEPS, listener.handlerThreadId, allocatedBytes);
                    allocated = allocatedBytes[0];
                    books = listener.books - booksBefore;
                    System.out.printf("%s/%s round %d: %d book deltas, %d trades, %d tickers, %d bytes allocated " +
                        "on the handler thread%n", mode, pipeline, round, books, listener.trades - tradesBefore,
                        listener.tickers - tickersBefore, allocated);
                }

                assertThat(books).isGreaterThanOrEqualTo(MEASURED_STEPS);
                assertThat(allocated).isZero();
                assertThat(adapter.counters().bookGaps()).isZero();
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
     * has handled every book delta sent; measures the allocation of {@code threadId} over that span.
     */
    private void run(final MockBybitExchange exchange, final Agent agent, final Counting listener, final int steps,
        final long threadId, final long[] allocated) throws Exception
    {
        final long target = listener.books + steps;
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
        while (listener.books < target && !late)
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
        assertThat(late).as("book deltas handled within 60 s: %d of %d", listener.books, target).isFalse();
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
