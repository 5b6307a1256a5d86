package io.wsnova.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.adapters.bybit.BybitAdapter;
import io.wsnova.adapters.coinbase.CoinbaseAdapter;
import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The main messages of Deribit, Binance, Bybit, OKX and Coinbase (the venue documentation's own samples, see
 * {@code /work/shared/reference}): each adapter's message handler decoding (and classifying) the message from the
 * engine's off-heap receive buffer into its pooled state, against Jackson reading the {@code String} other clients
 * hand over into a tree with exact {@code BigDecimal} numbers. Each trial prints the message's length, so ns/byte
 * is ns/op over it. The Deribit ticker has its own suite ({@code TickerDecodeBenchmark}, against DSL-JSON too), and
 * Binance a decode-and-handle suite ({@link BinanceDecodeBenchmark}).
 * <p>
 * Run: {@code ./nova bench jmh VenueDecode -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class VenueDecodeBenchmark
{
    /** Each venue's main messages, as the venue documents them. */
    static final Map<String, String> MESSAGES = Map.ofEntries(
        Map.entry("deribit-book", "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"book.BTC-PERPETUAL.100ms\",\"data\":{\"type\":\"change\",\"timestamp\":1554373911330," +
            "\"prev_change_id\":297217,\"instrument_name\":\"BTC-PERPETUAL\",\"change_id\":297218,\"bids\":[[" +
            "\"delete\",5041.94,0],[\"change\",5042.34,30]],\"asks\":[[\"new\",5042.64,40],[\"delete\",5043.3,0]]}}}"),
        Map.entry("deribit-trade", "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"trades.BTC-PERPETUAL.100ms\",\"data\":[{\"trade_seq\":30289442,\"trade_id\":\"48079269\"," +
            "\"timestamp\":1590484512188,\"tick_direction\":2,\"price\":8950,\"mark_price\":8948.9," +
            "\"instrument_name\":\"BTC-PERPETUAL\",\"index_price\":8955.88,\"direction\":\"sell\",\"amount\":10}]}}"),
        Map.entry("deribit-ticker", TickerDecodeBenchmark.TICKER),
        Map.entry("binance-depth", BinanceDecodeBenchmark.DEPTH),
        Map.entry("binance-trade", BinanceDecodeBenchmark.TRADE),
        Map.entry("bybit-book", "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1687940967466," +
            "\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"30247.20\",\"30.028\"],[\"30240.00\",\"0\"]]," +
            "\"a\":[[\"30248.70\",\"0\"],[\"30249.30\",\"0.892\"]],\"u\":177400507,\"seq\":66544703342}," +
            "\"cts\":1687940967464}"),
        Map.entry("bybit-trade",
            "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1672304486868,\"data\":[" +
            "{\"T\":1672304486865,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.001\",\"p\":\"16578.50\"," +
            "\"L\":\"PlusTick\"," +
            "\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\",\"BT\":false,\"seq\":1783284617}]}"),
        Map.entry("bybit-ticker",
            "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\"," +
            "\"tickDirection\":\"MinusTick\",\"price24hPcnt\":\"-0.158315\",\"lastPrice\":\"66666.60\"," +
            "\"prevPrice24h\":\"79206.20\",\"highPrice24h\":\"79266.30\",\"lowPrice24h\":\"65076.90\"," +
            "\"prevPrice1h\":\"66666.60\",\"markPrice\":\"66666.60\",\"indexPrice\":\"115418.19\"," +
            "\"openInterest\":\"492373.72\",\"openInterestValue\":\"32824881841.75\",\"turnover24h\":" +
            "\"4936790807.6521\",\"volume24h\":\"73191.3870\",\"fundingIntervalHour\":\"8\",\"fundingCap\":\"0.005\"," +
            "\"nextFundingTime\":\"1760342400000\",\"fundingRate\":\"-0.005\",\"bid1Price\":\"66666.60\"," +
            "\"bid1Size\":\"23789.165\",\"ask1Price\":\"66666.70\",\"ask1Size\":\"23775.469\",\"preOpenPrice\":\"\"," +
            "\"preQty\":\"\",\"curPreListingPhase\":\"\"},\"cs\":9532239429,\"ts\":1760325052630}"),
        Map.entry("okx-book",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{" +
            "\"asks\":[[\"41006.8\",\"0.60038921\",\"0\",\"1\"],[\"41007.2\",\"0\",\"0\",\"0\"]],\"bids\":[[" +
            "\"41006.3\",\"0.30178218\",\"0\",\"2\"],[\"41005.1\",\"1.5\",\"0\",\"3\"]],\"ts\":\"1629966436396\"," +
            "\"checksum\":0,\"prevSeqId\":123456,\"seqId\":123470}]}"),
        Map.entry("okx-trade",
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\"," +
            "\"tradeId\":\"130639474\",\"px\":\"42219.9\",\"sz\":\"0.12060306\",\"side\":\"buy\"," +
            "\"ts\":\"1630048897897\",\"count\":\"3\"}]}"),
        Map.entry("coinbase-level2", "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":" +
            "\"2023-02-09T20:32:50.714964855Z\",\"sequence_num\":1,\"events\":[{\"type\":\"update\",\"product_id\":" +
            "\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"2023-02-09T20:32:50.714964855Z\"," +
            "\"price_level\":\"21921.73\",\"new_quantity\":\"0.06317902\"},{\"side\":\"offer\",\"event_time\":" +
            "\"2023-02-09T20:32:50.714964855Z\",\"price_level\":\"21922.3\",\"new_quantity\":\"0\"}]}]}"),
        Map.entry("coinbase-trade", "{\"channel\":\"market_trades\",\"client_id\":\"\",\"timestamp\":" +
            "\"2023-02-09T20:19:35.39625135Z\",\"sequence_num\":1,\"events\":[{\"type\":\"update\",\"trades\":[{" +
            "\"trade_id\":\"000000000\",\"product_id\":\"BTC-USD\",\"price\":\"21921.73\",\"size\":\"0.3\"," +
            "\"side\":\"BUY\",\"time\":\"2019-08-14T20:42:27.265Z\"}]}]}"));

    private static final int OFFSET = 16;

    @Param({"deribit-ticker", "deribit-book", "deribit-trade", "binance-depth", "binance-trade", "bybit-book",
        "bybit-trade", "bybit-ticker", "okx-book", "okx-trade", "coinbase-level2", "coinbase-trade"})
    public String message;

    private final InboundMessage inbound = new InboundMessage();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int length;
    private String text;
    private MessageHandler handler;
    private ObjectMapper jackson;

    @Setup(Level.Trial)
    public void setUp()
    {
        text = MESSAGES.get(message);
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.wrap(ByteBuffer.allocateDirect(bytes.length + 2 * OFFSET));
        buffer.putBytes(OFFSET, bytes);
        length = bytes.length;
        final Adapter adapter = switch (message.substring(0, message.indexOf('-')))
        {
            case "bybit" -> BybitAdapter.builder().build();
            case "okx" -> OkxAdapter.builder().build();
            case "coinbase" -> CoinbaseAdapter.builder().build();
            case "deribit" -> DeribitAdapter.builder().build();
            case "binance" -> BinanceAdapter.builder().build();
            default -> throw new IllegalArgumentException(message);
        };
        // the engine creates a connection's handlers together, connection handler first
        adapter.connectionHandler();
        handler = adapter.messageHandler();
        inbound.wrap(InboundMessage.TEXT, buffer, OFFSET, length, 0L);
        if (!handler.decode(inbound))
        {
            throw new IllegalStateException(message + " is malformed to its adapter");
        }
        jackson = new ObjectMapper().configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
        System.out.println(message + ": " + length + " bytes");
    }

    /**
     * The adapter's decode of the message into its pooled state, and its classification.
     *
     * @return the kind, so the work is not eliminated.
     */
    @Benchmark
    public int wsnovaDecode()
    {
        inbound.wrap(InboundMessage.TEXT, buffer, OFFSET, length, 0L);
        handler.decode(inbound);
        return handler.classify(inbound);
    }

    /**
     * Jackson on the same message, from the String, into a tree with exact numbers.
     *
     * @return the tree's size, so the work is not eliminated.
     * @throws IOException never for this input.
     */
    @Benchmark
    public int jacksonTree() throws IOException
    {
        final JsonNode tree = jackson.readTree(text);
        return tree.size();
    }
}
