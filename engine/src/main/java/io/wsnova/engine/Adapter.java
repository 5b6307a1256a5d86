package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

/**
 * A venue adapter: the behaviours and default options that make the generic client speak one venue's protocol.
 * Every method defaults to the default behaviour, so an adapter overrides only what it needs; the eight behaviour
 * factories are those of {@link BehaviourFactories}.
 * <p>
 * For each logical connection the engine first calls {@link #forConnection(ConnectionContext)} once, then the
 * eight factories of the {@link AdapterSession} it returns, each once; the session is closed when the connection
 * has ended for good. By default the session calls this adapter's own factories (so an adapter without
 * per-connection state only overrides those); return a new instance where the behaviour has state (message
 * handlers own their parsers and pooled objects). An adapter whose handlers must share per-connection state (a
 * socket epoch the connection handler bumps and the message handler reads, requests awaiting answers) overrides
 * {@link #forConnection(ConnectionContext)} instead and keeps that state in its session. A handler given in the
 * options wins over the adapter's, which wins over the default.
 */
public interface Adapter extends BehaviourFactories
{
    /**
     * The adapter's name, for logs.
     *
     * @return the name.
     */
    default String name()
    {
        return getClass().getSimpleName();
    }

    /**
     * The adapter's option layer (below the template's and the user's).
     *
     * @return options; empty by default.
     */
    default NovaOptions defaultOptions()
    {
        return NovaOptions.empty();
    }

    /**
     * The per-connection scope of one logical connection: its shared state and its behaviours' factories. Called
     * exactly once per logical connection (a connection's automatic reconnects keep its session), on the thread
     * calling {@code Nova.connect} or {@code ClientTemplate.connect}, after the options are resolved and validated
     * and before any behaviour of that connection is created; the engine closes the session once the connection
     * has ended for good. See {@link AdapterSession} for the full contract.
     *
     * @param context what the engine knows of the connection (its resolved options).
     * @return a new session for a stateful adapter; by default {@code AdapterSession.of(this)}, which calls this
     *         adapter's factories.
     */
    default AdapterSession forConnection(final ConnectionContext context)
    {
        return AdapterSession.of(this);
    }
}
