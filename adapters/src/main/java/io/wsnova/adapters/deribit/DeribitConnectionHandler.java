package io.wsnova.adapters.deribit;

import io.wsnova.engine.Connection;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.JsonPayload;
import io.wsnova.engine.behaviour.Operation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Deribit connection lifecycle: after every connect (the first and each reconnect) asks the server for
 * application heartbeats with {@code public/set_heartbeat}. Deribit then sends {@code heartbeat} notifications,
 * and {@code test_request}s that {@link DeribitMessageHandler} must answer. Runs on the connection's event thread.
 */
final class DeribitConnectionHandler implements ConnectionHandler
{
    static final String SET_HEARTBEAT_METHOD = "public/set_heartbeat";

    private final JsonPayload heartbeatParams;
    private final AtomicLong heartbeatRequestsFailed = new AtomicLong();

    DeribitConnectionHandler(final int heartbeatIntervalS)
    {
        this.heartbeatParams = encoder -> encoder.startObject().name("interval").number(heartbeatIntervalS).endObject();
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
}
