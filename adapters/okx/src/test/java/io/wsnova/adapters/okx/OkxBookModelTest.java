package io.wsnova.adapters.okx;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookSide;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test of the OKX {@code books} state machine, judged against OKX's documented sequencing (reference
 * "OKX v5 public"), not against the mock: a simulated venue keeps the true book and its {@code seqId} (growing by
 * irregular steps) and sends a random valid history: a snapshot ({@code prevSeqId = -1}) after each (re)subscribe,
 * updates chained by {@code prevSeqId}, no-change keepalives ({@code seqId == prevSeqId}, empty sides), resets
 * after maintenance ({@code seqId < prevSeqId}), updates the network lost, and {@code pong}s; a third of the
 * messages carry the correct CRC32 checksum (computed here with {@link CRC32} from the text the venue wrote), the
 * rest 0. The reference model states: every gap is reported ({@code SEQUENCE_GAP} + {@code RESYNC_STARTED}) and
 * resynced (an unsubscribe and a subscribe sent), no false gap or checksum mismatch on valid input,
 * {@code RESYNC_DONE} on the snapshot that ends a wait, and the book equal to the model's while live. Seeded: the
 * seed is printed, {@code -Dwsnova.seed=N} replays it.
 */
class OkxBookModelTest
{
    private static final long SEED = Long.getLong("wsnova.seed", System.nanoTime());
    private static final int RUNS = 60;
    private static final int STEPS = 300;

    @Test
    void shouldMatchTheReferenceModelOnRandomValidHistories()
    {
        System.out.println("OkxBookModelTest seed=" + SEED + " (-Dwsnova.seed=" + SEED + ")");
        final SplittableRandom seeds = new SplittableRandom(SEED);
        for (int run = 0; run < RUNS; run++)
        {
            new Run(seeds.nextLong()).execute();
        }
    }

    private static final class Run
    {
        private final long seed;
        private final SplittableRandom random;
        private final OkxHandlerHarness harness = new OkxHandlerHarness();
        // price text -> size text, as the venue wrote them (the checksum is over the venue's text).
        private final TreeMap<BigDecimal, String[]> venueBids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, String[]> venueAsks = new TreeMap<>();
        private final Map<BigDecimal, BigDecimal> clientBids = new TreeMap<>();
        private final Map<BigDecimal, BigDecimal> clientAsks = new TreeMap<>();
        private final StringBuilder history = new StringBuilder();
        private long venueSeq = 1_000;
        private long clientSeq;
        private boolean clientLive;
        private int snapshotDueIn = -1;

        Run(final long seed)
        {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        void execute()
        {
            final int n = random.nextInt(15);
            for (int i = 0; i < n; i++)
            {
                change(true, false);
                change(false, false);
            }
            snapshot();
            for (int step = 0; step < STEPS; step++)
            {
                if (snapshotDueIn == 0)
                {
                    snapshotDueIn = -1;
                    snapshot();
                    continue;
                }
                if (snapshotDueIn > 0)
                {
                    snapshotDueIn--;
                }
                final int action = random.nextInt(100);
                if (action < 65)
                {
                    update(true, false, false);
                }
                else if (action < 73)
                {
                    update(false, false, false);
                }
                else if (action < 83)
                {
                    update(true, true, false);
                }
                else if (action < 88)
                {
                    update(true, false, true);
                }
                else
                {
                    receive("pong", List.of(), false);
                }
            }
        }

        private void update(final boolean delivered, final boolean keepalive, final boolean reset)
        {
            final long previous = venueSeq;
            final StringBuilder bids = new StringBuilder();
            final StringBuilder asks = new StringBuilder();
            if (!keepalive)
            {
                final int changes = 1 + random.nextInt(4);
                for (int i = 0; i < changes; i++)
                {
                    final boolean bid = random.nextBoolean();
                    change(bid, true);
                    (bid ? bids : asks).append(bid ? lastBid : lastAsk);
                }
                venueSeq = reset ? 1 + random.nextInt(100) : venueSeq + 1 + random.nextInt(50);
            }
            if (!delivered)
            {
                history.append("lost seqId=").append(venueSeq).append('\n');
                return;
            }
            final List<String> expected = new ArrayList<>();
            boolean resync = false;
            if (clientLive && previous == clientSeq)
            {
                clientSeq = venueSeq;
                copyVenueToClient();
            }
            else if (clientLive)
            {
                expected.add("status SEQUENCE_GAP SEQUENCE_MISMATCH");
                expected.add("status RESYNC_STARTED SEQUENCE_MISMATCH");
                clientLive = false;
                resync = true;
                snapshotDueIn = 1 + random.nextInt(4);
            }
            receive(message("update", bids, asks, previous, venueSeq), expected, resync);
        }

        private String lastBid = "";
        private String lastAsk = "";

        private void change(final boolean bid, final boolean emit)
        {
            final TreeMap<BigDecimal, String[]> side = bid ? venueBids : venueAsks;
            final int tick = 1 + random.nextInt(40);
            final BigDecimal price = BigDecimal.valueOf(bid ? 410_000 - tick : 410_000 + tick, 1);
            final String priceText;
            final String sizeText;
            if (side.containsKey(price) && random.nextInt(3) == 0 || side.size() >= 30)
            {
                final BigDecimal removed = side.containsKey(price) ? price : side.lastKey();
                priceText = side.remove(removed)[0];
                sizeText = "0";
            }
            else
            {
                // OKX writes prices and sizes in varying forms: trailing zeros kept or not.
                priceText = random.nextInt(4) == 0 ? price.setScale(2).toPlainString() : price.toPlainString();
                sizeText = BigDecimal.valueOf(1 + random.nextInt(100_000_000), 8).toPlainString();
                side.put(price, new String[]{priceText, sizeText});
            }
            if (emit)
            {
                final String level = "[\"" + priceText + "\",\"" + sizeText + "\",\"0\",\"" + random.nextInt(9) +
                    "\"]";
                if (bid)
                {
                    lastBid = level;
                }
                else
                {
                    lastAsk = level;
                }
            }
        }

        private void snapshot()
        {
            final StringBuilder bids = new StringBuilder();
            final StringBuilder asks = new StringBuilder();
            venueBids.values().forEach(level -> append(bids, level));
            venueAsks.values().forEach(level -> append(asks, level));
            final List<String> expected = clientLive ? List.of() : List.of("status RESYNC_DONE NONE");
            clientLive = true;
            clientSeq = venueSeq;
            copyVenueToClient();
            receive(message("snapshot", bids, asks, -1, venueSeq), expected, false);
        }

        private static void append(final StringBuilder out, final String[] level)
        {
            if (out.length() > 0)
            {
                out.append(',');
            }
            out.append("[\"").append(level[0]).append("\",\"").append(level[1]).append("\",\"0\",\"1\"]");
        }

        private String message(final String action, final StringBuilder bids, final StringBuilder asks,
            final long previous, final long seqId)
        {
            final String bidLevels = join(bids);
            final String askLevels = join(asks);
            final long checksum = random.nextInt(3) == 0 ? checksum() : 0;
            return "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"" + action +
                "\",\"data\":[{\"asks\":[" + askLevels + "],\"bids\":[" + bidLevels + "],\"ts\":\"1629966436396\"," +
                "\"checksum\":" + checksum + ",\"prevSeqId\":" + previous + ",\"seqId\":" + seqId + "}]}";
        }

        private static String join(final StringBuilder levels)
        {
            return levels.toString().replace("][", "],[");
        }

        private int checksum()
        {
            final StringBuilder text = new StringBuilder();
            final Iterator<String[]> bids = venueBids.values().iterator();
            final Iterator<String[]> asks = venueAsks.values().iterator();
            for (int i = 0; i < 25; i++)
            {
                if (bids.hasNext())
                {
                    final String[] level = bids.next();
                    text.append(text.length() > 0 ? ":" : "").append(level[0]).append(':').append(level[1]);
                }
                if (asks.hasNext())
                {
                    final String[] level = asks.next();
                    text.append(text.length() > 0 ? ":" : "").append(level[0]).append(':').append(level[1]);
                }
            }
            final CRC32 crc = new CRC32();
            crc.update(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return (int)crc.getValue();
        }

        private void copyVenueToClient()
        {
            clientBids.clear();
            venueBids.forEach((price, level) -> clientBids.put(price.stripTrailingZeros(),
                new BigDecimal(level[1]).stripTrailingZeros()));
            clientAsks.clear();
            venueAsks.forEach((price, level) -> clientAsks.put(price.stripTrailingZeros(),
                new BigDecimal(level[1]).stripTrailingZeros()));
        }

        private void receive(final String json, final List<String> expected, final boolean resync)
        {
            if (history.length() > 8_000)
            {
                history.delete(0, history.length() - 4_000);
            }
            history.append(json).append('\n');
            final int eventsBefore = harness.listener.events.size();
            final int sentBefore = harness.sent.size();
            harness.feed(json);
            final String text = history.toString();
            final String where = "run seed " + seed + " (suite -Dwsnova.seed=" + SEED + ") after:\n" +
                (text.length() > 3_000 ? text.substring(text.length() - 3_000) : text);
            final List<String> statuses = new ArrayList<>();
            for (final String event : harness.listener.events.subList(eventsBefore, harness.listener.events.size()))
            {
                if (event.startsWith("status"))
                {
                    statuses.add(event);
                }
            }
            assertThat(statuses).as(where).isEqualTo(expected);
            assertThat(harness.adapter.counters().checksumMismatches()).as(where).isZero();
            final List<String> sent = harness.sent.subList(sentBefore, harness.sent.size());
            if (resync)
            {
                assertThat(sent).as(where).containsExactly(
                    "{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}",
                    "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}");
            }
            else
            {
                assertThat(sent).as(where).isEmpty();
            }
            final OrderBook book = harness.handler.book("books:BTC-USDT");
            assertThat(book.isLive()).as(where).isEqualTo(clientLive);
            if (clientLive)
            {
                assertThat(levels(book.side(BookSide.BID))).as(where).isEqualTo(clientBids);
                assertThat(levels(book.side(BookSide.ASK))).as(where).isEqualTo(clientAsks);
            }
        }

        private static Map<BigDecimal, BigDecimal> levels(final PriceLevels side)
        {
            final TreeMap<BigDecimal, BigDecimal> out = new TreeMap<>();
            final Decimal price = new Decimal();
            final Decimal size = new Decimal();
            for (int i = 0; i < side.depth(); i++)
            {
                out.put(new BigDecimal(side.price(i, price).toString()).stripTrailingZeros(),
                    new BigDecimal(side.size(i, size).toString()).stripTrailingZeros());
            }
            return out;
        }
    }
}
