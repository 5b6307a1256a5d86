package io.wsnova.archfixture.engine;

/**
 * Fixture for ArchitectureRulesCanFailTest: the root (setup) package, which may use every layer.
 */
public final class FixtureSetup
{
    /** Creates a client: root -> client is allowed, and with client -> root it is a cycle. */
    public final io.wsnova.archfixture.engine.client.FixtureClient client =
        new io.wsnova.archfixture.engine.client.FixtureClient();
}
