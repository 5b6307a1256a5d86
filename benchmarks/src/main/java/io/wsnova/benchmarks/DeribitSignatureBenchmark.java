package io.wsnova.benchmarks;

import io.wsnova.adapters.deribit.DeribitSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Cost of one Deribit {@code client_signature}: a control-plane operation, measured so that re-authentication
 * after a reconnect has a known price.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DeribitSignatureBenchmark
{
    private final DeribitSignature signature = new DeribitSignature("AMANDASECRECT");
    private long timestampMs = 1576074319000L;

    @Benchmark
    public String sign()
    {
        return signature.sign(timestampMs++, "1iqt2wls", "");
    }
}
