package io.wsnova.engine.telemetry;

/**
 * Which values a latency query covers.
 */
public enum Window
{
    /** The last complete reporting interval. */
    INTERVAL,
    /** Everything since the connection (or, for totals, the process's telemetry) started. */
    CUMULATIVE
}
