package io.wsnova.engine.client;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.FaultCounters;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.JsonValues;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.runtime.EngineTime;
import io.wsnova.engine.telemetry.ConnectionTelemetry;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.transport.Connector;
import io.wsnova.engine.transport.WebSocketOptions;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.Collection;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The {@link Connection} implementation: one stable object over a succession of WebSockets, and a thin facade over
 * the parts that do the work, each owned by this object and knowing nothing of it: the {@link RequestPipeline}
 * (sends, requests, rate limiting), the {@link AuthSession}, the {@link PingTracker}, the {@link Subscriptions},
 * the {@link ReconnectController} (first connect, drops, reconnects, restore, give-up, end), the
 * {@link Listeners} fan-out and the {@link MessagePath}. Engine-internal; applications get it from
 * {@code Nova.connect}.
 * <p>
 * Threads: messages arrive on the {@link MessagePath} (reader or queued handler thread); sends come from any
 * thread; lifecycle work (listeners, future completion, reconnection, restore) runs on this connection's event
 * executor, a single virtual thread, so listeners see events in order and never run on the reader. Time (clocks
 * and the one timer) comes from the {@link EngineTime} of the runtime that made the connection.
 */
public final class ClientConnection implements Connection
{
    /**
     * Starts a connection's event executor.
     */
    @FunctionalInterface
    interface EventThread
    {
        /**
         * One virtual thread, recorded by the gate (which must never make it wait).
         */
        EventThread VIRTUAL = (id, gate) -> Executors.newSingleThreadExecutor(
            gate.recording(Thread.ofVirtual().name("wsnova-events-" + id).factory()));

        ExecutorService start(long id, ReconnectGate gate);
    }

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String adapterName;
    private final NovaOptions options;
    private final WsUrl url;
    private final WebSocketOptions webSocketOptions;
    private final Behaviours behaviours;
    final MetricsCollector metrics;
    final AppHeartbeatRunner appHeartbeat;
    private final FaultCounters faultCounters;
    private final ExecutorService events;
    /** The event thread, or the calling thread once it has shut down: completions scheduled here never get lost. */
    private final Executor eventExecutor = this::onEventThread;
    private final ConnectionState state = new ConnectionState();
    private final Listeners listeners;
    private final RequestPipeline pipeline;
    private final PingTracker pings;
    private final AuthSession auth;
    private final Subscriptions subscriptions;
    private final ReconnectController controller;
    private final MessagePath messagePath;
    private final Function<WebSocketHandler, CompletableFuture<WebSocket>> connector;

    private final Agent pollAgent;

    /**
     * Creates a connection from resolved behaviours and resolved, validated options. Engine-internal.
     *
     * @param behaviours the resolved behaviours (options over adapter), each factory called once.
     * @param options    the resolved options.
     * @param time       the runtime's clocks and timer.
     * @param connector  the runtime's transport, which opens each WebSocket.
     * @param telemetry  the runtime's telemetry, where the connection registers its metrics.
     */
    public ClientConnection(
        final Behaviours behaviours,
        final NovaOptions options,
        final EngineTime time,
        final Connector connector,
        final Telemetry telemetry)
    {
        this(behaviours, options, time, EventThread.VIRTUAL,
            handler -> connector.connect(options.url(), WebSocketOptions.from(options), handler),
            new SplittableRandom(), telemetry);
    }

    /**
     * The test seam: any event executor, any connector (a fake without sockets), any randomness for the jitter.
     */
    ClientConnection(
        final Behaviours resolved,
        final NovaOptions options,
        final EngineTime time,
        final EventThread eventThread,
        final Function<WebSocketHandler, CompletableFuture<WebSocket>> connector,
        final SplittableRandom random)
    {
        this(resolved, options, time, eventThread, connector, random, Telemetry.global());
    }

    private ClientConnection(
        final Behaviours resolved,
        final NovaOptions options,
        final EngineTime time,
        final EventThread eventThread,
        final Function<WebSocketHandler, CompletableFuture<WebSocket>> connector,
        final SplittableRandom random,
        final Telemetry telemetry)
    {
        this.connector = connector;
        this.pollAgent = new PollAgent(id, state);
        this.adapterName = resolved.adapterName();
        this.options = options;
        this.url = options.url();
        this.webSocketOptions = WebSocketOptions.from(options);
        this.metrics = telemetry.register(id, resolved.metricsCollector(), options);
        this.behaviours = resolved.withMetricsCollector(metrics);
        final long requestTimeoutMs = options.get(Option.REQUEST_TIMEOUT_MS);
        final long baseMs = options.get(Option.RECONNECT_BASE_DELAY_MS);
        final long maxMs = options.get(Option.RECONNECT_MAX_DELAY_MS);
        final ReconnectGate gate = new ReconnectGate(options.get(Option.RECONNECT_SEND_WAIT_MS), time.timer());
        this.events = eventThread.start(id, gate);
        this.listeners = new Listeners(this, behaviours.failurePolicy());
        final ConnectionLog log = new ConnectionLog(behaviours.loggingHandler());
        this.pipeline = new RequestPipeline(id, time, requestTimeoutMs, state, gate, behaviours,
            new RequestPipeline.Callbacks()
            {
                @Override
                public void onRequestTimeout(final String description)
                {
                    onEventThread(() -> behaviours.connectionHandler().onTimeout(ClientConnection.this, description));
                }

                @Override
                public void onVenueRateLimited()
                {
                    controller.onVenueRateLimited();
                }
            }, eventExecutor);
        this.pings = new PingTracker(time.timer(), eventExecutor, requestTimeoutMs);
        this.auth = new AuthSession(id, url, time, state, behaviours, log, listeners, pipeline::request,
            eventExecutor);
        this.subscriptions = new Subscriptions(id, behaviours, pipeline::request, listeners, eventExecutor,
            time.timer(), new Backoff(baseMs, maxMs, options.get(Option.RECONNECT_JITTER), random.split()));
        final RetryRule retryRule = new RetryRule(options.get(Option.RETRY_ATTEMPTS),
            options.get(Option.CONNECT_RETRY_ATTEMPTS),
            TimeUnit.MILLISECONDS.toNanos(options.get(Option.RECONNECT_RESET_AFTER_MS)),
            new Backoff(baseMs, maxMs, options.get(Option.RECONNECT_JITTER), random.split()),
            behaviours.failurePolicy());
        this.controller = new ReconnectController(id, url, this, time, state, behaviours, log, listeners, gate,
            retryRule, this::dial, new PartSteps(options.get(Option.CREDENTIALS), pipeline, pings, auth, subscriptions,
            eventExecutor), eventExecutor, events::shutdown);
        final AppHeartbeatRunner appHeartbeat = AppHeartbeatRunner.of(behaviours.connectionHandler().appHeartbeat(),
            time, behaviours.rateLimitHandler(), behaviours.loggingHandler(), metrics, id);
        this.messagePath = new MessagePath(this, id, behaviours, time.nanoClock(), state, pipeline, pings, listeners,
            controller, appHeartbeat);
        this.appHeartbeat = appHeartbeat;
        this.faultCounters = new FaultCounters(messagePath.malformedMessages(), pipeline.lateResponses(),
            listeners.errors(), subscriptions.retries(), subscriptions.refusals(), auth.plaintextCredentialWarnings(),
            subscriptions.resubscribesJoined());
        final ConnectionTelemetry connectionTelemetry = messagePath.telemetry();
        if (connectionTelemetry != null)
        {
            controller.closeFuture().whenComplete((status, error) -> connectionTelemetry.close());
        }
        listeners.addAll(options.get(Option.LISTENERS));
    }

    private CompletableFuture<WebSocket> dial()
    {
        return connector.apply(messagePath);
    }

    /**
     * The auth handler in use, for tests and diagnostics.
     *
     * @return the auth handler.
     */
    public AuthHandler authHandler()
    {
        return behaviours.authHandler();
    }

    /**
     * The message handler in use.
     *
     * @return the handler.
     */
    public MessageHandler messageHandler()
    {
        return behaviours.messageHandler();
    }

    /**
     * Opens the first WebSocket, then authenticates when credentials are set. A failure that retrying can fix (a
     * refused or reset TCP connect, a timeout, an upgrade answered 429 or 5xx, the socket closed during set-up in a
     * way the failure policy reconnects after, e.g. a venue's rate-limit close) is retried with the reconnect
     * backoff, at most min({@code retryAttempts}, {@code connectRetryAttempts}) times; one it cannot fix (invalid
     * options, DNS, TLS, an upgrade rejected with another 4xx or an invalid 101, refused credentials) fails the
     * future at once.
     *
     * @return completes with this connection once open (and authenticated).
     */
    public CompletableFuture<Connection> start()
    {
        behaviours.connectionHandler().init(this);
        if (options.get(Option.CREDENTIALS) != null)
        {
            auth.warnIfPlaintext();
        }
        return controller.start();
    }

    @Override
    public long id()
    {
        return id;
    }

    @Override
    public ConnectionStatus status()
    {
        return state.status();
    }

    @Override
    public boolean isAuthenticated()
    {
        return auth.isAuthenticated();
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
        return state.webSocket();
    }

    Behaviours behaviours()
    {
        return behaviours;
    }

    MessagePath messagePath()
    {
        return messagePath;
    }

    long sendFireAndForget(final String method, final JsonPayload params)
    {
        return pipeline.sendFireAndForget(method, params);
    }

    @Override
    public int sendText(final CharSequence text)
    {
        return pipeline.sendText(text);
    }

    @Override
    public int sendBinary(final DirectBuffer buffer, final int offset, final int length)
    {
        return pipeline.sendBinary(buffer, offset, length);
    }

    @Override
    public int sendJson(final JsonPayload payload)
    {
        return pipeline.sendJson(payload);
    }

    @Override
    public CompletableFuture<Response> request(final String method, final Map<String, ?> params)
    {
        return request(method, params == null ? null : JsonValues.object(params), Operation.QUERY);
    }

    @Override
    public CompletableFuture<Response> request(final String method, final JsonPayload params, final Operation operation)
    {
        return pipeline.request(method, params, operation);
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
    private void onEventThread(final Runnable task)
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
        return auth.authenticate(credentials).thenApply(ignore -> this);
    }

    @Override
    public CompletableFuture<Long> ping()
    {
        final WebSocket ws = state.webSocket();
        if (ws == null)
        {
            return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.NOT_CONNECTED, 0,
                "connection " + id + " is " + state.status()));
        }
        return pings.ping(ws);
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
        return controller.closeFuture();
    }

    @Override
    public void reconnect(final String reason)
    {
        controller.requestReconnect(reason);
    }

    @Override
    public void close()
    {
        controller.close(CloseCodes.NORMAL, "");
    }

    /**
     * Listener exceptions caught so far.
     *
     * @return the count.
     */
    public long listenerErrors()
    {
        return listeners.errors().get();
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
        return auth.plaintextCredentialWarnings().get();
    }

    /**
     * Responses that arrived after their request timed out (or with an unknown id), dropped.
     *
     * @return the count.
     */
    public long lateResponses()
    {
        return pipeline.lateResponses().get();
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

    @Override
    public FaultCounters faultCounters()
    {
        return faultCounters;
    }

    @Override
    public String toString()
    {
        return "Connection{id=" + id + ", url=" + url + ", status=" + state.status() + ", adapter=" + adapterName +
            "}";
    }
}
