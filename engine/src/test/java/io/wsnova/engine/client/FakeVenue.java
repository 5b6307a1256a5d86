package io.wsnova.engine.client;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.ConnectionCounters;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.FakeClock;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A venue without sockets for fake-clock tests: it is the connection's connector (each dial opens a
 * {@link Socket} at once, or fails as planned), records every frame the client sends with the time it was sent,
 * and answers requests through a replaceable function, delivering each answer as a task on the {@link FakeClock}
 * (so it arrives on the next {@code advance}, never inside the send). Test-only.
 */
final class FakeVenue
{
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * One frame the client sent.
     */
    record Sent(long atNs, int socket, long id, String method, String text)
    {
    }

    final FakeClock time;
    final List<Long> dialsAtNs = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<Socket> sockets = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    private final ArrayDeque<Throwable> failures = new ArrayDeque<>();
    /** Answer JSON for a request, or null to leave it unanswered. */
    Function<Sent, String> answer = FakeVenue::ok;

    /** The seed of the jitter's randomness: -Dwsnova.seed=N replays a run. */
    final long seed = Long.getLong("wsnova.seed", System.nanoTime());

    FakeVenue(final FakeClock time)
    {
        this.time = time;
    }

    static String ok(final Sent request)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + ",\"result\":true}";
    }

    static String error(final Sent request, final int code)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.id() + ",\"error\":{\"code\":" + code +
            ",\"message\":\"no\"}}";
    }

    /**
     * A connection on this venue and time, with the default behaviours and a listener writing {@link #events}.
     */
    ClientConnection connect(final NovaOptions.Builder options)
    {
        return connect(options, TestConnections.behaviours(Tagged.defaultsAdapter(), options.url(
            "ws://127.0.0.1:9/").build()));
    }

    ClientConnection connect(final NovaOptions.Builder options, final Behaviours behaviours)
    {
        final NovaOptions resolved = options.url("ws://127.0.0.1:9/").build();
        resolved.validate();
        final ClientConnection connection = new ClientConnection(behaviours, resolved, Times.engineTime(time),
            (id, gate) -> time.executor(), this::dial, new SplittableRandom(seed));
        connection.addListener(new Recorder());
        return connection;
    }

    /**
     * The next {@code count} dials fail as a refused TCP connect.
     */
    void refuse(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            failures.add(new WebSocketConnectException(WebSocketConnectException.Kind.REFUSED, 0, "refused", null));
        }
    }

    void failNext(final Throwable failure)
    {
        failures.add(failure);
    }

    Socket current()
    {
        return sockets.get(sockets.size() - 1);
    }

    List<String> methods()
    {
        final List<String> methods = new ArrayList<>();
        for (final Sent frame : sent)
        {
            methods.add(frame.method());
        }
        return methods;
    }

    private CompletableFuture<WebSocket> dial(final WebSocketHandler handler)
    {
        dialsAtNs.add(time.nanoTime());
        final Throwable failure = failures.poll();
        if (failure != null)
        {
            return CompletableFuture.failedFuture(failure);
        }
        final Socket socket = new Socket(sockets.size() + 1, handler);
        sockets.add(socket);
        handler.onOpen(socket);
        return CompletableFuture.completedFuture(socket);
    }

    private void onFrame(final Socket socket, final String text)
    {
        final Matcher id = ID.matcher(text);
        final Matcher method = METHOD.matcher(text);
        final Sent frame = new Sent(time.nanoTime(), socket.number, id.find() ? Long.parseLong(id.group(1)) : -1,
            method.find() ? method.group(1) : null, text);
        sent.add(frame);
        if (frame.id() > 0)
        {
            final String reply = answer.apply(frame);
            if (reply != null)
            {
                time.timer().execute(() -> socket.deliver(reply));
            }
        }
    }

    /**
     * One fake WebSocket: open until either side closes it; the close reaches the handler as a task.
     */
    final class Socket implements WebSocket
    {
        final int number;
        private final WebSocketHandler handler;
        private final ConnectionCounters counters = new ConnectionCounters();
        private State state = State.OPEN;
        private long pings;

        Socket(final int number, final WebSocketHandler handler)
        {
            this.number = number;
            this.handler = handler;
        }

        /**
         * The venue delivers a text message (the reader thread, here the test's).
         */
        void deliver(final String text)
        {
            if (state != State.OPEN)
            {
                return;
            }
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            handler.onMessage(this, WebSocketHandler.TEXT, new UnsafeBuffer(bytes), 0, bytes.length);
        }

        /**
         * The venue drops the socket without a close frame.
         */
        void drop()
        {
            end(new CloseStatus(DisconnectReason.EOF, 1006, "eof", null));
        }

        void pong(final long pingId)
        {
            handler.onPong(this, pingId, 1_000L);
        }

        private void end(final CloseStatus status)
        {
            if (state == State.CLOSED)
            {
                return;
            }
            state = State.CLOSED;
            time.timer().execute(() -> handler.onClose(this, status));
        }

        @Override
        public long id()
        {
            return number;
        }

        @Override
        public WsUrl url()
        {
            return null;
        }

        @Override
        public String subprotocol()
        {
            return null;
        }

        @Override
        public State state()
        {
            return state;
        }

        @Override
        public int sendText(final CharSequence text)
        {
            if (state != State.OPEN)
            {
                return NOT_CONNECTED;
            }
            onFrame(this, text.toString());
            return text.length();
        }

        @Override
        public int sendText(final DirectBuffer buffer, final int offset, final int length)
        {
            return sendText(buffer.getStringWithoutLengthUtf8(offset, length));
        }

        @Override
        public int sendBinary(final DirectBuffer buffer, final int offset, final int length)
        {
            return state == State.OPEN ? length : NOT_CONNECTED;
        }

        @Override
        public int send(final int type, final PayloadWriter writer)
        {
            if (state != State.OPEN)
            {
                return NOT_CONNECTED;
            }
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
            final int length = writer.write(buffer, 0);
            onFrame(this, buffer.getStringWithoutLengthUtf8(0, length));
            return length;
        }

        @Override
        public int sendPing(final DirectBuffer buffer, final int offset, final int length)
        {
            return state == State.OPEN ? length : NOT_CONNECTED;
        }

        @Override
        public long ping()
        {
            return state == State.OPEN ? ++pings : NOT_CONNECTED;
        }

        @Override
        public void close(final int code, final String reason)
        {
            end(new CloseStatus(DisconnectReason.LOCAL_CLOSE, code, reason, null));
        }

        @Override
        public void close()
        {
            close(1000, "");
        }

        @Override
        public CompletableFuture<CloseStatus> closeFuture()
        {
            return new CompletableFuture<>();
        }

        @Override
        public Agent pollAgent()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long lastReadNs()
        {
            return time.nanoTime();
        }

        @Override
        public ConnectionCounters counters()
        {
            return counters;
        }
    }

    /**
     * Writes listener events to {@link #events} in order.
     */
    private final class Recorder implements ConnectionListener
    {
        @Override
        public void onConnected(final Connection connection)
        {
            events.add("connected");
        }

        @Override
        public void onDisconnected(final Connection connection, final CloseStatus status)
        {
            events.add("disconnected " + status.reason());
        }

        @Override
        public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
        {
            events.add("reconnecting " + attempt + " " + delayMs);
        }

        @Override
        public void onReconnected(final Connection connection)
        {
            events.add("reconnected");
        }

        @Override
        public void onAuthenticated(final Connection connection)
        {
            events.add("authenticated");
        }

        @Override
        public void onGaveUp(final Connection connection, final int attempts, final CloseStatus last)
        {
            events.add("gaveUp " + attempts);
        }

        @Override
        public void onClosed(final Connection connection, final CloseStatus status)
        {
            events.add("closed");
        }

        @Override
        public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
        {
            events.add("confirmed " + subscription.channel());
        }
    }
}
