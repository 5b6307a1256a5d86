package io.wsnova.mock.deribit;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One public channel of the mock (e.g. {@code book.BTC-PERPETUAL.100ms}) with its subscribers.
 * <p>
 * Thread use: subscribers are added and removed by request threads (under a lock, control plane)
 * and read by the generator thread as a copy-on-write array (one volatile read, no iterator).
 */
final class MockChannel
{
    static final int TICKER = 0;
    static final int BOOK = 1;
    static final int TRADES = 2;
    static final int QUOTE = 3;

    private static final MockSubscription[] NONE = new MockSubscription[0];

    final String name;
    final MockInstrument instrument;
    final int kind;
    final boolean raw;
    final AtomicLong messagesSent = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile MockSubscription[] subscribers = NONE;

    MockChannel(final String name, final MockInstrument instrument, final int kind, final boolean raw)
    {
        this.name = name;
        this.instrument = instrument;
        this.kind = kind;
        this.raw = raw;
    }

    MockSubscription[] subscribers()
    {
        return subscribers;
    }

    void add(final MockSubscription subscription)
    {
        lock.lock();
        try
        {
            final MockSubscription[] current = subscribers;
            final MockSubscription[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = subscription;
            subscribers = next;
        }
        finally
        {
            lock.unlock();
        }
    }

    void remove(final MockSubscription subscription)
    {
        lock.lock();
        try
        {
            final MockSubscription[] current = subscribers;
            for (int i = 0; i < current.length; i++)
            {
                if (current[i] == subscription)
                {
                    final MockSubscription[] next = new MockSubscription[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    subscribers = next;
                    return;
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }
}
