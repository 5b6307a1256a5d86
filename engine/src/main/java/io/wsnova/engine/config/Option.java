package io.wsnova.engine.config;

import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.InboundTap;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.WsUrl;

import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A typed key of {@link NovaOptions}: its name (used in every error message about it), its type, the system
 * default (the lowest layer), and its validation rule.
 *
 * @param <T> the value type.
 */
public final class Option<T>
{
    /** Smallest accepted {@link #RECEIVE_BUFFER_LENGTH}. */
    public static final int MIN_RECEIVE_BUFFER_LENGTH = 4096;

    /** Host to connect to; no default (required). */
    public static final Option<String> HOST = of("host", String.class, null, Option::notBlank);
    /** A URL given to {@code NovaOptions.Builder.url} that did not parse: reported by validation at connect. */
    static final Option<String> INVALID_URL = of("url", String.class, null, Option::urlProblem);
    /** TCP port; default 443 for TLS, 80 otherwise. */
    public static final Option<Integer> PORT = of("port", Integer.class, null, v -> range(v, 1, 65535));
    /** Resource path and query; default {@code /}. */
    public static final Option<String> PATH = of("path", String.class, "/",
        v -> v.startsWith("/") ? null : "must start with '/', was '" + v + "'");
    /** TLS ({@code wss}) or not ({@code ws}); default true. */
    public static final Option<Boolean> SECURE = of("secure", Boolean.class, Boolean.TRUE, v -> null);
    /** The request timeout ("timeout" in the seed); default 5 000 ms. */
    public static final Option<Long> REQUEST_TIMEOUT_MS = of("requestTimeoutMs", Long.class, 5_000L, Option::positive);
    /** Reconnect attempts after a failure ("retry" in the seed); -1 = unlimited (default). */
    public static final Option<Integer> RETRY_ATTEMPTS = of("retryAttempts", Integer.class, -1,
        v -> v >= -1 ? null : "must be >= -1 (-1 = unlimited), was " + v);
    /**
     * Retries of the first connection after a failure retrying can fix (refused or reset TCP, timeout, 429/5xx,
     * a rate-limit close during set-up); the first connect makes at most min(this, retryAttempts) retries, either
     * -1 meaning unlimited. Default 5: a wrong port fails {@code connect} within a few seconds.
     */
    public static final Option<Integer> CONNECT_RETRY_ATTEMPTS = of("connectRetryAttempts", Integer.class, 5,
        v -> v >= -1 ? null : "must be >= -1 (-1 = unlimited), was " + v);
    /** First reconnect delay before jitter; default 100 ms. */
    public static final Option<Long> RECONNECT_BASE_DELAY_MS = of("reconnectBaseDelayMs", Long.class, 100L,
        Option::positive);
    /** Cap of the reconnect delay; default 10 000 ms. */
    public static final Option<Long> RECONNECT_MAX_DELAY_MS = of("reconnectMaxDelayMs", Long.class, 10_000L,
        Option::positive);
    /** Randomisation of reconnect delays; default FULL. */
    public static final Option<ReconnectJitter> RECONNECT_JITTER = of("reconnectJitter", ReconnectJitter.class,
        ReconnectJitter.FULL, v -> null);
    /** How long a connection must stay up before the attempt counter starts over; default 30 000 ms. */
    public static final Option<Long> RECONNECT_RESET_AFTER_MS = of("reconnectResetAfterMs", Long.class, 30_000L,
        Option::notNegative);
    /**
     * How long a send, request or ping made while the connection is reconnecting waits for it to come back before
     * failing with NOT_CONNECTED; 0 (default) fails at once. Bounded: at most 60 000 ms.
     */
    public static final Option<Long> RECONNECT_SEND_WAIT_MS = of("reconnectSendWaitMs", Long.class, 0L,
        v -> v >= 0 && v <= 60_000L ? null : "must be in [0, 60000], was " + v);
    /** Bound on DNS resolution plus TCP connect; default 10 000 ms. */
    public static final Option<Long> CONNECT_TIMEOUT_MS = of("connectTimeoutMs", Long.class, 10_000L, Option::positive);
    /** Bound on the TLS handshake ({@code wss} only); default 10 000 ms. */
    public static final Option<Long> TLS_HANDSHAKE_TIMEOUT_MS = of("tlsHandshakeTimeoutMs", Long.class, 10_000L,
        Option::positive);
    /** Bound on the HTTP upgrade (request written, 101 read) once TCP (and TLS) are up; default 10 000 ms. */
    public static final Option<Long> UPGRADE_TIMEOUT_MS = of("upgradeTimeoutMs", Long.class, 10_000L,
        Option::positive);
    /**
     * Bound on the whole connect, every step together (DNS, TCP, TLS, upgrade); each step ends at the earlier of
     * its own bound and this one. Default 30 000 ms.
     */
    public static final Option<Long> TOTAL_CONNECT_TIMEOUT_MS = of("totalConnectTimeoutMs", Long.class, 30_000L,
        Option::positive);
    /** Bound on one write blocked because the peer stopped reading; past it the connection fails. Default 10 000 ms. */
    public static final Option<Long> SEND_TIMEOUT_MS = of("sendTimeoutMs", Long.class, 10_000L, Option::positive);
    /**
     * Wait for the close handshake (the peer's close frame and TCP close) after a close, and for a queued handler
     * thread to drain; past it the socket is closed. Default 5 000 ms.
     */
    public static final Option<Long> CLOSE_TIMEOUT_MS = of("closeTimeoutMs", Long.class, 5_000L, Option::positive);
    /**
     * Keepalive: a WebSocket ping every this many ms (the next one only once the previous one was answered); 0
     * disables it. Default 15 000 ms, the same through {@code Nova} and {@code WebSocketClient}: a dead peer on a
     * silent connection is detected within ping interval + pong timeout.
     */
    public static final Option<Long> PING_INTERVAL_MS = of("pingIntervalMs", Long.class, 15_000L, Option::notNegative);
    /** Time a keepalive ping may go unanswered before the connection fails; default 10 000 ms. */
    public static final Option<Long> PONG_TIMEOUT_MS = of("pongTimeoutMs", Long.class, 10_000L, Option::notNegative);
    /**
     * Nothing received (data, pongs, anything) for this long fails the connection; 0 disables it (default). Not a
     * rule, but mind it: on a peer that sends nothing of its own, only keepalive pongs arrive, so it must exceed
     * {@link #PING_INTERVAL_MS}; a venue whose own heartbeats flow (Deribit) may set it below the ping interval.
     */
    public static final Option<Long> IDLE_TIMEOUT_MS = of("idleTimeoutMs", Long.class, 0L, Option::notNegative);
    /** Largest accepted frame payload; a larger frame fails the connection with 1009. Default 16 MiB. */
    public static final Option<Integer> MAX_FRAME_LENGTH = of("maxFrameLength", Integer.class, 16 * 1024 * 1024,
        Option::positive);
    /** Largest accepted message (all fragments); a larger one fails the connection with 1009. Default 64 MiB. */
    public static final Option<Integer> MAX_MESSAGE_LENGTH = of("maxMessageLength", Integer.class, 64 * 1024 * 1024,
        Option::positive);
    /**
     * Initial size of the reader's direct receive buffer; it grows only for a frame larger than it, up to the frame
     * limit. At least 4 096; default 256 KiB.
     */
    public static final Option<Integer> RECEIVE_BUFFER_LENGTH = of("receiveBufferLength", Integer.class, 256 * 1024,
        v -> v >= MIN_RECEIVE_BUFFER_LENGTH ? null : "must be >= " + MIN_RECEIVE_BUFFER_LENGTH + ", was " + v);
    /** The socket's SO_RCVBUF; 0 (default) keeps the operating system's. */
    public static final Option<Integer> SOCKET_RECEIVE_BUFFER_BYTES = of("socketReceiveBufferBytes", Integer.class, 0,
        Option::notNegative);
    /** The socket's SO_SNDBUF; 0 (default) keeps the operating system's. */
    public static final Option<Integer> SOCKET_SEND_BUFFER_BYTES = of("socketSendBufferBytes", Integer.class, 0,
        Option::notNegative);
    /** Reader IO mode; default VIRTUAL. */
    public static final Option<IoMode> IO_MODE = of("ioMode", IoMode.class, IoMode.VIRTUAL, v -> null);
    /**
     * Idle strategy of a {@code SPIN} reader thread (one instance per connection); only a {@code SPIN} reader has
     * one, so another value than the default needs {@code ioMode SPIN}. Default {@link IdleStrategySpec#BACKOFF};
     * {@link IdleStrategySpec#BUSY_SPIN} for the lowest latency on a core of its own.
     */
    public static final Option<IdleStrategySpec> READER_IDLE_STRATEGY = of("readerIdleStrategy",
        IdleStrategySpec.class, IdleStrategySpec.BACKOFF, IdleStrategySpec::problem);
    /** Longest adaptive spin of a {@code VIRTUAL} reader: {@value #MAX_VIRTUAL_SPIN_NS} ns (10 ms). */
    public static final long MAX_VIRTUAL_SPIN_NS = 10_000_000L;
    /** Default of {@link #VIRTUAL_SPIN_NS} (200 µs) unless the JVM sets {@code -Dwsnova.virtualSpinNs=N}. */
    public static final long DEFAULT_VIRTUAL_SPIN_NS = 200_000L;
    /**
     * Adaptive spin budget of a {@code VIRTUAL} reader, in ns: after a read drains the socket, the reader polls it
     * (with {@code Thread.onSpinWait()}) instead of parking while the mean gap between its reads is at most this
     * budget and less than {@code min(budget, 8 x mean gap)} has passed since the last bytes arrived; then it makes
     * the blocking read that parks. A park costs the JDK's poller machinery (~150 B of garbage and a scheduler hop
     * per wake-up on JDK 25); a feed faster than the budget is read without parking, at the price of the spinning
     * (up to one core per busy reader: the whole gap, e.g. 100 µs of CPU per message at 10,000 msg/s). A feed
     * slower than the budget never spins. 0 turns spinning off (park on every empty socket). 0 to
     * {@link #MAX_VIRTUAL_SPIN_NS}; another value than the default needs {@code ioMode VIRTUAL}. Default
     * {@link #DEFAULT_VIRTUAL_SPIN_NS}, or the JVM-wide {@code -Dwsnova.virtualSpinNs=N} (for benchmarks).
     */
    public static final Option<Long> VIRTUAL_SPIN_NS = of("virtualSpinNs", Long.class,
        Long.getLong("wsnova.virtualSpinNs", DEFAULT_VIRTUAL_SPIN_NS),
        v -> v >= 0 && v <= MAX_VIRTUAL_SPIN_NS ? null :
            "must be in 0-" + MAX_VIRTUAL_SPIN_NS + " ns (0 turns the VIRTUAL reader's spin off), was " + v);
    /** Pipeline; default INLINE. */
    public static final Option<PipelineMode> PIPELINE_MODE = of("pipelineMode", PipelineMode.class,
        PipelineMode.INLINE, v -> null);
    /** Full-queue policy of a QUEUED pipeline; default BLOCK (another value needs pipelineMode QUEUED). */
    public static final Option<QueueFullPolicy> QUEUE_FULL_POLICY = of("queueFullPolicy", QueueFullPolicy.class,
        QueueFullPolicy.BLOCK, v -> null);
    /** Queue capacity of a QUEUED pipeline, rounded up to a power of two; default 4096. */
    public static final Option<Integer> QUEUE_CAPACITY = of("queueCapacity", Integer.class, 4096, Option::positive);
    /**
     * Idle strategy of a {@code QUEUED} pipeline's handler thread (one instance per connection); another value than
     * the default needs {@code pipelineMode QUEUED}. Default {@link IdleStrategySpec#HANDLER_BACKOFF}: spins,
     * yields, then parks for microseconds (and the reader wakes a parked handler when it publishes).
     */
    public static final Option<IdleStrategySpec> HANDLER_IDLE_STRATEGY = of("handlerIdleStrategy",
        IdleStrategySpec.class, IdleStrategySpec.HANDLER_BACKOFF, IdleStrategySpec::problem);
    /** Lowest level the default logging handler prints; default INFO. */
    public static final Option<LoggingHandler.Level> LOG_LEVEL = of("logLevel", LoggingHandler.Level.class,
        LoggingHandler.Level.INFO, v -> null);
    /** Format of the default logging handler; default PLAIN. */
    public static final Option<LoggingHandler.Format> LOG_FORMAT = of("logFormat", LoggingHandler.Format.class,
        LoggingHandler.Format.PLAIN, v -> null);
    /**
     * Stage latency timing of received messages (see {@code io.wsnova.engine.telemetry.Stage}): 0 = off, 1 = every
     * message, N = one message in N. Default 16: a timed message costs three clock reads and five histogram
     * records, measured in docs/ARCHITECTURE.md ("Telemetry").
     */
    public static final Option<Integer> STAGE_TIMING_SAMPLE = of("stageTimingSample", Integer.class, 16,
        Option::notNegative);
    /** Publish this connection's counters, and the process's totals, in a memory-mapped file; default false. */
    public static final Option<Boolean> COUNTERS_FILE = of("countersFile", Boolean.class, Boolean.FALSE, v -> null);
    /**
     * Directory of the counters file; default {@code $TMPDIR/wsnova-<pid>} (else {@code java.io.tmpdir}). The
     * first connection that opens the file decides.
     */
    public static final Option<String> COUNTERS_DIR = of("countersDir", String.class, null, Option::notBlank);
    /** Credentials to authenticate with after every connect; none by default. */
    public static final Option<Credentials> CREDENTIALS = of("credentials", Credentials.class, null, v -> null);
    /** TLS context; null for the JVM default. */
    public static final Option<SSLContext> SSL_CONTEXT = of("sslContext", SSLContext.class, null, v -> null);
    /** Hostname verification; default true. */
    public static final Option<Boolean> HOSTNAME_VERIFICATION = of("hostnameVerification", Boolean.class,
        Boolean.TRUE, v -> null);
    /**
     * Offer permessage-deflate (RFC 7692) in the upgrade; default false. Venues such as Binance accept it: the
     * feed then arrives compressed and is inflated on the reader thread before any handler sees it.
     */
    public static final Option<Boolean> PERMESSAGE_DEFLATE = of("perMessageDeflate", Boolean.class, Boolean.FALSE,
        v -> null);
    /** Extra upgrade headers; none by default. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Option<Map<String, String>> HEADERS = of("headers", (Class)Map.class, Map.of(), v -> null);
    /** Listeners registered before the first connect, so that they also see {@code onConnected}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Option<List<ConnectionListener>> LISTENERS = of("listeners", (Class)List.class, List.of(),
        v -> null);
    /** Offered subprotocols; none by default. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Option<List<String>> SUBPROTOCOLS = of("subprotocols", (Class)List.class, List.of(),
        v -> null);
    /**
     * Sees every complete inbound message with its receive times and each WebSocket's opening and end (a recorder,
     * {@code ./nova record}); none by default, and then the reader's path is unchanged.
     */
    public static final Option<InboundTap> INBOUND_TAP = of("inboundTap", InboundTap.class, null, v -> null);
    /** Connection behaviour (wins over the adapter's). */
    public static final Option<ConnectionHandler> CONNECTION_HANDLER = handler("connectionHandler",
        ConnectionHandler.class);
    /** Message behaviour (wins over the adapter's). */
    public static final Option<MessageHandler> MESSAGE_HANDLER = handler("messageHandler", MessageHandler.class);
    /** Subscription behaviour (wins over the adapter's). */
    public static final Option<SubscriptionHandler> SUBSCRIPTION_HANDLER = handler("subscriptionHandler",
        SubscriptionHandler.class);
    /** Auth behaviour (wins over the adapter's). */
    public static final Option<AuthHandler> AUTH_HANDLER = handler("authHandler", AuthHandler.class);
    /** Error behaviour (wins over the adapter's). */
    public static final Option<FailurePolicy> FAILURE_POLICY = handler("failurePolicy", FailurePolicy.class);
    /** Rate-limit behaviour (wins over the adapter's). */
    public static final Option<RateLimitHandler> RATE_LIMIT_HANDLER = handler("rateLimitHandler",
        RateLimitHandler.class);
    /** Logging behaviour (wins over the adapter's). */
    public static final Option<LoggingHandler> LOGGING_HANDLER = handler("loggingHandler", LoggingHandler.class);
    /** Metrics behaviour (wins over the adapter's). */
    public static final Option<MetricsCollector> METRICS_COLLECTOR = handler("metricsCollector",
        MetricsCollector.class);

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final Function<T, String> rule;

    private Option(final String name, final Class<T> type, final T defaultValue, final Function<T, String> rule)
    {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.rule = rule;
    }

    private static <T> Option<T> of(
        final String name, final Class<T> type, final T defaultValue, final Function<T, String> rule)
    {
        return new Option<>(name, type, defaultValue, rule);
    }

    private static <T> Option<T> handler(final String name, final Class<T> type)
    {
        return new Option<>(name, type, null, v -> null);
    }

    /**
     * The option's name, as used in error messages.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The value type.
     *
     * @return the class.
     */
    public Class<T> type()
    {
        return type;
    }

    /**
     * The system default: the lowest layer.
     *
     * @return the default, or null when there is none.
     */
    public T defaultValue()
    {
        return defaultValue;
    }

    /**
     * Checks a value.
     *
     * @param value the value (not null).
     * @return null if valid, else what is wrong (without the option name).
     */
    String check(final T value)
    {
        return rule.apply(value);
    }

    T cast(final Object value)
    {
        if (value != null && !type.isInstance(value))
        {
            throw new IllegalArgumentException(name + ": expected a " + type.getSimpleName() + ", was a " +
                value.getClass().getSimpleName());
        }
        return type.cast(value);
    }

    @Override
    public String toString()
    {
        return name;
    }

    private static String urlProblem(final String url)
    {
        try
        {
            WsUrl.parse(url);
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            final String message = ex.getMessage();
            return message.startsWith("url: ") ? message.substring("url: ".length()) : message;
        }
    }

    private static String notBlank(final String value)
    {
        return value.isBlank() ? "must not be blank" : null;
    }

    private static String positive(final Number value)
    {
        return value.longValue() > 0 ? null : "must be > 0, was " + value;
    }

    private static String notNegative(final Number value)
    {
        return value.longValue() >= 0 ? null : "must be >= 0, was " + value;
    }

    private static String range(final int value, final int min, final int max)
    {
        return value >= min && value <= max ? null : "must be in " + min + "-" + max + ", was " + value;
    }
}
