package io.wsnova.engine.behaviour;

/**
 * The default {@link ConnectionHandler}: every callback does nothing.
 */
public final class DefaultConnectionHandler implements ConnectionHandler
{
    /** The shared stateless instance. */
    public static final DefaultConnectionHandler INSTANCE = new DefaultConnectionHandler();

    private DefaultConnectionHandler()
    {
    }
}
