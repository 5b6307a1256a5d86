package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.runtime.EngineTime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds connections the way {@code Nova} does (options over adapter, each adapter factory once), for tests that
 * need a {@link ClientConnection} without connecting it.
 */
final class TestConnections
{
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "wsnova-test-timer");
        thread.setDaemon(true);
        return thread;
    });

    private TestConnections()
    {
    }

    static Behaviours behaviours(final Adapter adapter, final NovaOptions options)
    {
        return new Behaviours(
            adapter.name(),
            orElse(options.get(Option.CONNECTION_HANDLER), adapter.connectionHandler()),
            orElse(options.get(Option.MESSAGE_HANDLER), adapter.messageHandler()),
            orElse(options.get(Option.SUBSCRIPTION_HANDLER), adapter.subscriptionHandler()),
            orElse(options.get(Option.AUTH_HANDLER), adapter.authHandler()),
            orElse(options.get(Option.ERROR_HANDLER), adapter.errorHandler()),
            orElse(options.get(Option.RATE_LIMIT_HANDLER), adapter.rateLimitHandler()),
            orElse(options.get(Option.LOGGING_HANDLER), adapter.loggingHandler(options)),
            orElse(options.get(Option.METRICS_COLLECTOR), adapter.metricsCollector()));
    }

    static ClientConnection create(final Adapter adapter, final NovaOptions options)
    {
        return new ClientConnection(behaviours(adapter, options), options, EngineTime.system(TIMER));
    }

    private static <T> T orElse(final T fromOptions, final T fromAdapter)
    {
        return fromOptions != null ? fromOptions : fromAdapter;
    }
}
