package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;

import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.runtime.EngineTime;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The authentication of one connection: authenticate with credentials, refresh the session before it expires (on
 * the socket it was authenticated on), authenticate again with the same credentials after a reconnect, and warn
 * once when credentials travel over plain {@code ws://} to a host other than loopback. Answers are handled on the
 * event executor.
 */
final class AuthSession
{
    private final long id;
    private final WsUrl url;
    private final EngineTime time;
    private final ConnectionState state;
    private final AuthHandler authHandler;
    private final FailurePolicy failurePolicy;
    private final MetricsCollector metrics;
    private final ConnectionLog log;
    private final Listeners listeners;
    private final Requester requester;
    private final Executor events;
    private final EventCounter plaintextCredentialWarnings = new EventCounter();
    private final AtomicBoolean plaintextCredentialsWarned = new AtomicBoolean();
    private volatile boolean authenticated;
    private volatile Credentials credentials;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param id         the connection id.
     * @param url        where the connection goes (plaintext warning).
     * @param time       clock (round trip) and timer (refresh).
     * @param state      the current socket and status.
     * @param behaviours auth and failure policies, metrics.
     * @param log        the connection's log.
     * @param listeners  told {@code onAuthenticated} and re-authentication failures.
     * @param requester  sends the auth requests.
     * @param events     the connection's event executor.
     */
    AuthSession(
        final long id,
        final WsUrl url,
        final EngineTime time,
        final ConnectionState state,
        final Behaviours behaviours,
        final ConnectionLog log,
        final Listeners listeners,
        final Requester requester,
        final Executor events)
    {
        this.id = id;
        this.url = url;
        this.time = time;
        this.state = state;
        this.authHandler = behaviours.authHandler();
        this.failurePolicy = behaviours.failurePolicy();
        this.metrics = behaviours.metricsCollector();
        this.log = log;
        this.listeners = listeners;
        this.requester = requester;
        this.events = events;
    }

    boolean isAuthenticated()
    {
        return authenticated;
    }

    /**
     * The socket dropped: the session went with it (event thread).
     */
    void onDropped()
    {
        authenticated = false;
    }

    /**
     * Authenticates on the current socket.
     *
     * @return completes (on the event executor) once the venue accepted the credentials; fails with the request's
     *         failure or {@code AUTH_FAILED}.
     */
    CompletableFuture<Void> authenticate(final Credentials credentials)
    {
        warnIfPlaintext();
        final long startNs = time.nanoTime();
        return requester.request(authHandler.authMethod(), authHandler.authParams(credentials), Operation.AUTH)
            .thenApplyAsync(response ->
            {
                final AuthHandler.AuthResult result = authHandler.onAuthResponse(response);
                if (!result.success())
                {
                    authenticated = false;
                    log.log(LoggingHandler.Level.WARN, "auth_failed", Map.of("id", id, "code", result.errorCode()));
                    metrics.onError(id, FailurePolicy.Category.AUTH);
                    throw new RequestException(RequestException.Kind.AUTH_FAILED, result.errorCode(),
                        "authentication refused" + (result.errorMessage() == null ? "" : ": " + result.errorMessage()));
                }
                this.credentials = credentials;
                authenticated = true;
                metrics.onAuthenticated(id, time.nanoTime() - startNs);
                log.log(LoggingHandler.Level.INFO, "authenticated", Map.of("id", id));
                scheduleRefresh(state.webSocket(), result);
                listeners.fire((listener, connection) -> listener.onAuthenticated(connection));
                return null;
            }, events);
    }

    /**
     * After a reconnect: authenticates again with the credentials that last succeeded, if any; a failure is
     * reported and the restore goes on.
     *
     * @return completes (never exceptionally) when done.
     */
    CompletableFuture<?> restore()
    {
        final Credentials restoreWith = credentials;
        if (restoreWith == null)
        {
            return CompletableFuture.completedFuture(null);
        }
        return authenticate(restoreWith).exceptionally(error ->
        {
            failurePolicy.onError(FailurePolicy.Category.AUTH, "re-authentication after reconnect failed", error);
            metrics.onError(id, FailurePolicy.Category.AUTH);
            listeners.fire((listener, connection) ->
                listener.onError(connection, "re-authentication after reconnect failed", error));
            return null;
        });
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
        final long delayMs = refreshDelayMs(expiresInMs, authHandler.refreshLeadMs());
        time.timer().schedule(() -> onEvents(() -> refresh(authenticatedOn, result)), delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * When to refresh a session that expires in {@code expiresInMs}.
     */
    static long refreshDelayMs(final long expiresInMs, final long leadMs)
    {
        return expiresInMs > 2 * leadMs ? expiresInMs - leadMs : expiresInMs / 2;
    }

    private void onEvents(final Runnable task)
    {
        events.execute(task);
    }

    /**
     * Refreshes the session on the WebSocket it was authenticated on (a reconnect re-authenticates and schedules
     * its own refresh); a refused refresh falls back to authenticating with the credentials.
     */
    private void refresh(final WebSocket authenticatedOn, final AuthHandler.AuthResult previous)
    {
        if (state.webSocket() != authenticatedOn || !authenticated || state.status() != ConnectionStatus.CONNECTED)
        {
            return;
        }
        requester.request(authHandler.authMethod(), authHandler.refreshParams(previous), Operation.AUTH)
            .whenCompleteAsync((response, error) ->
            {
                if (state.webSocket() != authenticatedOn)
                {
                    return;
                }
                final AuthHandler.AuthResult result = error == null ? authHandler.onAuthResponse(response) : null;
                if (result != null && result.success())
                {
                    log.log(LoggingHandler.Level.INFO, "auth_refreshed", Map.of("id", id));
                    scheduleRefresh(authenticatedOn, result);
                    return;
                }
                log.log(LoggingHandler.Level.WARN, "auth_refresh_failed", Map.of("id", id, "code",
                    result == null ? 0 : result.errorCode()));
                final Credentials fallback = credentials;
                if (fallback != null)
                {
                    authenticate(fallback);
                }
            }, events);
    }

    /**
     * Warns (log event {@code credentials_over_plaintext}) at most once per connection when credentials are used
     * over a plain {@code ws://} URL to a host other than loopback.
     */
    void warnIfPlaintext()
    {
        if (!url.secure() && !isLoopback(url.host()) && plaintextCredentialsWarned.compareAndSet(false, true))
        {
            plaintextCredentialWarnings.increment();
            log.log(LoggingHandler.Level.WARN, "credentials_over_plaintext", Map.of("id", id, "host", url.host(),
                "advice", "use wss://: the client secret or its signature travels unencrypted"));
        }
    }

    static boolean isLoopback(final String host)
    {
        final String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1") ||
            bare.equals("0:0:0:0:0:0:0:1");
    }

    EventCounter plaintextCredentialWarnings()
    {
        return plaintextCredentialWarnings;
    }
}
