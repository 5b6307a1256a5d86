package io.wsnova.engine.client;

import io.wsnova.engine.api.WebSocket;
import org.agrona.concurrent.Agent;

/**
 * The {@code POLL} agent of a connection: polls whichever WebSocket is current, so the application's loop keeps
 * one agent across reconnects.
 */
final class PollAgent implements Agent
{
    private final long connectionId;
    private final ConnectionState state;

    PollAgent(final long connectionId, final ConnectionState state)
    {
        this.connectionId = connectionId;
        this.state = state;
    }

    @Override
    public int doWork() throws Exception
    {
        final WebSocket ws = state.webSocket();
        return ws == null ? 0 : ws.pollAgent().doWork();
    }

    @Override
    public String roleName()
    {
        return "wsnova-poll-" + connectionId;
    }
}
