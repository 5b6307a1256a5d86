package io.wsnova.engine.client;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.runtime.EngineTime;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle state machine of one connection: the first connect and its set-up, drops, reconnects with backoff
 * behind the {@link ReconnectGate}, the restore (auth, then subscriptions), giving up, and the end. One
 * {@link RetryRule} decides every retry, of the first connect and of a reconnect alike; what differs is only what a
 * success does (the first set-up authenticates with the configured credentials and completes the start future; a
 * reconnect restores and reports {@code onReconnected}) and which failures of the first connect are final
 * ({@link SetUpFailures}). Runs on the event executor; {@link #onOpen}, {@link #onClosed} and
 * {@link #requestReconnect} may be called from any thread.
 */
final class ReconnectController implements MessagePath.Lifecycle
{
    private final long id;
    private final WsUrl url;
    private final String adapterName;
    private final Connection handle;
    private final EngineTime time;
    private final ConnectionState state;
    private final ConnectionHandler connectionHandler;
    private final FailurePolicy failurePolicy;
    private final MetricsCollector metrics;
    private final ConnectionLog log;
    private final Listeners listeners;
    private final ReconnectGate gate;
    private final RetryRule retryRule;
    private final Dialer dialer;
    private final LifecycleSteps session;
    private final Executor events;
    private final Runnable shutdownEvents;
    private final CompletableFuture<Connection> started = new CompletableFuture<>();
    private final CompletableFuture<CloseStatus> closeFuture = new CompletableFuture<>();
    /** The reason of a pending {@link #requestReconnect(String)}, set by any thread, cleared on the event thread. */
    private volatile String reconnectRequested;
    /** Set when the venue answered a rate-limit error during the current first set-up attempt (any thread). */
    private volatile boolean venueRateLimitedInSetUp;
    private long startNs;
    private boolean connectedReported;
    private boolean up;
    private long connectedAtNs;
    private long disconnectedAtNs;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param id             the connection id.
     * @param url            where it connects (logs).
     * @param handle         the connection, passed to behaviours and listeners only.
     * @param time           clock and timer (backoff delays, downtime).
     * @param state          the current socket and status.
     * @param behaviours     connection and failure policies, metrics, adapter name.
     * @param log            the connection's log.
     * @param listeners      the listener fan-out.
     * @param gate           the reconnect gate.
     * @param retryRule      the retry rule.
     * @param dialer         opens a socket.
     * @param session        the other parts' lifecycle steps.
     * @param events         the event executor (falls back to the calling thread once shut down).
     * @param shutdownEvents shuts the event executor down when the connection ends.
     */
    ReconnectController(
        final long id,
        final WsUrl url,
        final Connection handle,
        final EngineTime time,
        final ConnectionState state,
        final Behaviours behaviours,
        final ConnectionLog log,
        final Listeners listeners,
        final ReconnectGate gate,
        final RetryRule retryRule,
        final Dialer dialer,
        final LifecycleSteps session,
        final Executor events,
        final Runnable shutdownEvents)
    {
        this.id = id;
        this.url = url;
        this.adapterName = behaviours.adapterName();
        this.handle = handle;
        this.time = time;
        this.state = state;
        this.connectionHandler = behaviours.connectionHandler();
        this.failurePolicy = behaviours.failurePolicy();
        this.metrics = behaviours.metricsCollector();
        this.log = log;
        this.listeners = listeners;
        this.gate = gate;
        this.retryRule = retryRule;
        this.dialer = dialer;
        this.session = session;
        this.events = events;
        this.shutdownEvents = shutdownEvents;
    }

    CompletableFuture<CloseStatus> closeFuture()
    {
        return closeFuture;
    }

    /**
     * Starts the first connect (calling thread).
     *
     * @return completes with the connection once set up, or fails for good.
     */
    CompletableFuture<Connection> start()
    {
        startNs = time.nanoTime();
        connectFirst();
        return started;
    }

    /**
     * The venue answered its rate-limit error (any thread): a first set-up retry after it does not count against
     * {@code connectRetryAttempts}.
     */
    void onVenueRateLimited()
    {
        venueRateLimitedInSetUp = true;
    }

    private void connectFirst()
    {
        if (state.userClosed())
        {
            failStart(new CloseStatus(DisconnectReason.LOCAL_CLOSE, CloseCodes.NORMAL, "closed while connecting",
                null), new WebSocketConnectException(WebSocketConnectException.Kind.IO, 0,
                "connection " + id + " closed while connecting", null));
            return;
        }
        venueRateLimitedInSetUp = false;
        final int attempt = retryRule.attempt();
        dialer.dial().whenComplete((ws, error) -> events.execute(() ->
        {
            if (error != null)
            {
                onFirstConnectFailed(attempt, SetUpFailures.unwrap(error));
                return;
            }
            if (!state.adopt(ws))
            {
                return;
            }
            onUp();
            metrics.onConnectionOpened(id, time.nanoTime() - startNs);
            log.log(LoggingHandler.Level.INFO, "connected", Map.of("id", id, "url", url, "adapter", adapterName));
            session.onConnected();
            connectionHandler.onConnect(handle);
            if (!connectedReported)
            {
                // Once, for the first socket of the set-up that opens: the attempts before it may have failed.
                connectedReported = true;
                listeners.fire((listener, connection) -> listener.onConnected(connection));
            }
            final CompletableFuture<?> auth = session.authenticateConfigured();
            if (auth == null)
            {
                completeStart();
                return;
            }
            auth.whenComplete((ignore, authError) -> events.execute(() -> onSetUpAuth(ws, authError)));
        }));
    }

    private void onSetUpAuth(final WebSocket ws, final Throwable authError)
    {
        if (authError == null)
        {
            completeStart();
        }
        else if (ws != state.webSocket())
        {
            // The venue already closed this socket (e.g. after its rate-limit error): that close decided, with the
            // failure policy, whether the set-up is retried.
            log.log(LoggingHandler.Level.WARN, "setup_failed", Map.of("id", id, "error",
                String.valueOf(SetUpFailures.unwrap(authError).getMessage())));
        }
        else if (SetUpFailures.isTemporary(SetUpFailures.unwrap(authError), failurePolicy))
        {
            // A rate limit or a lost answer: drop this socket; its close retries the set-up.
            log.log(LoggingHandler.Level.WARN, "setup_retry", Map.of("id", id, "error",
                String.valueOf(SetUpFailures.unwrap(authError).getMessage())));
            reconnectRequested = "set-up failed, retrying";
            ws.close(CloseCodes.GOING_AWAY, "set-up failed, retrying");
        }
        else if (!started.isDone())
        {
            close(CloseCodes.NORMAL, "authentication failed");
            started.completeExceptionally(SetUpFailures.unwrap(authError));
        }
    }

    private void onFirstConnectFailed(final int attempt, final Throwable error)
    {
        final CloseStatus failed = new CloseStatus(DisconnectReason.IO_ERROR, CloseCodes.ABNORMAL_CLOSURE,
            String.valueOf(error.getMessage()), error);
        log.log(LoggingHandler.Level.WARN, "connect_failed", Map.of("id", id, "url", url, "attempt", attempt + 1,
            "error", String.valueOf(error.getMessage())));
        if (!SetUpFailures.isRetryableConnect(error) || !retryFirst(failed))
        {
            failStart(failed, error);
        }
    }

    /**
     * Schedules the next attempt of the first set-up when the retry rule allows it.
     *
     * @return true when scheduled, false when the caller must fail the start.
     */
    private boolean retryFirst(final CloseStatus failed)
    {
        final long delayMs = retryRule.next(failed, true, venueRateLimitedInSetUp, state.userClosed());
        if (delayMs == RetryRule.GIVE_UP)
        {
            return false;
        }
        final int next = retryRule.attempt();
        state.status(ConnectionStatus.CONNECTING);
        failurePolicy.onError(FailurePolicy.Category.TRANSIENT, "first connect attempt " + next + " failed (" +
            failed.message() + "); retrying in " + delayMs + " ms", failed.cause());
        log.log(LoggingHandler.Level.INFO, "connect_retry", Map.of("id", id, "attempt", next, "delayMs", delayMs));
        time.timer().schedule(() -> events.execute(this::connectFirst), delayMs, TimeUnit.MILLISECONDS);
        return true;
    }

    private void completeStart()
    {
        retryRule.reset();
        started.complete(handle);
    }

    private void failStart(final CloseStatus closeStatus, final Throwable error)
    {
        started.completeExceptionally(error);
        if (!state.isClosed())
        {
            terminate(closeStatus);
        }
    }

    private void onUp()
    {
        state.status(ConnectionStatus.CONNECTED);
        up = true;
        connectedAtNs = time.nanoTime();
    }

    /**
     * A WebSocket opened (connect thread): it becomes the current one, unless the connection was closed meanwhile
     * (a close during a reconnect's connect): then it is closed at once and never delivers to the handlers.
     */
    @Override
    public void onOpen(final WebSocket ws)
    {
        if (!state.onOpen(ws))
        {
            log.log(LoggingHandler.Level.INFO, "late_socket_closed", Map.of("id", id));
            ws.close(CloseCodes.NORMAL, "");
        }
    }

    /**
     * Asks for a reconnect of an open connection (any thread): closes the socket with 1001; the drop reconnects.
     */
    void requestReconnect(final String reason)
    {
        final WebSocket ws = state.webSocket();
        if (state.userClosed() || state.status() != ConnectionStatus.CONNECTED || ws == null ||
            reconnectRequested != null)
        {
            return;
        }
        reconnectRequested = reason;
        log.log(LoggingHandler.Level.WARN, "reconnect requested", Map.of("id", id, "reason", reason));
        // The frame encoder truncates the reason to the 123 bytes a close frame holds; the disconnect event keeps
        // it whole.
        ws.close(CloseCodes.GOING_AWAY, reason);
    }

    /**
     * A WebSocket ended (its reader thread): decide on the event thread whether to reconnect.
     */
    @Override
    public void onClosed(final WebSocket ws, final CloseStatus closeStatus)
    {
        events.execute(() -> afterClosed(ws, closeStatus));
    }

    private void afterClosed(final WebSocket ws, final CloseStatus wsStatus)
    {
        if (ws != state.webSocket())
        {
            return;
        }
        final boolean userClosed = state.userClosed();
        final String requested = reconnectRequested;
        reconnectRequested = null;
        final CloseStatus closeStatus = requested == null || userClosed ? wsStatus :
            new CloseStatus(DisconnectReason.RECONNECT_REQUESTED, wsStatus.closeCode(), requested, null);
        state.clearWebSocket();
        disconnectedAtNs = time.nanoTime();
        retryRule.onDropped(up, disconnectedAtNs - connectedAtNs);
        up = false;
        session.onDropped("connection " + id + " dropped: " + closeStatus);
        metrics.onConnectionClosed(id, closeStatus.reason(), closeStatus.closeCode());
        log.log(LoggingHandler.Level.INFO, "disconnected", Map.of("id", id, "status", closeStatus.toString()));
        connectionHandler.onDisconnect(handle, closeStatus);
        listeners.fire((listener, connection) -> listener.onDisconnected(connection, closeStatus));

        if (!started.isDone())
        {
            // Dropped during the first set-up (e.g. a venue's rate-limit close): retried like a failed connect.
            if (!retryFirst(closeStatus))
            {
                failStart(closeStatus, new WebSocketConnectException(WebSocketConnectException.Kind.IO, 0,
                    "connection closed during set-up: " + closeStatus, closeStatus.cause()));
            }
            return;
        }
        gate.close();
        retryOrGiveUp(closeStatus);
    }

    /**
     * After a drop or a failed reconnect: the next attempt after its backoff, or give up and end.
     */
    private void retryOrGiveUp(final CloseStatus failed)
    {
        final boolean userClosed = state.userClosed();
        final long delayMs = retryRule.next(failed, false, false, userClosed);
        if (delayMs == RetryRule.GIVE_UP)
        {
            if (!userClosed)
            {
                final int attempts = retryRule.attempt();
                log.log(LoggingHandler.Level.WARN, "gave_up", Map.of("id", id, "attempts", attempts, "status",
                    failed.toString()));
                listeners.fire((listener, connection) -> listener.onGaveUp(connection, attempts, failed));
            }
            terminate(failed);
            return;
        }
        final int attempt = retryRule.attempt();
        state.status(ConnectionStatus.RECONNECTING);
        log.log(LoggingHandler.Level.INFO, "reconnecting", Map.of("id", id, "attempt", attempt, "delayMs", delayMs));
        listeners.fire((listener, connection) -> listener.onReconnecting(connection, attempt, delayMs));
        time.timer().schedule(() -> events.execute(this::reconnect), delayMs, TimeUnit.MILLISECONDS);
    }

    private void reconnect()
    {
        if (state.userClosed())
        {
            terminate(new CloseStatus(DisconnectReason.LOCAL_CLOSE, CloseCodes.NORMAL, "closed while reconnecting",
                null));
            return;
        }
        dialer.dial().whenCompleteAsync((ws, error) ->
        {
            if (state.isClosed())
            {
                return;
            }
            if (error != null)
            {
                retryOrGiveUp(new CloseStatus(DisconnectReason.IO_ERROR, CloseCodes.ABNORMAL_CLOSURE,
                    "reconnect failed: " + error.getMessage(), error));
                return;
            }
            if (!state.adopt(ws))
            {
                // Closed before this ran: its close (already handled or queued) decides what follows.
                return;
            }
            onUp();
            connectionHandler.onConnect(handle);
            session.restore().whenCompleteAsync((ignore, restoreError) ->
            {
                if (ws != state.webSocket())
                {
                    // Dropped again before the restore finished: the next reconnect restores and reports.
                    return;
                }
                metrics.onReconnected(id, retryRule.attempt(), time.nanoTime() - disconnectedAtNs);
                log.log(LoggingHandler.Level.INFO, "reconnected", Map.of("id", id));
                gate.open();
                listeners.fire((listener, connection) -> listener.onReconnected(connection));
            }, events);
        }, events);
    }

    /**
     * Closes the connection at the application's request (any thread): closes the open socket, whose end then
     * ends the connection, or ends it at once when no socket is open.
     */
    @Override
    public void close(final int code, final String reason)
    {
        final WebSocket ws = state.beginClose();
        if (ws == null)
        {
            events.execute(() -> terminate(new CloseStatus(DisconnectReason.LOCAL_CLOSE, code, reason, null)));
            return;
        }
        ws.close(code, reason);
    }

    /**
     * Ends the connection once (event thread, or the caller's once the event executor is shut down).
     */
    void terminate(final CloseStatus closeStatus)
    {
        if (!state.end())
        {
            return;
        }
        final WebSocket late = state.endedWith();
        if (late != null && late.state() != WebSocket.State.CLOSED)
        {
            // Ended while a socket was still open (a give-up or a close racing a connect): never leak it.
            late.close(CloseCodes.NORMAL, "");
        }
        session.onEnded("connection " + id + " closed", state.userClosed());
        log.log(LoggingHandler.Level.INFO, "closed", Map.of("id", id, "status", closeStatus.toString()));
        gate.open();
        listeners.fire((listener, connection) -> listener.onClosed(connection, closeStatus));
        started.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Kind.IO, 0,
            "connection " + id + " closed before it was set up: " + closeStatus, closeStatus.cause()));
        closeFuture.complete(closeStatus);
        shutdownEvents.run();
    }
}
