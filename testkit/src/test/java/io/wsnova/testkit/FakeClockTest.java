package io.wsnova.testkit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fake clock's event executors share the timer's queue, and what tasks throw is collected.
 */
class FakeClockTest
{
    @Test
    void eventTasksRunAtNowInOrderWithTimerTasks()
    {
        final FakeClock clock = new FakeClock();
        final ExecutorService events = clock.executor();
        final List<String> ran = new ArrayList<>();
        clock.timer().schedule(() -> ran.add("timer@1ms " + (clock.nanoTime() - FakeClock.START_NS)), 1,
            TimeUnit.MILLISECONDS);
        events.execute(() -> ran.add("event@0 " + (clock.nanoTime() - FakeClock.START_NS)));
        assertThat(ran).isEmpty();
        assertThat(clock.nextDueNs()).isEqualTo(FakeClock.START_NS);

        assertThat(clock.runDue()).isEqualTo(1);
        assertThat(ran).containsExactly("event@0 0");
        assertThat(clock.advanceMillis(1)).isEqualTo(1);
        assertThat(ran).containsExactly("event@0 0", "timer@1ms 1000000");
    }

    @Test
    void collectsFailuresAndShutDownExecutorRefusesWithoutStoppingTheTimer()
    {
        final FakeClock clock = new FakeClock();
        final ExecutorService events = clock.executor();
        events.execute(() ->
        {
            throw new IllegalStateException("boom");
        });
        clock.runDue();
        assertThat(clock.failures()).singleElement().isInstanceOf(IllegalStateException.class);

        events.shutdown();
        assertThat(events.isShutdown()).isTrue();
        assertThatThrownBy(() -> events.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        clock.timer().execute(() -> { });
        assertThat(clock.pendingTasks()).isEqualTo(1);
    }
}
