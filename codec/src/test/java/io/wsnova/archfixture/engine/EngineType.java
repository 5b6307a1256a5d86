package io.wsnova.archfixture.engine;

/**
 * Fixture for the codec's ArchitectureTest: a type of the (fixture) engine.
 */
public final class EngineType
{
    /** A value. */
    public int value;
}
