package io.wsnova.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * The one scriptable WebSocket test server of every module: a raw RFC 6455 server on 127.0.0.1 (on
 * {@link java.net.ServerSocket}, so that every fault is byte-exact) with a port chosen at run time.
 * <p>
 * Each accepted connection runs a {@link Script}: the next planned one ({@link #plan(Script...)}), else the
 * server's script, else {@link TestConnection#serve()}: the upgrade (through the {@link Handshake} hook, which may
 * answer 503, add headers or pick a subprotocol), then a loop that answers pings, echoes the close handshake,
 * reassembles fragmented messages, records every frame and text message, and answers a text message with the
 * {@link #answer(Function) answer} function (JSON-RPC style) or echoes it in echo mode. Tests push, close, drop or
 * reset every live connection, kill the server and restart it on the same port, and read what it received and how
 * many connections it accepted and upgraded. Optionally TLS ({@link Builder#tls(SSLContext)}).
 * <p>
 * Connection threads are virtual daemon threads; {@link #close()} closes the listening socket and every
 * connection, which ends every script. Test-only: allocates freely.
 */
public final class TestServer implements AutoCloseable
{
    /** How long helpers that need a live connection wait for one to be registered. */
    public static final long LIVE_WAIT_MS = 5_000;

    /**
     * What the server does with one accepted connection.
     */
    @FunctionalInterface
    public interface Script
    {
        /**
         * Runs the connection; the connection is closed when this returns or throws.
         *
         * @param connection the accepted connection.
         * @throws Exception anything (a script ends by throwing when the client goes away).
         */
        void run(TestConnection connection) throws Exception;
    }

    /**
     * Answers an upgrade request: a 101 ({@link Frames#switchingProtocols(String, String)}) upgrades, anything
     * else (such as {@link Frames#httpStatus(int, String)}) is written and the connection closed.
     */
    @FunctionalInterface
    public interface Handshake
    {
        /**
         * The response to write.
         *
         * @param request the request head as received.
         * @return the whole response head.
         */
        byte[] respond(String request);
    }

    /**
     * One text message received by the default serving loop.
     *
     * @param connection the index of its connection, from 1 in accept order.
     * @param method     the JSON-RPC method ({@link JsonRpc#method(String)}), or null.
     * @param id         the numeric JSON-RPC id ({@link JsonRpc#id(String)}), or -1.
     * @param text       the whole message.
     * @param peer       its connection, to answer later.
     */
    public record Request(int connection, String method, long id, String text, TestConnection peer)
    {
        /**
         * Sends a text message on the request's connection, from any thread (for answers sent later).
         *
         * @param reply the text.
         * @return false if the connection is gone.
         */
        public boolean reply(final String reply)
        {
            try
            {
                peer.sendText(reply);
                return true;
            }
            catch (final IOException ex)
            {
                return false;
            }
        }
    }

    private final Builder builder;
    private final Queue<Script> plan = new ConcurrentLinkedQueue<>();
    private final List<TestConnection> connections = new CopyOnWriteArrayList<>();
    private final List<TestConnection> live = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger upgraded = new AtomicInteger();
    private final int port;
    private volatile Function<Request, String> answer;
    private volatile ServerSocket serverSocket;
    private volatile boolean closed;

    /**
     * A plain server on a free port running the script on every connection.
     *
     * @param script what each connection does.
     * @throws IOException if the port cannot be bound.
     */
    public TestServer(final Script script) throws IOException
    {
        this(builder().script(script));
    }

    /**
     * A plain server on a given port (0 = any) running the script on every connection.
     *
     * @param port   the loopback port, e.g. the one a stopped server used.
     * @param script what each connection does.
     * @throws IOException if the port cannot be bound.
     */
    public TestServer(final int port, final Script script) throws IOException
    {
        this(builder().port(port).script(script));
    }

    private TestServer(final Builder builder) throws IOException
    {
        this.builder = builder;
        this.answer = builder.answer;
        this.serverSocket = listen(builder.port);
        this.port = serverSocket.getLocalPort();
    }

    /**
     * A builder for servers with TLS, a handshake hook, an answer function, echo mode or a fixed port.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * A plain server that echoes every text and binary message.
     *
     * @return the started server.
     * @throws IOException if no port can be bound.
     */
    public static TestServer echo() throws IOException
    {
        return builder().echo().start();
    }

    /**
     * A plain server answering every text message with the function (JSON-RPC style).
     *
     * @param answer maps a request to the reply text, or null for no reply.
     * @return the started server.
     * @throws IOException if no port can be bound.
     */
    public static TestServer rpc(final Function<Request, String> answer) throws IOException
    {
        return builder().answer(answer).start();
    }

    /**
     * The listening port (the same after a {@link #restart()}).
     *
     * @return the port.
     */
    public int port()
    {
        return port;
    }

    /**
     * The URL of the root path on 127.0.0.1.
     *
     * @return {@code ws://127.0.0.1:PORT/} (or {@code wss://} with TLS).
     */
    public String url()
    {
        return url("/");
    }

    /**
     * A URL on 127.0.0.1.
     *
     * @param path the path, starting with '/'.
     * @return {@code ws://127.0.0.1:PORT} + path (or {@code wss://} with TLS).
     */
    public String url(final String path)
    {
        return (builder.sslContext != null ? "wss" : "ws") + "://127.0.0.1:" + port + path;
    }

    /**
     * Replaces the answer function of the default serving loop.
     *
     * @param answer maps a request to the reply text, or null for no reply.
     */
    public void answer(final Function<Request, String> answer)
    {
        this.answer = answer;
    }

    /**
     * The next accepted connections run these scripts, one each, in order; then the usual script again.
     *
     * @param scripts the scripts, e.g. from {@link Scripts}.
     */
    public void plan(final Script... scripts)
    {
        plan.addAll(List.of(scripts));
    }

    /**
     * Every connection accepted so far (open or not).
     *
     * @return a live view.
     */
    public List<TestConnection> connections()
    {
        return connections;
    }

    /**
     * The connections upgraded by {@link TestConnection#serve()} and still served.
     *
     * @return a snapshot.
     */
    public List<TestConnection> live()
    {
        return new ArrayList<>(live);
    }

    /**
     * How many TCP connections were accepted.
     *
     * @return the count since start (restarts included).
     */
    public int accepted()
    {
        return accepted.get();
    }

    /**
     * How many connections were upgraded (counted just before the 101 is written, so a client whose handshake
     * completed always sees itself counted).
     *
     * @return the count since start (restarts included).
     */
    public int upgraded()
    {
        return upgraded.get();
    }

    /**
     * Every frame the serving loops read, in order of arrival.
     *
     * @return a live view.
     */
    public List<Frame> frames()
    {
        return frames;
    }

    /**
     * Every text message received so far.
     *
     * @return a snapshot.
     */
    public List<Request> requests()
    {
        return new ArrayList<>(requests);
    }

    /**
     * Every text message received so far with this JSON-RPC method.
     *
     * @param method the method.
     * @return a snapshot.
     */
    public List<Request> requests(final String method)
    {
        final List<Request> matching = new ArrayList<>();
        for (final Request request : requests)
        {
            if (method.equals(request.method()))
            {
                matching.add(request);
            }
        }
        return matching;
    }

    /**
     * The next text message not yet taken, from any connection.
     *
     * @param timeoutMs how long to wait.
     * @return the request.
     * @throws InterruptedException if interrupted.
     * @throws AssertionError       if none arrives in time.
     */
    public Request next(final long timeoutMs) throws InterruptedException
    {
        final Request request = received.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (request == null)
        {
            throw new AssertionError("no request within " + timeoutMs + " ms");
        }
        return request;
    }

    /**
     * The next text message not yet taken with this method, skipping (and taking) others.
     *
     * @param method    the JSON-RPC method.
     * @param timeoutMs how long to wait.
     * @return the request.
     * @throws InterruptedException if interrupted.
     * @throws AssertionError       if none arrives in time.
     */
    public Request next(final String method, final long timeoutMs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final long leftNs = deadlineNs - System.nanoTime();
            final Request request = received.poll(Math.max(0, leftNs), TimeUnit.NANOSECONDS);
            if (request == null)
            {
                throw new AssertionError("no " + method + " request within " + timeoutMs + " ms; got " + requests);
            }
            if (method.equals(request.method()))
            {
                return request;
            }
        }
    }

    /**
     * Sends a text message to every live connection (errors of connections that are going away are ignored).
     *
     * @param text the message.
     */
    public void push(final String text)
    {
        for (final TestConnection connection : live)
        {
            try
            {
                connection.sendText(text);
            }
            catch (final IOException ignore)
            {
                // going away
            }
        }
    }

    /**
     * Applies an action to every live connection, first waiting (bounded) until there is one: a client sees its
     * connection open before the server has registered it.
     *
     * @param action what to do with each connection; its IO errors are ignored (the connection is going away).
     */
    public void forEachLive(final ConnectionAction action)
    {
        Await.within(() -> !live.isEmpty(), LIVE_WAIT_MS);
        for (final TestConnection connection : live)
        {
            try
            {
                action.apply(connection);
            }
            catch (final IOException ignore)
            {
                // going away
            }
        }
    }

    /**
     * An action on one connection.
     */
    @FunctionalInterface
    public interface ConnectionAction
    {
        /**
         * Acts.
         *
         * @param connection the connection.
         * @throws IOException if the connection is gone.
         */
        void apply(TestConnection connection) throws IOException;
    }

    /**
     * Sends a close frame to every live connection (waiting for one to be registered); the serving loop then
     * answers the client's close and ends.
     *
     * @param code   the status code.
     * @param reason the reason.
     */
    public void closeAll(final int code, final String reason)
    {
        forEachLive(connection -> connection.sendClose(code, reason));
    }

    /**
     * Ends every live connection with a FIN after what was written (no close frame), waiting for one to exist.
     */
    public void dropAll()
    {
        forEachLive(TestConnection::shutdownOutput);
    }

    /**
     * Resets every live connection (RST, SO_LINGER 0), waiting for one to exist.
     */
    public void resetAll()
    {
        forEachLive(TestConnection::reset);
    }

    /**
     * Waits until at least this many connections are live (a client sees its connection open before the server
     * has registered it, and a push goes only to registered connections).
     *
     * @param count the number.
     * @throws AssertionError if they are not there within {@link #LIVE_WAIT_MS}.
     */
    public void awaitLive(final int count)
    {
        Await.until(() -> live.size() >= count, LIVE_WAIT_MS, () -> count + " live connections, " + live.size() +
            " seen");
    }

    /**
     * Stops listening and cuts every connection at once (FIN without close frames): a crashed server.
     */
    public void kill()
    {
        closeQuietly(serverSocket);
        for (final TestConnection connection : connections)
        {
            connection.close();
        }
        live.clear();
    }

    /**
     * Listens again on the same port after {@link #kill()}.
     *
     * @throws IOException if the port cannot be bound again.
     */
    public void restart() throws IOException
    {
        serverSocket = listen(port);
    }

    @Override
    public void close()
    {
        closed = true;
        kill();
    }

    private ServerSocket listen(final int port) throws IOException
    {
        final ServerSocket socket = builder.sslContext != null ?
            builder.sslContext.getServerSocketFactory().createServerSocket() : new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), builder.backlog);
        final Thread acceptor = new Thread(() -> acceptLoop(socket), "test-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return socket;
    }

    private void acceptLoop(final ServerSocket socket)
    {
        while (!closed && !socket.isClosed())
        {
            try
            {
                final Socket accepted = socket.accept();
                accepted.setTcpNoDelay(true);
                final TestConnection connection = new TestConnection(this, accepted, this.accepted.incrementAndGet());
                connections.add(connection);
                final Script planned = plan.poll();
                final Script script = planned != null ? planned :
                    builder.script != null ? builder.script : TestConnection::serve;
                Thread.ofVirtual().name("test-server-connection-" + connection.index()).start(() ->
                {
                    try
                    {
                        script.run(connection);
                    }
                    catch (final Exception ignore)
                    {
                        // scripts end by throwing when the client goes away
                    }
                    finally
                    {
                        connection.close();
                        live.remove(connection);
                    }
                });
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    byte[] handshakeResponse(final String request)
    {
        return builder.handshake.respond(request);
    }

    void onUpgraded(final TestConnection connection)
    {
        upgraded.incrementAndGet();
    }

    void onServing(final TestConnection connection)
    {
        live.add(connection);
    }

    void onServed(final TestConnection connection)
    {
        live.remove(connection);
    }

    void onFrame(final Frame frame)
    {
        frames.add(frame);
    }

    boolean echoes()
    {
        return builder.echo;
    }

    String onText(final TestConnection connection, final String text)
    {
        final Request request = new Request(connection.index(), JsonRpc.method(text), JsonRpc.id(text), text,
            connection);
        requests.add(request);
        received.add(request);
        final Function<Request, String> answer = this.answer;
        return answer != null ? answer.apply(request) : builder.echo ? text : null;
    }

    private static void closeQuietly(final ServerSocket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // already closed
        }
    }

    /**
     * Settings of a {@link TestServer}; {@link #start()} binds it.
     */
    public static final class Builder
    {
        private int port;
        private int backlog = 1024;
        private SSLContext sslContext;
        private Script script;
        private Function<Request, String> answer;
        private boolean echo;
        private Handshake handshake = Frames::switchingProtocols;

        private Builder()
        {
        }

        /**
         * The loopback port.
         *
         * @param port the port, 0 (the default) for any free one.
         * @return this.
         */
        public Builder port(final int port)
        {
            this.port = port;
            return this;
        }

        /**
         * The listen backlog.
         *
         * @param backlog how many connects may wait to be accepted (default 1024).
         * @return this.
         */
        public Builder backlog(final int backlog)
        {
            this.backlog = backlog;
            return this;
        }

        /**
         * Serves TLS with this context (see {@link TestCertificates.TestCertificate#serverContext()}).
         *
         * @param sslContext the server context.
         * @return this.
         */
        public Builder tls(final SSLContext sslContext)
        {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * The script of every connection that has no planned one (default {@link TestConnection#serve()}).
         *
         * @param script the script.
         * @return this.
         */
        public Builder script(final Script script)
        {
            this.script = script;
            return this;
        }

        /**
         * Answers each text message of the serving loop with the function's result (null: no answer).
         *
         * @param answer the function.
         * @return this.
         */
        public Builder answer(final Function<Request, String> answer)
        {
            this.answer = answer;
            return this;
        }

        /**
         * Echoes every text and binary message the serving loop receives (text only when no answer function).
         *
         * @return this.
         */
        public Builder echo()
        {
            this.echo = true;
            return this;
        }

        /**
         * The upgrade response of the serving loop (default a valid 101).
         *
         * @param handshake the hook.
         * @return this.
         */
        public Builder handshake(final Handshake handshake)
        {
            this.handshake = handshake;
            return this;
        }

        /**
         * Upgrades with these extra header lines (each ending in CRLF), e.g. a Sec-WebSocket-Protocol.
         *
         * @param extraHeaders the header lines.
         * @return this.
         */
        public Builder upgradeHeaders(final String extraHeaders)
        {
            return handshake(request -> Frames.switchingProtocols(request, extraHeaders));
        }

        /**
         * Answers upgrades whose request matches with an HTTP status instead of 101.
         *
         * @param refuse which requests to refuse (e.g. {@code request -> true}).
         * @param status the status code, e.g. 503.
         * @param reason the reason phrase.
         * @return this.
         */
        public Builder refuse(final Predicate<String> refuse, final int status, final String reason)
        {
            final Handshake accept = handshake;
            return handshake(request -> refuse.test(request) ? Frames.httpStatus(status, reason) :
                accept.respond(request));
        }

        /**
         * Binds and starts accepting.
         *
         * @return the server.
         * @throws IOException if the port cannot be bound.
         */
        public TestServer start() throws IOException
        {
            return new TestServer(this);
        }
    }
}
