package io.wsnova.archfixture.engine.runtime;

/**
 * Fixture: a runtime type that depends on an api type (the runtime depends on the JDK and Agrona only).
 */
public final class BadRuntime
{
    /** The forbidden dependency. */
    public io.wsnova.archfixture.engine.api.BadApiType api;
}
