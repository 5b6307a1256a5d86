package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.engine.behaviour.InboundMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeribitTradesAndQuotesTest
{
    private final DeribitHandlerHarness harness = new DeribitHandlerHarness();

    @Test
    void shouldDecodeTheReferenceTradesNotification()
    {
        final List<DeribitTrade> copies = new ArrayList<>();
        final DeribitMessageHandler handler = new DeribitMessageHandler(new DeribitMarketListener()
        {
            @Override
            public void onTrade(final DeribitTrade trade)
            {
                assertReferenceTrade(trade);
                copies.add(trade);
            }
        });
        final DeribitHandlerHarness.Context context = new DeribitHandlerHarness.Context();
        final InboundMessage message = new InboundMessage();
        message.wrap(InboundMessage.TEXT,
            DeribitHandlerHarness.offHeap(DeribitHandlerHarness.REFERENCE_TRADES), DeribitHandlerHarness.OFFSET,
            DeribitHandlerHarness.length(DeribitHandlerHarness.REFERENCE_TRADES), 0L);

        assertThat(handler.decode(message)).isTrue();
        handler.handle(message, context);

        assertThat(copies).hasSize(1);
    }

    static void assertReferenceTrade(final DeribitTrade trade)
    {
        assertThat(trade.tradeSeq()).isEqualTo(30289442L);
        assertThat(trade.tradeId().toString()).isEqualTo("48079269");
        assertThat(trade.timestampMs()).isEqualTo(1590484512188L);
        assertThat(trade.tickDirection()).isEqualTo(DeribitTrade.TICK_DIRECTION_MINUS);
        assertThat(trade.price()).isEqualTo(new Decimal(8950, 0));
        assertThat(trade.price().toDouble()).isEqualTo(8950.0);
        assertThat(trade.markPrice()).isEqualTo(new Decimal(89489, 1));
        assertThat(trade.instrumentName().toString()).isEqualTo("BTC-PERPETUAL");
        assertThat(trade.indexPrice()).isEqualTo(new Decimal(895588, 2));
        assertThat(trade.indexPrice().toDouble()).isEqualTo(8955.88);
        assertThat(trade.direction()).isEqualTo(DeribitDirection.SELL);
        assertThat(trade.amount()).isEqualTo(new Decimal(10, 0));
        assertThat(trade.isLiquidation()).isFalse();
        assertThat(trade.liquidation().length()).isZero();
        assertThat(trade.iv().isNull()).isTrue();
        assertThat(trade.blockTradeId().length()).isZero();
        assertThat(trade.indexInMessage()).isZero();
        assertThat(trade.tradesInMessage()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 8, 9, 100})
    void shouldDeliverEveryTradeOfTheArrayInOrder(final int count)
    {
        harness.receive(trades(count));
        harness.receive(trades(count));

        assertThat(harness.listener.trades).hasSize(2 * count);
        for (int i = 0; i < count; i++)
        {
            assertThat(harness.listener.trades.get(count + i)).isEqualTo("DeribitTrade{tradeId=ETH-" + i +
                ", tradeSeq=" + (1000 + i) + ", instrumentName=ETH-PERPETUAL, timestampMs=" + (1590483938456L + i) +
                ", direction=" + (i % 2 == 0 ? "BUY" : "SELL") + ", price=203." + i + ", amount=" + (i + 1) +
                ".0, indexPrice=203.33, markPrice=203.28, tickDirection=" + (i & 3) + ", " + i + "/" + count + "}");
        }
    }

    @Test
    void shouldDecodeLiquidationImpliedVolatilityAndBlockTradeId()
    {
        harness.receive("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"trades.option.BTC.raw\",\"data\":[{\"trade_seq\":1,\"trade_id\":12345,\"timestamp\":7," +
            "\"tick_direction\":0,\"price\":0.0525,\"mark_price\":0.05,\"iv\":61.25," +
            "\"instrument_name\":\"BTC-27DEC24-100000-C\",\"index_price\":64000.1,\"direction\":\"buy\"," +
            "\"amount\":1.5,\"liquidation\":\"MT\",\"block_trade_id\":\"BLOCK-9\",\"future_field\":{\"x\":[1]}}]}}");

        assertThat(harness.listener.trades).containsExactly("DeribitTrade{tradeId=12345, tradeSeq=1, " +
            "instrumentName=BTC-27DEC24-100000-C, timestampMs=7, direction=BUY, price=0.0525, amount=1.5, " +
            "indexPrice=64000.1, markPrice=0.05, tickDirection=0, iv=61.25, liquidation=MT, " +
            "blockTradeId=BLOCK-9, 0/1}");
    }

    @Test
    void shouldDeliverTradesOfTheKindAndCurrencyChannel()
    {
        harness.receive(DeribitHandlerHarness.REFERENCE_TRADES.replace("trades.BTC-PERPETUAL.100ms",
            "trades.future.BTC.100ms"));

        assertThat(harness.listener.tradeCount).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[{}", "[{\"price\":1,}]", "7"})
    void shouldRejectTradesDataThatIsNotAnArrayOrBreaksTheGrammar(final String data)
    {
        assertThat(harness.decodes(DeribitHandlerHarness.book("trades.BTC-PERPETUAL.raw", data))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "{\"price\":\"x\"}", "{\"trade_seq\":1.5}", "[]", "{\"timestamp\":true}",
        "{\"instrument_name\":5}", "{\"tick_direction\":1e10}"})
    void shouldSkipAMalformedTradeAloneAndCountIt(final String malformed)
    {
        harness.receive(DeribitHandlerHarness.book("trades.BTC-PERPETUAL.raw",
            "[{\"trade_seq\":1,\"price\":1}," + malformed + ",{\"trade_seq\":2,\"price\":2}]"));

        assertThat(harness.listener.tradeCount).isEqualTo(2);
        assertThat(harness.handler.numberCounters().skippedTrades()).isEqualTo(1);
    }

    @Test
    void shouldDecodeTheQuote()
    {
        harness.receive(DeribitHandlerHarness.QUOTE);

        assertThat(harness.listener.quotes).containsExactly("DeribitQuote{instrumentName=BTC-PERPETUAL, " +
            "timestampMs=1550658624149, bestBid=40@3914.97, bestAsk=50.0@3996.61}");
    }

    @Test
    void shouldGiveTheQuoteExactAndAsDouble()
    {
        final DeribitQuote[] seen = new DeribitQuote[1];
        final double[] doubles = new double[4];
        final DeribitMessageHandler handler = new DeribitMessageHandler(new DeribitMarketListener()
        {
            @Override
            public void onQuote(final DeribitQuote quote)
            {
                seen[0] = quote;
                doubles[0] = quote.bestBidPrice().toDouble();
                doubles[1] = quote.bestBidAmount().toDouble();
                doubles[2] = quote.bestAskPrice().toDouble();
                doubles[3] = quote.bestAskAmount().toDouble();
            }
        });
        final InboundMessage message = new InboundMessage();
        message.wrap(InboundMessage.TEXT,
            DeribitHandlerHarness.offHeap(DeribitHandlerHarness.QUOTE), DeribitHandlerHarness.OFFSET,
            DeribitHandlerHarness.length(DeribitHandlerHarness.QUOTE), 0L);

        assertThat(handler.decode(message)).isTrue();
        handler.handle(message, new DeribitHandlerHarness.Context());

        assertThat(doubles).containsExactly(3914.97, 40.0, 3996.61, 50.0);
        assertThat(seen[0].bestAskAmount().mantissa()).isEqualTo(500L);
        assertThat(seen[0].bestAskAmount().scale()).isEqualTo(1);
        assertThat(seen[0].instrumentName().toString()).isEqualTo("BTC-PERPETUAL");
        assertThat(seen[0].timestampMs()).isEqualTo(1550658624149L);
    }

    @Test
    void shouldDecodeAQuoteWithAnEmptySideAsNull()
    {
        harness.receive("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"quote.BTC-27DEC24-100000-C\",\"data\":{\"timestamp\":1,\"instrument_name\":\"BTC-27DEC24-100000-C\"," +
            "\"best_bid_price\":null,\"best_bid_amount\":0,\"best_ask_price\":0.0525,\"best_ask_amount\":2}}}");

        assertThat(harness.listener.quotes).containsExactly("DeribitQuote{instrumentName=BTC-27DEC24-100000-C, " +
            "timestampMs=1, bestBid=0@null, bestAsk=2@0.0525}");
    }

    @Test
    void shouldStillDeliverOtherChannelsRaw()
    {
        final String index = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"deribit_price_index.btc_usd\",\"data\":{\"timestamp\":1535098298227,\"price\":6521.17}}}";
        final String userTrades = DeribitHandlerHarness.REFERENCE_TRADES.replace("trades.BTC-PERPETUAL.100ms",
            "user.trades.BTC-PERPETUAL.raw");

        harness.receive(index);
        harness.receive(userTrades);

        assertThat(harness.listener.raw).containsExactly(index, userTrades);
        assertThat(harness.listener.tradeCount).isZero();
    }

    static String trades(final int count)
    {
        final StringBuilder json = new StringBuilder("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":" +
            "{\"channel\":\"trades.ETH-PERPETUAL.raw\",\"data\":[");
        for (int i = 0; i < count; i++)
        {
            json.append(i == 0 ? "" : ",").append("{\"trade_seq\":").append(1000 + i)
                .append(",\"trade_id\":\"ETH-").append(i).append("\",\"timestamp\":").append(1590483938456L + i)
                .append(",\"tick_direction\":").append(i & 3).append(",\"price\":203.").append(i)
                .append(",\"mark_price\":203.28,\"instrument_name\":\"ETH-PERPETUAL\",\"index_price\":203.33,")
                .append("\"direction\":\"").append(i % 2 == 0 ? "buy" : "sell").append("\",\"amount\":")
                .append(i + 1).append(".0}");
        }
        return json.append("]}}").toString();
    }
}
