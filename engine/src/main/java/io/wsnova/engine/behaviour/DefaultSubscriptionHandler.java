package io.wsnova.engine.behaviour;

/**
 * The default {@link SubscriptionHandler}: {@code subscribe}/{@code unsubscribe} requests with
 * {@code {"channels":[channel]}} params.
 */
public final class DefaultSubscriptionHandler implements SubscriptionHandler
{
    /** The shared stateless instance. */
    public static final DefaultSubscriptionHandler INSTANCE = new DefaultSubscriptionHandler();

    private DefaultSubscriptionHandler()
    {
    }
}
