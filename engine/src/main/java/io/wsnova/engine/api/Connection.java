package io.wsnova.engine.api;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection built from an adapter ({@code io.wsnova.engine.Adapter}): one stable handle for the
 * connection's whole life. Its {@link #id()} never changes across reconnects, so callers never hold a stale handle.
 * <p>
 * Send methods may be called from any thread and return a send result (bytes written, or a negative
 * {@link WebSocket} code such as {@link WebSocket#NOT_CONNECTED}). Requests are matched to their responses by id
 * and bounded by the request timeout; their futures complete on the connection's event thread, never on the
 * reader.
 */
public interface Connection extends AutoCloseable
{
    /**
     * The stable id.
     *
     * @return the id, unique in this process.
     */
    long id();

    /**
     * The current lifecycle status.
     *
     * @return the status.
     */
    ConnectionStatus status();

    /**
     * Whether the current WebSocket is authenticated.
     *
     * @return true after a successful authentication on the current WebSocket.
     */
    boolean isAuthenticated();

    /**
     * Sends a text message.
     *
     * @param text the message.
     * @return bytes written or a negative send result.
     */
    int sendText(CharSequence text);

    /**
     * Sends a binary message.
     *
     * @param buffer holds the payload.
     * @param offset start.
     * @param length length.
     * @return bytes written or a negative send result.
     */
    int sendBinary(DirectBuffer buffer, int offset, int length);

    /**
     * Sends JSON encoded straight into the send buffer (no intermediate String).
     *
     * @param payload writes the JSON value.
     * @return bytes written or a negative send result.
     */
    int sendJson(JsonPayload payload);

    /**
     * Sends a request and matches its response by id.
     *
     * @param method the method.
     * @param params the params (Map, Collection, String, Number, Boolean, nested), or null.
     * @return completes with the response (also when the venue answered with an error object: see
     *         {@link Response#isError()}), or exceptionally with a {@link RequestException}: TIMEOUT,
     *         DISCONNECTED, NOT_CONNECTED, RATE_LIMITED, SEND_FAILED.
     */
    CompletableFuture<Response> request(String method, Map<String, ?> params);

    /**
     * Sends a request whose params are written straight into the send buffer, costed as {@code operation}.
     *
     * @param method    the method.
     * @param params    writes the params value, or null.
     * @param operation the operation, for rate limiting.
     * @return as {@link #request(String, Map)}.
     */
    CompletableFuture<Response> request(String method, JsonPayload params, Operation operation);

    /**
     * Subscribes to a channel; idempotent (subscribing again to a pending or confirmed channel returns it). A
     * subscription requested while the connection is reconnecting, or in flight when it drops, stays pending and
     * is sent when the connection is restored; it fails only when the connection ends for good.
     *
     * @param channel the channel.
     * @param params  extra params, or null.
     * @return completes with the confirmed subscription, or exceptionally with a {@link RequestException} when the
     *         venue refuses it for good (REMOTE_ERROR, with the venue's message) or the connection ends first
     *         (DISCONNECTED); cancelled when the user unsubscribes before the venue answered. Temporary failures
     *         (timeout, rate limit) are retried with backoff and never complete it.
     */
    CompletableFuture<Subscription> subscribe(String channel, Map<String, ?> params);

    /**
     * Unsubscribes from a channel.
     *
     * @param channel the channel.
     * @return completes when the venue confirmed, or exceptionally.
     */
    CompletableFuture<Subscription> unsubscribe(String channel);

    /**
     * Starts a subscribed channel over on the venue (an unsubscribe then a subscribe on the wire, e.g. for a fresh
     * book snapshot after a gap) without changing what the user asked for: the channel stays wanted, goes
     * {@link Subscription.State#PENDING} until the venue confirms again, and a subscribe future still waiting is
     * completed by that confirmation, never cancelled. Adapters use this, not {@link #unsubscribe} plus
     * {@link #subscribe}, which would cancel the user's future. While reconnecting it does nothing more: the
     * restore subscribes afresh.
     * <p>
     * A resubscribe of a channel whose previous resubscribe is not answered yet (sent, queued behind the rate
     * limiter, being retried, or waiting for the restore after a drop) joins it: nothing more is sent, the same
     * future is returned, and {@link FaultCounters#resubscribesJoined()} counts the call. So an adapter may call this
     * on every sequence gap, however fast gaps arrive: one unsubscribe and one subscribe per answer reach the wire,
     * never a growing queue. Once the answer has arrived (the future is done), the next call sends a new pair.
     *
     * @param channel the channel.
     * @return completes with the confirmed subscription (the same future for joined calls, completed by the venue's
     *         confirmation, its final refusal or the end of the connection, as for a subscribe); fails with
     *         SEND_FAILED when the channel is not subscribed.
     */
    CompletableFuture<Subscription> resubscribe(String channel);

    /**
     * The subscription of a channel.
     *
     * @param channel the channel.
     * @return the subscription, or null when never subscribed.
     */
    Subscription subscription(String channel);

    /**
     * All subscriptions that are pending or confirmed.
     *
     * @return a snapshot.
     */
    Collection<Subscription> activeSubscriptions();

    /**
     * Every subscription this connection knows, in any state (pending, confirmed, failed, unsubscribed).
     *
     * @return a snapshot.
     */
    Collection<Subscription> subscriptions();

    /**
     * Authenticates with the auth handler; on success the connection re-authenticates after every reconnect.
     *
     * @param credentials the credentials.
     * @return completes when authenticated, or exceptionally with AUTH_FAILED (or another kind).
     */
    CompletableFuture<Connection> authenticate(Credentials credentials);

    /**
     * Sends a ping.
     *
     * @return completes with the round-trip time in nanoseconds, or exceptionally on timeout or disconnect.
     */
    CompletableFuture<Long> ping();

    /**
     * In {@link IoMode#POLL}: the agent the application calls {@code doWork()} on from its own loop. It stays the
     * same across reconnects (it drives whichever WebSocket is current) and does nothing while reconnecting.
     *
     * @return the agent.
     * @throws IllegalStateException when the connection is not in POLL mode.
     */
    Agent pollAgent();

    /**
     * Adds a listener. A listener added after connect misses {@code onConnected}; give it in the options
     * ({@link NovaOptions.Builder#listeners}) to see every event.
     *
     * @param listener the listener.
     */
    void addListener(ConnectionListener listener);

    /**
     * Removes a listener.
     *
     * @param listener the listener.
     */
    void removeListener(ConnectionListener listener);

    /**
     * Completes when the connection has reached {@link ConnectionStatus#CLOSED}.
     *
     * @return the future, with the last WebSocket's close status.
     */
    CompletableFuture<CloseStatus> closeFuture();

    /**
     * Drops the current socket (close 1001 with the reason, bounded by the close timeout) and reconnects through
     * the normal backoff and restore, as after a network failure; the disconnect is reported with
     * {@link DisconnectReason#RECONNECT_REQUESTED}. Used by an adapter to escalate what retrying on the same socket
     * could not fix. Does nothing while not {@link ConnectionStatus#CONNECTED} or after {@link #close()}.
     *
     * @param reason why, for the close frame, the logs and the disconnect event (at most 123 UTF-8 bytes are sent).
     */
    void reconnect(String reason);

    /**
     * What this connection absorbed without failing (malformed messages, late responses, listener errors,
     * subscription retries and refusals), counted across reconnects and readable from any thread.
     *
     * @return the counters, the same object for the connection's whole life.
     */
    FaultCounters faultCounters();

    /**
     * Closes normally (1000); no reconnection follows. Idempotent.
     */
    @Override
    void close();
}
