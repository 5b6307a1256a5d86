package io.wsnova.engine.behaviour;

/**
 * The default {@link AuthHandler}: an {@code auth} request with client id and secret; success unless the
 * response is an error; no refresh.
 */
public final class DefaultAuthHandler implements AuthHandler
{
    /** The shared stateless instance. */
    public static final DefaultAuthHandler INSTANCE = new DefaultAuthHandler();

    private DefaultAuthHandler()
    {
    }
}
