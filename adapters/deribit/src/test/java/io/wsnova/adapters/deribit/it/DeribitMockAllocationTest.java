package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Allocation;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole receive path of the normalized events over a real loopback socket against the Deribit mock (engine
 * reader, frame decoder, Deribit decoders, bridge, generic book, {@link MarketListener}) in SPIN and POLL x INLINE
 * and QUEUED: the threads that read and handle allocate nothing per ticker, trade, book and quote message after
 * warm-up. Measured on the engine's reader and handler threads and on this test's poll thread (POLL), by name,
 * in windows until one allocates nothing (at most five), as the engine's own allocation tests.
 */
class DeribitMockAllocationTest
{
    private static final int MESSAGES_PER_SECOND = 20_000;
    private static final long WARM_UP_MESSAGES = 20_000;
    private static final long MEASURED_MESSAGES = 20_000;
    private static final long WAIT_MS = 60_000;
    /**
     * Windows at most: a Deribit heartbeat ({@code test_request}, every 30 s) is answered with a request, which
     * allocates (control plane), and can land in one window; a per-message allocation shows in every one.
     */
    private static final int MAX_WINDOWS = 5;
    private static final String POLL_THREAD = "deribit-alloc-poll";

    static Stream<Arguments> modes()
    {
        return Stream.of(
            Arguments.of(IoMode.SPIN, PipelineMode.INLINE),
            Arguments.of(IoMode.SPIN, PipelineMode.QUEUED),
            Arguments.of(IoMode.POLL, PipelineMode.INLINE),
            Arguments.of(IoMode.POLL, PipelineMode.QUEUED));
    }

    /** Counts each event type without allocating. */
    private static final class Counting implements MarketListener
    {
        volatile long messages;
        volatile long trades;
        volatile long books;
        volatile long tickers;
        volatile long quotes;

        @Override
        public void onTrade(final Trade trade)
        {
            trades++;
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            books++;
            messages++;
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            tickers++;
            messages++;
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            quotes++;
            messages++;
        }

        long total()
        {
            return messages + trades;
        }
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("modes")
    void shouldAllocateNothingPerMessageThroughTheMarketListener(final IoMode ioMode, final PipelineMode pipeline)
        throws Exception
    {
        try (DeribitMockFixture fixture = DeribitMockFixture.start(DeribitMockFixture.config()
            .messagesPerSecond(MESSAGES_PER_SECOND)))
        {
            final Counting counting = new Counting();
            final DeribitAdapter.Builder adapter = DeribitAdapter.builder().marketListener(counting);
            // Public channels only (no credentials: nothing to authenticate before a POLL agent runs); WebSocket
            // keepalive off so that the windows measure the market-data path alone (a pong is control plane).
            final Connection connection = fixture.connect(adapter, NovaOptions.builder()
                .url(fixture.exchange.uri().toString()).ioMode(ioMode).pipelineMode(pipeline).keepalive(0, 0)
                .set(Option.QUEUE_CAPACITY, 8192));
            final AgentRunner poller = ioMode == IoMode.POLL ?
                new AgentRunner(new BusySpinIdleStrategy(), Throwable::printStackTrace, null, connection.pollAgent()) :
                null;
            if (poller != null)
            {
                AgentRunner.startOnThread(poller).setName(POLL_THREAD);
            }
            try
            {
                DeribitMockFixture.subscribe(connection, List.of("ticker." + BTC + ".100ms", "book." + BTC + ".100ms",
                    "trades." + BTC + ".100ms", "quote." + BTC));
                final Predicate<String> measured = name -> name.startsWith("wsnova-reader-") ||
                    name.startsWith("wsnova-handler-") || name.equals(POLL_THREAD);

                Allocation.warmUpUntilQuiet(counting::total, WARM_UP_MESSAGES, measured, Allocation.ANY_THREADS,
                    WAIT_MS);
                final long tradesBefore = counting.trades;
                final long booksBefore = counting.books;
                final long tickersBefore = counting.tickers;
                final long quotesBefore = counting.quotes;
                final List<Allocation.Window> windows = Allocation.windows(counting::total, MEASURED_MESSAGES,
                    measured, Allocation.ANY_THREADS, MAX_WINDOWS, WAIT_MS);
                System.out.printf("deribit normalized %s/%s: %s (trades %d, books %d, tickers %d, quotes %d)%n",
                    ioMode, pipeline, windows, counting.trades - tradesBefore, counting.books - booksBefore,
                    counting.tickers - tickersBefore, counting.quotes - quotesBefore);

                assertThat(counting.trades - tradesBefore).isPositive();
                assertThat(counting.books - booksBefore).isPositive();
                assertThat(counting.tickers - tickersBefore).isPositive();
                assertThat(counting.quotes - quotesBefore).isPositive();
                assertThat(windows.get(windows.size() - 1).bytes())
                    .as("a window of %d messages with 0 B on the reading and handling threads: %s",
                        MEASURED_MESSAGES, windows).isZero();
            }
            finally
            {
                connection.close();
                connection.closeFuture().get(10, TimeUnit.SECONDS);
                if (poller != null)
                {
                    poller.close();
                }
            }
        }
    }
}
