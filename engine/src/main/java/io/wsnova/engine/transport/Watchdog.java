package io.wsnova.engine.transport;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import org.agrona.concurrent.NanoClock;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The control plane's clock: checks every live connection of one runtime every {@link #TICK_MS} ms for a write
 * blocked past the send timeout, a server silent past the idle timeout, a ping unanswered past the pong timeout, a
 * close handshake past the close timeout, and sends keepalive pings when they are due.
 * <p>
 * One instance per runtime, owned by its {@link Connector}: {@link #start()} runs it on one daemon platform thread
 * ({@code wsnova-watchdog}); {@link #close()} stops that thread. A test drives it without a thread through
 * {@link #tick(long)} with the time of its fake clock. Every time here comes from the runtime's {@link NanoClock}.
 * <p>
 * It never blocks on a connection: failing one closes its socket (which ends a blocked read or write), and
 * keepalive pings are written from a short-lived virtual thread so that a stuck socket cannot stall the watchdog.
 * A tick allocates nothing: connections sit in a copy-on-write array replaced only on register and unregister.
 */
final class Watchdog implements Runnable
{
    private static final WebSocketSession[] EMPTY = new WebSocketSession[0];
    static final long TICK_MS = 10;

    private final NanoClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile WebSocketSession[] sessions = EMPTY;
    private volatile boolean running = true;
    private Thread thread;

    Watchdog(final NanoClock clock)
    {
        this.clock = clock;
    }

    /**
     * Starts the watchdog's thread.
     *
     * @param name the thread's name.
     */
    void start(final String name)
    {
        final Thread thread = new Thread(this, name);
        thread.setDaemon(true);
        this.thread = thread;
        thread.start();
    }

    /**
     * Stops the thread (if started) and waits for it to end. Connections still registered stay registered: their
     * owner fails them first ({@link #failAll}).
     */
    void close()
    {
        running = false;
        final Thread thread = this.thread;
        if (thread != null)
        {
            LockSupport.unpark(thread);
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    void register(final WebSocketSession session)
    {
        lock.lock();
        try
        {
            final WebSocketSession[] current = sessions;
            final WebSocketSession[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = session;
            final long intervalNs = TimeUnit.MILLISECONDS.toNanos(session.options.pingIntervalMs());
            session.keepaliveDueNs = clock.nanoTime() + intervalNs;
            sessions = next;
        }
        finally
        {
            lock.unlock();
        }
    }

    void unregister(final WebSocketSession session)
    {
        lock.lock();
        try
        {
            final WebSocketSession[] current = sessions;
            for (int i = 0; i < current.length; i++)
            {
                if (current[i] == session)
                {
                    final WebSocketSession[] next = new WebSocketSession[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    sessions = next;
                    return;
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    int size()
    {
        return sessions.length;
    }

    /**
     * Fails every registered connection with {@code LOCAL_CLOSE} and close code 1001 (going away): the runtime
     * that owns them is closing. Each reader then ends its connection and unregisters it.
     *
     * @param message the status text.
     * @return the connections failed.
     */
    WebSocketSession[] failAll(final String message)
    {
        final WebSocketSession[] sessions = this.sessions;
        for (final WebSocketSession session : sessions)
        {
            if (session.state() != WebSocket.State.CLOSED)
            {
                session.fail(DisconnectReason.LOCAL_CLOSE, CloseCodes.GOING_AWAY, message, null);
            }
        }
        return sessions;
    }

    @Override
    public void run()
    {
        final long tickNs = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
        while (running)
        {
            LockSupport.parkNanos(tickNs);
            if (running)
            {
                tick(clock.nanoTime());
            }
        }
    }

    /**
     * One round of checks at {@code nowNs} (the watchdog's thread, or a test driving a fake clock).
     *
     * @param nowNs the runtime clock's time.
     */
    void tick(final long nowNs)
    {
        final WebSocketSession[] sessions = this.sessions;
        for (final WebSocketSession session : sessions)
        {
            try
            {
                check(session, nowNs);
            }
            catch (final Throwable ignore)
            {
                // one misbehaving connection must not stop the checks of the others
            }
        }
    }

    private void check(final WebSocketSession session, final long nowNs)
    {
        final WebSocket.State state = session.state();
        if (state == WebSocket.State.CLOSED)
        {
            unregister(session);
            return;
        }

        final WebSocketOptions options = session.options;
        final long writeStartNs = session.writeStartNs();
        if (writeStartNs != 0 && nowNs - writeStartNs > session.sendTimeoutNs)
        {
            session.fail(DisconnectReason.SEND_TIMEOUT, -1,
                "write blocked for more than " + options.sendTimeoutMs() + " ms: the peer stopped reading", null);
            return;
        }

        if (state == WebSocket.State.CLOSING)
        {
            final long closeStartedNs = session.closeStartedNs();
            if (closeStartedNs != 0 && nowNs - closeStartedNs > TimeUnit.MILLISECONDS.toNanos(options.closeTimeoutMs()))
            {
                session.transport().close();
            }
            return;
        }

        final long idleTimeoutMs = options.idleTimeoutMs();
        if (idleTimeoutMs > 0 && nowNs - session.lastReadNs() > TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs))
        {
            session.fail(DisconnectReason.IDLE_TIMEOUT, -1, "nothing received for " + idleTimeoutMs + " ms", null);
            return;
        }

        final long pingIntervalMs = options.pingIntervalMs();
        if (pingIntervalMs > 0)
        {
            final long pingSentNs = session.pingSentNs();
            if (pingSentNs != 0 && nowNs - pingSentNs > TimeUnit.MILLISECONDS.toNanos(options.pongTimeoutMs()))
            {
                session.fail(DisconnectReason.PONG_TIMEOUT, -1,
                    "no pong within " + options.pongTimeoutMs() + " ms", null);
                return;
            }
            if (pingSentNs == 0 && nowNs - session.keepaliveDueNs >= 0 && !session.keepalivePingInFlight)
            {
                session.keepaliveDueNs = nowNs + TimeUnit.MILLISECONDS.toNanos(pingIntervalMs);
                session.keepalivePingInFlight = true;
                Thread.startVirtualThread(session.keepalivePing);
            }
        }
    }
}
