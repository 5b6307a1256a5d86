package io.wsnova.engine.client;

import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.WebSocket;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The state every part of a connection reads: the current WebSocket, the status, and whether the application
 * closed it. Written by the event thread (status, socket changes), the connect thread ({@link #onOpen}) and the
 * closing thread ({@link #beginClose}); a lock orders a close against a socket opening, so that a socket opened
 * after a close is refused.
 */
final class ConnectionState
{
    private final ReentrantLock lock = new ReentrantLock();
    private volatile WebSocket webSocket;
    private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
    private volatile boolean userClosed;
    private WebSocket endedWith;

    WebSocket webSocket()
    {
        return webSocket;
    }

    ConnectionStatus status()
    {
        return status;
    }

    boolean userClosed()
    {
        return userClosed;
    }

    /**
     * Sets the status (event thread).
     */
    void status(final ConnectionStatus status)
    {
        this.status = status;
    }

    /**
     * The current socket dropped (event thread).
     */
    void clearWebSocket()
    {
        webSocket = null;
    }

    /**
     * A WebSocket opened (connect thread): it becomes the current one unless the connection was closed meanwhile.
     *
     * @return false when refused: the caller closes it.
     */
    boolean onOpen(final WebSocket ws)
    {
        lock.lock();
        try
        {
            if (userClosed || status == ConnectionStatus.CLOSED)
            {
                return false;
            }
            webSocket = ws;
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The application closes the connection (any thread).
     *
     * @return the open socket to close, or null when none is open or the connection already ended (then the
     *         caller ends the connection, which does nothing if it already ended); marked closed by the user in
     *         every case.
     */
    WebSocket beginClose()
    {
        lock.lock();
        try
        {
            userClosed = true;
            if (status == ConnectionStatus.CLOSED)
            {
                return null;
            }
            final WebSocket ws = webSocket;
            if (ws != null && ws.state() != WebSocket.State.CLOSED)
            {
                status = ConnectionStatus.CLOSING;
                return ws;
            }
            return null;
        }
        finally
        {
            lock.unlock();
        }
    }

    boolean isClosed()
    {
        return status == ConnectionStatus.CLOSED;
    }

    /**
     * The connection ends (event thread): the status is CLOSED from here on and the current socket is cleared.
     *
     * @return false if it had already ended.
     */
    boolean end()
    {
        lock.lock();
        try
        {
            if (status == ConnectionStatus.CLOSED)
            {
                return false;
            }
            status = ConnectionStatus.CLOSED;
            endedWith = webSocket;
            webSocket = null;
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The socket that was still current when {@link #end()} ended the connection (event thread).
     *
     * @return the socket, or null.
     */
    WebSocket endedWith()
    {
        return endedWith;
    }

    /**
     * Whether a message from this socket reaches the handlers (message thread): not once the connection is CLOSED,
     * nor from a socket refused after a close. Messages read before a drop still do (QUEUED pipeline).
     */
    boolean delivers(final WebSocket ws)
    {
        return status != ConnectionStatus.CLOSED && (!userClosed || ws == webSocket);
    }

    /**
     * On the event thread, when a connect completed: whether its WebSocket is still the current, open one.
     */
    boolean adopt(final WebSocket ws)
    {
        return ws == webSocket && ws.state() != WebSocket.State.CLOSED && !userClosed &&
            status != ConnectionStatus.CLOSED;
    }
}
