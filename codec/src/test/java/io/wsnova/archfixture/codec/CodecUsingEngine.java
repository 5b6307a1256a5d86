package io.wsnova.archfixture.codec;

/**
 * Fixture for the codec's ArchitectureTest: a codec type that depends on an engine type, which the codec must not.
 */
public final class CodecUsingEngine
{
    /** The forbidden dependency. */
    public io.wsnova.archfixture.engine.EngineType engine;
}
