package io.wsnova.adapters.binance.it;

import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.adapters.binance.BinanceFeed;
import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.mock.binance.MockBinanceExchange;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole receive path over a real loopback socket (engine reader, frame decoder, Binance handler, book, listener)
 * in SPIN and POLL x INLINE and QUEUED: the thread that runs the handler allocates nothing per trade, depth update
 * and book ticker after warm-up. The mock sends; the handler thread's allocated bytes are read before and after
 * (POLL/INLINE: this test's thread, which drives the poll agent; otherwise the thread found from the listener: the
 * SPIN reader, or the QUEUED pipeline's handler thread).
 */
class BinanceMockAllocationTest
{
    private static final int WARM_UP_STEPS = 12_000;
    private static final int MEASURED_STEPS = 4_000;
    private static final int MAX_ROUNDS = 5;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Counts without allocating; remembers the handler thread. */
    private static final class Counting implements MarketListener
    {
        volatile long messages;
        volatile long handlerThreadId = -1;
        volatile long live;

        @Override
        public void onTrade(final Trade trade)
        {
            seen();
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            seen();
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            seen();
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            if (status.state() == io.wsnova.market.FeedState.RESYNC_DONE)
            {
                live++;
            }
        }

        private void seen()
        {
            if (handlerThreadId < 0)
            {
                handlerThreadId = Thread.currentThread().threadId();
            }
            messages++;
        }
    }

    @ParameterizedTest
    @CsvSource({"SPIN, INLINE", "SPIN, QUEUED", "POLL, INLINE", "POLL, QUEUED"})
    void shouldNotAllocateOnTheMessageThread(final IoMode mode, final PipelineMode pipeline) throws Exception
    {
        try (MockBinanceExchange exchange = MockBinanceExchange.builder().seed(31).symbols(List.of("BTCUSDT"))
            .pingIntervalMs(0).build().start())
        {
            final Counting listener = new Counting();
            final BinanceAdapter adapter = BinanceAdapter.builder().market(BinanceMarket.SPOT).listener(listener)
                .restUrl(exchange.restUrl()).build();
            final CompletableFuture<Connection> connecting = Nova.connect(adapter, NovaOptions.builder()
                .url(exchange.uri().toString()).ioMode(mode).pipelineMode(pipeline)
                .logLevel(LoggingHandler.Level.WARN).build());
            final Connection connection = mode == IoMode.POLL ? drive(connecting) :
                connecting.get(30, TimeUnit.SECONDS);
            try
            {
                final Agent agent = mode == IoMode.POLL ? connection.pollAgent() : null;
                final CompletableFuture<?> subscribed = CompletableFuture.allOf(
                    connection.subscribe("btcusdt@trade", null), connection.subscribe("btcusdt@depth@100ms", null),
                    connection.subscribe("btcusdt@bookTicker", null));
                while (!subscribed.isDone() || listener.live == 0)
                {
                    exchange.step(1);
                    poll(agent, 2);
                }

                run(exchange, agent, listener, WARM_UP_STEPS);
                // the thread that runs the handler: POLL/INLINE this test's, else the reader's or the queue's
                final long threadId = mode == IoMode.POLL && pipeline == PipelineMode.INLINE ?
                    Thread.currentThread().threadId() : listener.handlerThreadId;
                // As the handler-level tests: measured rounds until one allocates nothing (pools and the books grow
                // while the mock's book is deeper than ever; that is growth, not a per-message cost), at most 5.
                long messages = 0;
                long allocated = -1;
                for (int round = 1; round <= MAX_ROUNDS && allocated != 0; round++)
                {
                    final long messagesBefore = listener.messages;
                    final long[] allocatedBytes = new long[1];
                    run(exchange, agent, listener, MEASURED_STEPS, threadId, allocatedBytes);
                    allocated = allocatedBytes[0];
                    messages = listener.messages - messagesBefore;
                    System.out.printf("%s/%s round %d: %d messages, %d bytes allocated on the message thread%n",
                        mode, pipeline, round, messages, allocated);
                }

                assertThat(messages).isGreaterThanOrEqualTo(3L * MEASURED_STEPS);
                assertThat(allocated).isZero();
                assertThat(adapter.counters().depthGaps()).isZero();
            }
            finally
            {
                connection.close();
            }
        }
    }

    /**
     * The same path through a {@link BinanceFeed} (SPIN, INLINE): the handover's merge and its lock add nothing per
     * message outside a handover.
     */
    @Test
    void shouldNotAllocateOnTheMessageThreadThroughAFeed() throws Exception
    {
        try (MockBinanceExchange exchange = MockBinanceExchange.builder().seed(32).symbols(List.of("BTCUSDT"))
            .pingIntervalMs(0).build().start())
        {
            final Counting listener = new Counting();
            final BinanceAdapter adapter = BinanceAdapter.builder().market(BinanceMarket.SPOT).listener(listener)
                .restUrl(exchange.restUrl()).build();
            final BinanceFeed feed = BinanceFeed.builder(adapter).options(NovaOptions.builder()
                .url(exchange.uri().toString()).ioMode(IoMode.SPIN).pipelineMode(PipelineMode.INLINE)
                .logLevel(LoggingHandler.Level.WARN).build()).build();
            try
            {
                feed.start().get(30, TimeUnit.SECONDS);
                final CompletableFuture<?> subscribed = CompletableFuture.allOf(feed.subscribe("btcusdt@trade"),
                    feed.subscribe("btcusdt@depth@100ms"), feed.subscribe("btcusdt@bookTicker"));
                while (!subscribed.isDone() || listener.live == 0)
                {
                    exchange.step(1);
                    poll(null, 2);
                }
                run(exchange, null, listener, WARM_UP_STEPS);
                long allocated = -1;
                long messages = 0;
                for (int round = 1; round <= MAX_ROUNDS && allocated != 0; round++)
                {
                    final long messagesBefore = listener.messages;
                    final long[] allocatedBytes = new long[1];
                    run(exchange, null, listener, MEASURED_STEPS, listener.handlerThreadId, allocatedBytes);
                    allocated = allocatedBytes[0];
                    messages = listener.messages - messagesBefore;
                    System.out.printf("feed SPIN round %d: %d messages, %d bytes allocated on the message thread%n",
                        round, messages, allocated);
                }

                assertThat(messages).isGreaterThanOrEqualTo(3L * MEASURED_STEPS);
                assertThat(allocated).isZero();
            }
            finally
            {
                feed.close();
            }
        }
    }

    private void run(final MockBinanceExchange exchange, final Agent agent, final Counting listener,
        final int steps) throws Exception
    {
        run(exchange, agent, listener, steps, -1L, new long[1]);
    }

    /**
     * Steps the mock on another thread while this one waits (SPIN) or drives the poll agent (POLL) until the client
     * has handled every message sent; measures the allocation of {@code threadId} over that span.
     */
    private void run(final MockBinanceExchange exchange, final Agent agent, final Counting listener,
        final int steps, final long threadId, final long[] allocated) throws Exception
    {
        final long target = listener.messages + 3L * steps;
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
        while (listener.messages < target && !late)
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
        assertThat(late).as("messages handled within 60 s: %d of %d", listener.messages, target).isFalse();
    }

    private static Connection drive(final CompletableFuture<Connection> connecting) throws Exception
    {
        return connecting.get(30, TimeUnit.SECONDS);
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
