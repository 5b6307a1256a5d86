package io.wsnova.adapters.binance;

import com.sun.net.httpserver.HttpServer;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import io.wsnova.testkit.Await;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random sync scenarios against an oracle ({@link TreeMap} book): a stream of depth events (spot: consecutive
 * ids; futures: ids with holes between events and {@code pu} chained), a REST snapshot taken at a random point (at an
 * event's end, between two futures events, or inside an event), and a random count of events received before the
 * held-back snapshot is released, the rest after it went live. Nothing is lost on the stream, so every scenario must
 * end live with no gap and no too-old snapshot, the book equal to the oracle's. Seed: {@code -Dwsnova.seed=N}.
 */
class BinanceEarlySnapshotRandomTest
{
    private static final int CASES = 150;
    private static final int PRICES = 6;

    /** One depth event: ids and the one bid level it sets (size 0 removes). */
    private record Event(long first, long last, long previous, int price, int size)
    {
    }

    @ParameterizedTest
    @EnumSource(value = BinanceMarket.class, names = {"SPOT", "USDM_FUTURES"})
    void shouldSyncEveryOrderOfSnapshotAndEventsWithoutAGap(final BinanceMarket market) throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("BinanceEarlySnapshotRandomTest " + market + " seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final boolean futures = market == BinanceMarket.USDM_FUTURES;
        final AtomicReference<String> snapshotBody = new AtomicReference<>();
        final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(0));
        final HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.createContext(market.depthPath(), exchange ->
        {
            try
            {
                release.get().await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            final byte[] body = snapshotBody.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        rest.start();
        try
        {
            final BinanceHandlerHarness base = BinanceHandlerHarness.against(market,
                "http://127.0.0.1:" + rest.getAddress().getPort(), null);
            for (int c = 0; c < CASES; c++)
            {
                runCase(base.withNewHandler(), random, futures, snapshotBody, release, "seed=" + seed + " case " + c);
            }
        }
        finally
        {
            rest.stop(0);
        }
    }

    private static void runCase(final BinanceHandlerHarness harness, final SplittableRandom random,
        final boolean futures, final AtomicReference<String> snapshotBody,
        final AtomicReference<CountDownLatch> release, final String name)
    {
        final BinanceCounters counters = harness.adapter.counters();
        final long gapsBefore = counters.depthGaps();
        final long tooOldBefore = counters.snapshotsTooOld();
        final long doneBefore = counters.resyncsDone();

        final TreeMap<Integer, Integer> state = new TreeMap<>(Comparator.reverseOrder());
        for (int p = 0; p < PRICES; p++)
        {
            state.put(p, 1 + random.nextInt(9));
        }
        final int count = 2 + random.nextInt(10);
        final List<Event> events = new ArrayList<>();
        final List<TreeMap<Integer, Integer>> after = new ArrayList<>(); // the oracle after event i
        long last = 1_000 + random.nextInt(1_000);
        for (int i = 0; i < count; i++)
        {
            final long first = last + 1 + (futures ? random.nextInt(4) : 0);
            final long end = first + random.nextInt(3);
            final Event event = new Event(first, end, last, random.nextInt(PRICES), random.nextInt(4));
            events.add(event);
            last = end;
            apply(state, event);
            after.add(new TreeMap<>(state));
        }

        // the snapshot: the book after event j (j >= 0) at an id from its end up to the next event's last id - 1;
        // an id inside event j + 1 is a snapshot that holds part of it (its one level set or not: either is fine,
        // the event sets it again). The snapshot must not be older than the first event (the documented refetch).
        final int j = random.nextInt(count);
        final Event at = events.get(j);
        final long upTo = j + 1 < count ? events.get(j + 1).last() - 1 : at.last();
        final long lastUpdateId = at.last() + (upTo > at.last() ? random.nextLong(upTo - at.last() + 1) : 0);
        final boolean inNext = j + 1 < count && lastUpdateId >= events.get(j + 1).first();
        final Map<Integer, Integer> snapshotState = inNext && random.nextBoolean() ? after.get(j + 1) : after.get(j);
        snapshotBody.set(snapshotJson(lastUpdateId, snapshotState));

        final int beforeSnapshot = 1 + random.nextInt(count); // events received before the snapshot is released
        final CountDownLatch gate = new CountDownLatch(1);
        release.set(gate);
        for (int i = 0; i < beforeSnapshot; i++)
        {
            harness.receive(depth(events.get(i), futures));
        }
        gate.countDown();
        Await.until(() -> counters.resyncsDone() == doneBefore + 1 ||
            counters.depthGaps() != gapsBefore || counters.snapshotsTooOld() != tooOldBefore, 10_000,
            name + ": synced");
        for (int i = beforeSnapshot; i < count; i++)
        {
            harness.receive(depth(events.get(i), futures));
        }

        final String scenario = name + " events=" + events + " lastUpdateId=" + lastUpdateId + " received before=" +
            beforeSnapshot;
        assertThat(counters.depthGaps() - gapsBefore).as("gaps, " + scenario).isZero();
        assertThat(counters.snapshotsTooOld() - tooOldBefore).as("too old, " + scenario).isZero();
        final OrderBook book = harness.handler.book("BTCUSDT");
        assertThat(book.isLive()).as("live, " + scenario).isTrue();
        assertThat(book.lastSequence()).as("last id, " + scenario).isEqualTo(Math.max(last, lastUpdateId));
        assertThat(bids(book)).as("book, " + scenario).isEqualTo(text(after.get(count - 1)));
    }

    private static void apply(final TreeMap<Integer, Integer> state, final Event event)
    {
        if (event.size() == 0)
        {
            state.remove(event.price());
        }
        else
        {
            state.put(event.price(), event.size());
        }
    }

    private static String price(final int price)
    {
        return (100 + price) + ".00000000";
    }

    private static String size(final int size)
    {
        return size + ".00000000";
    }

    private static String snapshotJson(final long lastUpdateId, final Map<Integer, Integer> state)
    {
        final StringBuilder json = new StringBuilder("{\"lastUpdateId\":").append(lastUpdateId).append(",\"bids\":[");
        String separator = "";
        for (final Map.Entry<Integer, Integer> level : state.entrySet())
        {
            json.append(separator).append("[\"").append(price(level.getKey())).append("\",\"")
                .append(size(level.getValue())).append("\"]");
            separator = ",";
        }
        return json.append("],\"asks\":[[\"200.00000000\",\"1.00000000\"]]}").toString();
    }

    private static String depth(final Event event, final boolean futures)
    {
        return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1672515782136," +
            "\"s\":\"BTCUSDT\",\"U\":" + event.first() + ",\"u\":" + event.last() +
            (futures ? ",\"pu\":" + event.previous() : "") + ",\"b\":[[\"" + price(event.price()) + "\",\"" +
            size(event.size()) + "\"]],\"a\":[]}}";
    }

    private static String text(final Map<Integer, Integer> state)
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<Integer, Integer> level : state.entrySet())
        {
            text.append(price(level.getKey())).append('=').append(size(level.getValue())).append(' ');
        }
        return text.toString();
    }

    private static String bids(final OrderBook book)
    {
        final PriceLevels bids = book.bids();
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < bids.depth(); i++)
        {
            text.append(bids.price(i)).append('=').append(bids.size(i)).append(' ');
        }
        return text.toString();
    }
}
