package io.wsnova.archfixture.engine.client;

/**
 * Fixture: an internal client type that reaches back to the root package (internal packages never may).
 */
public final class FixtureClient
{
    /** The forbidden dependency. */
    public io.wsnova.archfixture.engine.FixtureSetup setup;
}
