package io.wsnova.engine.transport;

import io.wsnova.engine.api.InboundTap;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;

import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The transport's resolved view of one connection's options: timeouts, IO mode, pipeline, limits, keepalive, TLS.
 * <p>
 * Engine-internal. Users configure connections with {@link NovaOptions} only; this class has no defaults and no
 * validation of its own: {@link #from(NovaOptions)}, the one conversion, reads resolved options that
 * {@link NovaOptions#validate()} has already checked (each value is its layer's, else {@link Option#defaultValue()}).
 * Immutable; read by the connecting thread, the reader, the handler thread and the watchdog.
 */
public final class WebSocketOptions
{
    private final long connectTimeoutMs;
    private final long tlsHandshakeTimeoutMs;
    private final long upgradeTimeoutMs;
    private final long totalConnectTimeoutMs;
    private final long sendTimeoutMs;
    private final long closeTimeoutMs;
    private final long pingIntervalMs;
    private final long pongTimeoutMs;
    private final long idleTimeoutMs;
    private final int maxFrameLength;
    private final int maxMessageLength;
    private final int receiveBufferLength;
    private final int socketReceiveBufferBytes;
    private final int socketSendBufferBytes;
    private final IoMode ioMode;
    private final PipelineMode pipelineMode;
    private final QueueFullPolicy queueFullPolicy;
    private final int queueCapacity;
    private final Supplier<IdleStrategy> readerIdleStrategy;
    private final Supplier<IdleStrategy> handlerIdleStrategy;
    private final long handlerIdleCyclesBeforePark;
    private final long virtualSpinNs;
    private final SSLContext sslContext;
    private final boolean hostnameVerification;
    private final boolean perMessageDeflate;
    private final List<String> subprotocols;
    private final List<Map.Entry<String, String>> headers;
    private final InboundTap inboundTap;

    private WebSocketOptions(final NovaOptions options)
    {
        connectTimeoutMs = options.get(Option.CONNECT_TIMEOUT_MS);
        inboundTap = options.get(Option.INBOUND_TAP);
        tlsHandshakeTimeoutMs = options.get(Option.TLS_HANDSHAKE_TIMEOUT_MS);
        upgradeTimeoutMs = options.get(Option.UPGRADE_TIMEOUT_MS);
        totalConnectTimeoutMs = options.get(Option.TOTAL_CONNECT_TIMEOUT_MS);
        sendTimeoutMs = options.get(Option.SEND_TIMEOUT_MS);
        closeTimeoutMs = options.get(Option.CLOSE_TIMEOUT_MS);
        pingIntervalMs = options.get(Option.PING_INTERVAL_MS);
        pongTimeoutMs = options.get(Option.PONG_TIMEOUT_MS);
        idleTimeoutMs = options.get(Option.IDLE_TIMEOUT_MS);
        maxFrameLength = options.get(Option.MAX_FRAME_LENGTH);
        maxMessageLength = options.get(Option.MAX_MESSAGE_LENGTH);
        receiveBufferLength = options.get(Option.RECEIVE_BUFFER_LENGTH);
        socketReceiveBufferBytes = options.get(Option.SOCKET_RECEIVE_BUFFER_BYTES);
        socketSendBufferBytes = options.get(Option.SOCKET_SEND_BUFFER_BYTES);
        ioMode = options.get(Option.IO_MODE);
        pipelineMode = options.get(Option.PIPELINE_MODE);
        queueFullPolicy = options.get(Option.QUEUE_FULL_POLICY);
        queueCapacity = options.get(Option.QUEUE_CAPACITY);
        final IdleStrategySpec readerIdle = options.get(Option.READER_IDLE_STRATEGY);
        readerIdleStrategy = readerIdle::newIdleStrategy;
        final IdleStrategySpec handlerIdle = options.get(Option.HANDLER_IDLE_STRATEGY);
        handlerIdleStrategy = handlerIdle::newIdleStrategy;
        handlerIdleCyclesBeforePark = idleCyclesBeforePark(handlerIdle);
        virtualSpinNs = options.get(Option.VIRTUAL_SPIN_NS);
        sslContext = options.get(Option.SSL_CONTEXT);
        hostnameVerification = options.get(Option.HOSTNAME_VERIFICATION);
        perMessageDeflate = options.get(Option.PERMESSAGE_DEFLATE);
        subprotocols = List.copyOf(options.get(Option.SUBPROTOCOLS));
        final List<Map.Entry<String, String>> headerList = new ArrayList<>();
        for (final Map.Entry<String, String> header : options.get(Option.HEADERS).entrySet())
        {
            headerList.add(Map.entry(header.getKey(), header.getValue()));
        }
        headers = List.copyOf(headerList);
    }

    /**
     * The transport options that resolved, validated options imply: the only way to make one. Options the
     * transport does not use (behaviours, requests, reconnection, telemetry) are ignored.
     *
     * @param options resolved options on which {@link NovaOptions#validate()} has passed.
     * @return the transport's view of them.
     */
    public static WebSocketOptions from(final NovaOptions options)
    {
        return new WebSocketOptions(options);
    }

    /**
     * Bound on DNS resolution plus TCP connect.
     *
     * @return milliseconds.
     */
    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    /**
     * Bound on the TLS handshake.
     *
     * @return milliseconds.
     */
    public long tlsHandshakeTimeoutMs()
    {
        return tlsHandshakeTimeoutMs;
    }

    /**
     * Bound on the HTTP upgrade.
     *
     * @return milliseconds.
     */
    public long upgradeTimeoutMs()
    {
        return upgradeTimeoutMs;
    }

    /**
     * Bound on the whole connect, all steps together.
     *
     * @return milliseconds.
     */
    public long totalConnectTimeoutMs()
    {
        return totalConnectTimeoutMs;
    }

    /**
     * Bound on one write that cannot complete because the peer stopped reading; past it the connection fails.
     *
     * @return milliseconds.
     */
    public long sendTimeoutMs()
    {
        return sendTimeoutMs;
    }

    /**
     * Wait for the server's close frame and TCP close after a local close.
     *
     * @return milliseconds.
     */
    public long closeTimeoutMs()
    {
        return closeTimeoutMs;
    }

    /**
     * Interval of keepalive pings; 0 disables them.
     *
     * @return milliseconds.
     */
    public long pingIntervalMs()
    {
        return pingIntervalMs;
    }

    /**
     * Time a keepalive ping may go unanswered before the connection fails.
     *
     * @return milliseconds.
     */
    public long pongTimeoutMs()
    {
        return pongTimeoutMs;
    }

    /**
     * Time without any byte received before the connection fails; 0 disables it.
     *
     * @return milliseconds.
     */
    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    /**
     * Largest accepted frame payload; larger frames fail the connection with 1009.
     *
     * @return bytes.
     */
    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Largest accepted message; larger messages fail the connection with 1009.
     *
     * @return bytes.
     */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Initial receive buffer size; it grows only for frames larger than it, up to the frame limit.
     *
     * @return bytes.
     */
    public int receiveBufferLength()
    {
        return receiveBufferLength;
    }

    /**
     * SO_RCVBUF, or 0 for the system default.
     *
     * @return bytes.
     */
    public int socketReceiveBufferBytes()
    {
        return socketReceiveBufferBytes;
    }

    /**
     * SO_SNDBUF, or 0 for the system default.
     *
     * @return bytes.
     */
    public int socketSendBufferBytes()
    {
        return socketSendBufferBytes;
    }

    /**
     * How the reader reads.
     *
     * @return the IO mode.
     */
    public IoMode ioMode()
    {
        return ioMode;
    }

    /**
     * Where the handler runs.
     *
     * @return the pipeline mode.
     */
    public PipelineMode pipelineMode()
    {
        return pipelineMode;
    }

    /**
     * What a queued pipeline does when full.
     *
     * @return the policy.
     */
    public QueueFullPolicy queueFullPolicy()
    {
        return queueFullPolicy;
    }

    /**
     * Capacity of a queued pipeline's queue (rounded up to a power of two).
     *
     * @return messages.
     */
    public int queueCapacity()
    {
        return queueCapacity;
    }

    /**
     * Idle strategy of a {@link IoMode#SPIN} reader, one instance per connection.
     *
     * @return the supplier.
     */
    public Supplier<IdleStrategy> readerIdleStrategy()
    {
        return readerIdleStrategy;
    }

    /**
     * Idle strategy of a queued pipeline's handler thread, one instance per connection.
     *
     * @return the supplier.
     */
    public Supplier<IdleStrategy> handlerIdleStrategy()
    {
        return handlerIdleStrategy;
    }

    /**
     * How many idle cycles in a row the handler's idle strategy spins or yields before it parks: the handler
     * thread announces a park from then on, so that the reader wakes it when it publishes.
     *
     * @return the cycles, or {@link Long#MAX_VALUE} for a strategy that never parks.
     */
    public long handlerIdleCyclesBeforePark()
    {
        return handlerIdleCyclesBeforePark;
    }

    /**
     * Adaptive spin budget of a {@link IoMode#VIRTUAL} reader ({@link Option#VIRTUAL_SPIN_NS}).
     *
     * @return nanoseconds; 0 never spins.
     */
    public long virtualSpinNs()
    {
        return virtualSpinNs;
    }

    private static long idleCyclesBeforePark(final IdleStrategySpec spec)
    {
        return switch (spec.kind())
        {
            case BACKOFF -> spec.maxSpins() + spec.maxYields();
            case PARK -> 0L;
            default -> Long.MAX_VALUE;
        };
    }

    /**
     * TLS context for {@code wss://}, or null for the JVM default.
     *
     * @return the context or null.
     */
    public SSLContext sslContext()
    {
        return sslContext;
    }

    /**
     * Whether the server certificate's name is checked against the host (on by default).
     *
     * @return true when verified.
     */
    public boolean hostnameVerification()
    {
        return hostnameVerification;
    }

    /**
     * Whether the client offers permessage-deflate (RFC 7692) in the upgrade. When the server accepts, compressed
     * messages are inflated before the handler sees them and the client compresses what it sends under the send
     * lock (see docs/ARCHITECTURE.md, "permessage-deflate").
     *
     * @return true when offered.
     */
    public boolean perMessageDeflate()
    {
        return perMessageDeflate;
    }

    /**
     * Subprotocols offered in {@code Sec-WebSocket-Protocol}, in preference order.
     *
     * @return an immutable list.
     */
    public List<String> subprotocols()
    {
        return subprotocols;
    }

    /**
     * Extra HTTP headers sent with the upgrade request.
     *
     * @return an immutable list of name/value pairs.
     */
    public List<Map.Entry<String, String>> headers()
    {
        return headers;
    }

    /**
     * The tap that sees every inbound message and each WebSocket's opening and end, or null (none).
     *
     * @return the tap or null.
     */
    public InboundTap inboundTap()
    {
        return inboundTap;
    }
}
