package io.wsnova.engine.transport;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.codec.frame.FrameEncoder;
import io.wsnova.codec.http.HandshakeKeys;
import io.wsnova.codec.http.UpgradeRequestEncoder;
import io.wsnova.codec.http.UpgradeResponseDecoder;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketConnectException.Kind;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.runtime.EngineTime;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Opens connections: DNS and TCP connect, TLS handshake, HTTP upgrade, each step bounded by its own timeout and
 * all of them by the total, then starts the reader in the requested IO mode. Engine-internal: applications use
 * {@code io.wsnova.engine.WebSocketClient} or {@code Nova}; one instance belongs to each {@code NovaRuntime}.
 * <p>
 * It is the transport's share of a runtime: its connections read the runtime's clock (every deadline, read stamp
 * and ping time) and are watched by its {@link Watchdog}, whose thread it starts and stops. {@link #close()} fails
 * the connections still open ({@code LOCAL_CLOSE}, close code 1001) and stops the watchdog; a connect after it fails.
 */
public final class Connector implements AutoCloseable
{
    private static final int MAX_RESPONSE_HEAD_BYTES = 16 * 1024;
    private static final SecureRandom KEY_RANDOM = new SecureRandom();
    /** How long {@link #close()} waits for each open connection's reader to end it. */
    private static final long CLOSE_AWAIT_MS = 1_000;

    private final EngineTime time;
    private final NanoClock clock;
    private final Watchdog watchdog;
    private volatile boolean closed;

    /**
     * Creates the connector of a runtime and starts its watchdog thread.
     *
     * @param time         the runtime's clocks.
     * @param watchdogName the watchdog thread's name.
     */
    public Connector(final EngineTime time, final String watchdogName)
    {
        this(time);
        watchdog.start(watchdogName);
    }

    /**
     * Creates a connector whose watchdog runs only when the caller calls {@link #tick()}: a test on a fake clock.
     *
     * @param time the clocks.
     */
    Connector(final EngineTime time)
    {
        this.time = time;
        this.clock = time.nanoClock();
        this.watchdog = new Watchdog(clock);
    }

    /**
     * The clocks this connector's connections run on.
     *
     * @return the runtime's time.
     */
    public EngineTime time()
    {
        return time;
    }

    /**
     * Runs one watchdog round at the clock's current time (tests on a fake clock; the watchdog thread does the same
     * every {@link Watchdog#TICK_MS} ms).
     */
    void tick()
    {
        watchdog.tick(clock.nanoTime());
    }

    /**
     * Live connections the watchdog checks.
     *
     * @return the count.
     */
    public int openConnections()
    {
        return watchdog.size();
    }

    /**
     * Fails every connection still open ({@code LOCAL_CLOSE}, close code 1001, the socket closed at once), waits up
     * to 1 s each for their readers to end them, and stops the watchdog. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final WebSocketSession[] open = watchdog.failAll("runtime closed");
        for (final WebSocketSession session : open)
        {
            try
            {
                session.closeFuture().get(CLOSE_AWAIT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            catch (final ExecutionException | TimeoutException ex)
            {
                // a POLL connection ends only when its poller calls doWork(); its socket is closed already
            }
        }
        watchdog.close();
    }

    /**
     * Connects on a virtual thread; the future completes with the open connection or a
     * {@link WebSocketConnectException}.
     *
     * @param url     where to connect.
     * @param options connection options (from options the caller validated).
     * @param handler the connection's callbacks.
     * @return the future connection.
     */
    public CompletableFuture<WebSocket> connect(
        final WsUrl url, final WebSocketOptions options, final WebSocketHandler handler)
    {
        final CompletableFuture<WebSocket> future = new CompletableFuture<>();
        Thread.ofVirtual().name("wsnova-connect").start(() ->
        {
            try
            {
                future.complete(connectBlocking(url, options, handler));
            }
            catch (final Throwable error)
            {
                future.completeExceptionally(error);
            }
        });
        return future;
    }

    /**
     * Connects on the calling thread.
     *
     * @param url     where to connect.
     * @param options connection options (from options the caller validated).
     * @param handler the connection's callbacks.
     * @return the open connection.
     * @throws WebSocketConnectException naming the step that failed.
     */
    public WebSocket connectBlocking(
        final WsUrl url, final WebSocketOptions options, final WebSocketHandler handler)
        throws WebSocketConnectException
    {
        if (closed)
        {
            throw new WebSocketConnectException(Kind.IO, 0, "the runtime is closed", null);
        }
        // The request encoder validates the resource, subprotocols and extra headers: build it before any I/O.
        final String key = HandshakeKeys.generateKey(KEY_RANDOM);
        final UpgradeRequestEncoder request;
        try
        {
            request = new UpgradeRequestEncoder(url.hostHeader(), url.resource(), key, options.subprotocols(),
                options.perMessageDeflate() ? DeflateParameters.OFFER : null, options.headers());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new WebSocketConnectException(Kind.INVALID_OPTIONS, 0, ex.getMessage(), ex);
        }

        final long startNs = clock.nanoTime();
        final long totalDeadlineNs = startNs + ms(options.totalConnectTimeoutMs());
        final long connectDeadlineNs = Math.min(totalDeadlineNs, startNs + ms(options.connectTimeoutMs()));

        final InetAddress[] addresses = resolve(url.host(), connectDeadlineNs);
        final SocketChannel channel = connectTcp(url, addresses, options, connectDeadlineNs);
        final ReentrantLock sendLock = new ReentrantLock();
        Transport transport = null;
        try
        {
            transport = url.secure() ?
                new TlsTransport(channel, newSslEngine(url, options), clock) : new PlainTransport(channel, clock);
            transport.beginNonBlockingPhase();

            if (url.secure())
            {
                final long tlsDeadlineNs = Math.min(totalDeadlineNs, clock.nanoTime() +
                    ms(options.tlsHandshakeTimeoutMs()));
                try
                {
                    transport.handshake(tlsDeadlineNs);
                }
                catch (final SocketTimeoutException ex)
                {
                    throw new WebSocketConnectException(Kind.TIMEOUT, 0,
                        "TLS handshake with " + url.hostHeader() + " timed out", ex);
                }
                catch (final SSLException ex)
                {
                    throw new WebSocketConnectException(Kind.TLS, 0,
                        "TLS handshake with " + url.hostHeader() + " failed: " + ex.getMessage(), ex);
                }
            }

            final long upgradeDeadlineNs = Math.min(totalDeadlineNs, clock.nanoTime() +
                ms(options.upgradeTimeoutMs()));
            // Room for the largest accepted response head plus one read: a smaller buffer fills up before the
            // decoder can see the end of a large head (or that it is too large), and the upgrade then spins.
            final ByteBuffer receive = ByteBuffer.allocateDirect(Math.max(options.receiveBufferLength(),
                Math.max(transport.minReadSpace() * 2, MAX_RESPONSE_HEAD_BYTES + transport.minReadSpace())));
            final Upgrade upgrade = upgrade(url, options, key, request, transport, receive, upgradeDeadlineNs);

            transport.endNonBlockingPhase(options.ioMode() == IoMode.VIRTUAL);
            return start(url, options, handler, transport, sendLock, receive, upgrade);
        }
        catch (final WebSocketConnectException ex)
        {
            close(transport, channel);
            throw ex;
        }
        catch (final SocketTimeoutException ex)
        {
            close(transport, channel);
            throw new WebSocketConnectException(Kind.TIMEOUT, 0, "connect to " + url.hostHeader() + " timed out", ex);
        }
        catch (final IOException | RuntimeException ex)
        {
            close(transport, channel);
            throw new WebSocketConnectException(Kind.IO, 0,
                "connect to " + url.hostHeader() + " failed: " + ex.getMessage(), ex);
        }
    }

    private record Upgrade(int headLength, String subprotocol, DeflateParameters deflate)
    {
    }

    private Upgrade upgrade(
        final WsUrl url,
        final WebSocketOptions options,
        final String key,
        final UpgradeRequestEncoder request,
        final Transport transport,
        final ByteBuffer receive,
        final long deadlineNs) throws IOException, WebSocketConnectException
    {
        final ByteBuffer out = ByteBuffer.allocate(request.encodedLength());
        request.encode(new UnsafeBuffer(out), 0);
        if (!transport.write(out, deadlineNs))
        {
            throw new WebSocketConnectException(Kind.TIMEOUT, 0, "upgrade request to " + url.hostHeader() +
                " timed out", null);
        }

        final UpgradeResponseDecoder decoder = new UpgradeResponseDecoder(
            key, options.subprotocols(), options.perMessageDeflate(), MAX_RESPONSE_HEAD_BYTES);
        final UnsafeBuffer view = new UnsafeBuffer(receive);
        while (true)
        {
            final int n;
            try
            {
                n = transport.readWithin(receive, deadlineNs);
            }
            catch (final SocketTimeoutException ex)
            {
                throw new WebSocketConnectException(Kind.TIMEOUT, 0, "no upgrade response from " + url.hostHeader() +
                    " within " + options.upgradeTimeoutMs() + " ms", ex);
            }
            if (n < 0)
            {
                throw new WebSocketConnectException(Kind.IO, 0, "connection closed by " + url.hostHeader() +
                    " during the upgrade", null);
            }
            final int result = decoder.decode(view, 0, receive.position());
            if (result > 0)
            {
                return new Upgrade(result, decoder.subprotocol(),
                    options.perMessageDeflate() ? negotiateDeflate(url, decoder, transport, deadlineNs) : null);
            }
            if (result == UpgradeResponseDecoder.ERR_STATUS)
            {
                final String location = decoder.location();
                throw new WebSocketConnectException(Kind.HANDSHAKE_REJECTED, decoder.statusCode(),
                    "handshake rejected: " + decoder.statusLine() + (location == null ? "" : " (Location: " +
                    location + ")"), null);
            }
            if (result < 0)
            {
                throw new WebSocketConnectException(Kind.HANDSHAKE_INVALID, decoder.statusCode(),
                    "invalid handshake response: " + decoder.errorMessage(), null);
            }
        }
    }

    /**
     * Checks the server's permessage-deflate answer. A response the client must refuse (an extension it did not
     * offer, an unknown, duplicated or malformed parameter) fails the connection: the 101 has made it a WebSocket,
     * so the client sends a close frame with 1010 (RFC 6455 7.4.1: the extension negotiation failed) before it
     * closes TCP, and the connect fails with {@link Kind#HANDSHAKE_INVALID}.
     *
     * @return the negotiated parameters, or null when the server declined compression.
     */
    private static DeflateParameters negotiateDeflate(
        final WsUrl url, final UpgradeResponseDecoder decoder, final Transport transport, final long deadlineNs)
        throws IOException, WebSocketConnectException
    {
        final List<String> fields = new java.util.ArrayList<>();
        for (int i = 0; i < decoder.headerCount(); i++)
        {
            if ("Sec-WebSocket-Extensions".equalsIgnoreCase(decoder.headerName(i)))
            {
                fields.add(decoder.headerValue(i));
            }
        }
        final DeflateParameters deflate = fields.isEmpty() ? null : DeflateParameters.negotiate(fields);
        if (deflate == null || deflate.error == null)
        {
            return deflate;
        }
        final ByteBuffer close = ByteBuffer.allocate(FrameEncoder.MAX_HEADER_LENGTH + 125);
        close.limit(new FrameEncoder().encodeClose(new UnsafeBuffer(close), 0, CloseCodes.MANDATORY_EXTENSION,
            "permessage-deflate negotiation failed"));
        transport.write(close, deadlineNs);
        throw new WebSocketConnectException(Kind.HANDSHAKE_INVALID, 101, "invalid handshake response from " +
            url.hostHeader() + ": permessage-deflate negotiation failed (" + deflate.error +
            "); closed with 1010", null);
    }

    private WebSocket start(
        final WsUrl url,
        final WebSocketOptions options,
        final WebSocketHandler handler,
        final Transport transport,
        final ReentrantLock sendLock,
        final ByteBuffer receive,
        final Upgrade upgrade)
    {
        final WebSocketSession session = new WebSocketSession(
            url, upgrade.subprotocol(), upgrade.deflate(), transport, sendLock, options, handler, watchdog);
        final MessageSink plainSink = options.pipelineMode() == PipelineMode.QUEUED ?
            new QueuedSink(session) : new InlineSink(session);
        final MessageSink sink = options.inboundTap() == null ? plainSink :
            new TapSink(plainSink, options.inboundTap(), session);
        final IoMode ioMode = options.ioMode();
        final Reader reader = new Reader(session, sink, receive, upgrade.headLength(), ioMode == IoMode.SPIN);
        session.reader(reader);
        watchdog.register(session);
        if (closed)
        {
            // The runtime closed while this connection was being set up: its close did not see it.
            watchdog.unregister(session);
            transport.close();
            throw new IllegalStateException("the runtime closed during the connect");
        }
        sink.start();
        try
        {
            handler.onOpen(session);
        }
        catch (final RuntimeException | Error ex)
        {
            // No reader will ever end this connection: undo the registration and stop a queued handler thread,
            // then fail the connect.
            watchdog.unregister(session);
            sink.close();
            transport.close();
            throw ex;
        }

        switch (ioMode)
        {
            case SPIN:
            {
                final IdleStrategy configured = options.readerIdleStrategy().get();
                final AgentRunner runner = new AgentRunner(
                    sink instanceof QueuedSink queued ? queued.readerIdleStrategy(configured) : configured,
                    error -> { }, null, reader);
                final Thread thread = new Thread(runner, reader.roleName());
                thread.setDaemon(true);
                thread.start();
                break;
            }

            case POLL:
                // Nothing runs the reader here: the application's first doWork() decodes the bytes that came with
                // the 101, so the reader has one owner even while onOpen has already published the connection.
                break;

            case VIRTUAL:
            default:
                Thread.ofVirtual().name(reader.roleName()).start(reader::runBlocking);
                break;
        }
        return session;
    }

    private InetAddress[] resolve(final String host, final long deadlineNs) throws WebSocketConnectException
    {
        final CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("wsnova-dns").start(() ->
        {
            try
            {
                lookup.complete(InetAddress.getAllByName(host));
            }
            catch (final Throwable error)
            {
                lookup.completeExceptionally(error);
            }
        });
        try
        {
            return lookup.get(Math.max(1, deadlineNs - clock.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new WebSocketConnectException(Kind.TIMEOUT, 0, "DNS lookup of " + host + " timed out", ex);
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            throw new WebSocketConnectException(Kind.DNS, 0, "DNS lookup of " + host + " failed" +
                (cause instanceof UnknownHostException ? ": unknown host" : ": " + cause), cause);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new WebSocketConnectException(Kind.IO, 0, "interrupted while resolving " + host, ex);
        }
    }

    private SocketChannel connectTcp(
        final WsUrl url, final InetAddress[] addresses, final WebSocketOptions options, final long deadlineNs)
        throws WebSocketConnectException
    {
        IOException last = null;
        for (final InetAddress address : addresses)
        {
            SocketChannel channel = null;
            try
            {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (options.socketReceiveBufferBytes() > 0)
                {
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, options.socketReceiveBufferBytes());
                }
                if (options.socketSendBufferBytes() > 0)
                {
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, options.socketSendBufferBytes());
                }
                if (!channel.connect(new InetSocketAddress(address, url.port())))
                {
                    try (Selector selector = Selector.open())
                    {
                        channel.register(selector, SelectionKey.OP_CONNECT);
                        while (!channel.finishConnect())
                        {
                            final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - clock.nanoTime());
                            if (remainingMs <= 0)
                            {
                                throw new SocketTimeoutException("TCP connect timed out");
                            }
                            selector.select(remainingMs);
                        }
                    }
                }
                return channel;
            }
            catch (final SocketTimeoutException ex)
            {
                close(null, channel);
                throw new WebSocketConnectException(Kind.TIMEOUT, 0, "TCP connect to " + address.getHostAddress() +
                    ":" + url.port() + " timed out", ex);
            }
            catch (final IOException ex)
            {
                close(null, channel);
                last = ex;
            }
        }
        final Kind kind = last instanceof ConnectException ? Kind.REFUSED : Kind.IO;
        throw new WebSocketConnectException(kind, 0, "TCP connect to " + url.hostHeader() + " failed: " +
            (last == null ? "no address" : last.getMessage()), last);
    }

    private static SSLEngine newSslEngine(final WsUrl url, final WebSocketOptions options)
        throws WebSocketConnectException
    {
        final SSLContext context;
        try
        {
            context = options.sslContext() != null ? options.sslContext() : SSLContext.getDefault();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new WebSocketConnectException(Kind.TLS, 0, "no default TLS context", ex);
        }
        final SSLEngine engine = context.createSSLEngine(url.host(), url.port());
        engine.setUseClientMode(true);
        final SSLParameters parameters = engine.getSSLParameters();
        if (options.hostnameVerification())
        {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(url.host()))
        {
            parameters.setServerNames(List.of(new SNIHostName(url.host())));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    static boolean isIpLiteral(final String host)
    {
        if (host.indexOf(':') >= 0)
        {
            return true;
        }
        for (int i = 0; i < host.length(); i++)
        {
            final char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.')
            {
                return false;
            }
        }
        return true;
    }

    private static void close(final Transport transport, final SocketChannel channel)
    {
        if (transport != null)
        {
            transport.close();
        }
        else if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // already failing
            }
        }
    }

    private static long ms(final long milliseconds)
    {
        return TimeUnit.MILLISECONDS.toNanos(milliseconds);
    }
}
