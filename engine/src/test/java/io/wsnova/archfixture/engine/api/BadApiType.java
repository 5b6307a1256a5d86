package io.wsnova.archfixture.engine.api;

/**
 * Fixture: an api type that depends on a behaviour (api may depend on no other layer).
 */
public final class BadApiType
{
    /** The forbidden dependency. */
    public io.wsnova.archfixture.engine.behaviour.BadBehaviour behaviour;
}
