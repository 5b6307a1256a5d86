package io.wsnova.engine.client;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.NovaRuntime;
import io.wsnova.engine.config.NovaOptions;

/**
 * Builds connections the way {@code Nova} does (options over adapter, each adapter factory once, on the default
 * runtime), for tests that need a {@link ClientConnection} without connecting it.
 */
final class TestConnections
{
    private TestConnections()
    {
    }

    static Behaviours behaviours(final Adapter adapter, final NovaOptions options)
    {
        return Nova.behaviours(adapter, options);
    }

    static ClientConnection create(final Adapter adapter, final NovaOptions options)
    {
        final NovaRuntime runtime = NovaRuntime.defaultRuntime();
        return new ClientConnection(behaviours(adapter, options), options, runtime.time(), runtime.connector(),
            runtime.telemetry());
    }
}
