package io.wsnova.engine.client;

import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.runtime.EngineTime;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one connection's {@link AppHeartbeat}: sends it every interval on the current WebSocket, recognises and
 * consumes its answers on the message path, and fails the WebSocket with
 * {@link DisconnectReason#HEARTBEAT_TIMEOUT} when an answer is later than the deadline (the reconnect then follows
 * the failure policy, as after a pong timeout).
 * <p>
 * Threads: {@link #start} and {@link #stop} from the connection's lifecycle (connect thread, reader thread); wakes
 * on the runtime's timer, which only decides and hands each send to {@code sender} (a short-lived virtual thread in
 * production: a send may wait for the send lock, a timer task must not); {@link #onInbound} on the message thread.
 * Time comes from {@link EngineTime} only, so the rules run on a fake clock in tests. A heartbeat is decided at most
 * once per interval and a wake of a stopped (or restarted) heartbeat does nothing.
 */
final class AppHeartbeatRunner
{
    private final AppHeartbeat spec;
    private final EngineTime time;
    private final Executor sender;
    private final RateLimitHandler rateLimiter;
    private final LoggingHandler logging;
    private final MetricsCollector metrics;
    private final long connectionId;
    private final long intervalNs;
    private final long deadlineNs;
    private final AppHeartbeat.AnswerMatcher matcher;
    private final int answerMaxLength;
    private final boolean consumes;
    private final WebSocket.PayloadWriter payload;
    private final Runnable sendTask = this::send;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong unsolicitedAnswers = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();

    /** The next wake, cancelled by stop so that the timer's queue keeps no stopped runner (and what it holds). */
    private volatile ScheduledFuture<?> pendingWake;
    /** The socket the heartbeat runs on, null when stopped. */
    private volatile WebSocket webSocket;
    /** Whether an answer is awaited (written by the timer when it sends, by the message thread when answered). */
    private volatile boolean awaiting;
    /** When the awaited answer's clock started: the send, or (nothing to send) the last answer or the connect. */
    private volatile long awaitingSinceNs;
    /** Round trip of the last answered heartbeat, ns. */
    private volatile long lastRoundTripNs;
    /** When the next heartbeat is due (timer thread only, set by start before the first wake). */
    private long nextSendNs;

    AppHeartbeatRunner(
        final AppHeartbeat spec,
        final EngineTime time,
        final Executor sender,
        final RateLimitHandler rateLimiter,
        final LoggingHandler logging,
        final MetricsCollector metrics,
        final long connectionId)
    {
        this.spec = spec;
        this.time = time;
        this.sender = sender;
        this.rateLimiter = rateLimiter;
        this.logging = logging;
        this.metrics = metrics;
        this.connectionId = connectionId;
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(spec.intervalMs());
        this.deadlineNs = TimeUnit.MILLISECONDS.toNanos(spec.deadlineMs());
        this.matcher = spec.answer();
        this.answerMaxLength = spec.answerMaxLength();
        this.consumes = !spec.deliverAnswers();
        this.payload = spec.payload();
    }

    /**
     * The runner for a connection, or null when its connection handler declares no heartbeat.
     *
     * @param spec the adapter's spec, or null.
     */
    static AppHeartbeatRunner of(
        final AppHeartbeat spec,
        final EngineTime time,
        final RateLimitHandler rateLimiter,
        final LoggingHandler logging,
        final MetricsCollector metrics,
        final long connectionId)
    {
        if (spec == null)
        {
            return null;
        }
        final Thread.Builder.OfVirtual threads = Thread.ofVirtual().name("wsnova-heartbeat-" + connectionId);
        return new AppHeartbeatRunner(spec, time, task -> threads.start(task), rateLimiter, logging, metrics,
            connectionId);
    }

    /**
     * Starts the heartbeat on a newly opened socket (every connect and reconnect): the first send is due one
     * interval from now, and the answer deadline of a send-nothing heartbeat counts from now.
     */
    void start(final WebSocket ws)
    {
        final long nowNs = time.nanoTime();
        final long startedGeneration = generation.incrementAndGet();
        awaiting = intervalNs == 0;
        awaitingSinceNs = nowNs;
        nextSendNs = nowNs + intervalNs;
        webSocket = ws;
        schedule(startedGeneration, intervalNs == 0 ? deadlineNs : intervalNs);
    }

    /**
     * Stops the heartbeat if it runs on {@code ws} (the socket dropped); a later start begins afresh.
     */
    void stop(final WebSocket ws)
    {
        if (webSocket == ws && ws != null)
        {
            webSocket = null;
            awaiting = false;
            generation.incrementAndGet();
            final ScheduledFuture<?> wake = pendingWake;
            if (wake != null)
            {
                wake.cancel(false);
            }
        }
    }

    private void schedule(final long scheduledGeneration, final long delayNs)
    {
        pendingWake = time.timer().schedule(() -> wake(scheduledGeneration), Math.max(0L, delayNs),
            TimeUnit.NANOSECONDS);
    }

    /**
     * A timer wake: declares the socket dead when the awaited answer is late, sends when a heartbeat is due, and
     * schedules the next wake at the earlier of the next send and the current deadline.
     */
    void wake(final long wakeGeneration)
    {
        final WebSocket ws = webSocket;
        if (wakeGeneration != generation.get() || ws == null)
        {
            return;
        }
        final long nowNs = time.nanoTime();
        if (awaiting && nowNs - awaitingSinceNs >= deadlineNs)
        {
            timeoutOn(ws, nowNs - awaitingSinceNs);
            return;
        }
        if (intervalNs > 0 && nowNs - nextSendNs >= 0)
        {
            nextSendNs = nowNs + intervalNs;
            if (!awaiting)
            {
                // The deadline runs from the oldest unanswered heartbeat: a second send does not extend it.
                awaitingSinceNs = nowNs;
                awaiting = true;
            }
            if (spec.chargedAs() != null)
            {
                rateLimiter.charge(spec.chargedAs(), nowNs);
            }
            sender.execute(sendTask);
        }
        long nextWakeNs = intervalNs > 0 ? nextSendNs - nowNs : Long.MAX_VALUE;
        if (awaiting)
        {
            nextWakeNs = Math.min(nextWakeNs, awaitingSinceNs + deadlineNs - nowNs);
        }
        schedule(wakeGeneration, nextWakeNs);
    }

    private void timeoutOn(final WebSocket ws, final long silentNs)
    {
        stop(ws);
        timeouts.incrementAndGet();
        final String message = "application heartbeat unanswered for " +
            TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms (deadline " + spec.deadlineMs() + " ms)";
        try
        {
            logging.log(LoggingHandler.Level.WARN, "app_heartbeat_timeout",
                Map.of("id", connectionId, "message", message));
        }
        catch (final Throwable ignore)
        {
            // logging must never keep a dead connection open
        }
        ws.fail(DisconnectReason.HEARTBEAT_TIMEOUT, message);
    }

    private void send()
    {
        final WebSocket ws = webSocket;
        if (ws == null)
        {
            return;
        }
        final int result = ws.send(WebSocketHandler.TEXT, payload);
        if (result > 0)
        {
            sent.incrementAndGet();
            metrics.onMessageSent(connectionId, result);
        }
        else
        {
            // The deadline still runs: a socket that cannot send is found dead by it (or by its own close).
            sendFailures.incrementAndGet();
        }
    }

    /**
     * An inbound message (message thread): when it answers the heartbeat, the deadline is met and the answer is
     * counted.
     *
     * @return true when the message is an answer to consume (not delivered to the message handler).
     */
    boolean onInbound(final InboundMessage message)
    {
        if (message.length() > answerMaxLength || !matcher.isAnswer(message))
        {
            return false;
        }
        answers.incrementAndGet();
        if (intervalNs == 0)
        {
            awaitingSinceNs = time.nanoTime();
        }
        else if (awaiting)
        {
            lastRoundTripNs = time.nanoTime() - awaitingSinceNs;
            awaiting = false;
        }
        else
        {
            unsolicitedAnswers.incrementAndGet();
        }
        return consumes;
    }

    AppHeartbeat spec()
    {
        return spec;
    }

    long sent()
    {
        return sent.get();
    }

    long sendFailures()
    {
        return sendFailures.get();
    }

    long answers()
    {
        return answers.get();
    }

    long unsolicitedAnswers()
    {
        return unsolicitedAnswers.get();
    }

    long timeouts()
    {
        return timeouts.get();
    }

    long lastRoundTripNs()
    {
        return lastRoundTripNs;
    }
}
