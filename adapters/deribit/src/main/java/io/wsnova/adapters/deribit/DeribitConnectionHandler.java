package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Deribit connection lifecycle: after every connect (the first and each reconnect) asks the server for
 * application heartbeats with {@code public/set_heartbeat}. Deribit then sends {@code heartbeat} notifications,
 * and {@code test_request}s that {@link DeribitMessageHandler} must answer. When the re-authentication after a
 * reconnect is refused with {@code invalid_credentials} or {@code unauthorized} ({@link DeribitError#isTerminal()}),
 * closes the connection: it stops rather than stay open unauthenticated or loop on refused logins. Runs on the
 * connection's event thread.
 * <p>
 * Liveness (the adapter's defaults, {@link DeribitAdapter#defaultOptions()}): WebSocket keepalive stays on, a
 * ping every {@link #PING_INTERVAL_MS} answered within {@link #PONG_TIMEOUT_MS}, so a silent connection (TCP
 * open, nothing arrives, pings unanswered) is detected within ping interval + pong timeout + two watchdog ticks =
 * 8.02 s, under the 10 s bound (the slack absorbs a late watchdog tick or keepalive thread on a loaded machine).
 * Deribit's
 * heartbeats ({@code test_request} every heartbeat interval) still run: they let the venue detect us. The idle
 * timeout (nothing at all received, pongs included) follows the heartbeat interval: 1.5 intervals, the backstop
 * when a user turns keepalive off.
 */
final class DeribitConnectionHandler implements ConnectionHandler
{
    static final String SET_HEARTBEAT_METHOD = "public/set_heartbeat";
    /** WebSocket keepalive ping interval. */
    static final long PING_INTERVAL_MS = 4_000L;
    /** Time a keepalive ping may go unanswered. */
    static final long PONG_TIMEOUT_MS = 4_000L;

    private final int heartbeatIntervalS;
    private final JsonPayload heartbeatParams;
    private final AtomicLong heartbeatRequestsFailed = new AtomicLong();
    private final AtomicLong terminalAuthCloses = new AtomicLong();

    DeribitConnectionHandler(final int heartbeatIntervalS)
    {
        this.heartbeatIntervalS = heartbeatIntervalS;
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
                if (DeribitFailurePolicy.terminalAuthFailure(cause) != null)
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
