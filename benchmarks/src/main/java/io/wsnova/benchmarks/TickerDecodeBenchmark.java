package io.wsnova.benchmarks;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.runtime.Settings;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.adapters.deribit.DeribitMessageDecoder;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Decoding a Deribit {@code ticker} notification (the official AsyncAPI example, 651 bytes) into an object:
 * wsnova's pooled decoder reading the engine's off-heap receive buffer, against what users of other clients do
 * with the {@code String} their library hands over: DSL-JSON (runtime reflection) and Jackson into plain objects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TickerDecodeBenchmark
{
    static final String TICKER = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
        "\"channel\":\"ticker.BTC-PERPETUAL.100ms\",\"data\":{" +
        "\"best_ask_amount\":100,\"best_ask_price\":36443,\"best_bid_amount\":5000,\"best_bid_price\":36442.5," +
        "\"current_funding\":0,\"estimated_delivery_price\":36441.64,\"funding_8h\":2.11e-05," +
        "\"index_price\":36441.64,\"instrument_name\":\"BTC-PERPETUAL\",\"interest_value\":1.7362511643080387," +
        "\"last_price\":36457.5,\"mark_price\":36446.51,\"max_price\":36991.72,\"min_price\":35898.37," +
        "\"open_interest\":502097590,\"settlement_price\":36169.49,\"state\":\"open\"," +
        "\"stats\":{\"high\":36824.5,\"low\":35213.5,\"price_change\":0.7229,\"volume\":7871.02139035," +
        "\"volume_usd\":284061480},\"timestamp\":1623060194301}}}";

    /**
     * The same ticker with every price in another valid form: exponents, trailing zeros past 19 digits, and one
     * value ({@code open_interest}, 27 digits) that no {@code Decimal} holds exactly (read inexact, text kept).
     */
    static final String TICKER_UNUSUAL_NUMBERS = TICKER
        .replace("\"best_bid_price\":36442.5", "\"best_bid_price\":3.64425E+4")
        .replace("\"funding_8h\":2.11e-05", "\"funding_8h\":2.1100000000000000000000e-0005")
        .replace("\"mark_price\":36446.51", "\"mark_price\":36446.510000000000000000000")
        .replace("\"open_interest\":502097590", "\"open_interest\":502097590.000000000000000001")
        .replace("\"timestamp\":1623060194301", "\"timestamp\":1.623060194301E12");

    private final DeribitMessageDecoder wsnova = new DeribitMessageDecoder();
    private final DeribitMessageDecoder wsnovaUnusual = new DeribitMessageDecoder();
    private final UnsafeBuffer unusualBuffer = new UnsafeBuffer(0, 0);
    private int unusualLength;
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(0, 0);
    private int length;
    private DslJson<Object> dslJson;
    private ObjectMapper jackson;
    private String text;

    @Setup(Level.Trial)
    public void setUp()
    {
        final byte[] bytes = TICKER.getBytes(StandardCharsets.UTF_8);
        receiveBuffer.wrap(ByteBuffer.allocateDirect(bytes.length + 64));
        receiveBuffer.putBytes(16, bytes);
        length = bytes.length;
        dslJson = new DslJson<>(Settings.withRuntime().includeServiceLoader());
        jackson = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        text = TICKER;
        if (wsnova.decode(receiveBuffer, 16, length) != DeribitMessageDecoder.TICKER)
        {
            throw new IllegalStateException("wsnova did not decode the ticker");
        }
        final byte[] unusual = TICKER_UNUSUAL_NUMBERS.getBytes(StandardCharsets.UTF_8);
        unusualBuffer.wrap(ByteBuffer.allocateDirect(unusual.length + 64));
        unusualBuffer.putBytes(16, unusual);
        unusualLength = unusual.length;
        if (wsnovaUnusual.decode(unusualBuffer, 16, unusualLength) != DeribitMessageDecoder.TICKER ||
            wsnovaUnusual.ticker().openInterest().isExact())
        {
            throw new IllegalStateException("wsnova did not decode the unusual ticker");
        }
    }

    @Benchmark
    public long wsnovaPooled()
    {
        wsnova.decode(receiveBuffer, 16, length);
        return wsnova.ticker().timestampMs();
    }

    /**
     * The general number path: every price in an unusual form, one read inexact (0 B/op after the first).
     *
     * @return the timestamp, so the work is not eliminated.
     */
    @Benchmark
    public long wsnovaPooledUnusualNumbers()
    {
        wsnovaUnusual.decode(unusualBuffer, 16, unusualLength);
        return wsnovaUnusual.ticker().timestampMs();
    }

    @Benchmark
    public long dslJsonFromString() throws IOException
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final Notification notification = dslJson.deserialize(Notification.class, bytes, bytes.length);
        return notification.params.data.timestamp;
    }

    @Benchmark
    public long jacksonFromString() throws IOException
    {
        return jackson.readValue(text, Notification.class).params.data.timestamp;
    }

    /** The JSON-RPC notification as a plain object, the way peer-client users model it. */
    public static class Notification
    {
        public String jsonrpc;
        public String method;
        public Params params;
    }

    /** Notification params. */
    public static class Params
    {
        public String channel;
        public Ticker data;
    }

    /** Ticker data with doubles, as users of other clients write it. */
    @SuppressWarnings("checkstyle:MemberName") // field names are the venue's JSON names
    public static class Ticker
    {
        public double best_ask_amount;
        public double best_ask_price;
        public double best_bid_amount;
        public double best_bid_price;
        public double current_funding;
        public double estimated_delivery_price;
        public double funding_8h;
        public double index_price;
        public String instrument_name;
        public double interest_value;
        public Double last_price;
        public double mark_price;
        public double max_price;
        public double min_price;
        public double open_interest;
        public double settlement_price;
        public String state;
        public Stats stats;
        public long timestamp;
    }

    /** Ticker stats. */
    @SuppressWarnings("checkstyle:MemberName") // field names are the venue's JSON names
    public static class Stats
    {
        public double high;
        public double low;
        public double price_change;
        public double volume;
        public double volume_usd;
    }
}
