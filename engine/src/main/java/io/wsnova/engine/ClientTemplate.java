package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.NovaException;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A client template (a venue's ready-made client): an adapter plus default options, with the same connect API.
 * Its options sit between the user's and the adapter's: user &gt; template &gt; adapter &gt; system defaults.
 * Venue clients such as {@code DeribitClient} are templates.
 */
public class ClientTemplate
{
    private final Adapter adapter;
    private final NovaOptions defaults;

    /**
     * Creates a template.
     *
     * @param adapter  the adapter.
     * @param defaults the template's option layer.
     */
    public ClientTemplate(final Adapter adapter, final NovaOptions defaults)
    {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.defaults = defaults == null ? NovaOptions.empty() : defaults;
    }

    /**
     * The adapter.
     *
     * @return the adapter.
     */
    public Adapter adapter()
    {
        return adapter;
    }

    /**
     * The template's own layer.
     *
     * @return the options.
     */
    public NovaOptions defaults()
    {
        return defaults;
    }

    /**
     * The options a connect with these user options would use: user &gt; template &gt; adapter.
     *
     * @param userOptions the user's layer.
     * @return the merged options.
     */
    public NovaOptions resolve(final NovaOptions userOptions)
    {
        return NovaOptions.resolve(userOptions, defaults, Nova.adapterLayer(adapter));
    }

    /**
     * Connects asynchronously.
     *
     * @param userOptions the user's layer.
     * @return the connection future (see {@link Nova#connect}).
     */
    public CompletableFuture<Connection> connect(final NovaOptions userOptions)
    {
        return Nova.connectResolved(adapter, resolve(userOptions));
    }

    /**
     * Connects and waits.
     *
     * @param userOptions the user's layer.
     * @return the open connection.
     * @throws NovaException when the connect failed.
     */
    public Connection connectBlocking(final NovaOptions userOptions)
    {
        return Nova.join(connect(userOptions));
    }
}
