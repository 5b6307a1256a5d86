package io.wsnova.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Immutable options of one WebSocket connection: timeouts, IO mode, pipeline, limits, keepalive, TLS.
 * Build with {@link #builder()}; every value has a documented default. {@link #validate()} names the first
 * invalid option and runs before any I/O.
 */
public final class WebSocketOptions
{
    /** Default bound on DNS resolution plus TCP connect. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    /** Default bound on the TLS handshake. */
    public static final long DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
    /** Default bound on the HTTP upgrade (request written, 101 read). */
    public static final long DEFAULT_UPGRADE_TIMEOUT_MS = 10_000;
    /** Default bound on the whole connect. */
    public static final long DEFAULT_TOTAL_CONNECT_TIMEOUT_MS = 30_000;
    /** Default bound on one blocked write. */
    public static final long DEFAULT_SEND_TIMEOUT_MS = 10_000;
    /** Default wait for the server's close frame and TCP close after a local close. */
    public static final long DEFAULT_CLOSE_TIMEOUT_MS = 5_000;
    /** Default largest accepted frame payload. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;
    /** Default largest accepted message (all fragments). */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024 * 1024;
    /** Default initial size of the receive buffer. */
    public static final int DEFAULT_RECEIVE_BUFFER_LENGTH = 256 * 1024;
    /** Default capacity of the queue of a {@link PipelineMode#QUEUED} pipeline. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;

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
    private final SSLContext sslContext;
    private final boolean hostnameVerification;
    private final boolean perMessageDeflate;
    private final List<String> subprotocols;
    private final List<Map.Entry<String, String>> headers;

    private WebSocketOptions(final Builder b)
    {
        connectTimeoutMs = b.connectTimeoutMs;
        tlsHandshakeTimeoutMs = b.tlsHandshakeTimeoutMs;
        upgradeTimeoutMs = b.upgradeTimeoutMs;
        totalConnectTimeoutMs = b.totalConnectTimeoutMs;
        sendTimeoutMs = b.sendTimeoutMs;
        closeTimeoutMs = b.closeTimeoutMs;
        pingIntervalMs = b.pingIntervalMs;
        pongTimeoutMs = b.pongTimeoutMs;
        idleTimeoutMs = b.idleTimeoutMs;
        maxFrameLength = b.maxFrameLength;
        maxMessageLength = b.maxMessageLength;
        receiveBufferLength = b.receiveBufferLength;
        socketReceiveBufferBytes = b.socketReceiveBufferBytes;
        socketSendBufferBytes = b.socketSendBufferBytes;
        ioMode = b.ioMode;
        pipelineMode = b.pipelineMode;
        queueFullPolicy = b.queueFullPolicy;
        queueCapacity = b.queueCapacity;
        readerIdleStrategy = b.readerIdleStrategy;
        handlerIdleStrategy = b.handlerIdleStrategy;
        sslContext = b.sslContext;
        hostnameVerification = b.hostnameVerification;
        perMessageDeflate = b.perMessageDeflate;
        subprotocols = List.copyOf(b.subprotocols);
        headers = List.copyOf(b.headers);
    }

    /**
     * A builder with every option at its default.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The defaults.
     *
     * @return options with every value at its default.
     */
    public static WebSocketOptions defaults()
    {
        return new Builder().build();
    }

    /**
     * Checks every option and names the first invalid one.
     *
     * @return this, for chaining.
     * @throws IllegalArgumentException naming the option, e.g. {@code "sendTimeoutMs: must be > 0, was -1"}.
     */
    public WebSocketOptions validate()
    {
        positive("connectTimeoutMs", connectTimeoutMs);
        positive("tlsHandshakeTimeoutMs", tlsHandshakeTimeoutMs);
        positive("upgradeTimeoutMs", upgradeTimeoutMs);
        positive("totalConnectTimeoutMs", totalConnectTimeoutMs);
        positive("sendTimeoutMs", sendTimeoutMs);
        positive("closeTimeoutMs", closeTimeoutMs);
        notNegative("pingIntervalMs", pingIntervalMs);
        notNegative("pongTimeoutMs", pongTimeoutMs);
        notNegative("idleTimeoutMs", idleTimeoutMs);
        positive("maxFrameLength", maxFrameLength);
        positive("maxMessageLength", maxMessageLength);
        positive("queueCapacity", queueCapacity);
        notNegative("socketReceiveBufferBytes", socketReceiveBufferBytes);
        notNegative("socketSendBufferBytes", socketSendBufferBytes);
        if (receiveBufferLength < 4096)
        {
            throw new IllegalArgumentException("receiveBufferLength: must be >= 4096, was " + receiveBufferLength);
        }
        if (maxFrameLength > maxMessageLength)
        {
            throw new IllegalArgumentException("maxFrameLength: must be <= maxMessageLength (" + maxMessageLength +
                "), was " + maxFrameLength);
        }
        if (pingIntervalMs > 0 && pongTimeoutMs == 0)
        {
            throw new IllegalArgumentException("pongTimeoutMs: must be > 0 when pingIntervalMs is set");
        }
        if (queueFullPolicy != QueueFullPolicy.BLOCK && pipelineMode == PipelineMode.INLINE)
        {
            throw new IllegalArgumentException("queueFullPolicy: " + queueFullPolicy +
                " needs pipelineMode QUEUED (an INLINE pipeline has no queue)");
        }
        return this;
    }

    private static void positive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + ": must be > 0, was " + value);
        }
    }

    private static void notNegative(final String name, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(name + ": must be >= 0, was " + value);
        }
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
     * Whether the client offers permessage-deflate (RFC 7692) in the upgrade (off by default). When the server
     * accepts, compressed messages are inflated before the handler sees them and the client compresses what it
     * sends under the send lock (see docs/ARCHITECTURE.md, "permessage-deflate").
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
     * Mutable builder of {@link WebSocketOptions}. Not thread-safe.
     */
    public static final class Builder
    {
        private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long tlsHandshakeTimeoutMs = DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS;
        private long upgradeTimeoutMs = DEFAULT_UPGRADE_TIMEOUT_MS;
        private long totalConnectTimeoutMs = DEFAULT_TOTAL_CONNECT_TIMEOUT_MS;
        private long sendTimeoutMs = DEFAULT_SEND_TIMEOUT_MS;
        private long closeTimeoutMs = DEFAULT_CLOSE_TIMEOUT_MS;
        private long pingIntervalMs;
        private long pongTimeoutMs;
        private long idleTimeoutMs;
        private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
        private int maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH;
        private int receiveBufferLength = DEFAULT_RECEIVE_BUFFER_LENGTH;
        private int socketReceiveBufferBytes;
        private int socketSendBufferBytes;
        private IoMode ioMode = IoMode.VIRTUAL;
        private PipelineMode pipelineMode = PipelineMode.INLINE;
        private QueueFullPolicy queueFullPolicy = QueueFullPolicy.BLOCK;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Supplier<IdleStrategy> readerIdleStrategy = () -> new BackoffIdleStrategy();
        private Supplier<IdleStrategy> handlerIdleStrategy = () -> new BackoffIdleStrategy();
        private SSLContext sslContext;
        private boolean hostnameVerification = true;
        private boolean perMessageDeflate;
        private final List<String> subprotocols = new ArrayList<>();
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * Sets the DNS + TCP connect bound.
         *
         * @param value milliseconds, > 0.
         * @return this.
         */
        public Builder connectTimeoutMs(final long value)
        {
            connectTimeoutMs = value;
            return this;
        }

        /**
         * Sets the TLS handshake bound.
         *
         * @param value milliseconds, > 0.
         * @return this.
         */
        public Builder tlsHandshakeTimeoutMs(final long value)
        {
            tlsHandshakeTimeoutMs = value;
            return this;
        }

        /**
         * Sets the HTTP upgrade bound.
         *
         * @param value milliseconds, > 0.
         * @return this.
         */
        public Builder upgradeTimeoutMs(final long value)
        {
            upgradeTimeoutMs = value;
            return this;
        }

        /**
         * Sets the bound on the whole connect.
         *
         * @param value milliseconds, > 0.
         * @return this.
         */
        public Builder totalConnectTimeoutMs(final long value)
        {
            totalConnectTimeoutMs = value;
            return this;
        }

        /**
         * Sets the bound on one blocked write.
         *
         * @param value milliseconds, > 0.
         * @return this.
         */
        public Builder sendTimeoutMs(final long value)
        {
            sendTimeoutMs = value;
            return this;
        }

        /**
         * Sets the wait for the close handshake after a local close.
         *
         * @param value milliseconds, > 0.
         * @return this.
         */
        public Builder closeTimeoutMs(final long value)
        {
            closeTimeoutMs = value;
            return this;
        }

        /**
         * Enables keepalive pings.
         *
         * @param intervalMs    ping interval, 0 to disable.
         * @param pongTimeoutMs how long a ping may go unanswered.
         * @return this.
         */
        public Builder keepalive(final long intervalMs, final long pongTimeoutMs)
        {
            this.pingIntervalMs = intervalMs;
            this.pongTimeoutMs = pongTimeoutMs;
            return this;
        }

        /**
         * Sets the idle timeout: no byte received for this long fails the connection.
         *
         * @param value milliseconds, 0 to disable.
         * @return this.
         */
        public Builder idleTimeoutMs(final long value)
        {
            idleTimeoutMs = value;
            return this;
        }

        /**
         * Sets the largest accepted frame payload.
         *
         * @param value bytes.
         * @return this.
         */
        public Builder maxFrameLength(final int value)
        {
            maxFrameLength = value;
            return this;
        }

        /**
         * Sets the largest accepted message.
         *
         * @param value bytes.
         * @return this.
         */
        public Builder maxMessageLength(final int value)
        {
            maxMessageLength = value;
            return this;
        }

        /**
         * Sets the initial receive buffer size.
         *
         * @param value bytes, >= 4096.
         * @return this.
         */
        public Builder receiveBufferLength(final int value)
        {
            receiveBufferLength = value;
            return this;
        }

        /**
         * Sets SO_RCVBUF and SO_SNDBUF.
         *
         * @param receiveBytes SO_RCVBUF or 0 for the default.
         * @param sendBytes    SO_SNDBUF or 0 for the default.
         * @return this.
         */
        public Builder socketBuffers(final int receiveBytes, final int sendBytes)
        {
            socketReceiveBufferBytes = receiveBytes;
            socketSendBufferBytes = sendBytes;
            return this;
        }

        /**
         * Sets the IO mode.
         *
         * @param value the mode.
         * @return this.
         */
        public Builder ioMode(final IoMode value)
        {
            ioMode = Objects.requireNonNull(value, "ioMode");
            return this;
        }

        /**
         * Sets the pipeline mode.
         *
         * @param value the mode.
         * @return this.
         */
        public Builder pipelineMode(final PipelineMode value)
        {
            pipelineMode = Objects.requireNonNull(value, "pipelineMode");
            return this;
        }

        /**
         * Sets the policy of a full queue.
         *
         * @param value the policy.
         * @return this.
         */
        public Builder queueFullPolicy(final QueueFullPolicy value)
        {
            queueFullPolicy = Objects.requireNonNull(value, "queueFullPolicy");
            return this;
        }

        /**
         * Sets the queue capacity of a queued pipeline.
         *
         * @param value messages.
         * @return this.
         */
        public Builder queueCapacity(final int value)
        {
            queueCapacity = value;
            return this;
        }

        /**
         * Sets the idle strategy of a SPIN reader.
         *
         * @param value a supplier called once per connection.
         * @return this.
         */
        public Builder readerIdleStrategy(final Supplier<IdleStrategy> value)
        {
            readerIdleStrategy = Objects.requireNonNull(value, "readerIdleStrategy");
            return this;
        }

        /**
         * Sets the idle strategy of a queued pipeline's handler thread.
         *
         * @param value a supplier called once per connection.
         * @return this.
         */
        public Builder handlerIdleStrategy(final Supplier<IdleStrategy> value)
        {
            handlerIdleStrategy = Objects.requireNonNull(value, "handlerIdleStrategy");
            return this;
        }

        /**
         * Sets the TLS context (trust store, client certificates).
         *
         * @param value the context, or null for the JVM default.
         * @return this.
         */
        public Builder sslContext(final SSLContext value)
        {
            sslContext = value;
            return this;
        }

        /**
         * Turns hostname verification on or off (on by default; off only for tests).
         *
         * @param value true to verify.
         * @return this.
         */
        public Builder hostnameVerification(final boolean value)
        {
            hostnameVerification = value;
            return this;
        }

        /**
         * Offers permessage-deflate (RFC 7692) in the upgrade; off by default.
         *
         * @param value true to offer it.
         * @return this.
         */
        public Builder perMessageDeflate(final boolean value)
        {
            perMessageDeflate = value;
            return this;
        }

        /**
         * Offers a subprotocol.
         *
         * @param value the subprotocol token.
         * @return this.
         */
        public Builder subprotocol(final String value)
        {
            subprotocols.add(Objects.requireNonNull(value, "subprotocol"));
            return this;
        }

        /**
         * Adds an HTTP header to the upgrade request.
         *
         * @param name  header name.
         * @param value header value.
         * @return this.
         */
        public Builder header(final String name, final String value)
        {
            headers.add(Map.entry(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, name)));
            return this;
        }

        /**
         * Builds the immutable options (validation happens at connect, or by {@link WebSocketOptions#validate()}).
         *
         * @return the options.
         */
        public WebSocketOptions build()
        {
            return new WebSocketOptions(this);
        }
    }
}
