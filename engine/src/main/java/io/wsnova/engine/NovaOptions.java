package io.wsnova.engine;

import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.Credentials;
import io.wsnova.engine.behaviour.ErrorHandler;
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

/**
 * One immutable, typed layer of connection options, and the layered merge that resolves them.
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
     * Checks every option and their combinations, naming the first invalid option.
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
        if (get(Option.PING_INTERVAL_MS) > 0 && get(Option.PONG_TIMEOUT_MS) == 0)
        {
            throw new IllegalArgumentException("pongTimeoutMs: must be > 0 when pingIntervalMs is set");
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
        if (get(Option.PIPELINE_MODE) == PipelineMode.INLINE && get(Option.QUEUE_FULL_POLICY) != QueueFullPolicy.BLOCK)
        {
            throw new IllegalArgumentException("queueFullPolicy: " + get(Option.QUEUE_FULL_POLICY) +
                " needs pipelineMode QUEUED (an INLINE pipeline has no queue)");
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

    /**
     * The transport options these options imply.
     *
     * @return WebSocket options.
     */
    public WebSocketOptions toWebSocketOptions()
    {
        final WebSocketOptions.Builder builder = WebSocketOptions.builder()
            .connectTimeoutMs(get(Option.CONNECT_TIMEOUT_MS))
            .upgradeTimeoutMs(get(Option.UPGRADE_TIMEOUT_MS))
            .sendTimeoutMs(get(Option.SEND_TIMEOUT_MS))
            .keepalive(get(Option.PING_INTERVAL_MS), get(Option.PONG_TIMEOUT_MS))
            .idleTimeoutMs(get(Option.IDLE_TIMEOUT_MS))
            .maxFrameLength(get(Option.MAX_FRAME_LENGTH))
            .maxMessageLength(get(Option.MAX_MESSAGE_LENGTH))
            .ioMode(get(Option.IO_MODE))
            .pipelineMode(get(Option.PIPELINE_MODE))
            .queueFullPolicy(get(Option.QUEUE_FULL_POLICY))
            .queueCapacity(get(Option.QUEUE_CAPACITY))
            .sslContext(get(Option.SSL_CONTEXT))
            .hostnameVerification(get(Option.HOSTNAME_VERIFICATION))
            .perMessageDeflate(get(Option.PERMESSAGE_DEFLATE));
        for (final String subprotocol : get(Option.SUBPROTOCOLS))
        {
            builder.subprotocol(subprotocol);
        }
        for (final Map.Entry<String, String> header : get(Option.HEADERS).entrySet())
        {
            builder.header(header.getKey(), header.getValue());
        }
        return builder.build();
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
         * Sets the error handler.
         *
         * @param handler the handler.
         * @return this.
         */
        public Builder errorHandler(final ErrorHandler handler)
        {
            return set(Option.ERROR_HANDLER, handler);
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
         * Sets the upgrade headers.
         *
         * @param headers name to value.
         * @return this.
         */
        public Builder headers(final Map<String, String> headers)
        {
            return set(Option.HEADERS, Map.copyOf(headers));
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
