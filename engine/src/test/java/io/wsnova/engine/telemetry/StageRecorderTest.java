package io.wsnova.engine.telemetry;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.Allocation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class StageRecorderTest
{
    private final AtomicCounter clamped = new AtomicCounter(new UnsafeBuffer(ByteBuffer.allocateDirect(128)), 0);

    @Test
    void shouldRecordEachStageAndTheTotalAsTheirSumWhenAMessageIsSampled()
    {
        final StageRecorder recorder = new StageRecorder(1, clamped);

        assertThat(recorder.sample()).isTrue();
        recorder.onDecoded(400);
        recorder.record(100, 150, 400, 1_000);
        final Histogram[] interval = recorder.swap();

        assertThat(only(interval[Stage.FRAME.ordinal()])).isEqualTo(50);
        assertThat(only(interval[Stage.DECODE.ordinal()])).isEqualTo(250);
        assertThat(only(interval[Stage.HANDLE.ordinal()])).isEqualTo(600);
        assertThat(only(interval[Stage.TOTAL.ordinal()])).isEqualTo(900);
        assertThat(interval[Stage.VENUE.ordinal()].getTotalCount()).isZero();
        assertThat(clamped.get()).isZero();
    }

    @ParameterizedTest(name = "one in {0}")
    @ValueSource(ints = {1, 2, 3, 16, 1000})
    void shouldTimeOneMessageInTheSampleInterval(final int sampleInterval)
    {
        final StageRecorder recorder = new StageRecorder(sampleInterval, clamped);
        int sampled = 0;
        for (int i = 0; i < 3000; i++)
        {
            if (recorder.sample())
            {
                sampled++;
            }
        }
        assertThat(sampled).as("the first message, then one in every interval")
            .isEqualTo((3000 + sampleInterval - 1) / sampleInterval);
    }

    @Test
    void shouldClampAndCountValuesOutsideTheRange()
    {
        final StageRecorder recorder = new StageRecorder(1, clamped);

        recorder.sample();
        // read after frame (clock went backwards: negative), handler 61 s (over the range)
        recorder.record(200, 100, 100, 61_000_000_100L);
        final Histogram[] interval = recorder.swap();

        assertThat(only(interval[Stage.FRAME.ordinal()])).isZero();
        assertThat(interval[Stage.HANDLE.ordinal()].getMaxValue())
            .isEqualTo(interval[Stage.HANDLE.ordinal()].highestEquivalentValue(StageRecorder.HIGHEST_TRACKABLE_NS));
        assertThat(clamped.get()).as("FRAME negative, HANDLE and TOTAL over 60 s").isEqualTo(3);
    }

    @Test
    void shouldRecordTheVenueLatencyOfASampledMessageOnTheWallClock()
    {
        final StageRecorder recorder = new StageRecorder(1, clamped);
        final long decodedNs = System.nanoTime();
        final long nowMs = WallClock.system().epochNs(decodedNs) / 1_000_000L;

        recorder.sample();
        recorder.onDecoded(decodedNs);
        recorder.recordVenueTimestampMs(nowMs - 20);
        recorder.record(decodedNs - 3, decodedNs - 2, decodedNs, decodedNs + 1);
        recorder.sample();
        recorder.onDecoded(decodedNs);
        recorder.recordVenueTimestampUs(nowMs * 1000 - 5_000);
        recorder.record(decodedNs - 3, decodedNs - 2, decodedNs, decodedNs + 1);
        final Histogram venue = recorder.swap()[Stage.VENUE.ordinal()];

        assertThat(venue.getTotalCount()).isEqualTo(2);
        assertThat(venue.getMinValue()).isBetween(4_990_000L, 6_010_000L);
        assertThat(venue.getMaxValue()).isBetween(20_000_000L, 21_100_000L);
    }

    @Test
    void shouldIgnoreAVenueTimestampOfAMessageThatIsNotSampled()
    {
        final StageRecorder recorder = new StageRecorder(2, clamped);
        assertThat(recorder.sample()).isTrue();
        recorder.record(1, 2, 3, 4);
        recorder.swap();

        assertThat(recorder.sample()).isFalse();
        recorder.recordVenueTimestampMs(System.currentTimeMillis());
        assertThat(recorder.sample()).isTrue();
        recorder.record(1, 2, 3, 4);

        assertThat(recorder.swap()[Stage.VENUE.ordinal()].getTotalCount()).isZero();
    }

    @Test
    void shouldStartEachIntervalEmptyAndKeepTheReturnedOneUntilTheNextSwap()
    {
        final StageRecorder recorder = new StageRecorder(1, clamped);
        recorder.sample();
        recorder.record(0, 10, 20, 30);
        final Histogram[] first = recorder.swap();
        recorder.sample();
        recorder.record(0, 10, 20, 30);
        recorder.sample();
        recorder.record(0, 10, 20, 30);

        assertThat(first[Stage.TOTAL.ordinal()].getTotalCount()).isEqualTo(1);
        assertThat(recorder.swap()[Stage.TOTAL.ordinal()].getTotalCount()).isEqualTo(2);
        assertThat(recorder.swap()[Stage.TOTAL.ordinal()].getTotalCount()).isZero();
    }

    @Test
    void shouldLoseNoValueWhenSwappedWhileAnotherThreadRecords() throws Exception
    {
        final StageRecorder recorder = new StageRecorder(1, clamped);
        final long messages = 2_000_000;
        final AtomicBoolean done = new AtomicBoolean();
        final Thread writer = new Thread(() ->
        {
            for (long i = 0; i < messages; i++)
            {
                recorder.sample();
                recorder.record(0, 1 + (i & 7), 20, 100 + (i & 1023));
            }
            done.set(true);
        });
        writer.start();
        long frames = 0;
        long totals = 0;
        int swaps = 0;
        while (!done.get())
        {
            final Histogram[] interval = recorder.swap();
            frames += interval[Stage.FRAME.ordinal()].getTotalCount();
            totals += interval[Stage.TOTAL.ordinal()].getTotalCount();
            swaps++;
        }
        writer.join(TimeUnit.SECONDS.toMillis(30));
        final Histogram[] last = recorder.swap();
        frames += last[Stage.FRAME.ordinal()].getTotalCount();
        totals += last[Stage.TOTAL.ordinal()].getTotalCount();

        System.out.printf("%d messages over %d swaps%n", messages, swaps);
        assertThat(swaps).isGreaterThan(1);
        assertThat(frames).isEqualTo(messages);
        assertThat(totals).isEqualTo(messages);
    }

    @Test
    void shouldAllocateNothingToRecord()
    {
        final StageRecorder recorder = new StageRecorder(1, clamped);
        final long nowMs = System.currentTimeMillis();
        for (int i = 0; i < 200_000; i++)
        {
            recordOne(recorder, i, nowMs);
        }
        recorder.swap();

        // A sporadic JVM event (a deoptimisation re-materialising an object) can land in any window; a
        // per-record allocation would show in every one. Up to three windows, every one printed.
        final List<Long> windows = new ArrayList<>();
        for (int window = 0; window < 3 && (windows.isEmpty() || windows.get(windows.size() - 1) != 0); window++)
        {
            final long before = Allocation.currentThreadBytes();
            for (int i = 0; i < 1_000_000; i++)
            {
                recordOne(recorder, i, nowMs);
            }
            windows.add(Allocation.currentThreadBytes() - before);
        }
        System.out.println("bytes per million records: " + windows);

        assertThat(windows).as("a million records with 0 B").contains(0L);
        assertThat(recorder.swap()[Stage.TOTAL.ordinal()].getTotalCount()).isEqualTo(1_000_000L * windows.size());
    }

    private static void recordOne(final StageRecorder recorder, final int i, final long nowMs)
    {
        if (recorder.sample())
        {
            final long readNs = 1_000_000L + i;
            recorder.onDecoded(readNs + 500);
            recorder.recordVenueTimestampMs(nowMs);
            // every 1000th value is out of range: clamping allocates nothing either
            recorder.record(readNs, readNs + 100, readNs + 500, i % 1000 == 0 ? readNs - 1 : readNs + 900 + i);
        }
    }

    private static long only(final Histogram histogram)
    {
        assertThat(histogram.getTotalCount()).isEqualTo(1);
        return histogram.getMaxValue();
    }
}
