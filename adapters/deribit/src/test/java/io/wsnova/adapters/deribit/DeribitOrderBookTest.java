package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.wsnova.adapters.deribit.DeribitHandlerHarness.BOOK_CHANNEL;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.change;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.levels;
import static io.wsnova.adapters.deribit.DeribitHandlerHarness.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeribitOrderBookTest
{
    private final DeribitHandlerHarness harness = new DeribitHandlerHarness();

    @Test
    void shouldBuildTheReferenceSnapshotBestLevelFirst()
    {
        harness.receive(DeribitHandlerHarness.REFERENCE_SNAPSHOT);

        final DeribitOrderBook book = harness.book();
        assertThat(book.channel()).isEqualTo(BOOK_CHANNEL);
        assertThat(book.instrumentName().toString()).isEqualTo("BTC-PERPETUAL");
        assertThat(book.changeId()).isEqualTo(297217L);
        assertThat(book.timestampMs()).isEqualTo(1554373962454L);
        assertThat(book.isStale()).isFalse();
        assertThat(book.isSnapshot()).isTrue();
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"5042.34\",\"30\"],[\"5041.94\",\"20\"]]");
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"5042.64\",\"40\"],[\"5043.3\",\"40\"]]");
        assertThat(book.bestBidPrice()).isEqualTo(5042.34);
        assertThat(book.bestBidAmount()).isEqualTo(30.0);
        assertThat(book.bestAskPrice()).isEqualTo(5042.64);
        assertThat(book.bestAskAmount()).isEqualTo(40.0);
        assertThat(book.asks().price(1, new Decimal())).isEqualTo(new Decimal(50433, 1));
        assertThat(book.asks().priceMantissa(1)).isEqualTo(50433L);
        assertThat(book.asks().priceScale(1)).isEqualTo(1);
        assertThat(book.bids().sizeMantissa(1)).isEqualTo(20L);
        assertThat(book.bids().sizeScale(1)).isZero();
        assertThat(harness.listener.books).isEqualTo(1);
    }

    @Test
    void shouldApplyTheReferenceChangeThatDeletesBothBids()
    {
        harness.receive(DeribitHandlerHarness.REFERENCE_SNAPSHOT);

        harness.receive(DeribitHandlerHarness.REFERENCE_CHANGE);

        final DeribitOrderBook book = harness.book();
        assertThat(book.changeId()).isEqualTo(297218L);
        assertThat(book.isSnapshot()).isFalse();
        assertThat(book.bids().depth()).isZero();
        assertThat(book.bestBidPrice()).isNaN();
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"5042.64\",\"40\"],[\"5043.3\",\"40\"]]");
        assertThat(book.changeCount()).isEqualTo(1);
        assertThat(harness.listener.books).isEqualTo(2);
    }

    @Test
    void shouldApplyNewChangeAndDeleteEntriesOnBothSides()
    {
        harness.receive(snapshot(10, "[\"new\",100.5,1],[\"new\",100,2]", "[\"new\",101,3],[\"new\",102,4]"));

        harness.receive(change(10, 11, "[\"new\",100.75,5],[\"change\",100,7],[\"delete\",100.5,0]",
            "[\"delete\",101,0],[\"new\",101.5,8],[\"change\",102,9.5]"));

        final DeribitOrderBook book = harness.book();
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"100.75\",\"5\"],[\"100\",\"7\"]]");
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"101.5\",\"8\"],[\"102\",\"9.5\"]]");
        assertThat(book.changeId()).isEqualTo(11L);
    }

    @Test
    void shouldKeepEachLevelTextExactlyAsLastSent()
    {
        harness.receive(snapshot(1, "[\"new\",64980.5,10.0],[\"new\",64980.50,1]", "[\"new\",64990.00,2500]"));

        assertThat(levels(harness.book().bids(), 5)).isEqualTo("[[\"64980.50\",\"1\"]]");
        assertThat(levels(harness.book().asks(), 5)).isEqualTo("[[\"64990.00\",\"2500\"]]");

        harness.receive(change(1, 2, "[\"change\",64980.5,10.0],[\"new\",64979,0.001]", "[\"change\",64990,2500.0]"));

        assertThat(levels(harness.book().bids(), 5)).isEqualTo("[[\"64980.5\",\"10.0\"],[\"64979\",\"0.001\"]]");
        assertThat(levels(harness.book().asks(), 5)).isEqualTo("[[\"64990\",\"2500.0\"]]");
        assertThat(harness.book().asks().appendPrice(0, new StringBuilder("p=")).toString()).isEqualTo("p=64990");
        assertThat(harness.book().bids().appendSize(1, new StringBuilder()).toString()).isEqualTo("0.001");
    }

    @Test
    void shouldOrderAndMatchLevelsWhateverTheirPriceScale()
    {
        harness.receive(snapshot(1, "[\"new\",100,1],[\"new\",99,1]", "[\"new\",101,1]"));

        harness.receive(change(1, 2, "[\"new\",99.995,2],[\"new\",100.0001,3]", "[\"new\",100.5,4]"));

        final DeribitOrderBook book = harness.book();
        assertThat(levels(book.bids(), 10))
            .isEqualTo("[[\"100.0001\",\"3\"],[\"100\",\"1\"],[\"99.995\",\"2\"],[\"99\",\"1\"]]");
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"100.5\",\"4\"],[\"101\",\"1\"]]");

        harness.receive(change(2, 3, "[\"delete\",100.00010,0],[\"delete\",99.9950,0]", ""));
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"100\",\"1\"],[\"99\",\"1\"]]");
    }

    @Test
    void shouldTreatANotificationWithoutPrevChangeIdAsASnapshotAndReadPricePairs()
    {
        final String grouped = "book.BTC-PERPETUAL.none.10.100ms";
        harness.receive(DeribitHandlerHarness.book(grouped, "{\"timestamp\":5,\"instrument_name\":\"BTC-PERPETUAL\"," +
            "\"change_id\":7,\"bids\":[[5042.5,30],[5042,10]],\"asks\":[[5043,40]]}"));
        harness.receive(DeribitHandlerHarness.book(grouped, "{\"timestamp\":6,\"instrument_name\":\"BTC-PERPETUAL\"," +
            "\"change_id\":9,\"bids\":[[5041,1]],\"asks\":[[5044,2],[5045,3]]}"));

        final DeribitOrderBook book = harness.handler.book(grouped);
        assertThat(book.isSnapshot()).isTrue();
        assertThat(book.snapshotCount()).isEqualTo(2);
        assertThat(book.changeId()).isEqualTo(9L);
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"5041\",\"1\"]]");
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"5044\",\"2\"],[\"5045\",\"3\"]]");
        assertThat(harness.book()).isNull();
    }

    @Test
    void shouldMarkStaleCountResyncAndDropChangesWhenAChangeIdIsMissed()
    {
        harness.receive(snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
        harness.receive(change(100, 101, "[\"change\",10,2]", ""));

        harness.receive(change(102, 103, "[\"change\",10,3]", ""));
        harness.receive(change(103, 104, "[\"change\",10,4]", ""));
        harness.receive(change(104, 105, "[\"new\",9,4]", ""));

        final DeribitOrderBook book = harness.book();
        assertThat(book.isStale()).isTrue();
        assertThat(book.resyncCount()).isEqualTo(1);
        assertThat(book.droppedChangeCount()).isEqualTo(3);
        assertThat(book.changeId()).isEqualTo(101L);
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"10\",\"2\"]]");
        assertThat(harness.listener.resyncs).containsExactly(BOOK_CHANNEL + " CHANGE_ID_GAP");
        assertThat(harness.listener.books).isEqualTo(2);
    }

    @Test
    void shouldRebuildTheBookFromTheNextSnapshotAfterAGap()
    {
        harness.receive(snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
        harness.receive(change(99, 101, "[\"change\",10,2]", ""));

        harness.receive(snapshot(500, "[\"new\",20,1]", "[\"new\",21,1]"));
        harness.receive(change(500, 501, "[\"change\",20,5]", ""));

        final DeribitOrderBook book = harness.book();
        assertThat(book.isStale()).isFalse();
        assertThat(book.lastStatus()).isEqualTo(DeribitBookStatus.RESYNC_DONE);
        assertThat(harness.listener.statuses).containsExactly("SNAPSHOT_APPLIED live", "GAP_DETECTED stale",
            "RESYNC_DONE live");
        assertThat(book.changeId()).isEqualTo(501L);
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"20\",\"5\"]]");
        assertThat(levels(book.asks(), 10)).isEqualTo("[[\"21\",\"1\"]]");
        assertThat(book.resyncCount()).isEqualTo(1);
        assertThat(book.droppedChangeCount()).isEqualTo(1);
    }

    @Test
    void shouldResyncOnceWhenChangesArriveBeforeAnySnapshot()
    {
        harness.receive(change(1, 2, "[\"new\",10,1]", ""));
        harness.receive(change(2, 3, "[\"new\",11,1]", ""));

        final DeribitOrderBook book = harness.book();
        assertThat(book.isStale()).isTrue();
        assertThat(book.bids().depth()).isZero();
        assertThat(book.resyncCount()).isEqualTo(1);
        assertThat(book.droppedChangeCount()).isEqualTo(2);
        assertThat(harness.listener.resyncs).containsExactly(BOOK_CHANNEL + " CHANGE_BEFORE_SNAPSHOT");
        assertThat(harness.listener.books).isZero();
    }

    @Test
    void shouldStartOneResyncPerStalePeriodAndHandItToTheTimer()
    {
        harness.receive(snapshot(1, "[\"new\",10,1]", ""));
        harness.receive(change(5, 6, "", ""));
        harness.receive(change(6, 7, "", ""));

        assertThat(harness.book().resyncCount()).isEqualTo(1);
        assertThat(harness.listener.resyncs).hasSize(1);
        assertThat(harness.timer.pending()).isEqualTo(1);
        assertThat(harness.context.requests).isEmpty();
    }

    @Test
    void shouldReapplyASnapshotAfterOneWhosePriceNeededTheLargestKeyScale()
    {
        harness.receive(snapshot(1, "[\"new\",0.00000001,1]", "[\"new\",11,1]"));

        harness.receive(snapshot(2, "[\"new\",100000000000,1]", "[\"new\",100000000001,1]"));

        final DeribitOrderBook book = harness.book();
        assertThat(book.isStale()).isFalse();
        assertThat(book.changeId()).isEqualTo(2L);
        assertThat(levels(book.bids(), 10)).isEqualTo("[[\"100000000000\",\"1\"]]");
        assertThat(harness.listener.resyncs).isEmpty();
    }

    @Test
    void shouldCountAnUndecodableNotificationOnALiveBookAndLetTheNextChangeRevealTheGap()
    {
        harness.receive(snapshot(1, "[\"new\",10,1]", ""));

        assertThat(harness.decodes(change(1, 2, "[\"bogus\",10,1]", ""))).isFalse();

        final DeribitOrderBook book = harness.book();
        assertThat(book.isStale()).isFalse();
        assertThat(book.undecodableCount()).isEqualTo(1);
        harness.receive(change(2, 3, "[\"new\",9,1]", ""));
        assertThat(book.isStale()).isTrue();
        assertThat(harness.listener.statuses).containsExactly("SNAPSHOT_APPLIED live", "GAP_DETECTED stale");
    }

    @Test
    void shouldReportAnUndecodableNotificationWhileWaitingForTheSnapshot()
    {
        assertThat(harness.decodes(snapshot(1, "[\"bogus\",10,1]", ""))).isFalse();

        final DeribitOrderBook book = harness.book();
        assertThat(book.isStale()).isTrue();
        assertThat(book.lastResyncReason()).isEqualTo(DeribitBookResync.UNDECODABLE);
        assertThat(book.statusCount(DeribitBookStatus.UNAPPLICABLE)).isEqualTo(1);
        assertThat(harness.listener.statuses).containsExactly("UNAPPLICABLE stale");
        assertThat(harness.listener.resyncs).containsExactly(BOOK_CHANNEL + " UNDECODABLE");
        assertThat(harness.timer.pending()).isEqualTo(1);
    }

    @Test
    void shouldApplyAPriceWithMoreDecimalsThanALongKeyHolds()
    {
        harness.receive(snapshot(1, "[\"new\",10,1]", "[\"new\",11,1]"));

        harness.receive(change(1, 2, "[\"new\",0.0000000000000000001,1]", ""));

        assertThat(harness.book().isStale()).isFalse();
        assertThat(harness.listener.resyncs).isEmpty();
        assertThat(levels(harness.book().bids(), 5)).isEqualTo("[[\"10\",\"1\"],[\"0.0000000000000000001\",\"1\"]]");
    }

    @Test
    void shouldCountDeletesOfLevelsTheBookDoesNotHold()
    {
        harness.receive(snapshot(1, "[\"new\",10,1]", ""));

        harness.receive(change(1, 2, "[\"delete\",9,0]", "[\"delete\",12,0]"));

        assertThat(harness.book().missingLevelDeleteCount()).isEqualTo(2);
        assertThat(harness.book().isStale()).isFalse();
    }

    @Test
    void shouldKeepOneBookPerChannel()
    {
        final String eth = "book.ETH-PERPETUAL.100ms";
        harness.receive(snapshot(1, "[\"new\",10,1]", ""));
        harness.receive(DeribitHandlerHarness.book(eth, "{\"type\":\"snapshot\"," +
            "\"instrument_name\":\"ETH-PERPETUAL\"," +
            "\"change_id\":50,\"bids\":[[\"new\",2000,3]],\"asks\":[]}"));
        harness.receive(change(1, 2, "[\"change\",10,2]", ""));
        harness.receive(DeribitHandlerHarness.book(eth, "{\"type\":\"change\",\"prev_change_id\":50,\"change_id\":51," +
            "\"instrument_name\":\"ETH-PERPETUAL\",\"bids\":[[\"change\",2000,4]],\"asks\":[]}"));

        assertThat(levels(harness.book().bids(), 1)).isEqualTo("[[\"10\",\"2\"]]");
        assertThat(harness.handler.book(eth).instrumentName().toString()).isEqualTo("ETH-PERPETUAL");
        assertThat(levels(harness.handler.book(eth).bids(), 1)).isEqualTo("[[\"2000\",\"4\"]]");
        assertThat(harness.handler.book(eth).changeId()).isEqualTo(51L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"change\",\"prev_change_id\":1,\"bids\":[],\"asks\":[]}",
        "{\"type\":\"change\",\"prev_change_id\":1,\"change_id\":2,\"bids\":[[\"replace\",1,1]],\"asks\":[]}",
        "{\"type\":\"change\",\"prev_change_id\":1,\"change_id\":2,\"bids\":[[\"new\",1]],\"asks\":[]}",
        "{\"type\":\"change\",\"prev_change_id\":1,\"change_id\":2,\"bids\":[[\"new\",1,1,1]],\"asks\":[]}",
        "{\"type\":\"change\",\"prev_change_id\":1,\"change_id\":2,\"bids\":[[\"new\",\"1\",\"x\"]],\"asks\":[]}",
        "{\"type\":\"change\",\"prev_change_id\":1,\"change_id\":2,\"bids\":{},\"asks\":[]}",
        "{\"type\":\"change\",\"prev_change_id\":1,\"change_id\":2,\"bids\":[1],\"asks\":[]}",
        "[]"})
    void shouldRejectMalformedBookData(final String data)
    {
        assertThat(harness.decodes(DeribitHandlerHarness.book(BOOK_CHANNEL, data))).isFalse();
    }

    @Test
    void shouldRefuseLevelsOutsideTheDepth()
    {
        harness.receive(snapshot(1, "[\"new\",10,1]", ""));

        assertThatThrownBy(() -> harness.book().bids().price(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> harness.book().asks().size(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 20240917L, -3L, 0x5eed5eed5eedL})
    void shouldMatchASortedMapModelOverRandomSnapshotsAndChanges(final long seed)
    {
        System.out.println("DeribitOrderBookTest random model seed=" + seed);
        final Random random = new Random(seed);
        final Model model = new Model();
        long changeId = 1000;
        for (int round = 0; round < 5; round++)
        {
            model.clear();
            final String bids = model.randomEntries(random, true, 1 + random.nextInt(150), true);
            final String asks = model.randomEntries(random, false, random.nextInt(150), true);
            harness.receive(snapshot(changeId, bids, asks));
            model.assertMatches(harness.book(), seed);
            for (int i = 0; i < 400; i++)
            {
                final String changedBids = model.randomEntries(random, true, random.nextInt(6), false);
                final String changedAsks = model.randomEntries(random, false, random.nextInt(6), false);
                harness.receive(change(changeId, changeId + 1, changedBids, changedAsks));
                changeId++;
                model.assertMatches(harness.book(), seed);
            }
            changeId += 1 + random.nextInt(1000);
        }
        assertThat(harness.book().resyncCount()).isZero();
    }

    /**
     * The reference: a TreeMap per side keyed by the numeric price, holding the text last sent for it.
     */
    private static final class Model
    {
        private final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();

        void clear()
        {
            bids.clear();
            asks.clear();
        }

        String randomEntries(final Random random, final boolean isBid, final int count, final boolean snapshot)
        {
            final TreeMap<BigDecimal, String[]> side = isBid ? bids : asks;
            final List<String> entries = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                final boolean existing = !snapshot && !side.isEmpty() && random.nextInt(3) > 0;
                final String action;
                final String priceText;
                if (existing)
                {
                    final List<BigDecimal> prices = new ArrayList<>(side.keySet());
                    final BigDecimal price = prices.get(random.nextInt(prices.size()));
                    priceText = variant(random, price);
                    action = random.nextBoolean() ? "delete" : "change";
                }
                else
                {
                    final BigDecimal tick = random.nextInt(20) == 0 ? new BigDecimal("0.005") : new BigDecimal("0.5");
                    final int ticks = random.nextInt(400);
                    final BigDecimal offset = tick.multiply(new BigDecimal(ticks));
                    final BigDecimal price = isBid ? new BigDecimal(5000).subtract(offset) :
                        new BigDecimal(5001).add(offset);
                    priceText = variant(random, price);
                    action = "new";
                }
                final String amountText = "delete".equals(action) ? "0" : amount(random);
                final BigDecimal key = new BigDecimal(priceText).stripTrailingZeros();
                if ("delete".equals(action))
                {
                    side.remove(key);
                }
                else
                {
                    side.put(key, new String[] {priceText, amountText});
                }
                entries.add("[\"" + action + "\"," + priceText + "," + amountText + "]");
            }
            return String.join(",", entries);
        }

        private static String variant(final Random random, final BigDecimal price)
        {
            final BigDecimal plain = price.stripTrailingZeros();
            final BigDecimal normal = plain.scale() < 0 ? plain.setScale(0) : plain;
            return switch (random.nextInt(4))
            {
                case 0 -> normal.setScale(normal.scale() + 1).toPlainString();
                case 1 -> normal.setScale(Math.max(normal.scale(), 2)).toPlainString();
                default -> normal.toPlainString();
            };
        }

        private static String amount(final Random random)
        {
            return switch (random.nextInt(4))
            {
                case 0 -> Integer.toString(10 * (1 + random.nextInt(5000)));
                case 1 -> (1 + random.nextInt(100)) + ".0";
                case 2 -> "0." + (1 + random.nextInt(999));
                default -> Integer.toString(1 + random.nextInt(100_000));
            };
        }

        void assertMatches(final DeribitOrderBook book, final long seed)
        {
            assertThat(book.isStale()).as("seed %d", seed).isFalse();
            assertThat(levels(book.bids(), Integer.MAX_VALUE)).as("bids, seed %d", seed).isEqualTo(expected(bids));
            assertThat(levels(book.asks(), Integer.MAX_VALUE)).as("asks, seed %d", seed).isEqualTo(expected(asks));
            if (!bids.isEmpty())
            {
                assertThat(book.bestBidPrice()).as("seed %d", seed).isEqualTo(bids.firstKey().doubleValue());
            }
            if (!asks.isEmpty())
            {
                assertThat(book.bestAskPrice()).as("seed %d", seed).isEqualTo(asks.firstKey().doubleValue());
            }
        }

        private static String expected(final TreeMap<BigDecimal, String[]> side)
        {
            final List<String> levels = new ArrayList<>();
            for (final Map.Entry<BigDecimal, String[]> level : side.entrySet())
            {
                levels.add("[\"" + level.getValue()[0] + "\",\"" + level.getValue()[1] + "\"]");
            }
            return "[" + String.join(",", levels) + "]";
        }
    }
}
