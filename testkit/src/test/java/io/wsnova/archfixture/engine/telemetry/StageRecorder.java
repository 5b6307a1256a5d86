package io.wsnova.archfixture.engine.telemetry;

/**
 * Fixture for ArchitectureTest: an internal type of the (fixture) engine's telemetry package.
 */
public final class StageRecorder
{
    /** A value. */
    public int value;
}
