package io.wsnova.benchmarks;

import io.wsnova.codec.utf8.Utf8Validator;
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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Streaming UTF-8 validation of a 4 KiB text payload: market data is mostly ASCII; the mixed case has 2, 3 and
 * 4-byte sequences throughout.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Utf8ValidationBenchmark
{
    @Param({"ASCII", "MIXED"})
    String content;

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final Utf8Validator validator = new Utf8Validator();
    private int length;

    @Setup(Level.Trial)
    public void setUp()
    {
        final String unit = "ASCII".equals(content) ? "{\"price\":36442.5,\"amount\":10}," : "é€𝄞 price ";
        final byte[] bytes = unit.repeat(4096 / unit.length() + 1).getBytes(StandardCharsets.UTF_8);
        length = 4096;
        while ((bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }
        buffer.wrap(ByteBuffer.allocateDirect(length));
        buffer.putBytes(0, bytes, 0, length);
    }

    @Benchmark
    public int validate()
    {
        validator.reset();
        return validator.validate(buffer, 0, length);
    }
}
