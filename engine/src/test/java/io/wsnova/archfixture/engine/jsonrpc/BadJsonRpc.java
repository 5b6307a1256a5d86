package io.wsnova.archfixture.engine.jsonrpc;

/**
 * Fixture: an adapter base that reaches into the internal transport (adapter bases use public packages only).
 */
public final class BadJsonRpc
{
    /** The forbidden dependency. */
    public io.wsnova.archfixture.engine.transport.TransportOptions transport;
}
