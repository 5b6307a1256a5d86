package io.wsnova.adapters.bybit;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder on the documented sample messages of {@code /work/shared/reference/binance-bybit-coinbase.md}
 * section B, and the book rules around them.
 */
class BybitMessageHandlerTest
{
    private static final String SNAPSHOT = "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\"," +
        "\"ts\":1672304484978,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"16493.50\",\"0.006\"],[\"16493.00\",\"0.100\"]]," +
        "\"a\":[[\"16611.00\",\"0.029\"],[\"16612.00\",\"0.213\"]],\"u\":18521288,\"seq\":7961638724}," +
        "\"cts\":1672304484976}";
    private static final String DOC_DELTA = "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\"," +
        "\"ts\":1687940967466,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"30247.20\",\"30.028\"],[\"30240.00\",\"0\"]]," +
        "\"a\":[[\"30248.70\",\"0\"],[\"30249.30\",\"0.892\"]],\"u\":177400507,\"seq\":66544703342}," +
        "\"cts\":1687940967464}";
    private static final String TRADE = "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\"," +
        "\"ts\":1672304486868,\"data\":[{\"T\":1672304486865,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.001\"," +
        "\"p\":\"16578.50\",\"L\":\"PlusTick\",\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\",\"BT\":false," +
        "\"seq\":1783284617}]}";
    private static final String TICKER = "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":" +
        "{\"symbol\":\"BTCUSDT\",\"tickDirection\":\"MinusTick\",\"price24hPcnt\":\"-0.158315\"," +
        "\"lastPrice\":\"66666.60\",\"prevPrice24h\":\"79206.20\",\"highPrice24h\":\"79266.30\"," +
        "\"lowPrice24h\":\"65076.90\",\"prevPrice1h\":\"66666.60\",\"markPrice\":\"66666.60\"," +
        "\"indexPrice\":\"115418.19\",\"openInterest\":\"492373.72\",\"openInterestValue\":\"32824881841.75\"," +
        "\"turnover24h\":\"4936790807.6521\",\"volume24h\":\"73191.3870\",\"fundingIntervalHour\":\"8\"," +
        "\"fundingCap\":\"0.005\",\"nextFundingTime\":\"1760342400000\",\"fundingRate\":\"-0.005\"," +
        "\"bid1Price\":\"66666.60\",\"bid1Size\":\"23789.165\",\"ask1Price\":\"66666.70\",\"ask1Size\":\"23775.469\"," +
        "\"preOpenPrice\":\"\",\"preQty\":\"\",\"curPreListingPhase\":\"\"},\"cs\":9532239429,\"ts\":1760325052630}";

    @Test
    void shouldApplyTheDocumentedSnapshotThenAFollowingDelta()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        assertThat(harness.receive(SNAPSHOT)).isEqualTo(MessageHandler.KIND_DATA);
        assertThat(harness.receive(SNAPSHOT.replace("\"snapshot\"", "\"delta\"").replace("18521288", "18521289")
            .replace("\"0.006\"", "\"0\"").replace("[\"16611.00\",\"0.029\"],", "")))
            .isEqualTo(MessageHandler.KIND_DATA);

        assertThat(harness.listener.statuses).containsExactly("RESYNC_DONE NONE");
        assertThat(harness.listener.books).containsExactly(
            "18521288 bids[[\"16493.50\",\"0.006\"],[\"16493.00\",\"0.100\"]] | " +
                "asks[[\"16611.00\",\"0.029\"],[\"16612.00\",\"0.213\"]]",
            "18521289 bids[[\"16493.00\",\"0.100\"]] | asks[[\"16611.00\",\"0.029\"],[\"16612.00\",\"0.213\"]]");
    }

    @Test
    void shouldReportAGapAndStartAResyncWhenUDoesNotFollow()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        harness.receive(SNAPSHOT);
        harness.receive(DOC_DELTA);
        harness.receive(DOC_DELTA.replace("177400507", "177400508"));

        assertThat(harness.listener.statuses).containsExactly("RESYNC_DONE NONE", "SEQUENCE_GAP SEQUENCE_MISMATCH",
            "RESYNC_STARTED SEQUENCE_MISMATCH");
        assertThat(harness.listener.books).hasSize(1);
        assertThat(harness.adapter.counters().bookGaps()).isEqualTo(1);
        assertThat(harness.adapter.counters().deltasBeforeSnapshot()).isEqualTo(1);
        harness.receive(SNAPSHOT);
        assertThat(harness.listener.statuses).last().isEqualTo("RESYNC_DONE SEQUENCE_MISMATCH");
    }

    @Test
    void shouldResyncWhenADeltaComesBeforeAnySnapshot()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        harness.receive(DOC_DELTA);
        harness.receive(DOC_DELTA);

        assertThat(harness.listener.statuses).containsExactly("SEQUENCE_GAP UPDATE_BEFORE_SNAPSHOT",
            "RESYNC_STARTED UPDATE_BEFORE_SNAPSHOT");
        assertThat(harness.adapter.counters().deltasBeforeSnapshot()).isEqualTo(2);
        assertThat(harness.listener.books).isEmpty();
    }

    @Test
    void shouldTreatUOneAsAFullResetEvenWhenSentAsADelta()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        harness.receive(SNAPSHOT);
        harness.receive(DOC_DELTA.replace("177400507", "1"));

        assertThat(harness.listener.books).last()
            .isEqualTo("1 bids[[\"30247.20\",\"30.028\"]] | asks[[\"30249.30\",\"0.892\"]]");
        assertThat(harness.listener.statuses).containsExactly("RESYNC_DONE NONE", "RESYNC_DONE SEQUENCE_RESET");
        assertThat(harness.adapter.counters().restartSnapshots()).isEqualTo(1);
        harness.receive(DOC_DELTA.replace("177400507", "2").replace("\"30.028\"", "\"1\""));
        assertThat(harness.listener.books).last().asString().startsWith("2 bids[[\"30247.20\",\"1\"]]");
    }

    @Test
    void shouldDeliverTheDocumentedTradeAndEveryTradeOfAnArray()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        harness.receive(TRADE);
        harness.receive(TRADE.replace("[{", "[{\"i\":\"a-1\",\"p\":\"1\",\"v\":\"2\",\"S\":\"Sell\",\"T\":5},{"));

        assertThat(harness.listener.trades).containsExactly(
            "20f43950-d8dd-5b31-9112-a178eb6023af 16578.50 0.001 BUY 1672304486865",
            "a-1 1 2 SELL 5",
            "20f43950-d8dd-5b31-9112-a178eb6023af 16578.50 0.001 BUY 1672304486865");
    }

    @Test
    void shouldMergeLinearTickerDeltasIntoTheSnapshot()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        harness.receive(TICKER);
        harness.receive("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\"," +
            "\"markPrice\":\"66670.10\",\"fundingRate\":\"\"},\"cs\":9532239430,\"ts\":1760325052730}");

        assertThat(harness.listener.tickers).containsExactly(
            "last=66666.60 mark=66666.60 index=115418.19 oi=492373.72 funding=-0.005 next=1760342400000",
            "last=66666.60 mark=66670.10 index=115418.19 oi=492373.72 funding=-0.005 next=1760342400000");
    }

    @Test
    void shouldClassifyPongsAndResponsesOfEveryCategory()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        assertThat(harness.receive("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817-426e-429a-a679-" +
            "ff7f55e0b16a\",\"op\":\"ping\"}")).isEqualTo(MessageHandler.KIND_HEARTBEAT);
        assertThat(harness.receive("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"465772b1\",\"req_id\":\"\"," +
            "\"op\":\"ping\"}")).isEqualTo(MessageHandler.KIND_HEARTBEAT);
        assertThat(harness.receive("{\"args\":[\"1672916271846\"],\"op\":\"pong\"}"))
            .isEqualTo(MessageHandler.KIND_HEARTBEAT);
        assertThat(harness.receive("{\"success\":true,\"ret_msg\":\"subscribe\",\"conn_id\":\"2324d924\"," +
            "\"req_id\":\"10001\",\"op\":\"subscribe\"}")).isEqualTo(MessageHandler.KIND_RESPONSE);
        assertThat(harness.responseId()).isEqualTo(10001L);
        assertThat(harness.receive("{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"3cd84cb1\",\"req_id\":\"\"," +
            "\"op\":\"subscribe\"}")).isEqualTo(MessageHandler.KIND_RESPONSE);
        assertThat(harness.responseId()).isEqualTo(MessageHandler.NO_ID);
        assertThat(harness.adapter.counters().pongsHandled()).isEqualTo(3);
    }

    @Test
    void shouldEncodeRequestsWithAStringReqId()
    {
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.SPOT);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final JsonEncoder encoder = new JsonEncoder().wrap(buffer, 0);
        harness.handler.encodeRequest(42, "subscribe",
            new BybitSubscriptionHandler(10, harness.adapter.counters()).requestParams("orderbook.50.BTCUSDT", null),
            encoder);

        assertThat(buffer.getStringWithoutLengthAscii(0, encoder.length()))
            .isEqualTo("{\"req_id\":\"42\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}");
    }

    @Test
    void shouldJudgeSubscribeResponsesOfEveryShape()
    {
        final BybitSubscriptionHandler handler = new BybitSubscriptionHandler(10, new BybitCounters());
        assertThat(handler.isConfirmed("orderbook.1.BTCUSDT", response("{\"success\":true,\"ret_msg\":\"subscribe\"," +
            "\"conn_id\":\"2324d924\",\"req_id\":\"1\",\"op\":\"subscribe\"}"))).isTrue();
        assertThat(handler.isConfirmed("orderbook.40.BTCUSDT", response("{\"success\":false,\"ret_msg\":\"error:" +
            "handler not found,topic:orderbook.40.BTCUSDT\",\"conn_id\":\"c\",\"req_id\":\"1\",\"op\":\"subscribe\"}")))
            .isFalse();
        final Response option = response("{\"success\":true,\"conn_id\":\"aa01\",\"data\":{\"failTopics\":" +
            "[\"orderbook.100.X\"],\"successTopics\":[\"orderbook.100.BTC-6JAN23-18000-C\"]}," +
            "\"type\":\"COMMAND_RESP\"}");
        assertThat(handler.isConfirmed("orderbook.100.BTC-6JAN23-18000-C", option)).isTrue();
        assertThat(handler.isConfirmed("orderbook.100.X", option)).isFalse();
    }

    private static Response response(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Response.fromJson(1, new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
