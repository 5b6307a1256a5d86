package io.wsnova.benchmarks;

import io.wsnova.codec.frame.FrameEncoder;
import io.wsnova.codec.frame.Opcode;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Client frame encode: copy the payload into the send buffer and mask it with a fresh key, as every send does;
 * and the text path that UTF-8-encodes a {@link CharSequence} straight into the send buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MaskEncodeBenchmark
{
    @Param({"64", "512", "4096"})
    int payloadLength;

    private final FrameEncoder encoder = new FrameEncoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer out = new UnsafeBuffer(0, 0);
    private final StringBuilder text = new StringBuilder();

    @Setup(Level.Trial)
    public void setUp()
    {
        payload.wrap(ByteBuffer.allocateDirect(payloadLength));
        for (int i = 0; i < payloadLength; i++)
        {
            payload.putByte(i, (byte)('a' + (i % 26)));
            text.append((char)('a' + (i % 26)));
        }
        out.wrap(ByteBuffer.allocateDirect(FrameEncoder.maxEncodedLength(payloadLength * 3)));
    }

    @Benchmark
    public int maskAndEncodeBinary()
    {
        return encoder.encode(out, 0, Opcode.BINARY, true, payload, 0, payloadLength);
    }

    @Benchmark
    public int encodeText()
    {
        return encoder.encodeText(out, 0, text);
    }
}
