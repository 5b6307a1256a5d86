package io.wsnova.engine.client;

import io.wsnova.engine.behaviour.LoggingHandler;

import java.util.Map;

/**
 * The logging behaviour of one connection, guarded: a throwing logging handler never breaks the connection.
 */
final class ConnectionLog
{
    private final LoggingHandler logging;

    ConnectionLog(final LoggingHandler logging)
    {
        this.logging = logging;
    }

    void log(final LoggingHandler.Level level, final String event, final Map<String, ?> fields)
    {
        try
        {
            logging.log(level, event, fields);
        }
        catch (final Throwable ignore)
        {
            // logging must never break the connection
        }
    }
}
