package io.wsnova.engine;

/**
 * The per-connection scope of an {@link Adapter}: the state one logical connection's handlers share (a socket
 * epoch, books, requests awaiting answers...) and the factories of that connection's eight behaviours. The place
 * for state that the connection handler, message handler and subscription handler of one connection must share:
 * never a map keyed by connection id or a thread-local in the adapter.
 * <p>
 * Contract:
 * <ul>
 *   <li><b>Created</b> by {@link Adapter#forConnection(ConnectionContext)}, exactly once per logical connection,
 *   on the thread calling {@code Nova.connect} / {@code ClientTemplate.connect}, before any behaviour of that
 *   connection exists. A connection's automatic reconnects keep the same session (and the same handlers): state
 *   kept here survives them.</li>
 *   <li><b>Factories</b>: the engine then calls each of the eight factories exactly once, on that same thread,
 *   in no promised order (a handler given in the options still wins, but the factory is called anyway). Each
 *   behaviour keeps the thread rules of its interface (see docs/ADAPTERS.md), so state shared between handlers that
 *   run on different threads must be safely published (volatile, atomics) as before.</li>
 *   <li><b>Released</b>: {@link #close()} is called exactly once, when the connection has ended for good (after
 *   the last {@code ConnectionHandler.onDisconnect} and the listeners' {@code onClosed}; also when the first
 *   connect fails for good), on the connection's event thread or the thread that ended it. It must not throw (a
 *   throw is swallowed) and must not block. After it the engine drops its reference; the adapter must not keep
 *   one either, so the session and everything it holds become garbage with the connection.</li>
 * </ul>
 * Every factory ({@link BehaviourFactories}) defaults to the engine's default behaviour, as in {@link Adapter}.
 */
public interface AdapterSession extends BehaviourFactories, AutoCloseable
{
    /**
     * The session of an adapter with no per-connection state: each factory calls the adapter's factory of the
     * same name; {@link #close()} does nothing. The default of {@link Adapter#forConnection(ConnectionContext)}.
     *
     * @param adapter the adapter.
     * @return a session delegating to it.
     */
    static AdapterSession of(final Adapter adapter)
    {
        return new DelegatingAdapterSession(adapter);
    }

    /**
     * Releases the connection's state, once, when the connection has ended for good (see the class comment).
     * Does nothing by default.
     */
    @Override
    default void close()
    {
    }
}
