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
 * through the free queue.
 * <ul>
 *     <li>{@code handoff}: a producer and a consumer thread as one JMH group. A poll that finds nothing (pool empty
 *     for the producer, queue empty for the consumer) returns at once and is counted: {@code published} and
 *     {@code consumed} are the completed hand-offs per microsecond. Needs two otherwise idle cores: when the two
 *     threads share a CPU (an oversubscribed machine) each runs alone for a scheduler slice, fills or drains the
 *     queue and then only counts empty polls.</li>
 *     <li>{@code publishThenConsume}: one thread does both halves of one hand-off: the instruction cost of the
 *     pattern (two offers, two polls, one copy) without the cross-core cache traffic, and stable anywhere.</li>
 * </ul>
 * Read with {@code -prof gc}: every path must allocate 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpscHandoffBenchmark
{
    private static final int TEXT = 1;
    private static final int PAYLOAD_OFFSET = 16;

    /** A pooled event, as the engine's: type, length and a heap buffer that grows only for a larger message. */
    static final class Event
    {
        int type;
        int length;
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    }

    /**
     * The work and free queues, the event pool and a direct "receive buffer" holding the payload. The subclasses
     * set the real scope; JMH wants {@code @State} wherever {@code @Param} is declared.
     */
    @State(Scope.Thread)
    public abstract static class Queues
    {
        @Param({"64", "600"})
        int payloadLength;

        @Param({"4096"})
        int capacity;

        SpscArrayQueue<Event> workQueue;
        SpscArrayQueue<Event> freeQueue;
        UnsafeBuffer receiveBuffer;

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
                receiveBuffer.putByte(PAYLOAD_OFFSET + i, (byte)('a' + i % 26));
            }
        }

        boolean publish()
        {
            final Event event = freeQueue.relaxedPoll();
            if (event == null)
            {
                return false;
            }
            event.type = TEXT;
            event.length = payloadLength;
            event.buffer.putBytes(0, receiveBuffer, PAYLOAD_OFFSET, payloadLength);
            workQueue.offer(event);
            return true;
        }

        int consume()
        {
            final Event event = workQueue.relaxedPoll();
            if (event == null)
            {
                return -1;
            }
            final int last = event.buffer.getByte(event.length - 1) + event.type;
            freeQueue.offer(event);
            return last;
        }
    }

    /** Queues shared by the producer and the consumer of one group. */
    @State(Scope.Group)
    public static class SharedQueues extends Queues
    {
    }

    /** Queues of one thread doing both halves. */
    @State(Scope.Thread)
    public static class LocalQueues extends Queues
    {
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

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void publish(final SharedQueues queues, final PublishCounters counters)
    {
        if (queues.publish())
        {
            counters.published++;
        }
        else
        {
            counters.poolEmpty++;
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public int consume(final SharedQueues queues, final ConsumeCounters counters)
    {
        final int value = queues.consume();
        if (value >= 0)
        {
            counters.consumed++;
        }
        else
        {
            counters.queueEmpty++;
        }
        return value;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int publishThenConsume(final LocalQueues queues)
    {
        queues.publish();
        return queues.consume();
    }
}
