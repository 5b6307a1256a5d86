package io.wsnova.engine.transport;

import io.wsnova.codec.frame.FrameDecoder;
import io.wsnova.codec.frame.FrameHandler;
import io.wsnova.codec.frame.Opcode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

/**
 * The receive cost per message with and without permessage-deflate, as the reader pays it: {@value #MESSAGES}
 * server frames back to back in an off-heap receive buffer go through the {@link FrameDecoder} (UTF-8 validated)
 * and, when compressed, the connection's {@link MessageInflater} (tail appended, inflated into the reusable buffer,
 * UTF-8 validated). The frames were compressed beforehand by a {@link Deflater} as a server would: with context
 * takeover (one stream over the {@value #MESSAGES} distinct messages, which may repeat because the first one
 * references nothing before it) or without (the deflater reset per message). Messages: a ~600 B Deribit ticker
 * notification and a ~100 B Binance-style trade, their numbers varying from message to message.
 * <p>
 * Lives in the engine's transport package (on the benchmark classpath) to reach the package-private inflater.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DeflateReceiveBenchmark
{
    static final int MESSAGES = 64;

    /** The message. */
    @Param({"TICKER_600", "TRADE_100"})
    String message;

    /** PLAIN (no extension), DEFLATE (context takeover), DEFLATE_NO_CONTEXT (server_no_context_takeover). */
    @Param({"PLAIN", "DEFLATE", "DEFLATE_NO_CONTEXT"})
    String compression;

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int length;
    private FrameDecoder decoder;
    private MessageInflater inflater;
    /** Average wire payload per message, for the report. */
    private double wireBytesPerMessage;

    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        final boolean compressed = !"PLAIN".equals(compression);
        final boolean takeover = "DEFLATE".equals(compression);
        final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        long wire = 0;
        for (int i = 0; i < MESSAGES; i++)
        {
            final byte[] payload = ("TICKER_600".equals(message) ? ticker(i) : trade(i))
                .getBytes(StandardCharsets.US_ASCII);
            final byte[] onWire = compressed ? compress(deflater, payload, takeover) : payload;
            wire += onWire.length;
            frames.writeBytes(frame(compressed ? 0xC1 : 0x81, onWire));
        }
        deflater.end();
        wireBytesPerMessage = (double)wire / MESSAGES;
        final byte[] bytes = frames.toByteArray();
        final ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        buffer.wrap(direct);
        length = bytes.length;
        inflater = compressed ? new MessageInflater(1 << 20, !takeover) : null;
        decoder = new FrameDecoder(new Sink(blackhole, inflater, this), 1 << 20, 1 << 20, compressed);
        System.out.printf("%n%s %s: %.1f B on the wire per message%n", message, compression, wireBytesPerMessage);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (inflater != null)
        {
            inflater.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public int receive()
    {
        return decoder.decode(buffer, 0, length);
    }

    boolean isCompressed()
    {
        return decoder.isMessageCompressed();
    }

    static String ticker(final int i)
    {
        final int bid = 36_440 + i % 13;
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
            "\"channel\":\"ticker.BTC-PERPETUAL.100ms\",\"data\":{\"timestamp\":" + (1_623_060_194_301L + i * 100L) +
            ",\"stats\":{\"volume_usd\":" +
            (362_000_000 + i * 1_730) + ",\"volume\":" + (9_950 + i) + ".25,\"price_change\":-1." + (i % 10) +
            "4,\"low\":35400.5,\"high\":36998.0},\"state\":\"open\",\"settlement_price\":36336.45," +
            "\"open_interest\":" + (512_000_000 + i * 90) + ",\"min_price\":35886.5,\"max_price\":37003.5," +
            "\"mark_price\":" + bid + "." + (i % 10) + "1,\"last_price\":" + bid + ".5,\"instrument_name\":" +
            "\"BTC-PERPETUAL\",\"index_price\":" + (bid - 3) + ".72,\"funding_8h\":0.0000" + (12 + i % 7) +
            ",\"current_funding\":0.00000" + (i % 9) + ",\"estimated_delivery_price\":" + (bid - 3) + ".72," +
            "\"best_bid_price\":" + bid + ".0,\"best_bid_amount\":" + (1_000 + i * 37) + ".0,\"best_ask_price\":" +
            bid + ".5,\"best_ask_amount\":" + (2_000 + i * 41) + ".0,\"interest_value\":1.2876" + i + "}}}";
    }

    static String trade(final int i)
    {
        return "{\"e\":\"trade\",\"E\":" + (1_672_515_782_136L + i * 7L) + ",\"s\":\"BTCUSDT\",\"t\":" +
            (3_412_345_678L + i) + ",\"p\":\"" + (42_130 + i % 11) + "." + (i % 100) + "\",\"q\":\"0.0" +
            (100 + i * 3) + "\",\"T\":" + (1_672_515_782_130L + i * 7L) + ",\"m\":" + (i % 3 == 0) + ",\"M\":true}";
    }

    private static byte[] compress(final Deflater deflater, final byte[] payload, final boolean takeover)
    {
        final byte[] out = new byte[payload.length + 64];
        deflater.setInput(payload);
        final int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        if (!takeover)
        {
            deflater.reset();
        }
        return Arrays.copyOf(out, n - 4);
    }

    private static byte[] frame(final int firstByte, final byte[] payload)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        if (payload.length < 126)
        {
            out.write(payload.length);
        }
        else
        {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * What the reader does per message: inflate a compressed one, then hand the message on (here: a blackhole).
     */
    static final class Sink implements FrameHandler
    {
        private final Blackhole blackhole;
        private final MessageInflater inflater;
        private final DeflateReceiveBenchmark state;

        Sink(final Blackhole blackhole, final MessageInflater inflater, final DeflateReceiveBenchmark state)
        {
            this.blackhole = blackhole;
            this.inflater = inflater;
            this.state = state;
        }

        @Override
        public void onMessage(final int opcode, final DirectBuffer buffer, final int offset, final int length)
        {
            if (inflater != null && state.isCompressed())
            {
                final int inflated = inflater.inflate(opcode == Opcode.TEXT, buffer, offset, length);
                if (inflated < 0)
                {
                    throw new IllegalStateException("inflate failed: " + inflater.errorDescription());
                }
                blackhole.consume(inflater.output().getByte(inflated - 1));
                return;
            }
            blackhole.consume(buffer.getByte(offset + length - 1));
        }

        @Override
        public void onPing(final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onPong(final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onClose(final int statusCode, final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }
}
