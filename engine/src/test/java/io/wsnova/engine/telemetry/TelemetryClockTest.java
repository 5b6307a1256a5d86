package io.wsnova.engine.telemetry;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Telemetry reads its runtime's clocks, never the system's: wall-clock conversion for venue latencies, the counters
 * file's start time, and the reporter's intervals follow a {@link FakeClock}.
 */
class TelemetryClockTest
{
    private final FakeClock clock = new FakeClock();

    @TempDir
    Path directory;

    @Test
    void shouldConvertMonotonicTimesToTheRuntimesWallClock()
    {
        final WallClock wallClock = new WallClock(clock, clock.epochNanoClock());

        assertThat(wallClock.epochNs(clock.nanoTime()))
            .isEqualTo(TimeUnit.MILLISECONDS.toNanos(FakeClock.START_EPOCH_MS));
        assertThat(wallClock.epochNs(clock.nanoTime() + 1_234))
            .isEqualTo(TimeUnit.MILLISECONDS.toNanos(FakeClock.START_EPOCH_MS) + 1_234);
    }

    @Test
    void shouldRecordTheVenueLatencyAgainstTheRuntimesWallClock()
    {
        final WallClock wallClock = new WallClock(clock, clock.epochNanoClock());
        final StageRecorder recorder = new StageRecorder(1, CounterStore.detached(), wallClock);
        clock.advanceMillis(5);
        final long decodedNs = clock.nanoTime();

        recorder.sample();
        recorder.onDecoded(decodedNs);
        recorder.recordVenueTimestampMs(clock.time() - 20);
        recorder.record(decodedNs - 3, decodedNs - 2, decodedNs, decodedNs + 1);

        assertThat(recorder.swap()[Stage.VENUE.ordinal()].getMaxValue())
            .as("exactly 20 ms on the fake wall clock (to the histogram's precision)")
            .isBetween(19_990_000L, 20_010_000L);
    }

    @Test
    void shouldStampTheCountersFileWithTheRuntimesWallClock() throws Exception
    {
        final CountersFile file = CountersFile.create(directory, 16, clock);
        try (CountersFileReader reader = CountersFileReader.open(file.file()))
        {
            assertThat(reader.startTimeMs()).isEqualTo(FakeClock.START_EPOCH_MS);
        }
        finally
        {
            file.close();
        }
    }

    @Test
    void shouldStartItsReporterWithTheFirstConnectionAndStopItWhenClosed()
    {
        final Telemetry telemetry = Telemetry.forRuntime(clock, clock, clock.epochNanoClock(), "wsnova-telemetry-test");
        final ConnectionTelemetry connection = telemetry.register(42, null,
            NovaOptions.builder().url("ws://127.0.0.1:1/").build());
        connection.counters()[Counter.MESSAGES_RECEIVED.ordinal()].setRelease(3);
        assertThat(reporterAlive()).isTrue();

        telemetry.close();
        telemetry.close();

        assertThat(reporterAlive()).isFalse();
        assertThat(telemetry.totalCounter(Counter.MESSAGES_RECEIVED)).as("a last refresh at close").isEqualTo(3);
        assertThatThrownBy(() -> Telemetry.global().close()).isInstanceOf(IllegalStateException.class);
    }

    private static boolean reporterAlive()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.isAlive() && "wsnova-telemetry-test".equals(t.getName()));
    }
}
