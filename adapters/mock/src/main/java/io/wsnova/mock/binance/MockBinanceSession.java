package io.wsnova.mock.binance;

import org.java_websocket.WebSocket;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection of the Binance mock: its subscribed streams and the times of the messages it sent (text,
 * ping and pong frames all count, as at Binance), for the rate limit.
 */
final class MockBinanceSession
{
    final WebSocket socket;
    /** The order in which the connection opened, from 0. */
    final long number;
    final Set<String> streams = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Long> incomingNs = new ArrayDeque<>();
    private int maxInWindow;

    MockBinanceSession(final WebSocket socket, final long number)
    {
        this.socket = socket;
        this.number = number;
    }

    /**
     * Records one incoming message.
     *
     * @return the number of messages in the last second, this one included.
     */
    int onIncoming(final long nowNs)
    {
        lock.lock();
        try
        {
            incomingNs.addLast(nowNs);
            while (!incomingNs.isEmpty() && nowNs - incomingNs.peekFirst() >= 1_000_000_000L)
            {
                incomingNs.removeFirst();
            }
            maxInWindow = Math.max(maxInWindow, incomingNs.size());
            return incomingNs.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    int maxInWindow()
    {
        lock.lock();
        try
        {
            return maxInWindow;
        }
        finally
        {
            lock.unlock();
        }
    }
}
