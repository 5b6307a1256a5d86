package io.wsnova.mock.coinbase;

import org.java_websocket.WebSocket;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One client connection of the Coinbase mock: its ordinal (1 for the first connection the mock accepted), its
 * {@code sequence_num} counter, its subscriptions (channel to products), messages to swallow (a gap) and the times
 * of the messages it sent, for the rate limit. Guarded by the exchange's lock.
 */
final class MockCoinbaseSession
{
    final WebSocket socket;
    final int ordinal;
    final Map<String, Set<String>> subscriptions = new TreeMap<>();
    private final ArrayDeque<Long> incomingNs = new ArrayDeque<>();
    long nextSequence;
    int dropRemaining;
    int maxInWindow;
    long heartbeatCounter;

    MockCoinbaseSession(final WebSocket socket, final int ordinal)
    {
        this.socket = socket;
        this.ordinal = ordinal;
    }

    boolean subscribed(final String channel, final String product)
    {
        final Set<String> products = subscriptions.get(channel);
        return products != null && products.contains(product);
    }

    void add(final String channel, final String product)
    {
        subscriptions.computeIfAbsent(channel, ignored -> new TreeSet<>()).add(product);
    }

    void remove(final String channel, final String product)
    {
        final Set<String> products = subscriptions.get(channel);
        if (products != null)
        {
            products.remove(product);
            if (products.isEmpty())
            {
                subscriptions.remove(channel);
            }
        }
    }

    /**
     * Records one incoming message.
     *
     * @return the number of messages in the last second, this one included.
     */
    int onIncoming(final long nowNs)
    {
        incomingNs.addLast(nowNs);
        while (!incomingNs.isEmpty() && nowNs - incomingNs.peekFirst() >= 1_000_000_000L)
        {
            incomingNs.removeFirst();
        }
        maxInWindow = Math.max(maxInWindow, incomingNs.size());
        return incomingNs.size();
    }
}
