package io.wsnova.archfixture.engine.config;

/**
 * Fixture: options that build a transport type (config may use api and behaviour only).
 */
public final class BadOptions
{
    /** The forbidden dependency. */
    public io.wsnova.archfixture.engine.transport.TransportOptions transport;
}
