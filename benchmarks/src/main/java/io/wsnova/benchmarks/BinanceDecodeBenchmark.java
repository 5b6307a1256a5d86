package io.wsnova.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.adapters.binance.BinanceMarket;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Trade;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Binance combined-stream {@code trade} and {@code depthUpdate} messages: wsnova's adapter message handler on the
 * engine's off-heap receive buffer (decode only, and decode plus handle: the pooled market-model event to a
 * listener; for depth, applied to a live book), against Jackson reading the {@code String} other clients hand over
 * into plain objects with {@code BigDecimal} prices (exact, as wsnova's).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BinanceDecodeBenchmark
{
    static final String TRADE = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136," +
        "\"s\":\"BTCUSDT\",\"t\":1000000000,\"p\":\"64980.50000000\",\"q\":\"0.00100000\",\"T\":1672515782136," +
        "\"m\":true,\"M\":true}}";
    static final String DEPTH = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"," +
        "\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":1000000001,\"u\":1000000001," +
        "\"b\":[[\"64980.50000000\",\"1.10000000\"],[\"64979.00000000\",\"0.00000000\"],[\"64978.20000000\"," +
        "\"3.21000000\"]],\"a\":[[\"64981.00000000\",\"0.50000000\"],[\"64983.00000000\",\"0.00000000\"]," +
        "[\"64984.70000000\",\"2.00000000\"]]}}";
    private static final String SNAPSHOT = "{\"lastUpdateId\":1000000000,\"bids\":[[\"64980.50000000\"," +
        "\"1.00000000\"]],\"asks\":[[\"64981.00000000\",\"0.40000000\"]]}";
    private static final int OFFSET = 16;
    private static final int ID_DIGITS = 10;

    private final InboundMessage message = new InboundMessage();
    private final UnsafeBuffer tradeBuffer = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer depthBuffer = new UnsafeBuffer(0, 0);
    private int tradeLength;
    private int depthLength;
    private int tradeIdOffset;
    private int depthFirstOffset;
    private int depthLastOffset;
    private long nextTradeId = 1_000_000_000L;
    private long nextUpdateId = 1_000_000_001L;
    private MessageHandler tradeHandler;
    private MessageHandler depthHandler;
    private MessageHandler decodeOnly;
    private MessageContext context;
    private HttpServer rest;
    private ObjectMapper jackson;
    private long sink;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException
    {
        tradeLength = put(tradeBuffer, TRADE);
        depthLength = put(depthBuffer, DEPTH);
        tradeIdOffset = OFFSET + TRADE.indexOf("\"t\":") + 4;
        depthFirstOffset = OFFSET + DEPTH.indexOf("\"U\":") + 4;
        depthLastOffset = OFFSET + DEPTH.indexOf("\"u\":") + 4;
        rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.createContext(BinanceMarket.SPOT.depthPath(), exchange ->
        {
            final byte[] body = SNAPSHOT.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        rest.start();
        final MarketListener listener = new MarketListener()
        {
            @Override
            public void onTrade(final Trade trade)
            {
                sink += trade.price().mantissa();
            }

            @Override
            public void onBook(final BookUpdate update, final OrderBook book)
            {
                sink += book.bids().depth();
            }
        };
        final BinanceAdapter adapter = BinanceAdapter.builder().listener(listener)
            .restUrl("http://127.0.0.1:" + rest.getAddress().getPort()).build();
        tradeHandler = adapter.messageHandler();
        depthHandler = adapter.messageHandler();
        decodeOnly = adapter.messageHandler();
        final Connection connection = (Connection)Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> "id".equals(method.getName()) ? 1L : null);
        context = new StubContext(connection);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sink == 0)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("the depth book did not go live");
            }
            wsnovaDepthHandle();
            Thread.sleep(5);
        }
        jackson = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        rest.stop(0);
    }

    /**
     * Decode (and classify) a trade into the handler's pooled state.
     *
     * @return the kind, so the work is not eliminated.
     */
    @Benchmark
    public int wsnovaTradeDecode()
    {
        message.wrap(InboundMessage.TEXT, tradeBuffer, OFFSET, tradeLength, 0L);
        decodeOnly.decode(message);
        return decodeOnly.classify(message);
    }

    /**
     * Decode and handle a trade (a new trade id each time): the pooled {@code Trade} to the listener.
     *
     * @return the sink.
     */
    @Benchmark
    public long wsnovaTradeHandle()
    {
        tradeBuffer.putNaturalPaddedIntAscii(tradeIdOffset, ID_DIGITS, (int)nextTradeId++);
        message.wrap(InboundMessage.TEXT, tradeBuffer, OFFSET, tradeLength, 0L);
        tradeHandler.decode(message);
        tradeHandler.classify(message);
        tradeHandler.handle(message, context);
        return sink;
    }

    /**
     * Jackson on the same trade, from the String, into an object with exact prices.
     *
     * @return the trade id.
     * @throws IOException never for this input.
     */
    @Benchmark
    public long jacksonTrade() throws IOException
    {
        return jackson.readValue(TRADE, TradeMessage.class).data.tradeId;
    }

    /**
     * Decode (and classify) a depth update into the handler's pooled update.
     *
     * @return the kind.
     */
    @Benchmark
    public int wsnovaDepthDecode()
    {
        message.wrap(InboundMessage.TEXT, depthBuffer, OFFSET, depthLength, 0L);
        decodeOnly.decode(message);
        return decodeOnly.classify(message);
    }

    /**
     * Decode and handle a depth update (the next update id each time): applied to the live book, then the
     * listener.
     *
     * @return the sink.
     */
    @Benchmark
    public long wsnovaDepthHandle()
    {
        final int id = (int)nextUpdateId++;
        depthBuffer.putNaturalPaddedIntAscii(depthFirstOffset, ID_DIGITS, id);
        depthBuffer.putNaturalPaddedIntAscii(depthLastOffset, ID_DIGITS, id);
        message.wrap(InboundMessage.TEXT, depthBuffer, OFFSET, depthLength, 0L);
        depthHandler.decode(message);
        depthHandler.classify(message);
        depthHandler.handle(message, context);
        return sink;
    }

    /**
     * Jackson on the same depth update, from the String, into an object with exact prices.
     *
     * @return the last update id.
     * @throws IOException never for this input.
     */
    @Benchmark
    public long jacksonDepth() throws IOException
    {
        return jackson.readValue(DEPTH, DepthMessage.class).data.lastUpdateId;
    }

    private static int put(final UnsafeBuffer buffer, final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        buffer.wrap(ByteBuffer.allocateDirect(bytes.length + 2 * OFFSET));
        buffer.putBytes(OFFSET, bytes);
        return bytes.length;
    }

    /** Jackson's target for a trade. */
    public static class TradeMessage
    {
        public String stream;
        public TradeData data;
    }

    /** Jackson's target for the trade data. */
    public static class TradeData
    {
        @JsonProperty("e")
        public String eventType;
        @JsonProperty("E")
        public long eventTime;
        @JsonProperty("s")
        public String symbol;
        @JsonProperty("t")
        public long tradeId;
        @JsonProperty("p")
        public BigDecimal price;
        @JsonProperty("q")
        public BigDecimal quantity;
        @JsonProperty("T")
        public long tradeTime;
        @JsonProperty("m")
        public boolean buyerMaker;
    }

    /** Jackson's target for a depth update. */
    public static class DepthMessage
    {
        public String stream;
        public DepthData data;
    }

    /** Jackson's target for the depth data. */
    public static class DepthData
    {
        @JsonProperty("e")
        public String eventType;
        @JsonProperty("E")
        public long eventTime;
        @JsonProperty("s")
        public String symbol;
        @JsonProperty("U")
        public long firstUpdateId;
        @JsonProperty("u")
        public long lastUpdateId;
        @JsonProperty("b")
        public List<List<BigDecimal>> bids;
        @JsonProperty("a")
        public List<List<BigDecimal>> asks;
    }

    /** A message context that only knows its connection. */
    private static final class StubContext implements MessageContext
    {
        private final Connection connection;

        StubContext(final Connection connection)
        {
            this.connection = connection;
        }

        @Override
        public Connection connection()
        {
            return connection;
        }

        @Override
        public int reply(final CharSequence text)
        {
            return 0;
        }

        @Override
        public int reply(final DirectBuffer buffer, final int offset, final int length)
        {
            return 0;
        }

        @Override
        public int replyJson(final JsonPayload payload)
        {
            return 0;
        }

        @Override
        public long request(final String method, final JsonPayload params)
        {
            return 0;
        }

        @Override
        public void close(final int code, final String reason)
        {
        }
    }
}
