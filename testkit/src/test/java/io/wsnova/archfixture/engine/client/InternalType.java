package io.wsnova.archfixture.engine.client;

/**
 * Fixture for ArchitectureTest: a type of the (fixture) engine's internal client package.
 */
public final class InternalType
{
    /** A value. */
    public int value;
}
