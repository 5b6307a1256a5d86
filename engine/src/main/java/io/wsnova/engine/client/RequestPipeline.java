package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.runtime.EngineTime;
import org.agrona.DirectBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The send and request pipeline of one connection: sends, request ids and the pending table ({@link Requests}),
 * the rate limiter with its {@code QUEUE} ({@link RateLimitQueue}) and {@code WAIT} ({@link RateLimitWait})
 * policies, the reconnect gate's bounded waits, and the matching of responses.
 * <p>
 * Threads: sends and requests from any thread; {@link #onResponse} on the message thread; futures complete on the
 * event executor.
 */
final class RequestPipeline
{
    /**
     * What the pipeline tells its connection.
     */
    interface Callbacks
    {
        /**
         * A request timed out (event thread).
         *
         * @param description "request ID METHOD".
         */
        void onRequestTimeout(String description);

        /**
         * The venue answered a request with its rate-limit error (message thread).
         */
        void onVenueRateLimited();
    }

    private final long id;
    private final EngineTime time;
    private final long requestTimeoutMs;
    private final ConnectionState state;
    private final ReconnectGate gate;
    private final MessageHandler messageHandler;
    private final FailurePolicy failurePolicy;
    private final RateLimitHandler rateLimitHandler;
    private final MetricsCollector metrics;
    private final Callbacks callbacks;
    private final Executor events;
    private final Requests requests;
    private final RateLimitQueue rateLimitQueue;
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

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param id               the connection id (messages and metrics).
     * @param time             clock and timer (request timeouts, queue drains, limiter checks).
     * @param requestTimeoutMs the timeout of every request, queued time included.
     * @param state            the current socket and status.
     * @param gate             the reconnect gate sends wait at.
     * @param behaviours       message, error and rate-limit handlers and the metrics collector.
     * @param callbacks        timeouts and venue rate-limit errors.
     * @param events           the connection's event executor (completions).
     */
    RequestPipeline(
        final long id,
        final EngineTime time,
        final long requestTimeoutMs,
        final ConnectionState state,
        final ReconnectGate gate,
        final Behaviours behaviours,
        final Callbacks callbacks,
        final Executor events)
    {
        this.id = id;
        this.time = time;
        this.requestTimeoutMs = requestTimeoutMs;
        this.state = state;
        this.gate = gate;
        this.messageHandler = behaviours.messageHandler();
        this.failurePolicy = behaviours.failurePolicy();
        this.rateLimitHandler = behaviours.rateLimitHandler();
        this.metrics = behaviours.metricsCollector();
        this.callbacks = callbacks;
        this.events = events;
        this.requests = new Requests(events, time.timer());
        this.rateLimitQueue = new RateLimitQueue(id, metrics,
            entry -> sendAllowed(entry.method(), entry.params(), entry.operation(), entry.future()),
            rateLimitHandler, (task, delayNs) -> time.timer().schedule(task, delayNs, TimeUnit.NANOSECONDS),
            events, time.nanoClock());
    }

    /**
     * The current WebSocket; while reconnecting, waits (bounded by {@code reconnectSendWaitMs}) for the next one.
     */
    private WebSocket liveWebSocket()
    {
        final WebSocket ws = state.webSocket();
        if (ws != null || state.status() != ConnectionStatus.RECONNECTING || !gate.await())
        {
            return ws;
        }
        return state.webSocket();
    }

    int sendText(final CharSequence text)
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

    int sendBinary(final DirectBuffer buffer, final int offset, final int length)
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

    int sendJson(final JsonPayload payload)
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

    CompletableFuture<Response> request(final String method, final JsonPayload params, final Operation operation)
    {
        if (state.status() == ConnectionStatus.RECONNECTING && operation != Operation.AUTH &&
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
        final ConnectionStatus status = state.status();
        if (state.webSocket() == null || (status != ConnectionStatus.CONNECTED && operation != Operation.AUTH &&
            operation != Operation.SUBSCRIBE))
        {
            return CompletableFuture.failedFuture(new RequestException(RequestException.Kind.NOT_CONNECTED, 0,
                "connection " + id + " is " + status));
        }
        if (rateLimitQueue.blocks(operation))
        {
            return enqueue(method, params, operation, future);
        }
        int verdict = rateLimitHandler.check(operation, time.nanoTime());
        if (verdict == RateLimitHandler.WAIT)
        {
            metrics.onRateLimitEvent(id, MetricsCollector.RateLimitEvent.WAITED, operation);
            verdict = RateLimitWait.await(rateLimitHandler, operation, time.nanoClock());
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
        final long deadlineNs = time.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
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
    private void sendAllowed(
        final String method,
        final JsonPayload params,
        final Operation operation,
        final CompletableFuture<Response> future)
    {
        final long requestId = requests.nextId();
        requests.register(requestId, method, operation, future, requestTimeoutMs,
            () -> callbacks.onRequestTimeout("request " + requestId + " " + method));
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
        rateLimitHandler.charge(Operation.QUERY, time.nanoTime());
        final long requestId = requests.nextId();
        requests.register(requestId, method, null, requestTimeoutMs, () -> { });
        final int sent = sendRequest(requestId, method, params);
        return sent > 0 ? requestId : sent;
    }

    private int sendRequest(final long requestId, final String method, final JsonPayload params)
    {
        // The socket is taken before the lock and never waited for: a wait at the reconnect gate while holding
        // the JSON lock would block the restore that opens the gate.
        final WebSocket ws = state.webSocket();
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
            failurePolicy.onError(FailurePolicy.Category.PROTOCOL, "late or unknown response dropped", null);
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
            failurePolicy.onErrorResponse(pending.method, response.errorCode(), response.errorMessage());
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
            callbacks.onVenueRateLimited();
            metrics.onError(id, FailurePolicy.Category.RATE_LIMIT);
            rateLimitHandler.onVenueRateLimited(operation, time.nanoTime());
        }
    }

    /**
     * Fails every in-flight and queued request at once (the connection dropped or ended).
     */
    void failAll(final String message)
    {
        requests.failAll(RequestException.Kind.DISCONNECTED, message);
        rateLimitQueue.failAll(RequestException.Kind.DISCONNECTED, message);
    }

    EventCounter lateResponses()
    {
        return requests.lateResponses();
    }

    int inFlight()
    {
        return requests.inFlight();
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
