package io.wsnova.engine.client;

import io.wsnova.engine.api.EventCounter;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.behaviour.FailurePolicy;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listener fan-out of one connection: every event goes to every listener in registration order; a throwing
 * listener is counted and reported to the failure policy, and the others still run. Events are fired on the
 * connection's event thread; listeners may be added and removed from any thread.
 */
final class Listeners
{
    /**
     * One listener event, given the listener and the connection handle it names.
     */
    @FunctionalInterface
    interface Event
    {
        void fire(ConnectionListener listener, Connection connection);
    }

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final EventCounter errors = new EventCounter();
    private final Connection handle;
    private final FailurePolicy failurePolicy;

    /**
     * Creates the part; it holds no reference to the connection object.
     *
     * @param handle       the connection the events are about (passed to listeners only).
     * @param failurePolicy told about a throwing listener.
     */
    Listeners(final Connection handle, final FailurePolicy failurePolicy)
    {
        this.handle = handle;
        this.failurePolicy = failurePolicy;
    }

    void add(final ConnectionListener listener)
    {
        listeners.add(listener);
    }

    void addAll(final Collection<? extends ConnectionListener> more)
    {
        listeners.addAll(more);
    }

    void remove(final ConnectionListener listener)
    {
        listeners.remove(listener);
    }

    void fire(final Event event)
    {
        for (final ConnectionListener listener : listeners)
        {
            try
            {
                event.fire(listener, handle);
            }
            catch (final Throwable error)
            {
                errors.increment();
                failurePolicy.onError(FailurePolicy.Category.APPLICATION, "listener threw " +
                    error.getClass().getName(), error);
            }
        }
    }

    EventCounter errors()
    {
        return errors;
    }
}
