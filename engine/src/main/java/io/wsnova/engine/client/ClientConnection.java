package io.wsnova.engine.client;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.EventCounter;
import io.wsnova.engine.api.FaultCounters;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.transport.WebSocketOptions;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.ErrorHandler;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.JsonValues;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;
import io.wsnova.engine.runtime.EngineTime;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.transport.Connector;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@link Connection} implementation: one stable object over a succession of WebSockets. Engine-internal;
 * applications get it from {@code Nova.connect}.
 * <p>
 * Threads: messages arrive on the {@link MessagePath} (reader or queued handler thread); sends come from any
 * thread; lifecycle work (listeners, future completion, reconnection, restore) runs on this connection's event
 * executor, a single virtual thread, so listeners see events in order and never run on the reader.
 */
public final class ClientConnection implements Connection
{
    private static final AtomicLong IDS = new AtomicLong();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "wsnova-timer");
        thread.setDaemon(true);
        return thread;
    });

    private final long id = IDS.incrementAndGet();
    private final Connector connector;
    private final Adapter adapter;
    private final NovaOptions options;
    private final WsUrl url;
    private final WebSocketOptions webSocketOptions;
    private final long requestTimeoutMs;
    final ConnectionHandler connectionHandler;
    final MessageHandler messageHandler;
    final SubscriptionHandler subscriptionHandler;
    final AuthHandler authHandler;
    final ErrorHandler errorHandler;
    final RateLimitHandler rateLimitHandler;
    final LoggingHandler logging;
    final MetricsCollector metrics;
    final AppHeartbeatRunner appHeartbeat;
    private final ExecutorService events;
    /** The event thread, or the calling thread once it has shut down: completions scheduled here never get lost. */
    private final Executor eventExecutor = this::onEventThread;
    private final Requests requests;
    private final MessagePath messagePath;
    private final Subscriptions subscriptions;
    private final RateLimitQueue rateLimitQueue;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    /** Outstanding {@link #ping()} futures by the transport's ping id: a pong completes only its own ping's. */
    private final ConcurrentHashMap<Long, CompletableFuture<Long>> pings = new ConcurrentHashMap<>();
    /** Round trips of pongs that arrived before ping() registered their future; empty between pings. */
    private final ConcurrentHashMap<Long, Long> earlyPongs = new ConcurrentHashMap<>();
    private final CompletableFuture<CloseStatus> closeFuture = new CompletableFuture<>();
    private final EventCounter listenerErrors = new EventCounter();
    private final EventCounter plaintextCredentialWarnings = new EventCounter();
    private final FaultCounters faultCounters;
    private final AtomicBoolean plaintextCredentialsWarned = new AtomicBoolean();
    /** Orders {@link #close} against a WebSocket opening, so that a socket opened after a close is closed. */
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    /** The future of {@link #start()}: completes once the first connection is set up (or fails for good). */
    private final CompletableFuture<Connection> started = new CompletableFuture<>();
    private long startNs;
    /** Set when the venue answered a rate-limit error during the current first set-up attempt (any thread). */
    private volatile boolean venueRateLimitedInSetUp;
    /** First-connect retries that followed a venue rate-limit error (event thread only). */
    private int rateLimitedFirstRetries;

    private final ReentrantLock jsonLock = new ReentrantLock();
    private final JsonEncoder jsonEncoder = new JsonEncoder();
    private final RequestPayload requestPayload = new RequestPayload();
    private JsonPayload jsonPayload;
    private final WebSocket.PayloadWriter jsonWriter = (buffer, offset) ->
    {
        jsonEncoder.wrap(buffer, offset);
        jsonPayload.writeTo(jsonEncoder);
        return jsonEncoder.length();
    };

    private final Agent pollAgent = new Agent()
    {
        @Override
        public int doWork() throws Exception
        {
            final WebSocket ws = webSocket;
            return ws == null ? 0 : ws.pollAgent().doWork();
        }

        @Override
        public String roleName()
        {
            return "wsnova-poll-" + id;
        }
    };
    private volatile WebSocket webSocket;
    private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
    private volatile boolean authenticated;
    private volatile Credentials credentials;
    private volatile boolean userClosed;
    /** The reason of a pending {@link #reconnect(String)}, set by any thread, cleared on the event thread. */
    private volatile String reconnectRequested;
    private final Backoff backoff;
    private final ReconnectGate gate;
    private final long reconnectResetAfterNs;
    private int reconnectAttempt;
    private long connectedAtNs;
    private long disconnectedAtNs;

    /**
     * Creates a connection from resolved, validated options. Engine-internal.
     *
     * @param adapter   the adapter.
     * @param options   the resolved options.
     * @param connector the runtime's transport, which opens each WebSocket.
     */
    public ClientConnection(final Adapter adapter, final NovaOptions options, final Connector connector)
    {
        this.connector = connector;
        this.adapter = adapter;
        this.options = options;
        this.url = options.url();
        this.webSocketOptions = WebSocketOptions.from(options);
        this.requestTimeoutMs = options.get(Option.REQUEST_TIMEOUT_MS);
        this.connectionHandler = orElse(options.get(Option.CONNECTION_HANDLER), adapter.connectionHandler());
        this.messageHandler = orElse(options.get(Option.MESSAGE_HANDLER), adapter.messageHandler());
        this.subscriptionHandler = orElse(options.get(Option.SUBSCRIPTION_HANDLER), adapter.subscriptionHandler());
        this.authHandler = orElse(options.get(Option.AUTH_HANDLER), adapter.authHandler());
        this.errorHandler = orElse(options.get(Option.ERROR_HANDLER), adapter.errorHandler());
        this.rateLimitHandler = orElse(options.get(Option.RATE_LIMIT_HANDLER), adapter.rateLimitHandler());
        this.logging = orElse(options.get(Option.LOGGING_HANDLER), adapter.loggingHandler(options));
        this.metrics = Telemetry.global().register(id, orElse(options.get(Option.METRICS_COLLECTOR),
            adapter.metricsCollector()), options);
        this.appHeartbeat = AppHeartbeatRunner.of(connectionHandler.appHeartbeat(), EngineTime.system(TIMER),
            rateLimitHandler, logging, metrics, id);
        this.gate = new ReconnectGate(options.get(Option.RECONNECT_SEND_WAIT_MS));
        this.events = Executors.newSingleThreadExecutor(
            gate.recording(Thread.ofVirtual().name("wsnova-events-" + id).factory()));
        this.requests = new Requests(eventExecutor, TIMER);
        this.messagePath = new MessagePath(this);
        this.subscriptions = new Subscriptions(this, subscriptionHandler, TIMER, new Backoff(
            options.get(Option.RECONNECT_BASE_DELAY_MS), options.get(Option.RECONNECT_MAX_DELAY_MS),
            options.get(Option.RECONNECT_JITTER), new SplittableRandom()));
        this.rateLimitQueue = new RateLimitQueue(this, rateLimitHandler, TIMER, eventExecutor);
        this.backoff = new Backoff(options.get(Option.RECONNECT_BASE_DELAY_MS),
            options.get(Option.RECONNECT_MAX_DELAY_MS), options.get(Option.RECONNECT_JITTER), new SplittableRandom());
        this.reconnectResetAfterNs = TimeUnit.MILLISECONDS.toNanos(options.get(Option.RECONNECT_RESET_AFTER_MS));
        this.listeners.addAll(options.get(Option.LISTENERS));
        this.faultCounters = new FaultCounters(messagePath.malformedMessages(), requests.lateResponses(),
            listenerErrors, subscriptions.retries(), subscriptions.refusals(), plaintextCredentialWarnings);
    }

    private static <T> T orElse(final T fromOptions, final T fromAdapter)
    {
        return fromOptions != null ? fromOptions : fromAdapter;
    }

    /**
     * The handler that resolved for a behaviour, for tests and diagnostics.
     *
     * @return the auth handler in use.
     */
    public AuthHandler authHandler()
    {
        return authHandler;
    }

    /**
     * The message handler in use.
     *
     * @return the handler.
     */
    public MessageHandler messageHandler()
    {
        return messageHandler;
    }

    /**
     * Opens the first WebSocket, then authenticates when credentials are set. A failure that retrying can fix (a
     * refused or reset TCP connect, a timeout, an upgrade answered 429 or 5xx, the socket closed during set-up in a
     * way the error handler reconnects after, e.g. a venue's rate-limit close) is retried with the reconnect
     * backoff, at most min({@code retryAttempts}, {@code connectRetryAttempts}) times; one it cannot fix (invalid
     * options, DNS, TLS, an upgrade rejected with another 4xx or an invalid 101, refused credentials) fails the
     * future at once.
     *
     * @return completes with this connection once open (and authenticated).
     */
    public CompletableFuture<Connection> start()
    {
        connectionHandler.init(this);
        startNs = System.nanoTime();
        final Credentials configured = options.get(Option.CREDENTIALS);
        if (configured != null)
        {
            warnIfPlaintext();
        }
        connectFirst(0);
        return started;
    }

    private void connectFirst(final int retry)
    {
        if (userClosed)
        {
            failStart(new CloseStatus(DisconnectReason.LOCAL_CLOSE, CloseCodes.NORMAL, "closed while connecting",
                null), new WebSocketConnectException(WebSocketConnectException.Kind.IO, 0,
                "connection " + id + " closed while connecting", null));
            return;
        }
        reconnectAttempt = retry;
        venueRateLimitedInSetUp = false;
        connector.connect(url, webSocketOptions, messagePath).whenComplete((ws, error) -> onEventThread(() ->
        {
            if (error != null)
            {
                onFirstConnectFailed(retry, unwrap(error));
                return;
            }
            if (!adopt(ws))
            {
                return;
            }
            status = ConnectionStatus.CONNECTED;
            connectedAtNs = System.nanoTime();
            metrics.onConnectionOpened(id, System.nanoTime() - startNs);
            log(LoggingHandler.Level.INFO, "connected", Map.of("id", id, "url", url, "adapter", adapter.name()));
            subscriptions.onConnected();
            connectionHandler.onConnect(this);
            if (retry == 0)
            {
                fire(listener -> listener.onConnected(this));
            }
            final Credentials configured = options.get(Option.CREDENTIALS);
            if (configured == null)
            {
                completeStart();
                return;
            }
            authenticate(configured).whenComplete((connection, authError) -> onEventThread(() ->
            {
                if (authError == null)
                {
                    completeStart();
                }
                else if (ws != webSocket)
                {
                    // The venue already closed this socket (e.g. after its rate-limit error): that close decided,
                    // with the error handler, whether the set-up is retried.
                    log(LoggingHandler.Level.WARN, "setup_failed", Map.of("id", id, "error",
                        String.valueOf(unwrap(authError).getMessage())));
                }
                else if (isTemporarySetupFailure(unwrap(authError)))
                {
                    // A rate limit or a lost answer: drop this socket; its close retries the set-up.
                    log(LoggingHandler.Level.WARN, "setup_retry", Map.of("id", id, "error",
                        String.valueOf(unwrap(authError).getMessage())));
                    reconnectRequested = "set-up failed, retrying";
                    ws.close(CloseCodes.GOING_AWAY, "set-up failed, retrying");
                }
                else if (!started.isDone())
                {
                    close(CloseCodes.NORMAL, "authentication failed");
                    started.completeExceptionally(unwrap(authError));
                }
            }));
        }));
    }

    private static Throwable unwrap(final Throwable error)
    {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Whether a failed authentication during the first set-up is worth another connection: anything but refused
     * credentials, and refused credentials too when the error handler puts the failure down to the venue's rate
     * limit (a venue that answers an auth with its rate-limit error).
     */
    private boolean isTemporarySetupFailure(final Throwable error)
    {
        if (!(error instanceof RequestException failure))
        {
            return false;
        }
        if (failure.kind() != RequestException.Kind.AUTH_FAILED)
        {
            return failure.kind() != RequestException.Kind.REMOTE_ERROR;
        }
        return errorHandler.classify(new CloseStatus(DisconnectReason.REMOTE_CLOSE, CloseCodes.POLICY_VIOLATION,
            "authentication refused", failure)) == ErrorHandler.Category.RATE_LIMIT;
    }

    /**
     * Whether a failed first connect is worth retrying: not for what a retry cannot fix (invalid options, DNS,
     * TLS, an invalid 101, an upgrade rejected with a 4xx other than 429).
     */
    static boolean isRetryableConnectFailure(final Throwable error)
    {
        if (!(error instanceof WebSocketConnectException failure))
        {
            return false;
        }
        return switch (failure.kind())
        {
            case REFUSED, TIMEOUT, IO -> true;
            case HANDSHAKE_REJECTED -> failure.statusCode() == 429 || failure.statusCode() >= 500;
            default -> false;
        };
    }

    private void onFirstConnectFailed(final int retry, final Throwable error)
    {
        final CloseStatus failed = new CloseStatus(DisconnectReason.IO_ERROR, CloseCodes.ABNORMAL_CLOSURE,
            String.valueOf(error.getMessage()), error);
        log(LoggingHandler.Level.WARN, "connect_failed", Map.of("id", id, "url", url, "attempt", retry + 1,
            "error", String.valueOf(error.getMessage())));
        if (isRetryableConnectFailure(error) && !retryFirst(retry, failed))
        {
            return;
        }
        failStart(failed, error);
    }

    /**
     * Schedules the next attempt of the first connection when allowed.
     *
     * @return false when scheduled, true when the caller must fail the start.
     */
    private boolean retryFirst(final int retry, final CloseStatus failed)
    {
        final int next = retry + 1;
        if (venueRateLimitedInSetUp)
        {
            // The venue said "slow down", not "not here": the adapted limiter paces the next set-up, and such a
            // retry is bounded by retryAttempts only, not by connectRetryAttempts (which bounds a wrong address).
            rateLimitedFirstRetries++;
        }
        final int maxAttempts = options.get(Option.RETRY_ATTEMPTS);
        final int maxConnectAttempts = options.get(Option.CONNECT_RETRY_ATTEMPTS);
        if (userClosed || (maxAttempts >= 0 && next > maxAttempts) ||
            (maxConnectAttempts >= 0 && next - rateLimitedFirstRetries > maxConnectAttempts) ||
            !errorHandler.shouldReconnect(failed, next))
        {
            return true;
        }
        status = ConnectionStatus.CONNECTING;
        final long delayMs = Math.max(0L, errorHandler.reconnectDelayMs(failed, next, backoff.delayMs(next)));
        errorHandler.onError(ErrorHandler.Category.TRANSIENT, "first connect attempt " + next + " failed (" +
            failed.message() + "); retrying in " + delayMs + " ms", failed.cause());
        log(LoggingHandler.Level.INFO, "connect_retry", Map.of("id", id, "attempt", next, "delayMs", delayMs));
        TIMER.schedule(() -> onEventThread(() -> connectFirst(next)), delayMs, TimeUnit.MILLISECONDS);
        return false;
    }

    /**
     * The first set-up succeeded: its retries do not count against the reconnect attempts of a later drop.
     */
    private void completeStart()
    {
        reconnectAttempt = 0;
        backoff.reset();
        started.complete(this);
    }

    private void failStart(final CloseStatus closeStatus, final Throwable error)
    {
        started.completeExceptionally(error);
        if (status != ConnectionStatus.CLOSED)
        {
            terminate(closeStatus);
        }
    }

    @Override
    public long id()
    {
        return id;
    }

    @Override
    public ConnectionStatus status()
    {
        return status;
    }

    @Override
    public boolean isAuthenticated()
    {
        return authenticated;
    }

    /**
     * The resolved options (all layers merged).
     *
     * @return the options.
     */
    public NovaOptions options()
    {
        return options;
    }

    WebSocket webSocket()
    {
        return webSocket;
    }

    /**
     * The current WebSocket; while reconnecting, waits (bounded by {@code reconnectSendWaitMs}) for the next one.
     */
    private WebSocket liveWebSocket()
    {
        final WebSocket ws = webSocket;
        if (ws != null || status != ConnectionStatus.RECONNECTING || !gate.await())
        {
            return ws;
        }
        return webSocket;
    }

    @Override
    public int sendText(final CharSequence text)
    {
        final WebSocket ws = liveWebSocket();
        if (ws == null)
        {
            return WebSocket.NOT_CONNECTED;
        }
        final int result = ws.sendText(text);
        if (result > 0)
        {
            metrics.onMessageSent(id, result);
        }
        return result;
    }

    @Override
    public int sendBinary(final DirectBuffer buffer, final int offset, final int length)
    {
        final WebSocket ws = liveWebSocket();
        if (ws == null)
        {
            return WebSocket.NOT_CONNECTED;
        }
        final int result = ws.sendBinary(buffer, offset, length);
        if (result > 0)
        {
            metrics.onMessageSent(id, result);
        }
        return result;
    }

    @Override
    public int sendJson(final JsonPayload payload)
    {
        final WebSocket ws = liveWebSocket();
        if (ws == null)
        {
            return WebSocket.NOT_CONNECTED;
        }
        return sendJsonOn(ws, payload);
    }

    private int sendJsonOn(final WebSocket ws, final JsonPayload payload)
    {
        final ReentrantLock lock = jsonLock;
        lock.lock();
        try
        {
            jsonPayload = payload;
            final int result = ws.send(WebSocketHandler.TEXT, jsonWriter);
            if (result > 0)
            {
                metrics.onMessageSent(id, result);
            }
            return result;
        }
        finally
        {
            jsonPayload = null;
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Response> request(final String method, final Map<String, ?> params)
    {
        return request(method, params == null ? null : JsonValues.object(params), Operation.QUERY);
    }

    @Override
    public CompletableFuture<Response> request(final String method, final JsonPayload params, final Operation operation)
    {
        if (status == ConnectionStatus.RECONNECTING && operation != Operation.AUTH &&
            operation != Operation.SUBSCRIBE && gate.waits())
        {
            return gate.afterOpen(() -> requestNow(method, params, operation), operation + " request " + method);
        }
        return requestNow(method, params, operation);
    }

    private CompletableFuture<Response> requestNow(
        final String method,
        final JsonPayload params,
        final Operation operation)
    {
        final CompletableFuture<Response> future = new CompletableFuture<>();
        if (webSocket == null || (status != ConnectionStatus.CONNECTED && operation != Operation.AUTH &&
            operation != Operation.SUBSCRIBE))
        {
            return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.NOT_CONNECTED, 0,
                "connection " + id + " is " + status));
        }
        if (rateLimitQueue.blocks(operation))
        {
            return enqueue(method, params, operation, future);
        }
        int verdict = rateLimitHandler.check(operation, System.nanoTime());
        if (verdict == RateLimitHandler.WAIT)
        {
            metrics.onRateLimitEvent(id, MetricsCollector.RateLimitEvent.WAITED, operation);
            verdict = RateLimitWait.await(rateLimitHandler, operation);
        }
        if (verdict == RateLimitHandler.REJECT || verdict == RateLimitHandler.WAIT)
        {
            metrics.onRateLimitEvent(id, MetricsCollector.RateLimitEvent.REJECTED, operation);
            return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.RATE_LIMITED, 0,
                operation + " request " + method + " refused by the rate limiter" +
                (verdict == RateLimitHandler.WAIT ? " (no tokens within its maximum wait)" : "")));
        }
        if (verdict == RateLimitHandler.QUEUE)
        {
            return enqueue(method, params, operation, future);
        }
        sendAllowed(method, params, operation, future);
        return future;
    }

    private CompletableFuture<Response> enqueue(
        final String method,
        final JsonPayload params,
        final Operation operation,
        final CompletableFuture<Response> future)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
        if (!rateLimitQueue.offer(new RateLimitQueue.Entry(method, params, operation, future, deadlineNs)))
        {
            future.completeExceptionally(new RequestException(RequestException.Kind.RATE_LIMITED, 0,
                operation + " request " + method + " refused: " + RateLimitQueue.CAPACITY +
                " requests already wait for the rate limiter"));
        }
        return future;
    }

    /**
     * Registers and sends a request the rate limiter allowed (charged as {@code operation}).
     */
    void sendAllowed(
        final String method,
        final JsonPayload params,
        final Operation operation,
        final CompletableFuture<Response> future)
    {
        final long requestId = requests.nextId();
        requests.register(requestId, method, operation, future, requestTimeoutMs,
            () -> onEventThread(() -> connectionHandler.onTimeout(this, "request " + requestId + " " + method)));
        final int sent = sendRequest(requestId, method, params);
        if (sent <= 0)
        {
            requests.fail(requestId, new RequestException(RequestException.Kind.SEND_FAILED, 0,
                "request " + method + " could not be sent (" + sent + ")"));
        }
    }

    /**
     * Sends a request whose response is matched and dropped (heartbeat answers). Message path safe. It goes out
     * whatever the rate limiter says (a venue closes a connection whose heartbeat goes unanswered) but is charged
     * to it, since the venue charges it too.
     */
    long sendFireAndForget(final String method, final JsonPayload params)
    {
        rateLimitHandler.charge(Operation.QUERY, System.nanoTime());
        final long requestId = requests.nextId();
        requests.register(requestId, method, null, requestTimeoutMs, () -> { });
        final int sent = sendRequest(requestId, method, params);
        return sent > 0 ? requestId : sent;
    }

    private int sendRequest(final long requestId, final String method, final JsonPayload params)
    {
        // The socket is taken before the lock and never waited for: a wait at the reconnect gate while holding
        // the JSON lock would block the restore that opens the gate.
        final WebSocket ws = webSocket;
        if (ws == null)
        {
            return WebSocket.NOT_CONNECTED;
        }
        final ReentrantLock lock = jsonLock;
        lock.lock();
        try
        {
            final RequestPayload payload = requestPayload;
            payload.id = requestId;
            payload.method = method;
            payload.params = params;
            return sendJsonOn(ws, payload);
        }
        finally
        {
            requestPayload.params = null;
            lock.unlock();
        }
    }

    /**
     * A response arrived (message thread).
     */
    void onResponse(final long requestId, final InboundMessage message)
    {
        final Requests.Pending pending = requests.match(requestId);
        if (pending == null)
        {
            errorHandler.onError(ErrorHandler.Category.PROTOCOL, "late or unknown response dropped", null);
            final Response late = messageHandler.toResponse(requestId, message);
            if (late.isError())
            {
                onVenueError(Operation.DEFAULT, late.errorCode());
            }
            return;
        }
        final Response response = messageHandler.toResponse(requestId, message);
        if (response.isError())
        {
            onVenueError(pending.operation, response.errorCode());
            errorHandler.onErrorResponse(pending.method, response.errorCode(), response.errorMessage());
        }
        if (pending.future != null)
        {
            requests.complete(pending, response, null);
        }
    }

    /**
     * A venue rate-limit error (on any connection, during set-up too) drains the limiter's bucket and lowers its
     * rate, so that the restore after the close that usually follows goes at the venue's real limit.
     */
    private void onVenueError(final Operation operation, final long errorCode)
    {
        if (rateLimitHandler.isVenueRateLimitError(errorCode))
        {
            venueRateLimitedInSetUp = true;
            metrics.onError(id, ErrorHandler.Category.RATE_LIMIT);
            rateLimitHandler.onVenueRateLimited(operation, System.nanoTime());
        }
    }

    @Override
    public CompletableFuture<Subscription> subscribe(final String channel, final Map<String, ?> params)
    {
        return subscriptions.subscribe(channel, params);
    }

    @Override
    public CompletableFuture<Subscription> unsubscribe(final String channel)
    {
        return subscriptions.unsubscribe(channel);
    }

    @Override
    public CompletableFuture<Subscription> resubscribe(final String channel)
    {
        return subscriptions.resubscribe(channel);
    }

    @Override
    public Subscription subscription(final String channel)
    {
        return subscriptions.get(channel);
    }

    @Override
    public Collection<Subscription> activeSubscriptions()
    {
        return subscriptions.active();
    }

    @Override
    public Collection<Subscription> subscriptions()
    {
        return subscriptions.all();
    }

    /**
     * Runs lifecycle work on the event thread, or on the calling thread once the connection has ended and its
     * event executor is shut down (a task handed to a shut-down executor would be dropped, leaving a future
     * that never completes).
     */
    void onEventThread(final Runnable task)
    {
        try
        {
            events.execute(task);
        }
        catch (final RejectedExecutionException ex)
        {
            task.run();
        }
    }

    @Override
    public CompletableFuture<Connection> authenticate(final Credentials credentials)
    {
        warnIfPlaintext();
        final long startNs = System.nanoTime();
        return request(authHandler.authMethod(), authHandler.authParams(credentials), Operation.AUTH)
            .thenApplyAsync(response ->
            {
                final AuthHandler.AuthResult result = authHandler.onAuthResponse(response);
                if (!result.success())
                {
                    authenticated = false;
                    log(LoggingHandler.Level.WARN, "auth_failed", Map.of("id", id, "code", result.errorCode()));
                    metrics.onError(id, ErrorHandler.Category.AUTH);
                    throw new RequestException(RequestException.Kind.AUTH_FAILED, result.errorCode(),
                        "authentication refused" + (result.errorMessage() == null ? "" : ": " + result.errorMessage()));
                }
                this.credentials = credentials;
                authenticated = true;
                metrics.onAuthenticated(id, System.nanoTime() - startNs);
                log(LoggingHandler.Level.INFO, "authenticated", Map.of("id", id));
                scheduleRefresh(webSocket, result);
                fire(listener -> listener.onAuthenticated(this));
                return (Connection)this;
            }, eventExecutor);
    }

    /**
     * Schedules a token refresh {@link AuthHandler#refreshLeadMs()} before the session expires (at half its
     * lifetime when that is shorter than twice the lead), if the handler can refresh.
     */
    private void scheduleRefresh(final WebSocket authenticatedOn, final AuthHandler.AuthResult result)
    {
        final long expiresInMs = result.expiresInMs();
        if (authenticatedOn == null || expiresInMs <= 0 || authHandler.refreshParams(result) == null)
        {
            return;
        }
        final long leadMs = authHandler.refreshLeadMs();
        final long delayMs = expiresInMs > 2 * leadMs ? expiresInMs - leadMs : expiresInMs / 2;
        TIMER.schedule(() -> onEventThread(() -> refresh(authenticatedOn, result)), delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Refreshes the session on the WebSocket it was authenticated on (a reconnect re-authenticates and schedules
     * its own refresh); a refused refresh falls back to authenticating with the credentials.
     */
    private void refresh(final WebSocket authenticatedOn, final AuthHandler.AuthResult previous)
    {
        if (webSocket != authenticatedOn || !authenticated || status != ConnectionStatus.CONNECTED)
        {
            return;
        }
        request(authHandler.authMethod(), authHandler.refreshParams(previous), Operation.AUTH)
            .whenCompleteAsync((response, error) ->
            {
                if (webSocket != authenticatedOn)
                {
                    return;
                }
                final AuthHandler.AuthResult result = error == null ? authHandler.onAuthResponse(response) : null;
                if (result != null && result.success())
                {
                    log(LoggingHandler.Level.INFO, "auth_refreshed", Map.of("id", id));
                    scheduleRefresh(authenticatedOn, result);
                    return;
                }
                log(LoggingHandler.Level.WARN, "auth_refresh_failed", Map.of("id", id, "code",
                    result == null ? 0 : result.errorCode()));
                final Credentials fallback = credentials;
                if (fallback != null)
                {
                    authenticate(fallback);
                }
            }, eventExecutor);
    }

    @Override
    public CompletableFuture<Long> ping()
    {
        final WebSocket ws = webSocket;
        if (ws == null)
        {
            return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.NOT_CONNECTED, 0,
                "connection " + id + " is " + status));
        }
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
        TIMER.schedule(() ->
        {
            if (pings.remove(pingId, future))
            {
                future.completeExceptionally(new RequestException(RequestException.Kind.TIMEOUT, 0,
                    "no pong within " + requestTimeoutMs + " ms"));
            }
        }, requestTimeoutMs, TimeUnit.MILLISECONDS);
        return future;
    }

    void onPong(final long pingId, final long roundTripNs)
    {
        if (pingId == 0)
        {
            return; // a keepalive ping's pong
        }
        final CompletableFuture<Long> future = pongedPing(pingId, roundTripNs);
        if (future != null)
        {
            onEventThread(() -> future.complete(roundTripNs));
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

    @Override
    public Agent pollAgent()
    {
        if (webSocketOptions.ioMode() != IoMode.POLL)
        {
            throw new IllegalStateException("pollAgent: ioMode is " + webSocketOptions.ioMode() + ", not POLL");
        }
        return pollAgent;
    }

    @Override
    public void addListener(final ConnectionListener listener)
    {
        listeners.add(listener);
    }

    @Override
    public void removeListener(final ConnectionListener listener)
    {
        listeners.remove(listener);
    }

    @Override
    public CompletableFuture<CloseStatus> closeFuture()
    {
        return closeFuture;
    }

    @Override
    public void reconnect(final String reason)
    {
        final WebSocket ws = webSocket;
        if (userClosed || status != ConnectionStatus.CONNECTED || ws == null || reconnectRequested != null)
        {
            return;
        }
        reconnectRequested = reason;
        log(LoggingHandler.Level.WARN, "reconnect requested", Map.of("id", id, "reason", reason));
        // The frame encoder truncates the reason to the 123 bytes a close frame holds; the disconnect event keeps
        // it whole.
        ws.close(CloseCodes.GOING_AWAY, reason);
    }

    @Override
    public void close()
    {
        close(CloseCodes.NORMAL, "");
    }

    void close(final int code, final String reason)
    {
        final WebSocket ws;
        lifecycleLock.lock();
        try
        {
            userClosed = true;
            if (status == ConnectionStatus.CLOSED)
            {
                return;
            }
            ws = webSocket;
            if (ws != null && ws.state() != WebSocket.State.CLOSED)
            {
                status = ConnectionStatus.CLOSING;
            }
        }
        finally
        {
            lifecycleLock.unlock();
        }
        if (ws == null || ws.state() == WebSocket.State.CLOSED)
        {
            onEventThread(() -> terminate(new CloseStatus(DisconnectReason.LOCAL_CLOSE, code, reason, null)));
            return;
        }
        ws.close(code, reason);
    }

    /**
     * A WebSocket opened (connect thread): it becomes the current one, unless the connection was closed meanwhile
     * (a close during a reconnect's connect): then it is closed at once and never delivers to the handlers.
     */
    void onWebSocketOpen(final WebSocket ws)
    {
        boolean rejected = false;
        lifecycleLock.lock();
        try
        {
            if (userClosed || status == ConnectionStatus.CLOSED)
            {
                rejected = true;
            }
            else
            {
                webSocket = ws;
            }
        }
        finally
        {
            lifecycleLock.unlock();
        }
        if (rejected)
        {
            log(LoggingHandler.Level.INFO, "late_socket_closed", Map.of("id", id));
            ws.close(CloseCodes.NORMAL, "");
        }
        else if (appHeartbeat != null)
        {
            appHeartbeat.start(ws);
        }
    }

    /**
     * Whether a message from this socket reaches the handlers (message thread): not once the connection is CLOSED,
     * nor from a socket refused after {@link #close()}. Messages read before a drop still do (QUEUED pipeline).
     */
    boolean delivers(final WebSocket ws)
    {
        return status != ConnectionStatus.CLOSED && (!userClosed || ws == webSocket);
    }

    /**
     * On the event thread, when a connect completed: whether its WebSocket is still the current, open one. A
     * socket that closed before this callback ran (its close is handled, or about to be, by
     * {@link #afterWebSocketClosed}) or that was refused after a close is not used.
     */
    private boolean adopt(final WebSocket ws)
    {
        return ws == webSocket && ws.state() != WebSocket.State.CLOSED && !userClosed &&
            status != ConnectionStatus.CLOSED;
    }

    /**
     * The current WebSocket ended (its reader thread): decide on the event thread whether to reconnect.
     */
    void onWebSocketClosed(final WebSocket ws, final CloseStatus closeStatus)
    {
        if (appHeartbeat != null)
        {
            appHeartbeat.stop(ws);
        }
        onEventThread(() -> afterWebSocketClosed(ws, closeStatus));
    }

    private void afterWebSocketClosed(final WebSocket ws, final CloseStatus wsStatus)
    {
        if (ws != webSocket)
        {
            return;
        }
        final String requested = reconnectRequested;
        reconnectRequested = null;
        final CloseStatus closeStatus = requested == null || userClosed ? wsStatus :
            new CloseStatus(DisconnectReason.RECONNECT_REQUESTED, wsStatus.closeCode(), requested, null);
        webSocket = null;
        authenticated = false;
        disconnectedAtNs = System.nanoTime();
        if (connectedAtNs != 0 && disconnectedAtNs - connectedAtNs >= reconnectResetAfterNs)
        {
            // It stayed up long enough: this drop starts a new series of attempts (a counter that never resets
            // would give up on a link that drops once a day).
            reconnectAttempt = 0;
            backoff.reset();
        }
        connectedAtNs = 0;
        requests.failAll(RequestException.Kind.DISCONNECTED, "connection " + id + " dropped: " + closeStatus);
        rateLimitQueue.failAll(RequestException.Kind.DISCONNECTED, "connection " + id + " dropped: " + closeStatus);
        failPings();
        subscriptions.onDisconnected();
        metrics.onConnectionClosed(id, closeStatus.reason(), closeStatus.closeCode());
        log(LoggingHandler.Level.INFO, "disconnected", Map.of("id", id, "status", closeStatus.toString()));
        connectionHandler.onDisconnect(this, closeStatus);
        fire(listener -> listener.onDisconnected(this, closeStatus));

        if (!started.isDone())
        {
            // Dropped during the first set-up (e.g. a venue's rate-limit close): retried like a failed connect.
            if (retryFirst(reconnectAttempt, closeStatus))
            {
                failStart(closeStatus, new WebSocketConnectException(WebSocketConnectException.Kind.IO, 0,
                    "connection closed during set-up: " + closeStatus, closeStatus.cause()));
            }
            return;
        }
        final int attempt = reconnectAttempt + 1;
        final int maxAttempts = options.get(Option.RETRY_ATTEMPTS);
        if (userClosed || !errorHandler.shouldReconnect(closeStatus, attempt) ||
            (maxAttempts >= 0 && attempt > maxAttempts))
        {
            if (!userClosed)
            {
                giveUp(attempt - 1, closeStatus);
            }
            terminate(closeStatus);
            return;
        }
        gate.close();
        scheduleReconnect(attempt, closeStatus);
    }

    private void scheduleReconnect(final int attempt, final CloseStatus closeStatus)
    {
        reconnectAttempt = attempt;
        status = ConnectionStatus.RECONNECTING;
        final long delayMs = Math.max(0L,
            errorHandler.reconnectDelayMs(closeStatus, attempt, backoff.delayMs(attempt)));
        log(LoggingHandler.Level.INFO, "reconnecting", Map.of("id", id, "attempt", attempt, "delayMs", delayMs));
        fire(listener -> listener.onReconnecting(this, attempt, delayMs));
        TIMER.schedule(() -> onEventThread(this::reconnect), delayMs, TimeUnit.MILLISECONDS);
    }

    private void reconnect()
    {
        if (userClosed)
        {
            terminate(new CloseStatus(DisconnectReason.LOCAL_CLOSE, CloseCodes.NORMAL, "closed while reconnecting",
                null));
            return;
        }
        connector.connect(url, webSocketOptions, messagePath).whenCompleteAsync((ws, error) ->
        {
            if (status == ConnectionStatus.CLOSED)
            {
                return;
            }
            if (error != null)
            {
                final CloseStatus failed = new CloseStatus(DisconnectReason.IO_ERROR, CloseCodes.ABNORMAL_CLOSURE,
                    "reconnect failed: " + error.getMessage(), error);
                final int next = reconnectAttempt + 1;
                final int maxAttempts = options.get(Option.RETRY_ATTEMPTS);
                if (userClosed || !errorHandler.shouldReconnect(failed, next) ||
                    (maxAttempts >= 0 && next > maxAttempts))
                {
                    if (!userClosed)
                    {
                        giveUp(next - 1, failed);
                    }
                    terminate(failed);
                }
                else
                {
                    scheduleReconnect(next, failed);
                }
                return;
            }
            if (!adopt(ws))
            {
                // Closed before this ran: its close (already handled or queued) decides what follows.
                return;
            }
            status = ConnectionStatus.CONNECTED;
            connectedAtNs = System.nanoTime();
            connectionHandler.onConnect(this);
            restore().whenCompleteAsync((ignore, restoreError) ->
            {
                if (ws != webSocket)
                {
                    // Dropped again before the restore finished: the next reconnect restores and reports.
                    return;
                }
                metrics.onReconnected(id, reconnectAttempt, System.nanoTime() - disconnectedAtNs);
                log(LoggingHandler.Level.INFO, "reconnected", Map.of("id", id));
                gate.open();
                fire(listener -> listener.onReconnected(this));
            }, eventExecutor);
        }, eventExecutor);
    }

    /**
     * After a reconnect: authenticate again if the connection was authenticated, then re-subscribe every pending
     * and confirmed subscription; a subscription that fails is reported on its own and the rest still restore.
     */
    private CompletableFuture<Void> restore()
    {
        final Credentials restoreWith = credentials;
        final CompletableFuture<?> auth = restoreWith == null ? CompletableFuture.completedFuture(null) :
            authenticate(restoreWith).exceptionally(error ->
            {
                errorHandler.onError(ErrorHandler.Category.AUTH, "re-authentication after reconnect failed", error);
                metrics.onError(id, ErrorHandler.Category.AUTH);
                fire(listener -> listener.onError(this, "re-authentication after reconnect failed", error));
                return null;
            });
        return auth.thenComposeAsync(ignore -> subscriptions.restore(), eventExecutor);
    }

    private void giveUp(final int attempts, final CloseStatus last)
    {
        log(LoggingHandler.Level.WARN, "gave_up", Map.of("id", id, "attempts", attempts, "status", last.toString()));
        fire(listener -> listener.onGaveUp(this, attempts, last));
    }

    private void terminate(final CloseStatus closeStatus)
    {
        final WebSocket late;
        lifecycleLock.lock();
        try
        {
            if (status == ConnectionStatus.CLOSED)
            {
                return;
            }
            status = ConnectionStatus.CLOSED;
            late = webSocket;
            webSocket = null;
        }
        finally
        {
            lifecycleLock.unlock();
        }
        if (late != null && late.state() != WebSocket.State.CLOSED)
        {
            // Ended while a socket was still open (a give-up or a close racing a connect): never leak it.
            late.close(CloseCodes.NORMAL, "");
        }
        requests.failAll(RequestException.Kind.DISCONNECTED, "connection " + id + " closed");
        rateLimitQueue.failAll(RequestException.Kind.DISCONNECTED, "connection " + id + " closed");
        failPings();
        subscriptions.onClosed(userClosed);
        log(LoggingHandler.Level.INFO, "closed", Map.of("id", id, "status", closeStatus.toString()));
        gate.open();
        fire(listener -> listener.onClosed(this, closeStatus));
        started.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Kind.IO, 0,
            "connection " + id + " closed before it was set up: " + closeStatus, closeStatus.cause()));
        closeFuture.complete(closeStatus);
        events.shutdown();
    }

    private void failPings()
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

    void fire(final Consumer<ConnectionListener> event)
    {
        for (final ConnectionListener listener : listeners)
        {
            try
            {
                event.accept(listener);
            }
            catch (final Throwable error)
            {
                listenerErrors.increment();
                errorHandler.onError(ErrorHandler.Category.APPLICATION, "listener threw " +
                    error.getClass().getName(), error);
            }
        }
    }

    /**
     * Listener exceptions caught so far.
     *
     * @return the count.
     */
    public long listenerErrors()
    {
        return listenerErrors.get();
    }

    /**
     * Subscribe requests retried after a temporary failure (timeout, rate limit, send failure, temporary refusal).
     *
     * @return the count.
     */
    public long subscriptionRetries()
    {
        return subscriptions.retries().get();
    }

    /**
     * Subscriptions the venue refused for good.
     *
     * @return the count.
     */
    public long subscriptionRefusals()
    {
        return subscriptions.refusals().get();
    }

    /**
     * Warnings that credentials were used over a plain {@code ws://} URL to a host other than loopback (at most one
     * per connection).
     *
     * @return the count, 0 or 1.
     */
    public long plaintextCredentialWarnings()
    {
        return plaintextCredentialWarnings.get();
    }

    private void warnIfPlaintext()
    {
        if (!url.secure() && !isLoopback(url.host()) && plaintextCredentialsWarned.compareAndSet(false, true))
        {
            plaintextCredentialWarnings.increment();
            log(LoggingHandler.Level.WARN, "credentials_over_plaintext", Map.of("id", id, "host", url.host(),
                "advice", "use wss://: the client secret or its signature travels unencrypted"));
        }
    }

    static boolean isLoopback(final String host)
    {
        final String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1") ||
            bare.equals("0:0:0:0:0:0:0:1");
    }

    /**
     * Responses that arrived after their request timed out (or with an unknown id), dropped.
     *
     * @return the count.
     */
    public long lateResponses()
    {
        return requests.lateResponses().get();
    }

    /**
     * Malformed messages dropped on the message path.
     *
     * @return the count (written by the message thread).
     */
    public long malformedMessages()
    {
        return messagePath.malformedMessages().get();
    }

    private void log(final LoggingHandler.Level level, final String event, final Map<String, ?> fields)
    {
        try
        {
            logging.log(level, event, fields);
        }
        catch (final Throwable ignore)
        {
            // logging must never break the connection
        }
    }

    @Override
    public FaultCounters faultCounters()
    {
        return faultCounters;
    }

    @Override
    public String toString()
    {
        return "Connection{id=" + id + ", url=" + url + ", status=" + status + ", adapter=" + adapter.name() + "}";
    }

    /**
     * The reusable request envelope, written under the JSON lock.
     */
    private final class RequestPayload implements JsonPayload
    {
        long id;
        String method;
        JsonPayload params;

        @Override
        public void writeTo(final JsonEncoder encoder)
        {
            messageHandler.encodeRequest(id, method, params, encoder);
        }
    }
}
