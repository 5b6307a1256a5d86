package io.wsnova.engine.transport;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.engine.DisconnectReason;
import io.wsnova.engine.QueueFullPolicy;
import io.wsnova.engine.WebSocketHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.jctools.queues.SpscArrayQueue;

import java.util.concurrent.TimeUnit;

/**
 * The {@code QUEUED} pipeline: the reader copies each message into a pooled {@link Event} and publishes it through
 * a JCTools SPSC queue to a handler thread (an Agrona {@link Agent}), which returns the event through a second SPSC
 * queue. The pool holds exactly the queue's capacity of events, so "no free event" means "queue full", and then
 * the connection's {@link QueueFullPolicy} applies.
 * <p>
 * Events hold heap buffers ({@link ExpandableArrayBuffer}), so a handler that parses JSON with a byte[] parser
 * needs no further copy. An event's buffer grows only for a message larger than any before it.
 */
final class QueuedSink implements MessageSink, Agent
{
    private static final int DRAIN_LIMIT = 256;
    private static final int INITIAL_EVENT_LENGTH = 1024;

    static final class Event
    {
        int type;
        int length;
        long readNs;
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_EVENT_LENGTH);
    }

    private final WebSocketSession session;
    private final WebSocketHandler handler;
    private final QueueFullPolicy policy;
    private final SpscArrayQueue<Event> workQueue;
    private final SpscArrayQueue<Event> freeQueue;
    private final IdleStrategy blockedIdle = new BackoffIdleStrategy(100, 100, 1_000, 100_000);
    private final AgentRunner runner;
    private final long drainTimeoutNs;

    QueuedSink(final WebSocketSession session)
    {
        this.session = session;
        this.handler = session.handler;
        this.policy = session.options.queueFullPolicy();
        final int capacity = session.options.queueCapacity();
        this.workQueue = new SpscArrayQueue<>(capacity);
        this.freeQueue = new SpscArrayQueue<>(capacity);
        for (int i = 0; i < capacity; i++)
        {
            freeQueue.offer(new Event());
        }
        this.drainTimeoutNs = TimeUnit.MILLISECONDS.toNanos(session.options.closeTimeoutMs());
        final IdleStrategy idle = session.options.handlerIdleStrategy().get();
        this.runner = new AgentRunner(idle, this::onHandlerError, null, this);
    }

    @Override
    public void start()
    {
        final Thread thread = new Thread(runner, "wsnova-handler-" + session.id());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onMessage(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        // Stamped before any wait for a free event: under BLOCK the wait moves lastReadNs, not the read time.
        final long readNs = session.lastReadNs();
        Event event = freeQueue.relaxedPoll();
        if (event == null)
        {
            event = onQueueFull();
            if (event == null)
            {
                return;
            }
        }
        event.type = type;
        event.length = length;
        event.readNs = readNs;
        event.buffer.putBytes(0, buffer, offset, length);
        workQueue.offer(event);
    }

    private Event onQueueFull()
    {
        switch (policy)
        {
            case DROP_NEWEST:
                session.counters.onMessageDropped();
                return null;

            case DISCONNECT:
                if (session.state() == io.wsnova.engine.WebSocket.State.OPEN)
                {
                    session.fail(DisconnectReason.SLOW_CONSUMER, CloseCodes.POLICY_VIOLATION,
                        "handler queue full (capacity " + session.options.queueCapacity() + ")", null);
                }
                session.counters.onMessageDropped();
                return null;

            case BLOCK:
            default:
                final IdleStrategy idle = blockedIdle;
                idle.reset();
                Event event;
                while ((event = freeQueue.relaxedPoll()) == null)
                {
                    if (!session.transport().channel.isOpen() || runner.isClosed())
                    {
                        session.counters.onMessageDropped();
                        return null;
                    }
                    session.onBackPressure(System.nanoTime());
                    idle.idle();
                }
                return event;
        }
    }

    @Override
    public int doWork()
    {
        final SpscArrayQueue<Event> workQueue = this.workQueue;
        int count = 0;
        Event event;
        while (count < DRAIN_LIMIT && (event = workQueue.relaxedPoll()) != null)
        {
            try
            {
                session.queuedMessageReadNs = event.readNs;
                handler.onMessage(session, event.type, event.buffer, 0, event.length);
            }
            finally
            {
                freeQueue.offer(event);
            }
            count++;
        }
        return count;
    }

    @Override
    public String roleName()
    {
        return "wsnova-handler-" + session.id();
    }

    @Override
    public void close()
    {
        final long deadlineNs = System.nanoTime() + drainTimeoutNs;
        while (!workQueue.isEmpty() && !runner.isClosed() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
            Thread.yield();
        }
        runner.close();
        // The handler thread has ended (close() joins it), so the reader may consume: what the handler did not
        // take within the drain timeout is discarded, and counted, so that delivered + dropped == received.
        while (workQueue.relaxedPoll() != null)
        {
            session.counters.onMessageDropped();
        }
    }

    private void onHandlerError(final Throwable error)
    {
        session.fail(DisconnectReason.HANDLER_ERROR, CloseCodes.INTERNAL_ERROR,
            "message handler threw " + error.getClass().getName(), error);
    }
}
