package io.wsnova.adapters.coinbase;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test of the Coinbase level2 state machine, judged against the venue's documented rules (reference
 * section C and "Coinbase Advanced Trade (additions)"), not against the mock: one connection carries two products'
 * {@code l2_data} (snapshot, then updates with absolute {@code new_quantity}, {@code "0"} removes), heartbeats and
 * subscription answers, every message numbered by the connection's {@code sequence_num}; a message may batch
 * events of both products; the network loses messages. The reference model: a lost message is a gap, reported
 * once ({@code SEQUENCE_GAP}) with {@code RESYNC_STARTED} for every book of the connection; the snapshot that follows
 * (the resubscribe's answer) reports {@code RESYNC_DONE}; no false gap on valid input; each live book equals the
 * venue's. Seeded: the seed is printed, {@code -Dwsnova.seed=N} replays it.
 */
class CoinbaseBookModelTest
{
    private static final long SEED = Long.getLong("wsnova.seed", System.nanoTime());
    private static final int RUNS = 50;
    private static final int STEPS = 300;
    private static final String[] PRODUCTS = {"BTC-USD", "ETH-USD"};

    @Test
    void shouldMatchTheReferenceModelOnRandomValidHistories()
    {
        System.out.println("CoinbaseBookModelTest seed=" + SEED + " (-Dwsnova.seed=" + SEED + ")");
        final SplittableRandom seeds = new SplittableRandom(SEED);
        for (int run = 0; run < RUNS; run++)
        {
            new Run(seeds.nextLong()).execute();
        }
    }

    private static final class Run implements MarketListener
    {
        private final long seed;
        private final SplittableRandom random;
        private final CoinbaseHandlerHarness harness;
        private final List<Map<String, TreeMap<BigDecimal, BigDecimal>>> venue = new ArrayList<>();
        private final List<Map<String, TreeMap<BigDecimal, BigDecimal>>> client = new ArrayList<>();
        private final boolean[] created = new boolean[PRODUCTS.length];
        private final boolean[] live = new boolean[PRODUCTS.length];
        private final boolean[] resyncing = new boolean[PRODUCTS.length];
        private final int[] snapshotDueIn = {-1, -1};
        private final List<String> statuses = new ArrayList<>();
        private final StringBuilder history = new StringBuilder();
        private long sequence;
        private boolean lost;
        private long gaps;
        private long resyncsDone;

        Run(final long seed)
        {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            this.harness = new CoinbaseHandlerHarness(this);
            for (int p = 0; p < PRODUCTS.length; p++)
            {
                venue.add(sides());
                client.add(sides());
            }
        }

        private static Map<String, TreeMap<BigDecimal, BigDecimal>> sides()
        {
            final Map<String, TreeMap<BigDecimal, BigDecimal>> sides = new LinkedHashMap<>();
            sides.put("bid", new TreeMap<>());
            sides.put("offer", new TreeMap<>());
            return sides;
        }

        void execute()
        {
            sequence = random.nextInt(3);
            send(List.of(snapshotEvent(0)), true);
            for (int step = 0; step < STEPS; step++)
            {
                final List<String> events = new ArrayList<>();
                for (int p = 0; p < PRODUCTS.length; p++)
                {
                    if (snapshotDueIn[p] == 0)
                    {
                        snapshotDueIn[p] = -1;
                        events.add(snapshotEvent(p));
                    }
                    else if (snapshotDueIn[p] > 0)
                    {
                        snapshotDueIn[p]--;
                    }
                }
                final int action = random.nextInt(100);
                if (!events.isEmpty())
                {
                    send(events, true);
                }
                else if (action < 60)
                {
                    events.add(updateEvent(random.nextInt(PRODUCTS.length)));
                    if (random.nextInt(4) == 0)
                    {
                        events.add(updateEvent(random.nextInt(PRODUCTS.length)));
                    }
                    send(events, random.nextInt(12) != 0);
                }
                else if (action < 65 && !created[1])
                {
                    send(List.of(snapshotEvent(1)), true);
                }
                else if (action < 85)
                {
                    heartbeat(random.nextInt(15) != 0);
                }
                else
                {
                    receive("{\"channel\":\"subscriptions\",\"client_id\":\"\",\"timestamp\":" +
                        "\"2023-02-09T20:32:50.714964855Z\",\"sequence_num\":" + next() + ",\"events\":[{" +
                        "\"subscriptions\":{\"level2\":[\"BTC-USD\"],\"heartbeats\":[\"heartbeats\"]}}]}", true);
                }
            }
            assertThat(harness.adapter.counters().sequenceGaps()).as("run seed %d", seed).isEqualTo(gaps);
            assertThat(harness.adapter.counters().resyncsDone()).as("run seed %d", seed).isEqualTo(resyncsDone);
            assertThat(gaps).as("run seed %d: the history must lose messages", seed).isPositive();
        }

        private long next()
        {
            return sequence++;
        }

        private String snapshotEvent(final int p)
        {
            final Map<String, TreeMap<BigDecimal, BigDecimal>> book = venue.get(p);
            if (!created[p] || random.nextInt(3) == 0)
            {
                book.get("bid").clear();
                book.get("offer").clear();
                for (int i = random.nextInt(10); i > 0; i--)
                {
                    book.get("bid").put(price(true), size());
                    book.get("offer").put(price(false), size());
                }
            }
            final StringBuilder updates = new StringBuilder();
            book.forEach((side, levels) -> levels.forEach((price, size) -> level(updates, side, price, size)));
            return "{\"type\":\"snapshot\",\"product_id\":\"" + PRODUCTS[p] + "\",\"updates\":[" + updates + "]}";
        }

        private String updateEvent(final int p)
        {
            final Map<String, TreeMap<BigDecimal, BigDecimal>> book = venue.get(p);
            final StringBuilder updates = new StringBuilder();
            for (int i = 1 + random.nextInt(3); i > 0; i--)
            {
                final String side = random.nextBoolean() ? "bid" : "offer";
                final TreeMap<BigDecimal, BigDecimal> levels = book.get(side);
                final BigDecimal price = price(side.equals("bid"));
                if (levels.containsKey(price) && random.nextInt(3) == 0)
                {
                    levels.remove(price);
                    level(updates, side, price, BigDecimal.ZERO);
                }
                else
                {
                    final BigDecimal size = size();
                    levels.put(price, size);
                    level(updates, side, price, size);
                }
            }
            return "{\"type\":\"update\",\"product_id\":\"" + PRODUCTS[p] + "\",\"updates\":[" + updates + "]}";
        }

        private static void level(final StringBuilder out, final String side, final BigDecimal price,
            final BigDecimal size)
        {
            if (out.length() > 0)
            {
                out.append(',');
            }
            out.append("{\"side\":\"").append(side).append("\",\"event_time\":\"2023-02-09T20:32:50.714964855Z\"," +
                "\"price_level\":\"").append(price.toPlainString()).append("\",\"new_quantity\":\"")
                .append(size.toPlainString()).append("\"}");
        }

        private BigDecimal price(final boolean bid)
        {
            final int tick = 1 + random.nextInt(30);
            return BigDecimal.valueOf(bid ? 2_192_100 - tick : 2_192_100 + tick, 2);
        }

        private BigDecimal size()
        {
            return BigDecimal.valueOf(1 + random.nextInt(10_000_000), 8);
        }

        private void heartbeat(final boolean delivered)
        {
            final long n = next();
            if (!delivered)
            {
                lost = true;
                history.append("lost heartbeat ").append(n).append('\n');
                return;
            }
            receive("{\"channel\":\"heartbeats\",\"client_id\":\"\",\"timestamp\":\"2023-06-23T20:31:26.122969572Z\"," +
                "\"sequence_num\":" + n + ",\"events\":[{\"current_time\":\"2023-06-23 20:31:26.121961769 +0000 UTC " +
                "m=+91717.525857105\",\"heartbeat_counter\":\"3049\"}]}", true);
        }

        private void send(final List<String> events, final boolean delivered)
        {
            final long n = next();
            if (!delivered)
            {
                lost = true;
                history.append("lost l2_data ").append(n).append(' ').append(events).append('\n');
                return;
            }
            receive("{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\"," +
                "\"sequence_num\":" + n + ",\"events\":[" + String.join(",", events) + "]}", false);
        }

        /**
         * The reference model of one delivered message, then the comparison.
         */
        private void receive(final String json, final boolean control)
        {
            final List<String> expected = new ArrayList<>();
            if (lost)
            {
                lost = false;
                gaps++;
                expected.add("SEQUENCE_GAP SEQUENCE_MISMATCH");
                for (int p = 0; p < PRODUCTS.length; p++)
                {
                    if (created[p])
                    {
                        expected.add("RESYNC_STARTED SEQUENCE_MISMATCH");
                        live[p] = false;
                        resyncing[p] = true;
                        if (snapshotDueIn[p] < 0)
                        {
                            snapshotDueIn[p] = 1 + random.nextInt(4);
                        }
                    }
                }
            }
            if (!control)
            {
                for (int p = 0; p < PRODUCTS.length; p++)
                {
                    final String product = "\"product_id\":\"" + PRODUCTS[p] + "\"";
                    int at = json.indexOf(product);
                    while (at >= 0)
                    {
                        final boolean snapshot = json.lastIndexOf("\"type\":\"snapshot\"", at) >
                            json.lastIndexOf("\"type\":\"update\"", at);
                        created[p] = true;
                        if (snapshot)
                        {
                            live[p] = true;
                            if (resyncing[p])
                            {
                                resyncing[p] = false;
                                resyncsDone++;
                                expected.add("RESYNC_DONE SEQUENCE_MISMATCH");
                            }
                        }
                        at = json.indexOf(product, at + 1);
                    }
                    if (live[p])
                    {
                        copy(venue.get(p), client.get(p));
                    }
                }
            }
            if (history.length() > 8_000)
            {
                history.delete(0, history.length() - 4_000);
            }
            history.append(json).append('\n');
            statuses.clear();
            harness.receive(json);
            final String where = "run seed " + seed + " (suite -Dwsnova.seed=" + SEED + ") after:\n" + history;
            assertThat(statuses).as(where).isEqualTo(expected);
            assertThat(harness.adapter.counters().malformedMessages()).as(where).isZero();
            for (int p = 0; p < PRODUCTS.length; p++)
            {
                final OrderBook book = harness.book(PRODUCTS[p]);
                if (!created[p])
                {
                    continue;
                }
                assertThat(book.isLive()).as(where + " live " + PRODUCTS[p]).isEqualTo(live[p]);
                if (live[p])
                {
                    assertThat(levels(book.side(BookSide.BID))).as(where).isEqualTo(client.get(p).get("bid"));
                    assertThat(levels(book.side(BookSide.ASK))).as(where).isEqualTo(client.get(p).get("offer"));
                }
            }
        }

        private static void copy(final Map<String, TreeMap<BigDecimal, BigDecimal>> from,
            final Map<String, TreeMap<BigDecimal, BigDecimal>> to)
        {
            from.forEach((side, levels) ->
            {
                to.get(side).clear();
                to.get(side).putAll(levels);
            });
        }

        private static Map<BigDecimal, BigDecimal> levels(final PriceLevels side)
        {
            final TreeMap<BigDecimal, BigDecimal> out = new TreeMap<>();
            final Decimal price = new Decimal();
            final Decimal size = new Decimal();
            for (int i = 0; i < side.depth(); i++)
            {
                out.put(new BigDecimal(side.price(i, price).toString()).setScale(2),
                    new BigDecimal(side.size(i, size).toString()).setScale(8));
            }
            return out;
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses.add(status.state() + " " + status.reason());
        }
    }
}
