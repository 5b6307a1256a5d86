package io.wsnova.adapters.binance;

import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference examples of every mapped stream (binance-bybit-coinbase.md A, okx-binance-futures-more.md) through
 * the handler, field by field into the model; answers to requests classified as responses.
 */
class BinanceMessageHandlerTest
{
    private static final String SNAPSHOT = "{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}";

    /** Records every event as text. */
    private static final class Recording implements MarketListener
    {
        final List<String> events = new ArrayList<>();

        @Override
        public void onTrade(final Trade trade)
        {
            events.add("trade " + trade.tradeId() + " " + trade.price() + " " + trade.size() + " " +
                trade.aggressor() + " " + trade.exchangeTimestampMs());
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            events.add("top " + top.bidPrice() + " " + top.bidSize() + " " + top.askPrice() + " " + top.askSize() +
                " " + top.sequence() + " " + top.exchangeTimestampNs());
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            events.add("ticker " + ticker.markPrice() + " " + ticker.indexPrice() + " " + ticker.fundingRate() +
                " " + ticker.nextFundingTimeNs() / 1_000_000L + " " + ticker.exchangeTimestampMs() + " last=" +
                ticker.lastPrice().isNull());
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            events.add("liquidation " + liquidation.side() + " " + liquidation.price() + " " + liquidation.size() +
                " " + liquidation.exchangeTimestampMs());
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            events.add("book " + update.isSnapshot());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            events.add("status " + status.state() + " " + status.reason() + " " +
                (status.instrumentId() == MarketEvent.NO_INSTRUMENT ? "connection" : "instrument"));
        }
    }

    @Test
    void shouldMapTheReferenceTradeAndAggTrade() throws Exception
    {
        final Recording listener = new Recording();
        try (BinanceHandlerHarness harness = harness(BinanceMarket.SPOT, listener))
        {
            harness.receive("{\"stream\":\"bnbbtc@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136," +
                "\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.001\",\"q\":\"100\",\"T\":1672515782130,\"m\":true," +
                "\"M\":true}}");
            harness.receive("{\"stream\":\"bnbbtc@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1672515782136," +
                "\"s\":\"BNBBTC\",\"a\":12345,\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105," +
                "\"T\":1672515782136,\"m\":false,\"M\":true}}");

            assertThat(listener.events).containsExactly(
                "trade 12345 0.001 100 SELL 1672515782130",
                "trade 12345 0.001 100 BUY 1672515782136");
        }
    }

    @Test
    void shouldMapTheReferenceBookTickerWithAndWithoutEventType() throws Exception
    {
        final Recording listener = new Recording();
        try (BinanceHandlerHarness harness = harness(BinanceMarket.SPOT, listener))
        {
            harness.receive("{\"stream\":\"bnbusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BNBUSDT\"," +
                "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}");
            harness.receive("{\"data\":{\"A\":\"40.66000000\",\"e\":\"bookTicker\",\"u\":400900218," +
                "\"E\":1568014460893,\"T\":1568014460891,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\"," +
                "\"B\":\"31.21000000\"," +
                "\"a\":\"25.36520000\"},\"stream\":\"bnbusdt@bookTicker\"}");

            assertThat(listener.events).containsExactly(
                "top 25.35190000 31.21000000 25.36520000 40.66000000 400900217 " + MarketEvent.NO_TIMESTAMP,
                "top 25.35190000 31.21000000 25.36520000 40.66000000 400900218 1568014460891000000");
        }
    }

    @Test
    void shouldMapMarkPriceAndForceOrder() throws Exception
    {
        final Recording listener = new Recording();
        try (BinanceHandlerHarness harness = harness(BinanceMarket.USDM_FUTURES, listener))
        {
            harness.receive("{\"stream\":\"btcusdt@markPrice\",\"data\":{\"e\":\"markPriceUpdate\"," +
                "\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\"," +
                "\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}}");
            harness.receive("{\"stream\":\"btcusdt@forceOrder\",\"data\":{\"e\":\"forceOrder\"," +
                "\"E\":1568014460893,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\"," +
                "\"q\":\"0.014\",\"p\":\"9910\"," +
                "\"ap\":\"9910.5\",\"X\":\"FILLED\",\"l\":\"0.014\",\"z\":\"0.014\",\"T\":1568014460890}}}");

            assertThat(listener.events).containsExactly(
                "ticker 11794.15000000 11784.62659091 0.00038167 1562306400000 1562305380000 last=true",
                "liquidation SELL 9910.5 0.014 1568014460890");
        }
    }

    @Test
    void shouldClassifyAnswersAsResponsesAndReconnectOnServerShutdown() throws Exception
    {
        final Recording listener = new Recording();
        try (BinanceHandlerHarness harness = harness(BinanceMarket.SPOT, listener))
        {
            assertThat(harness.receive("{\"result\":null,\"id\":1}")).isEqualTo(MessageHandler.KIND_RESPONSE);
            assertThat(harness.handler.responseId(null)).isEqualTo(1L);
            assertThat(harness.receive("{\"id\":312,\"code\":2,\"msg\":\"Invalid request\"}"))
                .isEqualTo(MessageHandler.KIND_RESPONSE);
            assertThat(harness.receive("{\"result\":[\"btcusdt@aggTrade\"],\"id\":3}"))
                .isEqualTo(MessageHandler.KIND_RESPONSE);
            assertThat(listener.events).isEmpty();

            harness.receive("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");

            assertThat(listener.events).containsExactly("status " + FeedState.STALE + " " +
                FeedReason.SERVER_SHUTDOWN + " connection");
            assertThat(harness.adapter.counters().serverShutdowns()).isEqualTo(1);
        }
    }

    @Test
    void shouldDropDuplicateTradesAndReportAJumpInIds() throws Exception
    {
        final Recording listener = new Recording();
        try (BinanceHandlerHarness harness = harness(BinanceMarket.SPOT, listener))
        {
            for (final long id : new long[] {10, 11, 11, 10, 14, 15})
            {
                harness.receive("{\"stream\":\"x@trade\",\"data\":{\"e\":\"trade\",\"s\":\"X\",\"t\":" + id +
                    ",\"p\":\"1\",\"q\":\"2\",\"m\":false}}");
            }

            assertThat(listener.events).containsExactly("trade 10 1 2 BUY " + MarketEvent.NO_TIMESTAMP,
                "trade 11 1 2 BUY " + MarketEvent.NO_TIMESTAMP,
                "status SEQUENCE_GAP SEQUENCE_MISMATCH instrument",
                "trade 14 1 2 BUY " + MarketEvent.NO_TIMESTAMP,
                "trade 15 1 2 BUY " + MarketEvent.NO_TIMESTAMP);
            assertThat(harness.adapter.counters().duplicateTrades()).isEqualTo(2);
            assertThat(harness.adapter.counters().missedTrades()).isEqualTo(2);
        }
    }

    private static BinanceHandlerHarness harness(final BinanceMarket market, final MarketListener listener)
        throws Exception
    {
        return new BinanceHandlerHarness(market, SNAPSHOT, listener);
    }
}
