package io.wsnova.mock.deribit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw RFC 6455 server of hostile mode: one accept thread ({@code mock-deribit-hostile-accept}) on 127.0.0.1,
 * one {@link MockHostileConnection} (a reader and a writer thread) per connection. Each connection's random is
 * derived from the configured hostile seed and the connection's number, so a run's choices follow from the seed
 * (thread timing aside).
 */
final class MockHostileServer
{
    private final MockDeribitExchange exchange;
    private final ServerSocket serverSocket;
    private final Set<MockHostileConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private long accepted;

    MockHostileServer(final MockDeribitExchange exchange, final int port) throws IOException
    {
        this.exchange = exchange;
        final ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try
        {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
        serverSocket = socket;
        acceptor = new Thread(this::accept, "mock-deribit-hostile-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port()
    {
        return serverSocket.getLocalPort();
    }

    private void accept()
    {
        final long seed = exchange.config().hostileSeed();
        while (!serverSocket.isClosed())
        {
            try
            {
                final Socket socket = serverSocket.accept();
                final MockHostileConnection connection =
                    new MockHostileConnection(socket, exchange, this, seed * 0x9E3779B97F4A7C15L + ++accepted);
                connections.add(connection);
                connection.start();
            }
            catch (final IOException | RuntimeException ex)
            {
                if (serverSocket.isClosed())
                {
                    return;
                }
                exchange.stats().callbackErrors.incrementAndGet();
            }
        }
    }

    void onClosed(final MockHostileConnection connection)
    {
        connections.remove(connection);
    }

    /**
     * Stops accepting, closes every connection with 1001 and waits (bounded) for them to end; then forces.
     */
    void stop(final long timeoutMs) throws InterruptedException
    {
        try
        {
            serverSocket.close();
        }
        catch (final IOException ex)
        {
            // closed already
        }
        acceptor.join(timeoutMs);
        for (final MockHostileConnection connection : connections)
        {
            connection.close(1001, "stopped");
        }
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!connections.isEmpty() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.sleep(5);
        }
        for (final MockHostileConnection connection : connections)
        {
            connection.closeSocket();
        }
    }
}
