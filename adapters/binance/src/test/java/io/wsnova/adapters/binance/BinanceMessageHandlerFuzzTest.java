package io.wsnova.adapters.binance;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.net.httpserver.HttpServer;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the Binance message handler (docs/FUZZING.md): the input is read as a sequence of
 * messages, one per line, fed through one handler (decode, classify, handle into its books and the listener), as a
 * connection would; an odd first byte selects USD-M futures, else spot. The depth snapshots a resync asks for come
 * from one loopback REST server per fuzzing run (started with the first input, stopped after the class), not one
 * per input; it is the only connection Jazzer's SSRF detector is told to allow. Properties: no exception escapes,
 * whatever the bytes (a malformed message is counted and dropped), and every book the listener sees has its bids
 * strictly descending and its asks strictly ascending. In the test suite the seeds under
 * {@code BinanceMessageHandlerFuzzTestInputs} (the venue's documented messages) replay.
 */
class BinanceMessageHandlerFuzzTest
{
    /** The snapshot every resync gets: updates 101.. apply to it. */
    static final String SNAPSHOT = "{\"lastUpdateId\":100,\"bids\":[[\"100.0\",\"1.0\"],[\"99.5\",\"2\"]]," +
        "\"asks\":[[\"100.5\",\"1.5\"],[\"101\",\"3\"]]}";

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final OrderedBooks BOOKS = new OrderedBooks();
    private static final BinanceHandlerHarness[] HARNESSES = new BinanceHandlerHarness[BinanceMarket.values().length];
    private static HttpServer rest;
    private static SilentCloseable allowance;
    private static int restPort;

    @FuzzTest(maxDuration = "5m")
    void messages(final byte[] lines)
    {
        final BinanceMarket market = lines.length > 0 && (lines[0] & 1) == 1 ?
            BinanceMarket.USDM_FUTURES : BinanceMarket.SPOT;
        final BinanceHandlerHarness harness = harness(market).withNewHandler();
        int start = 0;
        for (int i = 0; i <= lines.length; i++)
        {
            if (i == lines.length || lines[i] == '\n')
            {
                if (i > start)
                {
                    harness.receive(new String(lines, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        assertThat(harness.adapter.counters()).isNotNull();
        assertThat(BOOKS.checked).isGreaterThanOrEqualTo(0);
    }

    @AfterAll
    static void stopRest()
    {
        LOCK.lock();
        try
        {
            if (rest != null)
            {
                allowance.close();
                rest.stop(0);
                rest = null;
                java.util.Arrays.fill(HARNESSES, null);
            }
        }
        finally
        {
            LOCK.unlock();
        }
    }

    /**
     * One adapter per market and run (each adapter has its own HTTP client); every input gets a new handler on it.
     */
    private static BinanceHandlerHarness harness(final BinanceMarket market)
    {
        final String restUrl = restUrl();
        LOCK.lock();
        try
        {
            if (HARNESSES[market.ordinal()] == null)
            {
                HARNESSES[market.ordinal()] = BinanceHandlerHarness.against(market, restUrl, BOOKS);
            }
            return HARNESSES[market.ordinal()];
        }
        finally
        {
            LOCK.unlock();
        }
    }

    private static String restUrl()
    {
        LOCK.lock();
        try
        {
            if (rest == null)
            {
                rest = BinanceHandlerHarness.snapshotServer(SNAPSHOT, BinanceMarket.SPOT, BinanceMarket.USDM_FUTURES);
                restPort = rest.getAddress().getPort();
            }
            // Jazzer's SSRF detector reports every connection the fuzzed code opens: allow this one server only (its
            // port; the host is reported as a name), set before each input as Jazzer asks. Jazzer resets the policy
            // per input while a fetch may still be in flight, so the hook is also disabled for this module
            // (src/test/resources/junit-platform.properties).
            allowance = BugDetectors.allowNetworkConnections((host, port) -> port == restPort);
            return "http://127.0.0.1:" + restPort;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            LOCK.unlock();
        }
    }

    /**
     * Checks the ordering of every book it is shown.
     */
    private static final class OrderedBooks implements MarketListener
    {
        long checked;

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            ordered(book.bids(), -1);
            ordered(book.asks(), 1);
            checked++;
        }

        private static void ordered(final PriceLevels levels, final int direction)
        {
            for (int i = 1; i < levels.depth(); i++)
            {
                final BigDecimal previous = new BigDecimal(levels.price(i - 1).toString());
                final BigDecimal current = new BigDecimal(levels.price(i).toString());
                assertThat(current.compareTo(previous)).as("level %d ordered", i).isEqualTo(direction);
            }
        }
    }
}
