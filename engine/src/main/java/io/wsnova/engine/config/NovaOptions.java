package io.wsnova.engine.config;

import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * One immutable, typed layer of connection options, and the layered merge that resolves them: the only
 * configuration of wsnova, taken by {@code Nova}, client templates and the low-level {@code WebSocketClient}
 * alike (every option, its default and rule: docs/ADAPTERS.md, "Every option").
 * <p>
 * Precedence, highest first: user options &gt; client template defaults &gt; adapter defaults &gt; system
 * defaults ({@link Option#defaultValue()}). A value left unset in a higher layer never erases a lower layer's
 * value: {@link #merge} takes each option from the highest layer that set it. {@link #validate()} runs at
 * connect, before any I/O, and names the first invalid option.
 */
public final class NovaOptions
{
    private static final NovaOptions EMPTY = new NovaOptions(Map.of());

    private final Map<Option<?>, Object> values;

    private NovaOptions(final Map<Option<?>, Object> values)
    {
        this.values = values;
    }

    /**
     * A layer with nothing set.
     *
     * @return the empty layer.
     */
    public static NovaOptions empty()
    {
        return EMPTY;
    }

    /**
     * A builder for one layer.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Resolves layers, highest precedence first: {@code resolve(user, template, adapter)}. Nulls are skipped.
     *
     * @param layersHighestFirst the layers.
     * @return the merged layer (system defaults still apply to what none of them set).
     */
    public static NovaOptions resolve(final NovaOptions... layersHighestFirst)
    {
        NovaOptions merged = EMPTY;
        for (int i = layersHighestFirst.length - 1; i >= 0; i--)
        {
            if (layersHighestFirst[i] != null)
            {
                merged = layersHighestFirst[i].merge(merged);
            }
        }
        return merged;
    }

    /**
     * This layer over a lower one: every option this layer sets wins; the rest come from {@code lower}.
     *
     * @param lower the lower-precedence layer.
     * @return the merged layer.
     */
    public NovaOptions merge(final NovaOptions lower)
    {
        if (lower == null || lower.values.isEmpty())
        {
            return this;
        }
        final Map<Option<?>, Object> merged = new LinkedHashMap<>(lower.values);
        merged.putAll(values);
        return new NovaOptions(Collections.unmodifiableMap(merged));
    }

    /**
     * The value of an option: this layer's, else the system default.
     *
     * @param option the option.
     * @param <T>    its type.
     * @return the value, or null when neither is set.
     */
    public <T> T get(final Option<T> option)
    {
        final Object value = values.get(option);
        return value != null ? option.cast(value) : option.defaultValue();
    }

    /**
     * Whether this layer sets an option.
     *
     * @param option the option.
     * @return true if set.
     */
    public boolean isSet(final Option<?> option)
    {
        return values.containsKey(option);
    }

    /**
     * Checks every option and their combinations, naming the first invalid option. This is the one place of every
     * rule: each option's own rule ({@link Option}) and the rules between options below, each of which names every
     * option it involves. {@code Nova}, client templates and {@code WebSocketClient} all call it before any I/O.
     * <ul>
     *   <li>{@code host} is required (set it, or {@code url}).</li>
     *   <li>{@code pongTimeoutMs} must be &gt; 0 when {@code pingIntervalMs} is (a ping nobody waits for detects
     *       nothing).</li>
     *   <li>{@code reconnectBaseDelayMs} must be &lt;= {@code reconnectMaxDelayMs}.</li>
     *   <li>{@code maxFrameLength} must be &lt;= {@code maxMessageLength}.</li>
     *   <li>{@code queueFullPolicy} other than BLOCK needs {@code pipelineMode} QUEUED (an INLINE pipeline has no
     *       queue).</li>
     *   <li>{@code readerIdleStrategy} other than the default needs {@code ioMode} SPIN (a VIRTUAL reader blocks in
     *       read, a POLL reader is driven by the application's loop: neither would use it).</li>
     *   <li>{@code virtualSpinNs} other than the default needs {@code ioMode} VIRTUAL.</li>
     *   <li>{@code handlerIdleStrategy} other than the default needs {@code pipelineMode} QUEUED (only a queued
     *       pipeline has a handler thread).</li>
     * </ul>
     *
     * @return this.
     * @throws IllegalArgumentException e.g. {@code "port: must be in 1-65535, was 70000"}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public NovaOptions validate()
    {
        for (final Map.Entry<Option<?>, Object> entry : values.entrySet())
        {
            final Option option = entry.getKey();
            final String problem = option.check(option.cast(entry.getValue()));
            if (problem != null)
            {
                throw new IllegalArgumentException(option.name() + ": " + problem);
            }
        }
        if (get(Option.HOST) == null)
        {
            throw new IllegalArgumentException("host: required (set host or url)");
        }
        final long pingIntervalMs = get(Option.PING_INTERVAL_MS);
        if (pingIntervalMs > 0 && get(Option.PONG_TIMEOUT_MS) == 0)
        {
            throw new IllegalArgumentException("pongTimeoutMs: must be > 0 when pingIntervalMs is set (" +
                pingIntervalMs + "; keepalive(0, 0) turns keepalive off)");
        }
        if (get(Option.RECONNECT_BASE_DELAY_MS) > get(Option.RECONNECT_MAX_DELAY_MS))
        {
            throw new IllegalArgumentException("reconnectBaseDelayMs: must be <= reconnectMaxDelayMs (" +
                get(Option.RECONNECT_MAX_DELAY_MS) + "), was " + get(Option.RECONNECT_BASE_DELAY_MS));
        }
        if (get(Option.MAX_FRAME_LENGTH) > get(Option.MAX_MESSAGE_LENGTH))
        {
            throw new IllegalArgumentException("maxFrameLength: must be <= maxMessageLength (" +
                get(Option.MAX_MESSAGE_LENGTH) + "), was " + get(Option.MAX_FRAME_LENGTH));
        }
        final PipelineMode pipelineMode = get(Option.PIPELINE_MODE);
        if (pipelineMode != PipelineMode.QUEUED && get(Option.QUEUE_FULL_POLICY) != QueueFullPolicy.BLOCK)
        {
            throw new IllegalArgumentException("queueFullPolicy: " + get(Option.QUEUE_FULL_POLICY) +
                " needs pipelineMode QUEUED, was " + pipelineMode + " (an INLINE pipeline has no queue)");
        }
        final IoMode ioMode = get(Option.IO_MODE);
        final IdleStrategySpec readerIdle = get(Option.READER_IDLE_STRATEGY);
        if (ioMode != IoMode.SPIN && !Option.READER_IDLE_STRATEGY.defaultValue().equals(readerIdle))
        {
            throw new IllegalArgumentException("readerIdleStrategy: " + get(Option.READER_IDLE_STRATEGY) +
                " needs ioMode SPIN, was " + ioMode + " (only a SPIN reader idles: VIRTUAL blocks in read, POLL " +
                "runs on your loop)");
        }
        if (ioMode != IoMode.VIRTUAL && !Option.VIRTUAL_SPIN_NS.defaultValue().equals(get(Option.VIRTUAL_SPIN_NS)))
        {
            throw new IllegalArgumentException("virtualSpinNs: " + get(Option.VIRTUAL_SPIN_NS) +
                " needs ioMode VIRTUAL, was " + ioMode + " (only a VIRTUAL reader spins before it parks)");
        }
        if (pipelineMode != PipelineMode.QUEUED &&
            !Option.HANDLER_IDLE_STRATEGY.defaultValue().equals(get(Option.HANDLER_IDLE_STRATEGY)))
        {
            throw new IllegalArgumentException("handlerIdleStrategy: " + get(Option.HANDLER_IDLE_STRATEGY) +
                " needs pipelineMode QUEUED, was " + pipelineMode + " (only a QUEUED pipeline has a handler thread)");
        }
        return this;
    }

    /**
     * The URL these options connect to.
     *
     * @return the URL.
     */
    public WsUrl url()
    {
        final boolean secure = get(Option.SECURE);
        final Integer port = get(Option.PORT);
        return new WsUrl(secure, get(Option.HOST),
            port != null ? port : secure ? WsUrl.WSS_DEFAULT_PORT : WsUrl.WS_DEFAULT_PORT, get(Option.PATH));
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof NovaOptions that && values.equals(that.values);
    }

    @Override
    public int hashCode()
    {
        return values.hashCode();
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("NovaOptions{");
        String separator = "";
        for (final Map.Entry<Option<?>, Object> entry : values.entrySet())
        {
            text.append(separator).append(entry.getKey().name()).append('=');
            text.append(entry.getKey() == Option.HEADERS ? "(" + ((Map<?, ?>)entry.getValue()).size() + " headers)" :
                entry.getValue());
            separator = ", ";
        }
        return text.append('}').toString();
    }

    /**
     * Builds one layer. Not thread-safe.
     */
    public static final class Builder
    {
        private final Map<Option<?>, Object> values = new LinkedHashMap<>();

        private Builder()
        {
        }

        /**
         * Sets an option in this layer.
         *
         * @param option the option.
         * @param value  its value; null unsets it in this layer.
         * @param <T>    its type.
         * @return this.
         */
        public <T> Builder set(final Option<T> option, final T value)
        {
            Objects.requireNonNull(option, "option");
            if (value == null)
            {
                values.remove(option);
            }
            else
            {
                values.put(option, option.cast(value));
            }
            return this;
        }

        /**
         * Sets host, port, path and TLS from a URL.
         *
         * A URL that does not parse (unknown scheme, no host...) is kept and fails the connect with
         * {@code INVALID_OPTIONS} naming {@code url}, like every other invalid option.
         *
         * @param url a {@code ws://} or {@code wss://} URL.
         * @return this.
         */
        public Builder url(final String url)
        {
            final WsUrl parsed;
            try
            {
                parsed = WsUrl.parse(url);
            }
            catch (final IllegalArgumentException ex)
            {
                return set(Option.INVALID_URL, url == null ? "" : url);
            }
            return set(Option.INVALID_URL, null).set(Option.SECURE, parsed.secure()).set(Option.HOST, parsed.host())
                .set(Option.PORT, parsed.port()).set(Option.PATH, parsed.resource());
        }

        /**
         * Sets the host.
         *
         * @param host the host.
         * @return this.
         */
        public Builder host(final String host)
        {
            return set(Option.HOST, host);
        }

        /**
         * Sets the port.
         *
         * @param port the port.
         * @return this.
         */
        public Builder port(final int port)
        {
            return set(Option.PORT, port);
        }

        /**
         * Sets the path (and query).
         *
         * @param path the path.
         * @return this.
         */
        public Builder path(final String path)
        {
            return set(Option.PATH, path);
        }

        /**
         * Sets TLS on or off.
         *
         * @param secure true for {@code wss}.
         * @return this.
         */
        public Builder secure(final boolean secure)
        {
            return set(Option.SECURE, secure);
        }

        /**
         * Sets the request timeout.
         *
         * @param timeoutMs milliseconds.
         * @return this.
         */
        public Builder requestTimeoutMs(final long timeoutMs)
        {
            return set(Option.REQUEST_TIMEOUT_MS, timeoutMs);
        }

        /**
         * Sets the reconnect attempts.
         *
         * @param attempts attempts, -1 for unlimited.
         * @return this.
         */
        public Builder retryAttempts(final int attempts)
        {
            return set(Option.RETRY_ATTEMPTS, attempts);
        }

        /**
         * Sets the credentials.
         *
         * @param credentials the credentials.
         * @return this.
         */
        public Builder credentials(final Credentials credentials)
        {
            return set(Option.CREDENTIALS, credentials);
        }

        /**
         * Sets the IO mode.
         *
         * @param mode the mode.
         * @return this.
         */
        public Builder ioMode(final IoMode mode)
        {
            return set(Option.IO_MODE, mode);
        }

        /**
         * Sets the pipeline.
         *
         * @param mode the mode.
         * @return this.
         */
        public Builder pipelineMode(final PipelineMode mode)
        {
            return set(Option.PIPELINE_MODE, mode);
        }

        /**
         * Sets keepalive.
         *
         * @param pingIntervalMs ping interval, 0 to disable.
         * @param pongTimeoutMs  pong timeout.
         * @return this.
         */
        public Builder keepalive(final long pingIntervalMs, final long pongTimeoutMs)
        {
            return set(Option.PING_INTERVAL_MS, pingIntervalMs).set(Option.PONG_TIMEOUT_MS, pongTimeoutMs);
        }

        /**
         * Sets the idle timeout: nothing received for this long fails the connection.
         *
         * @param timeoutMs milliseconds, 0 to disable.
         * @return this.
         */
        public Builder idleTimeoutMs(final long timeoutMs)
        {
            return set(Option.IDLE_TIMEOUT_MS, timeoutMs);
        }

        /**
         * Sets the bound on the HTTP upgrade.
         *
         * @param timeoutMs milliseconds.
         * @return this.
         */
        public Builder upgradeTimeoutMs(final long timeoutMs)
        {
            return set(Option.UPGRADE_TIMEOUT_MS, timeoutMs);
        }

        /**
         * Sets the bound on DNS resolution plus TCP connect.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder connectTimeoutMs(final long value)
        {
            return set(Option.CONNECT_TIMEOUT_MS, value);
        }

        /**
         * Sets the bound on the TLS handshake.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder tlsHandshakeTimeoutMs(final long value)
        {
            return set(Option.TLS_HANDSHAKE_TIMEOUT_MS, value);
        }

        /**
         * Sets the bound on the whole connect.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder totalConnectTimeoutMs(final long value)
        {
            return set(Option.TOTAL_CONNECT_TIMEOUT_MS, value);
        }

        /**
         * Sets the bound on one blocked write.
         *
         * @param value milliseconds.
         * @return this.
         */
        public Builder sendTimeoutMs(final long value)
        {
            return set(Option.SEND_TIMEOUT_MS, value);
        }

        /**
         * Sets the largest accepted frame payload.
         *
         * @param value bytes.
         * @return this.
         */
        public Builder maxFrameLength(final int value)
        {
            return set(Option.MAX_FRAME_LENGTH, value);
        }

        /**
         * Sets the largest accepted message.
         *
         * @param value bytes.
         * @return this.
         */
        public Builder maxMessageLength(final int value)
        {
            return set(Option.MAX_MESSAGE_LENGTH, value);
        }

        /**
         * Sets the initial receive buffer size.
         *
         * @param value bytes, >= 4096.
         * @return this.
         */
        public Builder receiveBufferLength(final int value)
        {
            return set(Option.RECEIVE_BUFFER_LENGTH, value);
        }

        /**
         * Sets the socket's SO_RCVBUF and SO_SNDBUF.
         *
         * @param receiveBytes SO_RCVBUF, 0 for the system default.
         * @param sendBytes    SO_SNDBUF, 0 for the system default.
         * @return this.
         */
        public Builder socketBuffers(final int receiveBytes, final int sendBytes)
        {
            return set(Option.SOCKET_RECEIVE_BUFFER_BYTES, receiveBytes)
                .set(Option.SOCKET_SEND_BUFFER_BYTES, sendBytes);
        }

        /**
         * Sets the wait for the close handshake.
         *
         * @param timeoutMs milliseconds.
         * @return this.
         */
        public Builder closeTimeoutMs(final long timeoutMs)
        {
            return set(Option.CLOSE_TIMEOUT_MS, timeoutMs);
        }

        /**
         * Sets the idle strategy of a SPIN reader.
         *
         * @param strategy e.g. {@link IdleStrategySpec#BUSY_SPIN}.
         * @return this.
         */
        public Builder readerIdleStrategy(final IdleStrategySpec strategy)
        {
            return set(Option.READER_IDLE_STRATEGY, strategy);
        }

        /**
         * Sets the adaptive spin budget of a VIRTUAL reader ({@link Option#VIRTUAL_SPIN_NS}); 0 never spins.
         *
         * @param spinNs 0 to {@link Option#MAX_VIRTUAL_SPIN_NS} nanoseconds.
         * @return this.
         */
        public Builder virtualSpinNs(final long spinNs)
        {
            return set(Option.VIRTUAL_SPIN_NS, spinNs);
        }

        /**
         * Sets the idle strategy of a QUEUED pipeline's handler thread.
         *
         * @param strategy e.g. {@link IdleStrategySpec#BUSY_SPIN}.
         * @return this.
         */
        public Builder handlerIdleStrategy(final IdleStrategySpec strategy)
        {
            return set(Option.HANDLER_IDLE_STRATEGY, strategy);
        }

        /**
         * Sets the full-queue policy of a QUEUED pipeline.
         *
         * @param policy the policy.
         * @return this.
         */
        public Builder queueFullPolicy(final QueueFullPolicy policy)
        {
            return set(Option.QUEUE_FULL_POLICY, policy);
        }

        /**
         * Sets the queue capacity of a QUEUED pipeline.
         *
         * @param capacity messages.
         * @return this.
         */
        public Builder queueCapacity(final int capacity)
        {
            return set(Option.QUEUE_CAPACITY, capacity);
        }

        /**
         * Sets the TLS context (trust store, client certificates).
         *
         * @param context the context, or null for the JVM default.
         * @return this.
         */
        public Builder sslContext(final SSLContext context)
        {
            return set(Option.SSL_CONTEXT, context);
        }

        /**
         * Offers permessage-deflate (RFC 7692) in the upgrade; off by default.
         *
         * @param offer true to offer it.
         * @return this.
         */
        public Builder perMessageDeflate(final boolean offer)
        {
            return set(Option.PERMESSAGE_DEFLATE, offer);
        }

        /**
         * Turns hostname verification on or off (on by default; off only for tests).
         *
         * @param verify true to verify.
         * @return this.
         */
        public Builder hostnameVerification(final boolean verify)
        {
            return set(Option.HOSTNAME_VERIFICATION, verify);
        }

        /**
         * Sets the log level.
         *
         * @param level the level.
         * @return this.
         */
        public Builder logLevel(final LoggingHandler.Level level)
        {
            return set(Option.LOG_LEVEL, level);
        }

        /**
         * Sets the connection handler.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder connectionHandler(final ConnectionHandler handler)
        {
            return set(Option.CONNECTION_HANDLER, handler);
        }

        /**
         * Sets the message handler.
         *
         * @param handler the handler (serves one connection).
         * @return this.
         */
        public Builder messageHandler(final MessageHandler handler)
        {
            return set(Option.MESSAGE_HANDLER, handler);
        }

        /**
         * Sets the subscription handler.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder subscriptionHandler(final SubscriptionHandler handler)
        {
            return set(Option.SUBSCRIPTION_HANDLER, handler);
        }

        /**
         * Sets the auth handler.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder authHandler(final AuthHandler handler)
        {
            return set(Option.AUTH_HANDLER, handler);
        }

        /**
         * Sets the failure policy.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder failurePolicy(final FailurePolicy handler)
        {
            return set(Option.FAILURE_POLICY, handler);
        }

        /**
         * Sets the rate-limit handler.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder rateLimitHandler(final RateLimitHandler handler)
        {
            return set(Option.RATE_LIMIT_HANDLER, handler);
        }

        /**
         * Sets the logging handler.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder loggingHandler(final LoggingHandler handler)
        {
            return set(Option.LOGGING_HANDLER, handler);
        }

        /**
         * Sets the metrics collector.
         *
         * @param collector the collector.
         * @return this.
         */
        public Builder metricsCollector(final MetricsCollector collector)
        {
            return set(Option.METRICS_COLLECTOR, collector);
        }

        /**
         * Sets the upgrade headers, sent in the map's iteration order.
         *
         * @param headers name to value.
         * @return this.
         */
        public Builder headers(final Map<String, String> headers)
        {
            return set(Option.HEADERS, Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
        }

        /**
         * Sets listeners registered before the first connect (they see {@code onConnected} too).
         *
         * @param listeners the listeners.
         * @return this.
         */
        public Builder listeners(final List<ConnectionListener> listeners)
        {
            return set(Option.LISTENERS, List.copyOf(listeners));
        }

        /**
         * Sets the offered subprotocols.
         *
         * @param subprotocols in preference order.
         * @return this.
         */
        public Builder subprotocols(final List<String> subprotocols)
        {
            return set(Option.SUBPROTOCOLS, List.copyOf(subprotocols));
        }

        /**
         * Builds the immutable layer.
         *
         * @return the options.
         */
        public NovaOptions build()
        {
            return values.isEmpty() ? EMPTY : new NovaOptions(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
