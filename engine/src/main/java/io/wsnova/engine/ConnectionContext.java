package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import java.util.Objects;

/**
 * What the engine knows about a logical connection when it asks the adapter for that connection's
 * {@link AdapterSession} ({@link Adapter#forConnection(ConnectionContext)}): its resolved options (user &gt; template
 * &gt; adapter &gt; system defaults). The connection object itself does not exist yet: it is built from the session's
 * behaviours; handlers receive it in their callbacks.
 *
 * @param options the connection's resolved, validated options.
 */
public record ConnectionContext(NovaOptions options)
{
    /**
     * Checks the options.
     */
    public ConnectionContext
    {
        Objects.requireNonNull(options, "options");
    }
}
