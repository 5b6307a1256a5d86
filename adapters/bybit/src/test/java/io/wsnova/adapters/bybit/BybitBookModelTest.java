package io.wsnova.adapters.bybit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test of the Bybit book state machine, judged against Bybit's documented rules (reference section B),
 * not against the mock: a simulated venue keeps the true book and its update id {@code u}, and sends a random valid
 * history of one {@code orderbook.50} topic: snapshots (after each resubscribe and at any time, also re-pushed with
 * an unchanged {@code u}), consecutive deltas, deltas the network lost (a gap), service restarts ({@code u == 1},
 * as a {@code delta} or a {@code snapshot}), and pongs or subscribe answers between any two messages. A reference
 * model says what the client must do: no silent loss (every gap reported {@code SEQUENCE_GAP} then
 * {@code RESYNC_STARTED}), no false gap on valid input, {@code RESYNC_DONE} on the snapshot that ends a wait, and the
 * adapter's book equal to the venue's book whenever the model says it is live. Seeded: the seed is printed,
 * {@code -Dwsnova.seed=N} replays it.
 */
class BybitBookModelTest
{
    private static final long SEED = Long.getLong("wsnova.seed", System.nanoTime());
    private static final int RUNS = 60;
    private static final int STEPS = 300;
    private static final String TOPIC = "orderbook.50.BTCUSDT";

    @Test
    void shouldMatchTheReferenceModelOnRandomValidHistories()
    {
        System.out.println("BybitBookModelTest seed=" + SEED + " (-Dwsnova.seed=" + SEED + ")");
        final SplittableRandom seeds = new SplittableRandom(SEED);
        for (int run = 0; run < RUNS; run++)
        {
            final long runSeed = seeds.nextLong();
            new Run(runSeed).execute();
        }
    }

    private static final class Run implements MarketListener
    {
        private final long seed;
        private final SplittableRandom random;
        private final BybitHandlerHarness harness;
        private final TreeMap<BigDecimal, BigDecimal> venueBids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, BigDecimal> venueAsks = new TreeMap<>();
        private final TreeMap<BigDecimal, BigDecimal> clientBids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, BigDecimal> clientAsks = new TreeMap<>();
        private final List<String> statuses = new ArrayList<>();
        private final StringBuilder history = new StringBuilder();
        private OrderBook seenBook;
        private long venueU = 1_000;
        private long clientU = -1;
        private boolean clientLive;
        private boolean resyncPending;
        private int snapshotDueIn = -1;

        Run(final long seed)
        {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            this.harness = new BybitHandlerHarness(BybitCategory.LINEAR, this);
        }

        void execute()
        {
            randomBook();
            deliverSnapshot("snapshot", false);
            for (int step = 0; step < STEPS; step++)
            {
                if (snapshotDueIn == 0)
                {
                    snapshotDueIn = -1;
                    deliverSnapshot("snapshot", false);
                    continue;
                }
                if (snapshotDueIn > 0)
                {
                    snapshotDueIn--;
                }
                final int action = random.nextInt(100);
                if (action < 70)
                {
                    delta(true);
                }
                else if (action < 78)
                {
                    delta(false);
                }
                else if (action < 82)
                {
                    deliverSnapshot("snapshot", false);
                }
                else if (action < 85)
                {
                    venueU = 1;
                    randomBook();
                    deliverSnapshot(random.nextBoolean() ? "delta" : "snapshot", true);
                }
                else
                {
                    control();
                }
            }
        }

        private void delta(final boolean delivered)
        {
            venueU++;
            final StringBuilder bids = new StringBuilder();
            final StringBuilder asks = new StringBuilder();
            final int changes = random.nextInt(4);
            for (int i = 0; i < changes; i++)
            {
                final boolean bid = random.nextBoolean();
                final TreeMap<BigDecimal, BigDecimal> side = bid ? venueBids : venueAsks;
                final StringBuilder out = bid ? bids : asks;
                final BigDecimal price = price(bid);
                if (side.containsKey(price) && random.nextInt(3) == 0 || side.size() >= 20)
                {
                    final BigDecimal existing = side.isEmpty() ? price : side.lastKey();
                    final BigDecimal removed = side.containsKey(price) ? price : existing;
                    side.remove(removed);
                    level(out, removed, "0");
                }
                else
                {
                    final BigDecimal size = size();
                    side.put(price, size);
                    level(out, price, size.toPlainString());
                }
            }
            if (!delivered)
            {
                history.append("lost u=").append(venueU).append('\n');
                return;
            }
            final String json = message("delta", bids, asks, venueU);
            final boolean expectApply = clientLive && venueU == clientU + 1;
            final List<String> expected = new ArrayList<>();
            if (expectApply)
            {
                clientU = venueU;
                copyVenueToClient();
            }
            else if (clientLive)
            {
                expected.add("SEQUENCE_GAP SEQUENCE_MISMATCH");
                expected.add("RESYNC_STARTED SEQUENCE_MISMATCH");
                clientLive = false;
                resyncPending = true;
                snapshotDueIn = 1 + random.nextInt(5);
            }
            else if (!resyncPending)
            {
                expected.add("SEQUENCE_GAP UPDATE_BEFORE_SNAPSHOT");
                expected.add("RESYNC_STARTED UPDATE_BEFORE_SNAPSHOT");
                resyncPending = true;
                snapshotDueIn = 1 + random.nextInt(5);
            }
            receive(json, expected);
        }

        private void deliverSnapshot(final String type, final boolean restart)
        {
            final StringBuilder bids = new StringBuilder();
            final StringBuilder asks = new StringBuilder();
            venueBids.forEach((p, s) -> level(bids, p, s.toPlainString()));
            venueAsks.forEach((p, s) -> level(asks, p, s.toPlainString()));
            final List<String> expected = new ArrayList<>();
            if (!clientLive)
            {
                final boolean reset = restart && clientU != -1 && clientU != 1;
                expected.add(reset ? "RESYNC_DONE SEQUENCE_RESET" : "RESYNC_DONE *");
            }
            else if (restart && clientU != 1)
            {
                expected.add("RESYNC_DONE SEQUENCE_RESET");
            }
            clientLive = true;
            resyncPending = false;
            clientU = venueU;
            copyVenueToClient();
            receive(message(type, bids, asks, venueU), expected);
        }

        private void control()
        {
            final String json = switch (random.nextInt(3))
            {
                case 0 -> "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"465772b1\",\"req_id\":\"\"," +
                    "\"op\":\"ping\"}";
                case 1 -> "{\"args\":[\"1672916271846\"],\"op\":\"pong\"}";
                default -> "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"3cd84cb1\",\"req_id\":\"\"," +
                    "\"op\":\"subscribe\"}";
            };
            receive(json, List.of());
        }

        private void receive(final String json, final List<String> expected)
        {
            if (history.length() > 8_000)
            {
                history.delete(0, history.length() - 4_000);
            }
            history.append(json).append('\n');
            statuses.clear();
            harness.receive(json);
            final String where = "seed " + seed + " (run seed; replay the suite with -Dwsnova.seed=" + SEED +
                ") after:\n" + tail();
            assertThat(statuses.size()).as(where).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++)
            {
                final String want = expected.get(i);
                if (want.endsWith("*"))
                {
                    assertThat(statuses.get(i)).as(where).startsWith(want.substring(0, want.length() - 1));
                }
                else
                {
                    assertThat(statuses.get(i)).as(where).isEqualTo(want);
                }
            }
            if (clientLive)
            {
                assertThat(seenBook).as(where).isNotNull();
                assertThat(seenBook.isLive()).as(where).isTrue();
                assertThat(levels(seenBook.side(BookSide.BID))).as(where).isEqualTo(clientBids);
                assertThat(levels(seenBook.side(BookSide.ASK))).as(where).isEqualTo(clientAsks);
                assertThat(seenBook.lastSequence()).as(where).isEqualTo(clientU);
            }
            else if (seenBook != null)
            {
                assertThat(seenBook.isLive()).as(where).isFalse();
            }
        }

        private void copyVenueToClient()
        {
            clientBids.clear();
            clientBids.putAll(venueBids);
            clientAsks.clear();
            clientAsks.putAll(venueAsks);
        }

        private String tail()
        {
            final String text = history.toString();
            return text.length() > 3_000 ? text.substring(text.length() - 3_000) : text;
        }

        private void randomBook()
        {
            venueBids.clear();
            venueAsks.clear();
            final int n = random.nextInt(12);
            for (int i = 0; i < n; i++)
            {
                venueBids.put(price(true), size());
                venueAsks.put(price(false), size());
            }
        }

        private BigDecimal price(final boolean bid)
        {
            final int tick = 1 + random.nextInt(30);
            return new BigDecimal(bid ? 30_000 - tick : 30_000 + tick).movePointLeft(1).setScale(2);
        }

        private BigDecimal size()
        {
            return BigDecimal.valueOf(1 + random.nextInt(5_000), 3);
        }

        private static void level(final StringBuilder out, final BigDecimal price, final String size)
        {
            if (out.length() > 0)
            {
                out.append(',');
            }
            out.append("[\"").append(price.toPlainString()).append("\",\"").append(size).append("\"]");
        }

        private static String message(final String type, final CharSequence bids, final CharSequence asks,
            final long u)
        {
            return "{\"topic\":\"" + TOPIC + "\",\"type\":\"" + type + "\",\"ts\":1672304484978,\"data\":{\"s\":" +
                "\"BTCUSDT\",\"b\":[" + bids + "],\"a\":[" + asks + "],\"u\":" + u + ",\"seq\":7961638724}," +
                "\"cts\":1672304484976}";
        }

        private static Map<BigDecimal, BigDecimal> levels(final PriceLevels side)
        {
            final TreeMap<BigDecimal, BigDecimal> out = new TreeMap<>();
            final Decimal price = new Decimal();
            final Decimal size = new Decimal();
            for (int i = 0; i < side.depth(); i++)
            {
                out.put(new BigDecimal(side.price(i, price).toString()).setScale(2),
                    new BigDecimal(side.size(i, size).toString()).setScale(3));
            }
            return out;
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            seenBook = book;
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses.add(status.state() + " " + status.reason());
        }
    }
}
