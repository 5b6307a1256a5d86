package io.wsnova.benchmarks.e2e;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The throughput sender of {@code --max}: every frame (unmasked, as a server sends) is encoded once into one large
 * direct buffer, and the schedule is paced by batches: batch {@code k} of {@code b} messages is due at
 * {@code startNs + k * b * 1e9 / rate} and leaves in one {@code write()}. The batch size follows the rate
 * ({@code b = ceil(rate * BATCH_INTERVAL_NS / 1e9)}, at least 1), so a syscall carries about 50 µs of the schedule
 * at any rate. A late sender catches up with several due batches per write (up to the buffer's capacity), each
 * still stamped with its own intended time, so lateness shows in the receivers' latencies.
 * <p>
 * Times are per batch, not per message: every message of a batch carries the batch's intended time (its first
 * message's slot) and the time just before the write that carried it. For throughput this is what matters (the
 * latency mode keeps {@link TickerServer}'s per-message schedule); per message, the sender only copies three
 * pre-rendered digit strings into the frame, so one CPU offers several million small messages a second.
 * <p>
 * Single-threaded; allocates only when constructed.
 */
final class BatchSender
{
    /** The schedule time one batch covers. */
    static final long BATCH_INTERVAL_NS = 50_000;
    /** Batches the buffer holds: the most a catch-up write carries. */
    static final int CATCH_UP_BATCHES = 16;
    private static final int MIN_CAPACITY_FRAMES = 64;
    private static final int MAX_BUFFER_BYTES = 8 * 1024 * 1024;
    private static final long START_DELAY_NS = 100_000_000L;

    private final TickerMessage message;
    private final long rate;
    private final int batch;
    private final int capacity;
    private final int frameLength;
    private final int payloadOffset;
    private final ByteBuffer out;
    private final UnsafeBuffer view;
    private final byte[] intendedDigits = new byte[TickerMessage.NS_LENGTH];
    private final byte[] sentDigits = new byte[TickerMessage.NS_LENGTH];
    private final byte[] timestampDigits = new byte[TickerMessage.TIMESTAMP_LENGTH];

    /**
     * A sender for one schedule.
     *
     * @param message the message every frame carries.
     * @param rate    messages per second.
     */
    BatchSender(final TickerMessage message, final long rate)
    {
        this.message = message;
        this.rate = rate;
        final byte[] frame = TickerServer.frame(message.payload());
        this.frameLength = frame.length;
        this.payloadOffset = frame.length - message.length();
        this.batch = batchSize(rate, MAX_BUFFER_BYTES / CATCH_UP_BATCHES / frameLength);
        this.capacity = Math.max(MIN_CAPACITY_FRAMES, batch * CATCH_UP_BATCHES);
        this.out = ByteBuffer.allocateDirect(capacity * frameLength);
        this.view = new UnsafeBuffer(out);
        for (int i = 0; i < capacity; i++)
        {
            out.put(i * frameLength, frame);
        }
    }

    /**
     * Messages per batch for a rate: the schedule's {@link #BATCH_INTERVAL_NS}, rounded up, at least 1 and at most
     * {@code maxBatch}.
     *
     * @param rate     messages per second.
     * @param maxBatch the largest batch.
     * @return the batch size.
     */
    static int batchSize(final long rate, final int maxBatch)
    {
        final long size = (rate * BATCH_INTERVAL_NS + 999_999_999L) / 1_000_000_000L;
        return (int)Math.max(1, Math.min(Math.max(1, maxBatch), size));
    }

    int batch()
    {
        return batch;
    }

    int capacity()
    {
        return capacity;
    }

    /**
     * Sends {@code total} messages on the schedule, blocking in {@code write()} when the channel pushes back.
     *
     * @param channel a blocking channel.
     * @param total   messages to send.
     * @param outcome receives the counts, the lag and the send duration (updated as it goes).
     * @throws IOException when a write fails.
     */
    void send(final WritableByteChannel channel, final long total, final TickerServer.Outcome outcome)
        throws IOException
    {
        final ByteBuffer out = this.out;
        final UnsafeBuffer view = this.view;
        final TickerMessage message = this.message;
        final int frameLength = this.frameLength;
        final int intendedAt = payloadOffset + message.intendedOffset();
        final int sentAt = payloadOffset + message.sentOffset();
        final int timestampAt = payloadOffset + message.timestampOffset();
        final long rate = this.rate;
        final int batch = this.batch;
        final int capacity = this.capacity;
        final long startWaitNs = Machine.threadRunQueueWaitNs();
        final long startNs = System.nanoTime() + START_DELAY_NS;
        long next = 0;
        long maxLagNs = 0;
        long lateWrites = 0;
        long writes = 0;
        while (next < total)
        {
            final long dueNs = startNs + next * 1_000_000_000L / rate;
            long nowNs = System.nanoTime();
            while (nowNs - dueNs < 0)
            {
                Thread.onSpinWait();
                nowNs = System.nanoTime();
            }
            int frames = 0;
            int batches = 0;
            long intendedNs = dueNs;
            do
            {
                final int count = (int)Math.min(Math.min(batch, total - next), capacity - frames);
                message.timeDigits(intendedNs, intendedDigits);
                TickerMessage.timestampDigits(TickerMessage.BASE_TIMESTAMP_MS + (intendedNs - startNs) / 1_000_000L,
                    timestampDigits);
                for (int i = frames, end = frames + count; i < end; i++)
                {
                    final int frameOffset = i * frameLength;
                    view.putBytes(frameOffset + intendedAt, intendedDigits);
                    view.putBytes(frameOffset + timestampAt, timestampDigits);
                }
                frames += count;
                next += count;
                batches++;
                intendedNs = startNs + next * 1_000_000_000L / rate;
            }
            while (frames < capacity && next < total && intendedNs - nowNs <= 0);
            maxLagNs = Math.max(maxLagNs, nowNs - dueNs);
            if (batches > 1)
            {
                lateWrites++;
            }
            message.timeDigits(System.nanoTime(), sentDigits);
            for (int i = 0; i < frames; i++)
            {
                view.putBytes(i * frameLength + sentAt, sentDigits);
            }
            out.limit(frames * frameLength).position(0);
            while (out.hasRemaining())
            {
                channel.write(out);
            }
            out.clear();
            writes++;
            outcome.sentMessages = next;
        }
        outcome.sendNs = System.nanoTime() - startNs;
        final long endWaitNs = Machine.threadRunQueueWaitNs();
        outcome.runQueueWaitNs = startWaitNs < 0 || endWaitNs < 0 ? -1 : endWaitNs - startWaitNs;
        outcome.maxSendLagNs = maxLagNs;
        outcome.lateWrites = lateWrites;
        outcome.writes = writes;
    }
}
