package io.wsnova.benchmarks;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * The {@code QUEUED} pipeline's hand-off, as the engine's {@code QueuedSink} does it: the reader takes a pooled event
 * from a free queue, copies the message out of its (off-heap) receive buffer into the event's heap buffer and
 * publishes it on a JCTools {@link SpscArrayQueue}; the handler thread polls it, reads it and returns the event
 * through the free queue. A producer and a consumer thread run as one JMH group.
 * <p>
 * A poll that finds nothing (pool empty for the producer, queue empty for the consumer) returns at once and is
 * counted: the {@code published} and {@code consumed} counters are the completed hand-offs per microsecond, the
 * primary score also counts the empty polls. Read with {@code -prof gc}: every path must allocate 0 B/op.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpscHandoffBenchmark
{
    private static final int TEXT = 1;

    @Param({"64", "600"})
    int payloadLength;

    @Param({"4096"})
    int capacity;

    private SpscArrayQueue<Event> workQueue;
    private SpscArrayQueue<Event> freeQueue;
    private UnsafeBuffer receiveBuffer;

    /** A pooled event, as the engine's: type, length and a heap buffer that grows only for a larger message. */
    static final class Event
    {
        int type;
        int length;
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    }

    /** Completed and empty polls of the producer thread. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class PublishCounters
    {
        public long published;
        public long poolEmpty;
    }

    /** Completed and empty polls of the consumer thread. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ConsumeCounters
    {
        public long consumed;
        public long queueEmpty;
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        workQueue = new SpscArrayQueue<>(capacity);
        freeQueue = new SpscArrayQueue<>(capacity);
        for (int i = 0; i < capacity; i++)
        {
            freeQueue.offer(new Event());
        }
        receiveBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(payloadLength + 64));
        for (int i = 0; i < payloadLength; i++)
        {
            receiveBuffer.putByte(16 + i, (byte)('a' + i % 26));
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void publish(final PublishCounters counters)
    {
        final Event event = freeQueue.relaxedPoll();
        if (event == null)
        {
            counters.poolEmpty++;
            return;
        }
        event.type = TEXT;
        event.length = payloadLength;
        event.buffer.putBytes(0, receiveBuffer, 16, payloadLength);
        workQueue.offer(event);
        counters.published++;
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public int consume(final ConsumeCounters counters)
    {
        final Event event = workQueue.relaxedPoll();
        if (event == null)
        {
            counters.queueEmpty++;
            return 0;
        }
        final int last = event.buffer.getByte(event.length - 1) + event.type;
        freeQueue.offer(event);
        counters.consumed++;
        return last;
    }
}
