package io.wsnova.adapters.coinbase;

import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder on Coinbase's documented messages (the level2 snapshot of
 * {@code /work/shared/reference/binance-bybit-coinbase.md} section C, the heartbeats and market_trades samples of
 * the channel docs), valid-but-unusual variants, and seeded random corruption (counted, never thrown).
 */
class CoinbaseMessageHandlerTest
{
    /** The reference's level2 sample, verbatim. */
    static final String L2_SNAPSHOT = "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":" +
        "\"2023-02-09T20:32:50.714964855Z\",\"sequence_num\":0,\n \"events\":[{\"type\":\"snapshot\",\"product_id\":" +
        "\"BTC-USD\",\"updates\":[\n   {\"side\":\"bid\",\"event_time\":\"1970-01-01T00:00:00Z\",\"price_level\":" +
        "\"21921.73\",\"new_quantity\":\"0.06317902\"},\n   {\"side\":\"bid\"," +
        "\"event_time\":\"1970-01-01T00:00:00Z\"," +
        "\"price_level\":\"21921.3\",\"new_quantity\":\"0.02\"}]}]}";
    static final String HEARTBEAT = "{\"channel\":\"heartbeats\",\"client_id\":\"\",\"timestamp\":" +
        "\"2023-06-23T20:31:26.122969572Z\",\"sequence_num\":1,\"events\":[{\"current_time\":" +
        "\"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105\",\"heartbeat_counter\":\"3049\"}]}";
    static final String TRADES = "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":" +
        "\"2023-02-09T20:19:35.39625135Z\",\"sequence_num\":2,\"events\":[{\"type\":\"snapshot\",\"trades\":[" +
        "{\"trade_id\":\"000000000\",\"product_id\":\"ETH-USD\",\"price\":\"1260.01\",\"size\":\"0.3\"," +
        "\"side\":\"BUY\",\"time\":\"2019-08-14T20:42:27.265Z\"}]}]}";

    private final List<String> seen = new ArrayList<>();
    private final MarketListener recording = new MarketListener()
    {
        @Override
        public void onTrade(final Trade trade)
        {
            seen.add("trade " + trade.tradeId() + " " + trade.price() + " " + trade.size() + " " +
                trade.aggressor() + " " + trade.exchangeTimestampNs());
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            seen.add("book " + (update.isSnapshot() ? "snapshot " : "update ") + update.lastSequence() + " " +
                book.bids() + " " + book.asks());
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            seen.add("top " + top.bidPrice() + "x" + top.bidSize() + " " + top.askPrice() + "x" + top.askSize());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            seen.add("status " + status.state() + " " + status.reason() + " " + status.expectedSequence() + " " +
                status.receivedSequence());
        }
    };

    @Test
    void shouldDecodeTheReferenceLevel2SnapshotAndApplyUpdates()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness(recording);

        assertThat(harness.receive(L2_SNAPSHOT)).isEqualTo(MessageHandler.KIND_DATA);
        harness.receive("{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:51Z\"," +
            "\"sequence_num\":1,\"events\":[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[" +
            "{\"side\":\"offer\",\"event_time\":\"2023-02-09T20:32:51Z\",\"price_level\":\"21922.5\"," +
            "\"new_quantity\":\"1.5\"},{\"side\":\"bid\",\"event_time\":\"2023-02-09T20:32:51Z\"," +
            "\"price_level\":\"21921.3\",\"new_quantity\":\"0\"}]}]}");

        assertThat(seen).containsExactly(
            "book snapshot 0 bids[[\"21921.73\",\"0.06317902\"],[\"21921.3\",\"0.02\"]] asks[]",
            "book update 1 bids[[\"21921.73\",\"0.06317902\"]] asks[[\"21922.5\",\"1.5\"]]");
        final OrderBook book = harness.book("BTC-USD");
        assertThat(book.exchangeTimestampNs()).isEqualTo(nanos("2023-02-09T20:32:51Z"));
        assertThat(harness.adapter.symbol(book.instrumentId())).isEqualTo("BTC-USD");
        assertThat(harness.adapter.counters().malformedMessages()).isZero();
    }

    @Test
    void shouldDecodeHeartbeatsAndTheTakerSideOfTrades()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness(recording);
        harness.receive(L2_SNAPSHOT);

        assertThat(harness.receive(HEARTBEAT)).isEqualTo(MessageHandler.KIND_DATA);
        harness.receive(TRADES);

        assertThat(harness.adapter.counters().heartbeats()).isEqualTo(1);
        assertThat(seen.getLast()).isEqualTo("trade 000000000 1260.01 0.3 BUY " +
            nanos("2019-08-14T20:42:27.265Z"));
        assertThat(harness.adapter.counters().sequenceGaps()).isZero();
    }

    @Test
    void shouldDeliverSnapshotTradesOldestFirstAndDropRepeats()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness(recording);

        harness.receive(trades(0, "snapshot", 12, 11, 10));
        harness.receive(trades(1, "update", 12));
        harness.receive(trades(2, "update", 13));
        harness.receive(trades(3, "snapshot", 13, 12, 11));

        assertThat(seen).extracting(line -> line.split(" ")[1]).containsExactly("10", "11", "12", "13");
        assertThat(harness.adapter.counters().duplicateTrades()).isEqualTo(4);
    }

    @Test
    void shouldReportASequenceGapAndResyncTheBooks()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness(recording);
        harness.receive(L2_SNAPSHOT);
        harness.receive(HEARTBEAT);

        harness.receive(HEARTBEAT.replace("\"sequence_num\":1", "\"sequence_num\":5"));
        harness.receive(L2_SNAPSHOT.replace("\"sequence_num\":0", "\"sequence_num\":6"));

        assertThat(seen).containsSubsequence(
            "status SEQUENCE_GAP SEQUENCE_MISMATCH 2 5",
            "status RESYNC_STARTED SEQUENCE_MISMATCH " + Long.MIN_VALUE + " " + Long.MIN_VALUE,
            "book snapshot 6 bids[[\"21921.73\",\"0.06317902\"],[\"21921.3\",\"0.02\"]] asks[]",
            "status RESYNC_DONE SEQUENCE_MISMATCH " + Long.MIN_VALUE + " " + Long.MIN_VALUE);
        assertThat(harness.adapter.counters().sequenceGaps()).isEqualTo(1);
        assertThat(harness.adapter.counters().resyncsDone()).isEqualTo(1);
    }

    @Test
    void shouldDecodeUnusualButValidForms()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness(recording);

        harness.receive("{\"events\":[{\"updates\":[{\"new_quantity\":6.317902E-2,\"price_level\":2.192173e4," +
            "\"side\":\"bid\",\"extra\":[1,{\"a\":null}]},{\"price_level\":\"21930\",\"side\":\"offer\"," +
            "\"new_quantity\":\"0.10\"}],\"product_id\":\"BTC\\u002dUSD\",\"type\":\"snapshot\",\"more\":{}}]," +
            "\"sequence_num\":\"7\",\"unknown\":[],\"channel\":\"l2_data\",\"timestamp\":" +
            "\"2023-02-09T21:32:50.5+01:00\"}");
        harness.receive("{\"channel\":\"l2_data\",\"sequence_num\":8,\"events\":[]}");
        harness.receive("{\"channel\":\"ticker\",\"sequence_num\":9,\"events\":[{\"type\":\"update\",\"tickers\":" +
            "[{\"type\":\"ticker\",\"product_id\":\"BTC-USD\",\"price\":\"21925\",\"best_bid\":\"21921.73\"," +
            "\"best_bid_quantity\":\"0.5\",\"best_ask\":\"21930\",\"best_ask_quantity\":\"0.10\"}]}]}");
        harness.receive("{\"channel\":\"candles\",\"sequence_num\":10,\"events\":[{\"type\":\"snapshot\"}]}");

        assertThat(seen).containsExactly(
            "book snapshot 7 bids[[\"21921.73\",\"0.06317902\"]] asks[[\"21930\",\"0.10\"]]",
            "top 21921.73x0.5 21930x0.10");
        assertThat(harness.book("BTC-USD").exchangeTimestampNs()).isEqualTo(nanos("2023-02-09T20:32:50.5Z"));
        assertThat(harness.adapter.counters().malformedMessages()).isZero();
        assertThat(harness.adapter.counters().unknownMessages()).isEqualTo(1);
        assertThat(harness.adapter.counters().sequenceGaps()).isZero();
    }

    @Test
    void shouldTreatErrorsAndSubscriptionsAsAnswersInRequestOrder()
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness(recording);
        harness.session.pendingRequestIds.add(41L);
        harness.session.pendingRequestIds.add(42L);

        final int first = harness.receive("{\"channel\":\"subscriptions\",\"client_id\":\"\",\"timestamp\":" +
            "\"2023-02-09T20:32:50Z\",\"sequence_num\":0,\"events\":[{\"subscriptions\":{\"level2\":[\"BTC-USD\"]}}]}");
        final long firstId = harness.handler.responseId(null);
        final int second = harness.receive("{\"type\":\"error\",\"message\":\"Failure to subscribe\"}");
        final long secondId = harness.handler.responseId(null);

        assertThat(first).isEqualTo(MessageHandler.KIND_RESPONSE);
        assertThat(firstId).isEqualTo(41L);
        assertThat(second).isEqualTo(MessageHandler.KIND_RESPONSE);
        assertThat(secondId).isEqualTo(42L);
        assertThat(harness.handler.responseId(null)).isEqualTo(MessageHandler.NO_ID);
        assertThat(harness.adapter.counters().venueErrors()).isEqualTo(1);
    }

    @Test
    void shouldCountMalformedMessagesAndNeverThrow()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("CoinbaseMessageHandlerTest seed " + seed + " (-Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness();
        final String[] valid = {L2_SNAPSHOT, HEARTBEAT, TRADES, trades(3, "update", 99)};
        int refused = 0;
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] bytes = valid[random.nextInt(valid.length)].getBytes(StandardCharsets.UTF_8);
            final int cut = random.nextInt(4);
            final byte[] mutated;
            if (cut == 0)
            {
                mutated = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            else
            {
                mutated = bytes.clone();
                for (int j = 0; j < cut; j++)
                {
                    mutated[random.nextInt(mutated.length)] = (byte)" {}[]\",:0a-e.9\\".charAt(random.nextInt(15));
                }
            }
            final String text = new String(mutated, StandardCharsets.ISO_8859_1);
            if (harness.receive(text) < 0)
            {
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(harness.adapter.counters().malformedMessages()).isGreaterThanOrEqualTo(refused);
        harness.receive(L2_SNAPSHOT);
        assertThat(harness.book("BTC-USD").isLive()).isTrue();
    }

    @Test
    void shouldReadRfc3339TimesLikeInstant()
    {
        for (final String time : new String[]{"2023-02-09T20:32:50.714964855Z", "1970-01-01T00:00:00Z",
            "2019-08-14T20:42:27.265Z", "2024-02-29T23:59:59.1Z", "1969-12-31T23:59:59.999999999Z",
            "2023-02-09T20:32:50.123456789123Z"})
        {
            final byte[] bytes = time.getBytes(StandardCharsets.US_ASCII);
            final Instant instant = Instant.parse(time.length() > 31 ? time.substring(0, 29) + "Z" : time);
            assertThat(CoinbaseTime.parseNanos(bytes, 0, bytes.length)).as(time)
                .isEqualTo(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
        }
        final byte[] offset = "2023-02-09T21:32:50+01:00".getBytes(StandardCharsets.US_ASCII);
        assertThat(CoinbaseTime.parseNanos(offset, 0, offset.length)).isEqualTo(nanos("2023-02-09T20:32:50Z"));
        final byte[] bad = "2023-13-09T20:32:50Z".getBytes(StandardCharsets.US_ASCII);
        assertThat(CoinbaseTime.parseNanos(bad, 0, bad.length)).isEqualTo(CoinbaseTime.INVALID);
    }

    static String trades(final long sequence, final String type, final long... ids)
    {
        final StringBuilder text = new StringBuilder("{\"channel\":\"market_trades\",\"client_id\":\"\"," +
            "\"timestamp\":" +
            "\"2023-02-09T20:19:35Z\",\"sequence_num\":" + sequence + ",\"events\":[{\"type\":\"" + type +
            "\",\"trades\":[");
        for (int i = 0; i < ids.length; i++)
        {
            text.append(i == 0 ? "" : ",").append("{\"trade_id\":\"").append(ids[i])
                .append("\",\"product_id\":\"ETH-USD\",\"price\":\"1260.01\",\"size\":\"0.3\",\"side\":\"SELL\"," +
                    "\"time\":\"2023-02-09T20:19:35Z\"}");
        }
        return text.append("]}]}").toString();
    }

    private static long nanos(final String time)
    {
        final Instant instant = Instant.parse(time);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
