package io.wsnova.engine.client;

import io.wsnova.testkit.Await;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.ConnectionHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener recording every event as text with the name of the thread it ran on; optionally throws after
 * recording. Its {@link #registrar()} is a connection handler that adds it in {@code init}, before the first
 * connect, so it sees {@code onConnected} too.
 */
class EventLog implements ConnectionListener
{
    record Event(String text, String thread)
    {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final boolean throwing;

    EventLog(final boolean throwing)
    {
        this.throwing = throwing;
    }

    EventLog()
    {
        this(false);
    }

    /**
     * A connection handler that registers the given listeners at init.
     */
    static ConnectionHandler registrar(final ConnectionListener... listeners)
    {
        return new ConnectionHandler()
        {
            @Override
            public void init(final Connection connection)
            {
                for (final ConnectionListener listener : listeners)
                {
                    connection.addListener(listener);
                }
            }
        };
    }

    List<String> texts()
    {
        final List<String> texts = new ArrayList<>();
        for (final Event event : events)
        {
            texts.add(event.text());
        }
        return texts;
    }

    List<Event> events()
    {
        return new ArrayList<>(events);
    }

    int size()
    {
        return events.size();
    }

    /**
     * Waits until an event with this text has been recorded.
     */
    void await(final String text, final long timeoutMs)
    {
        Await.until(() -> texts().contains(text), timeoutMs, () -> "'" + text + "'; events: " + texts());
    }

    /**
     * Waits until at least {@code count} events with this text have been recorded.
     */
    void awaitCount(final String text, final int count, final long timeoutMs)
    {
        Await.until(() -> texts().stream().filter(text::equals).count() >= count, timeoutMs,
            () -> count + " x '" + text + "'; events: " + texts());
    }

    private void record(final String text)
    {
        events.add(new Event(text, Thread.currentThread().getName()));
        if (throwing)
        {
            throw new IllegalStateException("listener bug on purpose: " + text);
        }
    }

    @Override
    public void onConnected(final Connection connection)
    {
        record("connected");
    }

    @Override
    public void onDisconnected(final Connection connection, final CloseStatus status)
    {
        record("disconnected " + status.reason() + " " + status.closeCode());
    }

    @Override
    public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
    {
        record("reconnecting " + attempt);
    }

    @Override
    public void onReconnected(final Connection connection)
    {
        record("reconnected");
    }

    @Override
    public void onGaveUp(final Connection connection, final int attempts, final CloseStatus status)
    {
        record("gave up " + attempts);
    }

    @Override
    public void onClosed(final Connection connection, final CloseStatus status)
    {
        record("closed " + status.reason());
    }

    @Override
    public void onAuthenticated(final Connection connection)
    {
        record("authenticated");
    }

    @Override
    public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
    {
        record("confirmed " + subscription.channel());
    }

    @Override
    public void onSubscriptionFailed(final Connection connection, final Subscription subscription)
    {
        record("failed " + subscription.channel() + " " + subscription.failure().kind());
    }
}
