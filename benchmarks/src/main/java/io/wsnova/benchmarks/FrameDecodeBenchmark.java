package io.wsnova.benchmarks;

import io.wsnova.codec.frame.FrameDecoder;
import io.wsnova.codec.frame.FrameHandler;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Frame decode from an off-heap receive buffer, as the reader does it: {@value #FRAMES} server frames back to
 * back per invocation, results per frame. Text frames include the UTF-8 validation a client must do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FrameDecodeBenchmark
{
    static final int FRAMES = 64;

    @Param({"64", "512", "4096"})
    int payloadLength;

    @Param({"TEXT", "BINARY"})
    String type;

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int length;
    private FrameDecoder decoder;
    private Sink sink;

    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole)
    {
        final int opcode = "TEXT".equals(type) ? 0x81 : 0x82;
        final int header = payloadLength < 126 ? 2 : 4;
        final ByteBuffer direct = ByteBuffer.allocateDirect(FRAMES * (header + payloadLength));
        buffer.wrap(direct);
        int offset = 0;
        for (int f = 0; f < FRAMES; f++)
        {
            buffer.putByte(offset++, (byte)opcode);
            if (payloadLength < 126)
            {
                buffer.putByte(offset++, (byte)payloadLength);
            }
            else
            {
                buffer.putByte(offset++, (byte)126);
                buffer.putByte(offset++, (byte)(payloadLength >>> 8));
                buffer.putByte(offset++, (byte)payloadLength);
            }
            for (int i = 0; i < payloadLength; i++)
            {
                buffer.putByte(offset++, (byte)('a' + (i % 26)));
            }
        }
        length = offset;
        sink = new Sink(blackhole);
        decoder = new FrameDecoder(sink, 1 << 20, 1 << 20);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int decode()
    {
        return decoder.decode(buffer, 0, length);
    }

    static final class Sink implements FrameHandler
    {
        private final Blackhole blackhole;

        Sink(final Blackhole blackhole)
        {
            this.blackhole = blackhole;
        }

        @Override
        public void onMessage(final int opcode, final DirectBuffer buffer, final int offset, final int length)
        {
            blackhole.consume(length);
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
