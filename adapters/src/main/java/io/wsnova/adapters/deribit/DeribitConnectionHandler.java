package io.wsnova.adapters.deribit;

import io.wsnova.engine.Connection;
import io.wsnova.engine.ConnectionListener;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.JsonPayload;
import io.wsnova.engine.behaviour.Operation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Deribit connection lifecycle: after every connect (the first and each reconnect) asks the server for
 * application heartbeats with {@code public/set_heartbeat}. Deribit then sends {@code heartbeat} notifications,
 * and {@code test_request}s that {@link DeribitMessageHandler} must answer. When the re-authentication after a
 * reconnect is refused with {@code invalid_credentials} or {@code unauthorized} ({@link DeribitError#isTerminal()}),
 * closes the connection: it stops rather than stay open unauthenticated or loop on refused logins. Runs on the
 * connection's event thread.
 */
final class DeribitConnectionHandler implements ConnectionHandler
{
    static final String SET_HEARTBEAT_METHOD = "public/set_heartbeat";

    private final JsonPayload heartbeatParams;
    private final AtomicLong heartbeatRequestsFailed = new AtomicLong();
    private final AtomicLong terminalAuthCloses = new AtomicLong();

    DeribitConnectionHandler(final int heartbeatIntervalS)
    {
        this.heartbeatParams = encoder -> encoder.startObject().name("interval").number(heartbeatIntervalS).endObject();
    }

    @Override
    public void init(final Connection connection)
    {
        connection.addListener(new ConnectionListener()
        {
            @Override
            public void onError(final Connection connection, final String message, final Throwable cause)
            {
                if (DeribitErrorHandler.terminalAuthFailure(cause) != null)
                {
                    terminalAuthCloses.incrementAndGet();
                    connection.close();
                }
            }
        });
    }

    @Override
    public void onConnect(final Connection connection)
    {
        connection.request(SET_HEARTBEAT_METHOD, heartbeatParams, Operation.DEFAULT).whenComplete((response, error) ->
        {
            if (error != null || response.isError())
            {
                heartbeatRequestsFailed.incrementAndGet();
            }
        });
    }

    /**
     * {@code public/set_heartbeat} requests that failed or were refused.
     *
     * @return the count.
     */
    long heartbeatRequestsFailed()
    {
        return heartbeatRequestsFailed.get();
    }

    /**
     * Connections closed because a re-authentication was refused for good.
     *
     * @return the count.
     */
    long terminalAuthCloses()
    {
        return terminalAuthCloses.get();
    }
}
