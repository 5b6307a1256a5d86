package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.Operation;

/**
 * The default {@link RateLimitHandler}: no limit; every operation costs 1 and is allowed.
 */
public final class DefaultRateLimitHandler implements RateLimitHandler
{
    /** The shared stateless instance. */
    public static final DefaultRateLimitHandler INSTANCE = new DefaultRateLimitHandler();

    private DefaultRateLimitHandler()
    {
    }

    @Override
    public int cost(final Operation operation)
    {
        return 1;
    }

    @Override
    public int check(final Operation operation, final long nowNs)
    {
        return ALLOW;
    }

    @Override
    public void tick(final long nowNs)
    {
    }
}
