package io.wsnova.engine.client;

import io.wsnova.engine.api.RequestException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The bounded wait of sends and requests made while a connection reconnects ({@code reconnectSendWaitMs}).
 * <p>
 * The gate closes when a reconnect series starts and opens when the connection is back with its auth and
 * subscriptions restored, or when it ends for good. A wait of 0 never blocks. The connection's event thread never
 * waits (it is the thread that reopens the gate): it fails fast instead.
 * <p>
 * {@link #close()} and {@link #open()} are called by the event thread only; the waits may come from any thread.
 */
final class ReconnectGate
{
    private final long waitMs;
    private final ScheduledExecutorService timer;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    private volatile Thread eventThread;

    /**
     * Creates the gate.
     *
     * @param waitMs how long a send or request made while reconnecting waits, 0 for not at all.
     * @param timer  the runtime's timer (the bound of a request's wait).
     */
    ReconnectGate(final long waitMs, final ScheduledExecutorService timer)
    {
        this.waitMs = waitMs;
        this.timer = timer;
    }

    /**
     * Wraps the event executor's thread factory so the gate knows which thread must not wait.
     *
     * @param factory the factory of the event thread.
     * @return a factory recording the thread it makes.
     */
    ThreadFactory recording(final ThreadFactory factory)
    {
        return runnable ->
        {
            final Thread thread = factory.newThread(runnable);
            eventThread = thread;
            return thread;
        };
    }

    /**
     * A reconnect series started: later waiters wait. Event thread only.
     */
    void close()
    {
        if (gate.isDone())
        {
            gate = new CompletableFuture<>();
        }
    }

    /**
     * Reconnected (or ended for good): wakes every waiter. Event thread only.
     */
    void open()
    {
        gate.complete(null);
    }

    /**
     * Whether a caller on this thread would wait at all.
     *
     * @return true when the gate is closed, the bound is positive and this is not the event thread.
     */
    boolean waits()
    {
        return waitMs > 0 && !gate.isDone() && Thread.currentThread() != eventThread;
    }

    /**
     * Blocks the calling thread until the gate opens or the wait bound passes.
     *
     * @return true if the gate opened in time (the caller should try again), false if it gave up.
     */
    boolean await()
    {
        if (!waits())
        {
            return false;
        }
        try
        {
            gate.get(waitMs, TimeUnit.MILLISECONDS);
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            return false;
        }
    }

    /**
     * Runs {@code retry} once the gate opens, or fails with NOT_CONNECTED when it stays closed past the bound.
     *
     * @param retry    the request to issue again once reconnected.
     * @param describe what to say when the wait runs out.
     * @param <T>      the result type.
     * @return the eventual result.
     */
    <T> CompletableFuture<T> afterOpen(final Supplier<CompletableFuture<T>> retry, final String describe)
    {
        final CompletableFuture<Void> opened = gate.copy();
        final ScheduledFuture<?> bound = timer.schedule(
            () -> opened.completeExceptionally(new TimeoutException()), waitMs, TimeUnit.MILLISECONDS);
        opened.whenComplete((ignore, error) -> bound.cancel(false));
        return opened
            .handle((ignore, error) -> error)
            .thenCompose(error -> error == null ? retry.get() : CompletableFuture.failedFuture(
                new RequestException(RequestException.Kind.NOT_CONNECTED, 0,
                describe + ": still reconnecting after " + waitMs + " ms")));
    }
}
