package io.wsnova.archfixture.engine.telemetry;

/**
 * Fixture for ArchitectureTest: a public query type of the (fixture) engine's telemetry package.
 */
public final class Telemetry
{
    /** A value. */
    public int value;
}
