package io.wsnova.engine.behaviour;

import java.util.Map;

/**
 * The sink of structured control-plane log events (connected, reconnecting, auth failed...): an event name and
 * fields, for the application to route to its own logging. Never called per
 * message on the hot path. Implementations must redact secrets (the default redacts any field whose name contains
 * "secret", "token", "signature" or "password").
 */
public interface LoggingHandler
{
    /**
     * Event levels.
     */
    enum Level
    {
        /** Diagnostic detail. */
        DEBUG,
        /** Lifecycle events. */
        INFO,
        /** Recoverable problems. */
        WARN,
        /** Failures. */
        ERROR
    }

    /**
     * Output formats of the default handler.
     */
    enum Format
    {
        /** {@code 2026-11-25T18:00:00Z INFO connected id=1 url=...}. */
        PLAIN,
        /** One JSON object per line. */
        JSON
    }

    /**
     * The lowest level logged.
     *
     * @return the level.
     */
    Level level();

    /**
     * Logs an event if its level is enabled.
     *
     * @param level  the level.
     * @param event  the event name, e.g. {@code "connected"}.
     * @param fields structured fields (redacted by the implementation).
     */
    void log(Level level, String event, Map<String, ?> fields);
}
