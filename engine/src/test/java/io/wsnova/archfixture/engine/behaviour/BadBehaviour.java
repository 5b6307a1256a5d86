package io.wsnova.archfixture.engine.behaviour;

/**
 * Fixture: a behaviour that returns options (the old engine <-> behaviour cycle: behaviour may use api only).
 */
public final class BadBehaviour
{
    /** The forbidden dependency. */
    public io.wsnova.archfixture.engine.config.BadOptions defaults;
}
