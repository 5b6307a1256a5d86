package io.wsnova.benchmarks.e2e;

import java.net.URI;

/**
 * One receiver of the rig: a WebSocket client (or the raw-socket baseline) that connects to the rig's server and
 * for every message reads the intended send time, optionally decodes the ticker the way its users would, and
 * records the latency.
 */
interface RigClient
{
    /**
     * Connects and starts receiving; returns once the connection is open.
     *
     * @param uri      the server's {@code ws://} URI.
     * @param recorder where each message's latency goes, from the thread the library calls back on.
     * @param decode   true to decode each message into a ticker object, false for the transport only.
     * @throws Exception when the connection cannot be opened.
     */
    void connect(URI uri, LatencyRecorder recorder, boolean decode) throws Exception;

    /**
     * Closes the connection and stops the client's threads, bounded in time.
     *
     * @throws Exception when the library fails to close.
     */
    void close() throws Exception;

    /**
     * How the client is configured, for the report.
     *
     * @return a short description.
     */
    String configuration();
}
