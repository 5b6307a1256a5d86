package io.wsnova.engine.client;

import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SPIN connection made through {@code Nova} runs its reader on the idle strategy its options name (before
 * {@code readerIdleStrategy} was an option, a {@code Nova} SPIN reader always backed off and parked). Observed on
 * the live reader thread: a busy-spinning reader is never parked and never inside another idle strategy, while a
 * reader on the default backoff strategy parks inside it as soon as the connection is idle.
 */
@Timeout(60)
class SpinReaderIdleStrategyTest
{
    private static final int SAMPLES = 2_000;
    private static final long SAMPLE_GAP_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final List<String> OTHER_IDLE_STRATEGIES = List.of(BackoffIdleStrategy.class.getName(),
        SleepingIdleStrategy.class.getName(), YieldingIdleStrategy.class.getName());

    @Test
    void shouldNeverParkASpinReaderWhoseOptionsNameBusySpin() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final Set<Thread> before = readerThreads();
            try (Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).ioMode(IoMode.SPIN).readerIdleStrategy(IdleStrategySpec.BUSY_SPIN).build()))
            {
                final Thread reader = newReaderThread(before);
                assertThat(Nova.options(connection).get(Option.IO_MODE)).isEqualTo(IoMode.SPIN);
                int parked = 0;
                final Set<String> idleFrames = new HashSet<>();
                for (int i = 0; i < SAMPLES; i++)
                {
                    final Thread.State state = reader.getState();
                    if (state != Thread.State.RUNNABLE)
                    {
                        parked++;
                    }
                    if ((i & 63) == 0)
                    {
                        idleFrames.addAll(otherIdleStrategyFrames(reader.getStackTrace()));
                    }
                    LockSupport.parkNanos(SAMPLE_GAP_NS);
                }
                assertThat(reader.isAlive()).as("the reader ran through the sampling").isTrue();
                assertThat(parked).as("samples of " + SAMPLES + " in which the busy-spin reader was not RUNNABLE")
                    .isZero();
                assertThat(idleFrames).as("frames of another idle strategy on the reader").isEmpty();
            }
        }
    }

    @Test
    void shouldParkASpinReaderOnTheDefaultBackoffStrategyWhenIdle() throws Exception
    {
        // The control: the sampling above can see a parked reader, and the default is still BACKOFF.
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final Set<Thread> before = readerThreads();
            try (Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).ioMode(IoMode.SPIN).build()))
            {
                final Thread reader = newReaderThread(before);
                assertThat(Nova.options(connection).get(Option.IO_MODE)).isEqualTo(IoMode.SPIN);
                final long deadlineNs = System.nanoTime() + WAIT_NS;
                boolean parkedInBackoff = false;
                while (!parkedInBackoff && System.nanoTime() - deadlineNs < 0)
                {
                    final StackTraceElement[] stack = reader.getStackTrace();
                    parkedInBackoff = reader.getState() == Thread.State.TIMED_WAITING &&
                        otherIdleStrategyFrames(stack).contains(BackoffIdleStrategy.class.getName());
                    LockSupport.parkNanos(SAMPLE_GAP_NS);
                }
                assertThat(parkedInBackoff).as("the default SPIN reader parked inside BackoffIdleStrategy").isTrue();
            }
        }
    }

    private static Set<String> otherIdleStrategyFrames(final StackTraceElement[] stack)
    {
        final Set<String> frames = new HashSet<>();
        for (final StackTraceElement frame : stack)
        {
            if (OTHER_IDLE_STRATEGIES.contains(frame.getClassName()))
            {
                frames.add(frame.getClassName());
            }
        }
        return frames;
    }

    private static Set<Thread> readerThreads()
    {
        final Set<Thread> readers = new HashSet<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("wsnova-reader-") && thread.isAlive())
            {
                readers.add(thread);
            }
        }
        return readers;
    }

    private static Thread newReaderThread(final Set<Thread> before)
    {
        final long deadlineNs = System.nanoTime() + WAIT_NS;
        while (System.nanoTime() - deadlineNs < 0)
        {
            final Set<Thread> now = readerThreads();
            now.removeAll(before);
            if (now.size() == 1)
            {
                return now.iterator().next();
            }
            assertThat(now).as("one new SPIN reader thread").hasSizeLessThanOrEqualTo(1);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        throw new AssertionError("no SPIN reader thread (wsnova-reader-*) started within 10 s");
    }
}
