package io.wsnova.archfixture.engine.transport;

/**
 * Fixture: an internal transport type.
 */
public final class TransportOptions
{
    /** A value. */
    public int value;
}
