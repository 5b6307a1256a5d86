package io.wsnova.engine.client;

import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.WebSocket;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's pings of one connection ({@code Connection.ping()}): each future completes with its own pong's
 * round trip (pongs are matched by the transport's ping id), fails with TIMEOUT after the request timeout, and
 * fails with DISCONNECTED at once on a drop. Keepalive pings (id 0) are the watchdog's and complete nothing.
 * Pings come from any thread, pongs from the message thread; futures complete on the event executor.
 */
final class PingTracker
{
    /** Outstanding ping futures by the transport's ping id: a pong completes only its own ping's. */
    private final ConcurrentHashMap<Long, CompletableFuture<Long>> pings = new ConcurrentHashMap<>();
    /** Round trips of pongs that arrived before ping() registered their future; empty between pings. */
    private final ConcurrentHashMap<Long, Long> earlyPongs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Executor events;
    private final long timeoutMs;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param timer     the runtime's timer (timeouts).
     * @param events    the connection's event executor (completions).
     * @param timeoutMs how long a ping waits for its pong.
     */
    PingTracker(final ScheduledExecutorService timer, final Executor events, final long timeoutMs)
    {
        this.timer = timer;
        this.events = events;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Sends a ping on this socket.
     *
     * @param ws the current socket, not null.
     * @return completes with the round trip in nanoseconds.
     */
    CompletableFuture<Long> ping(final WebSocket ws)
    {
        final CompletableFuture<Long> future = new CompletableFuture<>();
        final long pingId = ws.ping();
        if (pingId <= 0)
        {
            future.completeExceptionally(new RequestException(RequestException.Kind.SEND_FAILED, 0, "ping not sent"));
            return future;
        }
        pings.put(pingId, future);
        // The pong may have beaten the put (see onPong): then its round trip waits in earlyPongs.
        final Long earlyRoundTripNs = earlyPongs.remove(pingId);
        if (earlyRoundTripNs != null && pings.remove(pingId, future))
        {
            future.complete(earlyRoundTripNs);
            return future;
        }
        timer.schedule(() ->
        {
            if (pings.remove(pingId, future))
            {
                future.completeExceptionally(new RequestException(RequestException.Kind.TIMEOUT, 0,
                    "no pong within " + timeoutMs + " ms"));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        return future;
    }

    /**
     * A pong arrived (message thread).
     */
    void onPong(final long pingId, final long roundTripNs)
    {
        if (pingId == 0)
        {
            return; // a keepalive ping's pong
        }
        final CompletableFuture<Long> future = pongedPing(pingId, roundTripNs);
        if (future != null)
        {
            events.execute(() -> future.complete(roundTripNs));
        }
    }

    /**
     * The future of the ping a pong answers, or null. ping() sends before it registers its future, so a pong
     * that finds none leaves its round trip for ping() and looks again: each side puts before it checks the
     * other's map, so exactly one of them completes the future and no entry stays behind.
     */
    private CompletableFuture<Long> pongedPing(final long pingId, final long roundTripNs)
    {
        CompletableFuture<Long> future = pings.remove(pingId);
        if (future == null)
        {
            earlyPongs.put(pingId, roundTripNs);
            future = pings.remove(pingId);
            if (future != null)
            {
                earlyPongs.remove(pingId);
            }
        }
        return future;
    }

    /**
     * Fails every outstanding ping (the connection dropped or ended).
     */
    void failAll()
    {
        for (final Long pingId : pings.keySet())
        {
            final CompletableFuture<Long> ping = pings.remove(pingId);
            if (ping != null)
            {
                ping.completeExceptionally(new RequestException(RequestException.Kind.DISCONNECTED, 0,
                    "connection dropped before the pong"));
            }
        }
    }
}
