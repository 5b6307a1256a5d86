package io.wsnova.engine.telemetry;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Records the {@link Stage} latencies of one connection's messages into fixed-range HdrHistograms: one set the
 * message thread writes, one set the reporter reads, swapped every interval. Engine-internal: the message path
 * calls it.
 * <p>
 * Writer: the message thread only (the reader, or the handler thread of a queued pipeline; one after the other
 * across reconnects, never two at once). Per sampled message it takes three clock reads (the message path) and
 * enters one {@link WriterReaderPhaser} critical section (two atomic increments) around up to five
 * {@link Histogram#recordValue} calls; nothing is allocated, because every value is clamped into the
 * histograms' range (1 ns to 60 s, 3 significant digits) and a clamped value is counted
 * ({@link Counter#LATENCY_CLAMPED}). Unsampled messages cost one decrement and a branch.
 * <p>
 * Reader: the reporter thread, through {@link #swap()}, which flips the sets under the phaser: HdrHistogram's
 * {@code Recorder} protocol with one critical section per message for all stages instead of one per value.
 */
public final class StageRecorder
{
    /** Highest value the histograms hold: 60 s. */
    public static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;
    /** Precision of the histograms. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private static final int FRAME = Stage.FRAME.ordinal();
    private static final int DECODE = Stage.DECODE.ordinal();
    private static final int HANDLE = Stage.HANDLE.ordinal();
    private static final int TOTAL = Stage.TOTAL.ordinal();
    private static final int VENUE = Stage.VENUE.ordinal();
    private static final long NO_VALUE = Long.MIN_VALUE;

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final int sampleInterval;
    private final AtomicCounter clamped;
    private volatile Histogram[] active = newHistograms();
    /** Read by the reporter between swaps; reset and made active at the next swap. */
    private Histogram[] inactive = newHistograms();

    private final WallClock wallClock;
    private int countdown = 1;
    private long decodedNs;
    private long venueLatencyNs = NO_VALUE;

    /**
     * Creates a recorder. Engine-internal.
     *
     * @param sampleInterval time one message in this many (1 = every message).
     * @param clamped        counts values outside the range.
     */
    public StageRecorder(final int sampleInterval, final AtomicCounter clamped)
    {
        this(sampleInterval, clamped, WallClock.system());
    }

    /**
     * Creates a recorder whose venue latencies use the given wall clock (its runtime's).
     *
     * @param sampleInterval time one message in this many (1 = every message).
     * @param clamped        counts values outside the range.
     * @param wallClock      converts monotonic times to wall-clock times.
     */
    StageRecorder(final int sampleInterval, final AtomicCounter clamped, final WallClock wallClock)
    {
        this.wallClock = wallClock;
        if (sampleInterval < 1)
        {
            throw new IllegalArgumentException("sampleInterval: must be >= 1, was " + sampleInterval);
        }
        this.sampleInterval = sampleInterval;
        this.clamped = clamped;
    }

    /**
     * A histogram of the range and precision every stage uses.
     *
     * @return a new, empty histogram.
     */
    static Histogram newHistogram()
    {
        return new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    private static Histogram[] newHistograms()
    {
        final Histogram[] histograms = new Histogram[Stage.values().length];
        for (int i = 0; i < histograms.length; i++)
        {
            histograms[i] = newHistogram();
        }
        return histograms;
    }

    /**
     * Whether to time the message that is starting. Message thread, once per message.
     *
     * @return true for one message in {@code sampleInterval}.
     */
    public boolean sample()
    {
        if (--countdown > 0)
        {
            return false;
        }
        countdown = sampleInterval;
        decodedNs = 0;
        venueLatencyNs = NO_VALUE;
        return true;
    }

    /**
     * The sampled message is decoded. Message thread.
     *
     * @param decodedNs the runtime clock's time after decode, validate and classify.
     */
    public void onDecoded(final long decodedNs)
    {
        this.decodedNs = decodedNs;
    }

    /**
     * The venue's timestamp of the message being handled, in milliseconds since the epoch. Ignored unless the
     * message is sampled. Message thread, from inside the handler.
     *
     * @param epochMs the venue's timestamp.
     */
    public void recordVenueTimestampMs(final long epochMs)
    {
        recordVenueTimestampNs(epochMs * 1_000_000L);
    }

    /**
     * The venue's timestamp of the message being handled, in microseconds since the epoch. Ignored unless the
     * message is sampled. Message thread, from inside the handler.
     *
     * @param epochUs the venue's timestamp.
     */
    public void recordVenueTimestampUs(final long epochUs)
    {
        recordVenueTimestampNs(epochUs * 1_000L);
    }

    private void recordVenueTimestampNs(final long epochNs)
    {
        final long decodedNs = this.decodedNs;
        if (decodedNs != 0)
        {
            venueLatencyNs = wallClock.epochNs(decodedNs) - epochNs;
        }
    }

    /**
     * Records the stages of the sampled message. Message thread.
     *
     * @param readNs    end of the socket read that brought it.
     * @param frameNs   when the message path took it.
     * @param decodedNs after decode, validate and classify.
     * @param doneNs    after the handler.
     */
    public void record(final long readNs, final long frameNs, final long decodedNs, final long doneNs)
    {
        final long venueLatencyNs = this.venueLatencyNs;
        this.venueLatencyNs = NO_VALUE;
        this.decodedNs = 0;
        final long criticalValue = phaser.writerCriticalSectionEnter();
        try
        {
            final Histogram[] histograms = active;
            recordClamped(histograms[FRAME], frameNs - readNs);
            recordClamped(histograms[DECODE], decodedNs - frameNs);
            recordClamped(histograms[HANDLE], doneNs - decodedNs);
            recordClamped(histograms[TOTAL], doneNs - readNs);
            if (venueLatencyNs != NO_VALUE)
            {
                recordClamped(histograms[VENUE], venueLatencyNs);
            }
        }
        finally
        {
            phaser.writerCriticalSectionExit(criticalValue);
        }
    }

    private void recordClamped(final Histogram histogram, final long valueNs)
    {
        long value = valueNs;
        if (value < 0)
        {
            value = 0;
            clamped.incrementRelease();
        }
        else if (value > HIGHEST_TRACKABLE_NS)
        {
            value = HIGHEST_TRACKABLE_NS;
            clamped.incrementRelease();
        }
        histogram.recordValue(value);
    }

    /**
     * Swaps the sets: the returned histograms hold what was recorded since the previous swap and stay unchanged
     * until the next one. Reporter thread only (callers serialise swaps).
     *
     * @return the histograms by {@link Stage#ordinal()}.
     */
    Histogram[] swap()
    {
        phaser.readerLock();
        try
        {
            final Histogram[] next = inactive;
            for (final Histogram histogram : next)
            {
                histogram.reset();
            }
            inactive = active;
            active = next;
            phaser.flipPhase();
            return inactive;
        }
        finally
        {
            phaser.readerUnlock();
        }
    }
}
