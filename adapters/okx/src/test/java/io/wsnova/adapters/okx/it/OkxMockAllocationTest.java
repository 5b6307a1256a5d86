package io.wsnova.adapters.okx.it;

import io.wsnova.adapters.okx.OkxAdapter;
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
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.mock.okx.MockOkxExchange;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OKX adapter's message thread allocates nothing per message after warm-up, against the mock over loopback:
 * books (with the CRC32 checksum verified on every update), trades, tickers (top of book and the merged derivatives
 * ticker) and mark price, in SPIN and POLL reader modes with the INLINE and QUEUED pipelines. Counted with
 * {@code ThreadMXBean.getThreadAllocatedBytes} on the thread that runs the listener.
 */
class OkxMockAllocationTest
{
    private static final int WARM_UP_STEPS = 8_000;
    private static final int MEASURED_STEPS = 3_000;
    private static final int EVENTS_PER_STEP = 5;
    private static final int MAX_ROUNDS = 5;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

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
        public void onTicker(final DerivativesTicker ticker)
        {
            seen();
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            if (status.state() == FeedState.RESYNC_DONE)
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
        try (MockOkxExchange exchange = MockOkxExchange.builder().seed(31).build().start())
        {
            final Counting listener = new Counting();
            final OkxAdapter adapter = OkxAdapter.builder().listener(listener).build();
            final CompletableFuture<Connection> connecting = Nova.connect(adapter, NovaOptions.builder()
                .url(exchange.uri().toString()).ioMode(mode).pipelineMode(pipeline)
                .logLevel(LoggingHandler.Level.WARN).build());
            final Connection connection = connecting.get(30, TimeUnit.SECONDS);
            try
            {
                final Agent agent = mode == IoMode.POLL ? connection.pollAgent() : null;
                final CompletableFuture<?> subscribed = CompletableFuture.allOf(
                    connection.subscribe("books:BTC-USDT", null), connection.subscribe("trades:BTC-USDT", null),
                    connection.subscribe("tickers:BTC-USDT-SWAP", null),
                    connection.subscribe("mark-price:BTC-USDT-SWAP", null));
                while (!subscribed.isDone() || listener.live == 0)
                {
                    exchange.step(1);
                    poll(agent, 2);
                }

                run(exchange, agent, listener, WARM_UP_STEPS, -1L, new long[1]);
                long messages = 0;
                long allocated = -1;
                for (int round = 1; round <= MAX_ROUNDS && allocated != 0; round++)
                {
                    final long threadId = mode == IoMode.POLL && pipeline == PipelineMode.INLINE ?
                        Thread.currentThread().threadId() : listener.handlerThreadId;
                    final long messagesBefore = listener.messages;
                    final long[] allocatedBytes = new long[1];
                    run(exchange, agent, listener, MEASURED_STEPS, threadId, allocatedBytes);
                    allocated = allocatedBytes[0];
                    messages = listener.messages - messagesBefore;
                    System.out.printf("OKX %s/%s round %d: %d messages, %d bytes allocated on the message thread%n",
                        mode, pipeline, round, messages, allocated);
                }

                assertThat(messages).isGreaterThanOrEqualTo((long)EVENTS_PER_STEP * MEASURED_STEPS);
                assertThat(allocated).isZero();
                assertThat(adapter.counters().sequenceGaps()).isZero();
                assertThat(adapter.counters().checksumMismatches()).isZero();
            }
            finally
            {
                connection.close();
            }
        }
    }

    private void run(final MockOkxExchange exchange, final Agent agent, final Counting listener, final int steps,
        final long threadId, final long[] allocated) throws Exception
    {
        final long target = listener.messages + (long)EVENTS_PER_STEP * steps;
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
