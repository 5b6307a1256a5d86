package io.wsnova.market;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.codec.json.Decimal;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line {@link MarketJson} prints parses with Jackson (the oracle) to the fields and exact values of the event:
 * decimals as the venue spelled them, escaped channels and ids, absent fields left out or null as documented.
 */
class MarketJsonTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final long TS_NS = 1_672_515_782_136_123_456L;

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final int binance = registry.venue("binance");
    private final int btcusdt = registry.register(binance, "BTCUSDT", InstrumentSpec.spot(1, 2, 1, 5));
    private final MarketJson json = new MarketJson(registry);

    @Test
    void shouldPrintATradeInTheDeribitSchema() throws Exception
    {
        final Trade trade = new Trade();
        trade.header(binance, btcusdt, TS_NS, 42L);
        trade.price().set(Decimals.parse("64980.50"));
        trade.size().set(Decimals.parse("0.00100000"));
        trade.tradeId().set(12345L);
        trade.aggressor(Side.SELL);

        final JsonNode line = parse(json.trade(trade, "btcusdt@trade"));

        assertThat(line.get("type").asText()).isEqualTo("trade");
        assertThat(line.get("exchange").asText()).isEqualTo("binance");
        assertThat(line.get("channel").asText()).isEqualTo("btcusdt@trade");
        assertThat(line.get("instrument").asText()).isEqualTo("BTCUSDT");
        assertThat(line.get("exchange_ts_ms").asLong()).isEqualTo(1_672_515_782_136L);
        assertThat(line.get("trade_id").asText()).isEqualTo("12345");
        assertThat(line.get("price").asText()).isEqualTo("64980.50");
        assertThat(line.get("amount").asText()).isEqualTo("0.00100000");
        assertThat(line.get("direction").asText()).isEqualTo("sell");
    }

    @Test
    void shouldPrintTheExactLineTheCliPrintsForDeribitToday()
    {
        final InstrumentRegistry deribitRegistry = new InstrumentRegistry();
        final int deribit = deribitRegistry.venue("deribit");
        final int perpetual = deribitRegistry.register(deribit, "BTC-PERPETUAL", InstrumentSpec.spot(5, 1, 10, 0));
        final MarketJson deribitJson = new MarketJson(deribitRegistry);
        final OrderBook book = new OrderBook(deribit, perpetual);
        final BookUpdate update = new BookUpdate();
        update.header(deribit, perpetual, MarketEvent.millisToNanos(1_554_373_911_330L), 0L);
        update.reset(true).sequences(297_217, 297_217, BookUpdate.NO_SEQUENCE)
            .addLevel(BookSide.BID, Decimals.parse("3864.5"), Decimals.parse("10.0"))
            .addLevel(BookSide.BID, Decimals.parse("3864"), Decimals.parse("2500"))
            .addLevel(BookSide.ASK, Decimals.parse("3865.00"), Decimals.parse("1"));
        book.apply(update, DeribitSequenceRule.INSTANCE);

        final int length = deribitJson.book(update, book, "book.BTC-PERPETUAL.100ms");

        assertThat(deribitJson.buffer().getStringWithoutLengthAscii(0, length)).isEqualTo(
            "{\"type\":\"book\",\"exchange\":\"deribit\",\"channel\":\"book.BTC-PERPETUAL.100ms\"," +
            "\"instrument\":\"BTC-PERPETUAL\",\"exchange_ts_ms\":1554373911330,\"change_id\":297217," +
            "\"snapshot\":true,\"bids\":[[\"3864.5\",\"10.0\"],[\"3864\",\"2500\"]],\"asks\":[[\"3865.00\",\"1\"]]}");
    }

    @Test
    void shouldEscapeTextAndPrintInexactValuesAsTheVenueSentThem() throws Exception
    {
        final Trade trade = new Trade();
        trade.header(binance, btcusdt, MarketEvent.NO_TIMESTAMP, 0L);
        trade.price().set(Decimals.parse("1.23456789012345678901234E-30"));
        trade.size().set(Decimals.parse("5.0E-5"));
        final byte[] id = "id\"with\\quote".getBytes(StandardCharsets.US_ASCII);
        trade.tradeId().set(new UnsafeBuffer(id), 0, id.length);

        final JsonNode line = parse(json.trade(trade, "odd \"channel\"\n"));

        assertThat(line.get("channel").asText()).isEqualTo("odd \"channel\"\n");
        assertThat(line.get("trade_id").asText()).isEqualTo("id\"with\\quote");
        assertThat(line.get("price").asText()).isEqualTo("1.23456789012345678901234E-30");
        assertThat(line.get("amount").asText()).isEqualTo("0.000050");
        assertThat(line.get("direction").isNull()).isTrue();
        assertThat(line.get("exchange_ts_ms").isNull()).isTrue();
    }

    @Test
    void shouldPrintTheTopTenLevelsOfABookExactly() throws Exception
    {
        final OrderBook book = new OrderBook(binance, btcusdt);
        final BookUpdate update = new BookUpdate();
        update.reset(true).sequences(157, 160, BookUpdate.NO_SEQUENCE);
        update.header(binance, btcusdt, TS_NS, 0L);
        for (int i = 0; i < 15; i++)
        {
            update.addLevel(BookSide.BID, 649800 - i * 5, 1, 10 + i, 1);
            update.addLevel(BookSide.ASK, 649810 + i * 5, 1, 2500 + i, 0);
        }
        book.apply(update, SequenceRule.UNCHECKED);

        final JsonNode line = parse(json.book(update, book, "btcusdt@depth@100ms"));

        assertThat(line.get("type").asText()).isEqualTo("book");
        assertThat(line.get("change_id").asLong()).isEqualTo(160L);
        assertThat(line.get("snapshot").asBoolean()).isTrue();
        assertThat(line.get("bids")).hasSize(MarketJson.BOOK_LEVELS);
        assertThat(line.get("asks")).hasSize(MarketJson.BOOK_LEVELS);
        assertThat(line.get("bids").get(0).get(0).asText()).isEqualTo("64980.0");
        assertThat(line.get("bids").get(0).get(1).asText()).isEqualTo("1.0");
        assertThat(line.get("bids").get(9).get(0).asText()).isEqualTo("64975.5");
        assertThat(line.get("asks").get(0).get(0).asText()).isEqualTo("64981.0");
        assertThat(line.get("asks").get(0).get(1).asText()).isEqualTo("2500");
    }

    @Test
    void shouldPrintQuotesTickersLiquidationsAndStatuses() throws Exception
    {
        final TopOfBook top = new TopOfBook();
        top.header(binance, btcusdt, TS_NS, 0L);
        top.reset().bidPrice().set(Decimals.parse("25.35190000"));
        top.askPrice().set(Decimals.parse("25.36520000"));
        final JsonNode quote = parse(json.topOfBook(top, "btcusdt@bookTicker"));
        assertThat(quote.get("type").asText()).isEqualTo("quote");
        assertThat(quote.get("best_bid_price").asText()).isEqualTo("25.35190000");
        assertThat(quote.get("best_ask_price").asText()).isEqualTo("25.36520000");
        assertThat(quote.has("best_bid_amount")).as("absent: left out").isFalse();

        final DerivativesTicker ticker = new DerivativesTicker();
        ticker.header(binance, btcusdt, TS_NS, 0L);
        ticker.reset().markPrice().set(Decimals.parse("66666.60"));
        ticker.fundingRate().set(Decimals.parse("-0.005"));
        ticker.nextFundingTimeNs(MarketEvent.millisToNanos(1_760_342_400_000L));
        final JsonNode tickerLine = parse(json.ticker(ticker, "tickers.BTCUSDT"));
        assertThat(tickerLine.get("mark_price").asText()).isEqualTo("66666.60");
        assertThat(tickerLine.get("funding_rate").asText()).isEqualTo("-0.005");
        assertThat(tickerLine.get("next_funding_ts_ms").asLong()).isEqualTo(1_760_342_400_000L);
        assertThat(tickerLine.has("last_price")).isFalse();

        final Liquidation liquidation = new Liquidation();
        liquidation.header(binance, btcusdt, TS_NS, 0L);
        liquidation.price().set(new Decimal(1234, 1));
        liquidation.size().set(new Decimal(5, 3));
        liquidation.side(Side.BUY);
        final JsonNode liquidationLine = parse(json.liquidation(liquidation, null));
        assertThat(liquidationLine.get("channel").isNull()).isTrue();
        assertThat(liquidationLine.get("price").asText()).isEqualTo("123.4");
        assertThat(liquidationLine.get("direction").asText()).isEqualTo("buy");

        final FeedStatus status = new FeedStatus();
        status.header(binance, MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, 0L);
        status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(160, 168).counters(3, 1);
        final JsonNode statusLine = parse(json.status(status, "btcusdt@depth"));
        assertThat(statusLine.get("type").asText()).isEqualTo("status");
        assertThat(statusLine.get("state").asText()).isEqualTo("sequence_gap");
        assertThat(statusLine.get("reason").asText()).isEqualTo("sequence_mismatch");
        assertThat(statusLine.get("instrument").isNull()).isTrue();
        assertThat(statusLine.get("expected_sequence").asLong()).isEqualTo(160L);
        assertThat(statusLine.get("received_sequence").asLong()).isEqualTo(168L);
        assertThat(statusLine.get("occurrences").asLong()).isEqualTo(3L);
        assertThat(statusLine.get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void shouldPrintRandomDecimalsExactlyAsBigDecimalReadsThem() throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("MarketJsonTest seed: -Dwsnova.seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Trade trade = new Trade();
        trade.header(binance, btcusdt, TS_NS, 0L);
        for (int i = 0; i < 10_000; i++)
        {
            final long mantissa = random.nextInt(4) == 0 ? random.nextLong() : random.nextLong(-1_000_000, 1_000_000);
            final int scale = random.nextInt(Decimal.MAX_SCALE + 1);
            trade.price().set(mantissa, scale);
            final JsonNode line = parse(json.trade(trade, "c"));
            assertThat(new BigDecimal(line.get("price").asText())).as("seed " + seed)
                .isEqualTo(BigDecimal.valueOf(mantissa, scale));
        }
    }

    private JsonNode parse(final int length) throws Exception
    {
        final byte[] bytes = new byte[length];
        json.buffer().getBytes(0, bytes);
        return MAPPER.readTree(bytes);
    }
}
