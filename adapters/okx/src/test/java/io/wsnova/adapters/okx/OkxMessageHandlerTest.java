package io.wsnova.adapters.okx;

import io.wsnova.codec.json.Decimal;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.market.BookSide;
import io.wsnova.market.OrderBook;
import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OKX decoder on the venue's documented messages (the facts copied from
 * {@code /work/shared/reference/okx-binance-futures-more.md}): the checksum example, a books snapshot and its
 * updates by {@code seqId}/{@code prevSeqId}, trades, the subscribe answers.
 */
class OkxMessageHandlerTest
{
    private static final String SNAPSHOT = "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}," +
        "\"action\":\"snapshot\",\"data\":[{\"asks\":[[\"41006.8\",\"0.60038921\",\"0\",\"1\"]],\"bids\":" +
        "[[\"41006.3\",\"0.30178218\",\"0\",\"2\"]],\"ts\":\"1629966436396\",\"checksum\":0,\"prevSeqId\":-1," +
        "\"seqId\":123456}]}";

    private final OkxHandlerHarness harness = new OkxHandlerHarness();

    @Test
    void shouldComputeTheReferenceChecksum()
    {
        assertThat(OkxChecksum.of("3366.1:7:3366.8:9:3366:6:3368:8")).isEqualTo(-1881014294);
        final OrderBook book = new OrderBook(0, 0);
        book.setLevel(BookSide.BID, decimal(33661, 1), decimal(7, 0));
        book.setLevel(BookSide.BID, decimal(3366, 0), decimal(6, 0));
        book.setLevel(BookSide.ASK, decimal(33668, 1), decimal(9, 0));
        book.setLevel(BookSide.ASK, decimal(3368, 0), decimal(8, 0));

        assertThat(new OkxChecksum().compute(book)).isEqualTo(-1881014294);
    }

    @Test
    void shouldVerifyANonZeroChecksumAndResyncOnAMismatch()
    {
        harness.feed(books("snapshot", "[[\"3366.8\",\"9\",\"0\",\"1\"],[\"3368\",\"8\",\"0\",\"1\"]]",
            "[[\"3366.1\",\"7\",\"0\",\"1\"],[\"3366\",\"6\",\"0\",\"1\"]]", -1881014294, -1, 10));
        assertThat(harness.adapter.counters().checksumMismatches()).isZero();
        assertThat(harness.adapter.counters().resyncsDone()).isEqualTo(1);

        harness.feed(books("update", "[[\"3368\",\"0\",\"0\",\"0\"]]", "[]", 12345, 10, 17));

        assertThat(harness.adapter.counters().checksumMismatches()).isEqualTo(1);
        assertThat(harness.sent).containsExactly(
            "{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}",
            "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}");
        assertThat(harness.listener.events).containsSubsequence("status SEQUENCE_GAP CHECKSUM_MISMATCH",
            "status RESYNC_STARTED CHECKSUM_MISMATCH");
    }

    @Test
    void shouldApplyTheReferenceSnapshotAndUpdatesBySeqId()
    {
        assertThat(harness.feed(SNAPSHOT)).isEqualTo(MessageHandler.KIND_DATA);
        final OrderBook book = harness.handler.book("books:BTC-USDT");
        assertThat(book.bestAskPrice().toString()).isEqualTo("41006.8");
        assertThat(book.asks().size(0).toString()).isEqualTo("0.60038921");
        assertThat(book.bestBidPrice().toString()).isEqualTo("41006.3");

        harness.feed(books("update", "[[\"41006.8\",\"0\",\"0\",\"0\"],[\"41007.0\",\"1.5\",\"0\",\"1\"]]", "[]", 0,
            123456, 123463));
        assertThat(book.bestAskPrice().toString()).isEqualTo("41007.0");
        harness.feed(books("update", "[]", "[]", 0, 123463, 123463));
        harness.feed(books("update", "[]", "[[\"41006.5\",\"2\",\"0\",\"1\"]]", 0, 123463, 5));
        assertThat(book.bestBidPrice().toString()).isEqualTo("41006.5");
        assertThat(harness.adapter.counters().bookHeartbeats()).isEqualTo(1);
        assertThat(harness.adapter.counters().sequenceResets()).isEqualTo(1);
        assertThat(harness.sent).isEmpty();

        harness.feed(books("update", "[]", "[[\"41006.4\",\"2\",\"0\",\"1\"]]", 0, 99, 120));

        assertThat(harness.adapter.counters().sequenceGaps()).isEqualTo(1);
        assertThat(harness.sent).hasSize(2);
        harness.feed(books("update", "[]", "[[\"41006.4\",\"3\",\"0\",\"1\"]]", 0, 120, 130));
        assertThat(harness.adapter.counters().updatesBeforeSnapshot()).isEqualTo(1);
        harness.feed(SNAPSHOT);
        assertThat(harness.adapter.counters().resyncsDone()).isEqualTo(2);
        assertThat(book.bestBidPrice().toString()).isEqualTo("41006.3");
    }

    @Test
    void shouldReportAStaleBookWhenItsResyncIsRefusedAndRetryAfterTheBackoff()
    {
        final long startNs = System.nanoTime();
        harness.feedAt(SNAPSHOT, startNs);
        harness.feedAt(books("update", "[]", "[[\"41006.4\",\"2\",\"0\",\"1\"]]", 0, 99, 120), startNs);
        assertThat(harness.sent).hasSize(2);
        harness.feedAt("{\"event\":\"unsubscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}}",
            startNs);
        harness.feedAt("{\"event\":\"error\",\"code\":\"60014\",\"msg\":\"Requests too frequent.\"}", startNs);

        assertThat(harness.listener.events).endsWith("status STALE RATE_LIMITED");
        assertThat(harness.adapter.counters().resyncRefusals()).isEqualTo(1);
        // the retry (after 1 s) is sent by the timer through the connection, without any further message
        Await.until(() -> harness.sent.size() == 4, 20_000, "the refused resync retried by the timer");
        assertThat(harness.sent.get(3)).contains("\"op\":\"subscribe\"");
        harness.feedAt(SNAPSHOT, startNs + 1_200_000_000L);
        assertThat(harness.adapter.counters().resyncsDone()).isEqualTo(2);
    }

    @Test
    void shouldReadTheEnvelopeInAnyKeyOrder()
    {
        harness.feed("{\"data\":[{\"bids\":[[\"1.50\",\"2\",\"0\",\"1\"]],\"asks\":[],\"seqId\":7," +
            "\"prevSeqId\":-1}],\"action\":\"snapshot\",\"unknown\":{\"x\":[1,2]}," +
            "\"arg\":{\"instId\":\"ETH-USDT\",\"channel\":\"books\"}}");

        assertThat(harness.handler.book("books:ETH-USDT").bestBidPrice().toString()).isEqualTo("1.50");
        assertThat(harness.adapter.counters().malformedMessages()).isZero();
    }

    @Test
    void shouldDeliverTradesOnceAndReportAJumpInIds()
    {
        harness.feed(trade("130639474", "42219.9", "0.12060306", "buy"));
        harness.feed(trade("130639474", "42219.9", "0.12060306", "buy"));
        harness.feed(trade("130639477", "42220", "1", "sell"));

        assertThat(harness.listener.events).containsExactly("trade 130639474 42219.9 0.12060306 BUY",
            "status SEQUENCE_GAP SEQUENCE_MISMATCH", "trade 130639477 42220 1 SELL");
        assertThat(harness.adapter.counters().duplicateTrades()).isEqualTo(1);
        assertThat(harness.adapter.counters().missedTrades()).isEqualTo(2);
    }

    @Test
    void shouldAnswerARequestOnceEveryArgIsAckedAndRefuseOnAnError()
    {
        final OkxSubscriptionHandler subscriptions = new OkxSubscriptionHandler(100);
        final long batch = harness.request("subscribe", subscriptions.batchRequestParams(
            List.of("books:BTC-USDT", "trades:BTC-USDT")));
        assertThat(harness.sent.get(0)).isEqualTo("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":" +
            "\"BTC-USDT\"},{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}]}");
        final long single = harness.request("subscribe", subscriptions.requestParams("books:NOPE", java.util.Map.of()));

        assertThat(harness.feed(ack("trades"))).isEqualTo(MessageHandler.KIND_IGNORE);
        assertThat(harness.feed(ack("books"))).isEqualTo(MessageHandler.KIND_RESPONSE);
        assertThat(harness.feed("{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or channel:books," +
            "instId:NOPE doesn't exist.\",\"connId\":\"a4d3ae55\"}")).isEqualTo(MessageHandler.KIND_RESPONSE);

        assertThat(harness.responses.get(0).id()).isEqualTo(batch);
        assertThat(subscriptions.isConfirmed("books:BTC-USDT", harness.responses.get(0))).isTrue();
        assertThat(subscriptions.isConfirmed("trades:BTC-USDT", harness.responses.get(0))).isTrue();
        assertThat(harness.responses.get(1).id()).isEqualTo(single);
        assertThat(subscriptions.isConfirmed("books:NOPE", harness.responses.get(1))).isFalse();
        assertThat(SubscriptionHandler.refusalMessage(harness.responses.get(1))).contains("doesn't exist");
        assertThat(subscriptions.isTemporaryRefusal("books:NOPE", harness.responses.get(1))).isFalse();
        assertThat(harness.feed(ack("books"))).isEqualTo(MessageHandler.KIND_IGNORE);
        assertThat(harness.adapter.counters().unmatchedEvents()).isEqualTo(1);
    }

    @Test
    void shouldCountATradeIdWithAnInvalidEscapeAsMalformed()
    {
        harness.feed(trade("1\\u12", "1", "1", "buy"));

        assertThat(harness.listener.trades).isZero();
        assertThat(harness.adapter.counters().malformedMessages()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAStrayPongAndCountUnknownChannels()
    {
        assertThat(harness.feed("pong")).isEqualTo(MessageHandler.KIND_IGNORE);
        harness.feed("{\"arg\":{\"channel\":\"candle1m\",\"instId\":\"BTC-USDT\"},\"data\":[[\"1\",\"2\"]]}");

        assertThat(harness.adapter.counters().unknownMessages()).isEqualTo(1);
        assertThat(harness.adapter.counters().malformedMessages()).isZero();
    }

    static String books(final String action, final String asks, final String bids, final long checksum,
        final long prevSeqId, final long seqId)
    {
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"" + action + "\",\"data\":[{" +
            "\"asks\":" + asks + ",\"bids\":" + bids + ",\"ts\":\"1629966436396\",\"checksum\":" + checksum +
            ",\"prevSeqId\":" + prevSeqId + ",\"seqId\":" + seqId + "}]}";
    }

    static String trade(final String id, final String px, final String sz, final String side)
    {
        return "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\"," +
            "\"tradeId\":\"" + id + "\",\"px\":\"" + px + "\",\"sz\":\"" + sz + "\",\"side\":\"" + side +
            "\",\"ts\":\"1630048897897\"}]}";
    }

    private static String ack(final String channel)
    {
        return "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"" + channel + "\",\"instId\":\"BTC-USDT\"}," +
            "\"connId\":\"a4d3ae55\"}";
    }

    private static Decimal decimal(final long mantissa, final int scale)
    {
        return new Decimal(mantissa, scale);
    }
}
