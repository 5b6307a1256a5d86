package io.wsnova.archfixture.consumer;

/**
 * Fixture for ArchitectureTest: code outside the engine that reaches into its internals, which it must not.
 */
public final class UsesEngineInternals
{
    /** Forbidden: an internal client type. */
    public io.wsnova.archfixture.engine.client.InternalType client;
    /** Allowed: a public telemetry query type. */
    public io.wsnova.archfixture.engine.telemetry.Telemetry telemetry;
    /** Forbidden: a telemetry type that is not public API. */
    public io.wsnova.archfixture.engine.telemetry.StageRecorder stages;
}
